"""Background tasks for events: thin, ids in, a service call; idempotent."""

from django_tasks import task

from hearth.events.jobs import event_attendees_tell, event_reminders_send


@task()
def send_event_reminders(event_id: int) -> int:
    return event_reminders_send(event_id=event_id)


@task()
def tell_event_attendees(event_id: int, sequence: int, actor_id: int | None, text: str) -> int:
    return event_attendees_tell(event_id=event_id, sequence=sequence, actor_id=actor_id, text=text)
