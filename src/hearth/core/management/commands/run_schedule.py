"""Queue Hearth's periodic jobs on a fixed rhythm: a small scheduler for machines
without cron (the demo starts one beside the worker).

    hearth run_schedule              every 15 minutes, until stopped
    hearth run_schedule --once       once, then exit (what a cron line would run)

Every job it queues is idempotent and records what it sent (see
``community_routines`` and ``moderation_sweep``), so a second scheduler, a manual
run or a cron entry beside it sends nothing twice. The jobs run in the worker; this
process only queues them.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Each entry is a management command and its options: the one place that lists
# what runs periodically.
SCHEDULE = [
    ("community_routines", {}),
    ("moderation_sweep", {"enqueue": True}),
]


class Command(BaseCommand):
    help = "Queue the periodic jobs (reminders, role-swap and sanction ends) on a rhythm."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=900, help="seconds between rounds")
        parser.add_argument("--once", action="store_true", help="run one round and exit")

    def handle(self, *args, every: int, once: bool, **options):
        if every < 60:
            self.stderr.write("--every must be at least 60 seconds.")
            raise SystemExit(2)
        while True:
            for name, command_options in SCHEDULE:
                try:
                    call_command(name, stdout=self.stdout, **command_options)
                except Exception as error:  # noqa: BLE001 — one failing job must not stop the rest
                    self.stderr.write(f"{name} failed: {error}")
            if once:
                return
            time.sleep(every)
