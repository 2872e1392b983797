"""Background tasks for events: thin, ids in, a service call; idempotent."""

from django_tasks import task

from hearth.events.services import event_reminders_send


@task()
def send_event_reminders(event_id: int) -> int:
    return event_reminders_send(event_id=event_id)
