"""Background tasks for the action plan."""

from django_tasks import task

from hearth.actionplan.services import overdue_reminders_send


@task()
def overdue_tasks_remind() -> int:
    """Periodic: remind owners of overdue tasks (at most once per task per day)."""
    return overdue_reminders_send()
