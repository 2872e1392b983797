from django.core.management.base import BaseCommand

from hearth.moderation.services import sanctions_lift_expired
from hearth.moderation.tasks import sanctions_lift_expired_sweep


class Command(BaseCommand):
    help = (
        "Lift every sanction whose end has passed. Run it periodically (cron, a "
        "systemd timer) beside the worker, which lifts each one at its end."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the sweep for the worker instead of running it here",
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            sanctions_lift_expired_sweep.enqueue()
            self.stdout.write("Sweep queued.")
            return
        lifted = sanctions_lift_expired()
        self.stdout.write(f"Lifted {lifted} sanction{'s' if lifted != 1 else ''}.")
