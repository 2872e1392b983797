"""Worker-side code of events: what the tasks run, outside the request.

The services queue the tasks (``tasks.py``) and the tasks call these; nothing here
imports the services, so the imports go one way: services -> tasks -> jobs.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.events.models import (
    Event,
    EventReminder,
    Rsvp,
)
from hearth.notifications.models import Notification
from hearth.notifications.services import notification_send

REMINDER_LEAD = timedelta(hours=24)
EVENT_REMINDER_KIND = "event_reminder"
EVENT_CHANGE_KIND = "event_change"


def _attendees(event: Event):
    """People going or maybe going who may still read the event's space."""
    people = get_user_model().objects.filter(
        is_active=True,
        rsvps__event=event,
        rsvps__response__in=[Rsvp.Response.GOING, Rsvp.Response.MAYBE],
    )
    return [p for p in people if policy.can_read_space(Actor.for_user(p), event.space)]


def event_attendees_tell(*, event_id: int, sequence: int, actor_id: int | None, text: str) -> int:
    """Tell the people going or maybe going (who may still read the space) of a
    change or a cancellation; runs in the worker.

    Only the latest news goes out: a task queued for an earlier ``sequence`` (the
    event changed again, or was cancelled, since) sends nothing. The notification
    is the record: a rerun skips whoever already holds this one.
    """
    event = Event.objects.select_related("space").filter(pk=event_id).first()
    if event is None or event.sequence != sequence:
        return 0
    url = event.get_absolute_url()
    told = set(
        Notification.objects.filter(kind=EVENT_CHANGE_KIND, url=url, text=text[:500]).values_list(
            "recipient_id", flat=True
        )
    )
    sent = 0
    for person in _attendees(event):
        if person.pk == actor_id or person.pk in told:
            continue
        with transaction.atomic():
            notification_send(
                recipient=person,
                kind=EVENT_CHANGE_KIND,
                space=event.space,
                url=url,
                email=True,
                text=text,
            )
        sent += 1
    return sent


def event_reminders_send(*, event_id: int, now: datetime | None = None) -> int:
    """Remind the people going (or maybe going) who may still read the space.

    Runs in the worker about a day before the start. Each reminder is recorded
    (one row per event and person, a unique constraint) before it is sent, so a
    rerun sends nothing twice. Does nothing for an event already over or
    cancelled, or one moved later since the task was queued (a new task was
    queued for it).
    """
    now = now or timezone.now()
    event = Event.objects.select_related("space").filter(pk=event_id).first()
    if (
        event is None
        or event.is_cancelled
        or event.ends_at <= now
        or event.starts_at - REMINDER_LEAD > now
    ):
        return 0
    reminded = set(EventReminder.objects.filter(event=event).values_list("user_id", flat=True))
    sent = 0
    local = event.starts_at.astimezone(ZoneInfo(event.time_zone))
    for person in _attendees(event):
        if person.pk in reminded:
            continue
        with transaction.atomic():
            _, created = EventReminder.objects.get_or_create(event=event, user=person)
            if not created:
                continue
            notification_send(
                recipient=person,
                kind=EVENT_REMINDER_KIND,
                space=event.space,
                url=event.get_absolute_url(),
                email=True,
                text=f"Reminder: “{event.title}” starts {local:%A %d %B at %H:%M} "
                f"({event.time_zone}).",
            )
        sent += 1
    return sent
