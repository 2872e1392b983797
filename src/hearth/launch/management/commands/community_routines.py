"""Queue the periodic community jobs for the worker; run it from cron (every 15 minutes).

    hearth community_routines

Each job is idempotent and records what it sent, so running this more often, or
twice, sends nothing twice: role swaps whose time is up end, pending invitations
and unfinished onboarding checklists get their one reminder, owners of overdue
action-plan tasks hear about them at most once a day, space exports past their
time and attachments removed longer ago than the retention period are deleted.
"""

from django.core.management.base import BaseCommand

from hearth.actionplan.tasks import overdue_tasks_remind
from hearth.launch.tasks import invitation_reminders_send, onboarding_reminders_send
from hearth.library.tasks import removed_attachments_purge
from hearth.lifecycle.tasks import expired_exports_purge
from hearth.swaps.tasks import role_swaps_sweep

ROUTINES = [
    role_swaps_sweep,
    invitation_reminders_send,
    onboarding_reminders_send,
    overdue_tasks_remind,
    expired_exports_purge,
    removed_attachments_purge,
]


class Command(BaseCommand):
    help = "Queue the periodic community jobs (swaps, reminders, purges) for the worker."

    def handle(self, *args, **options):
        for routine in ROUTINES:
            routine.enqueue()
        self.stdout.write(f"Queued {len(ROUTINES)} community jobs for the worker.")
