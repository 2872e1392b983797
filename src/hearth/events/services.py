"""Writes for events: check the policy, validate, change, record, enqueue."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import default_task_backend

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.bounds import INT_MAX
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Invalid, NotFound
from hearth.core.markdown import markdown_render
from hearth.events import policies
from hearth.events.jobs import REMINDER_LEAD
from hearth.events.models import (
    TEXT_MAX,
    TITLE_MAX,
    URL_MAX,
    CalendarFeedToken,
    Event,
    EventReminder,
    Rsvp,
    feed_token_hash,
)
from hearth.events.tasks import send_event_reminders, tell_event_attendees

if TYPE_CHECKING:
    from hearth.people.models import User
    from hearth.spaces.models import Space
MAX_LENGTH = timedelta(days=14)
_http_url = URLValidator(schemes=["http", "https"])


def zone_clean(name: str) -> ZoneInfo:
    """An IANA time zone by name ("Europe/Paris"), or Invalid."""
    name = (name or "").strip()
    if name not in available_timezones():
        raise Invalid(
            f"“{name[:60]}” is not a time zone; use a name like Europe/Paris.", field="timezone"
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise Invalid("Unknown time zone.", field="timezone") from error


def local_to_utc(value: datetime, zone: ZoneInfo, *, field: str) -> datetime:
    """A wall-clock time in ``zone`` (or an aware time) as UTC.

    A naive time that does not exist in the zone (skipped by a clock change) is
    refused rather than silently moved.
    """
    if timezone.is_aware(value):
        return value.astimezone(ZoneInfo("UTC"))
    aware = value.replace(tzinfo=zone)
    back = aware.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if back.replace(tzinfo=None) != value:
        raise Invalid(
            f"{value:%H:%M} on {value:%d %B %Y} does not exist in {zone.key} "
            "(the clocks change then); pick another time.",
            field=field,
        )
    return aware.astimezone(ZoneInfo("UTC"))


def url_clean(url: str, *, field: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > URL_MAX:
        raise Invalid(f"A link can be at most {URL_MAX} characters.", field=field)
    try:
        _http_url(url)
    except ValidationError as error:
        raise Invalid("Give an http:// or https:// link.", field=field) from error
    return url


def _text(value: str, *, field: str) -> str:
    value = (value or "").strip()
    if len(value) > TEXT_MAX:
        raise Invalid(f"Keep it to {TEXT_MAX:,} characters.", field=field)
    return value


# What makes an event, as planning and changing it take it.
DETAILS = (
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "timezone_name",
    "online_url",
    "place",
    "agenda",
    "capacity",
)


def _fields_clean(
    *,
    title: str,
    kind: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    timezone_name: str,
    online_url: str,
    place: str,
    agenda: str,
    capacity: int | None,
) -> dict:
    """What an event is made of, validated as the planner gave it; naive times are
    read in ``timezone_name``. Shared by planning and changing an event."""
    title = " ".join((title or "").split())
    if len(title) < 3 or len(title) > TITLE_MAX:
        raise Invalid(f"Give a title of 3 to {TITLE_MAX} characters.", field="title")
    if kind not in Event.Kind.values:
        raise Invalid("An event is a chat session, a webinar or a meeting.", field="kind")
    zone = zone_clean(timezone_name)
    if starts_at is None or ends_at is None:
        raise Invalid("Give when the event starts and ends.", field="starts_at")
    start = local_to_utc(starts_at, zone, field="starts_at")
    end = local_to_utc(ends_at, zone, field="ends_at")
    if end <= start:
        raise Invalid("The event must end after it starts.", field="ends_at")
    if end - start > MAX_LENGTH:
        raise Invalid("An event lasts at most 14 days.", field="ends_at")
    online_url = url_clean(online_url, field="online_url")
    place = " ".join((place or "").split())[:200]
    if not online_url and not place:
        raise Invalid("Give an online link or a place.", field="online_url")
    # The column is 32 bits (PositiveIntegerField): a larger capacity would fail there.
    if capacity is not None and not 1 <= capacity <= INT_MAX:
        raise Invalid(
            f"The capacity is from 1 to {INT_MAX:,} (or leave it empty).", field="capacity"
        )
    agenda = _text(agenda, field="agenda")
    return {
        "title": title,
        "kind": kind,
        "starts_at": start,
        "ends_at": end,
        "time_zone": zone.key,
        "online_url": online_url,
        "place": place,
        "agenda": agenda,
        "agenda_html": markdown_render(agenda) if agenda else "",
        "capacity": capacity,
    }


def event_create(
    *,
    actor: Actor,
    space: Space,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    timezone_name: str,
    kind: str = Event.Kind.MEETING,
    online_url: str = "",
    place: str = "",
    agenda: str = "",
    capacity: int | None = None,
    host: User | None = None,
    via: str = "web",
) -> Event:
    """Plan an event in a space; members only. Naive times are read in ``timezone_name``.

    The host (the organiser by default) must be a member; reminders are queued.
    """
    given = locals()  # the details as given, for the one validation both writes share
    policy.require_post_in_space(actor, space)
    fields = _fields_clean(**{name: given[name] for name in DETAILS})
    host = host or actor.user
    if host.pk != actor.user_id and not policy.can_post_in_space(Actor.for_user(host), space):
        raise Invalid("The host must be a member of the space.", field="host")
    with transaction.atomic():
        event = Event.objects.create(space=space, host=host, created_by=actor.user, **fields)
        transaction.on_commit(lambda: _schedule_reminders(event))
    return event


# Changes that attendees hear of, and that calendar programs must pick up.
ANNOUNCED = ("starts_at", "ends_at", "time_zone", "online_url", "place")


def _tell_attendees_later(event: Event, *, actor: Actor, text: str) -> None:
    """Queue the news for those coming, after the commit: a webinar has thousands."""
    event_id, sequence, actor_id = event.pk, event.sequence, actor.user_id
    transaction.on_commit(lambda: tell_event_attendees.enqueue(event_id, sequence, actor_id, text))


def _audit_unless_own(*, actor: Actor, event: Event, action: str, before, after, via) -> None:
    """Changing someone else's event is a facilitator's or leader's act: audited."""
    if actor.user_id not in (event.host_id, event.created_by_id):
        record(
            actor,
            action=action,
            target=event,
            space=event.space,
            before=before,
            after=after,
            via=via,
        )


def _snapshot(event: Event) -> dict:
    return {
        "title": event.title,
        "kind": event.kind,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "time_zone": event.time_zone,
        "online_url": event.online_url,
        "place": event.place,
        "capacity": event.capacity,
        "agenda": event.agenda,
    }


@change("event.update", role="facilitator", check=None)
def event_update(
    *,
    actor: Actor,
    event: Event,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    timezone_name: str,
    kind: str = Event.Kind.MEETING,
    online_url: str = "",
    place: str = "",
    agenda: str = "",
    capacity: int | None = None,
    via: str = "web",
) -> Event:
    """Change a planned event: its host, organiser, or the space's facilitators and
    leaders (audited when not the host or organiser).

    A change of time or place is announced to the people going or maybe going,
    raises the iCalendar SEQUENCE and reschedules the reminder (a reminder already
    sent for the old time is sent again for the new one). The capacity cannot drop
    below the people already going; an event that is over or cancelled is not
    changed (its notes still are).
    """
    given = locals()  # the details as given, for the one validation both writes share
    policies.require_edit_event(actor, event)
    policy.require_write_in_space(actor, event.space)
    if event.is_cancelled:
        raise Conflict("This event is cancelled; plan a new one instead.")
    if event.is_over():
        raise Conflict("This event is over; only its notes and recording can change.")
    fields = _fields_clean(**{name: given[name] for name in DETAILS})
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        # Cancelled or over meanwhile (the checks above read the row unlocked).
        if locked.is_cancelled:
            raise Conflict("This event is cancelled; plan a new one instead.")
        if locked.is_over():
            raise Conflict("This event is over; only its notes and recording can change.")
        if capacity is not None and capacity < locked.going_count:
            raise Invalid(
                f"{locked.going_count} people are already going; the capacity cannot be lower.",
                field="capacity",
            )
        before = _snapshot(locked)
        announced = [name for name in ANNOUNCED if getattr(locked, name) != fields[name]]
        moved = locked.starts_at != fields["starts_at"]
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.updated_at = timezone.now()
        if announced:
            locked.sequence += 1
        locked.save()
        if moved:
            # A reminder is for a start time: the new one deserves its own.
            EventReminder.objects.filter(event=locked).delete()
            transaction.on_commit(lambda: _schedule_reminders(locked))
        _audit_unless_own(
            actor=actor,
            event=locked,
            action="event.update",
            before=before,
            after=_snapshot(locked),
            via=via,
        )
        if announced:
            local = locked.starts_at.astimezone(ZoneInfo(locked.time_zone))
            where = locked.place or "online"
            _tell_attendees_later(
                locked,
                actor=actor,
                text=f"“{locked.title}” has changed: now {local:%A %d %B at %H:%M} "
                f"({locked.time_zone}), {where}.",
            )
    return locked


@change("event.cancel", role="facilitator", check=policies.require_edit_event, on="event")
def event_cancel(*, actor: Actor, event: Event, reason: str, via: str = "web") -> Event:
    """Cancel an event with a reason the people going or maybe going are told.

    The event stays, with its answers, shown as cancelled; it takes no more answers,
    sends no reminder, and calendar files mark it STATUS:CANCELLED so subscribed
    calendars drop it.
    """
    policy.require_write_in_space(actor, event.space)
    reason = " ".join((reason or "").split())
    if len(reason) < 3 or len(reason) > 500:
        raise Invalid("Say in 3 to 500 characters why the event is cancelled.", field="reason")
    if event.is_over():
        raise Conflict("This event is over; it cannot be cancelled.")
    with transaction.atomic():
        cancelled = Event.objects.filter(pk=event.pk, cancelled_at=None).update(
            cancelled_at=timezone.now(),
            cancel_reason=reason,
            sequence=F("sequence") + 1,
            updated_at=timezone.now(),
        )
        if not cancelled:
            raise Conflict("This event is already cancelled.")
        event.refresh_from_db()
        _audit_unless_own(
            actor=actor,
            event=event,
            action="event.cancel",
            before={"cancelled_at": None},
            after={"cancelled_at": event.cancelled_at.isoformat(), "reason": reason},
            via=via,
        )
        _tell_attendees_later(event, actor=actor, text=f"“{event.title}” is cancelled: {reason}")
    return event


def _schedule_reminders(event: Event) -> None:
    when = event.starts_at - REMINDER_LEAD
    if default_task_backend.supports_defer and when > timezone.now():
        send_event_reminders.using(run_after=when).enqueue(event.pk)
    else:
        send_event_reminders.enqueue(event.pk)


def event_rsvp(*, actor: Actor, event: Event, response: str, via: str = "web") -> Rsvp:
    """Answer going, maybe or no; members only, until the event is over.

    Going is refused once the capacity is reached: the counter is raised by a
    conditional update (``going_count < capacity``) inside the transaction, so two
    people racing for the last place cannot both get it.
    """
    policy.require_post_in_space(actor, event.space)
    if response not in Rsvp.Response.values:
        raise Invalid("Answer going, maybe or no.", field="response")
    if event.is_cancelled:
        raise Conflict("This event is cancelled; it takes no more answers.")
    if event.is_over():
        raise Conflict("This event is over; it takes no more answers.")
    now = timezone.now()
    try:
        with transaction.atomic():
            rsvp = Rsvp.objects.select_for_update().filter(event=event, user=actor.user).first()
            before = rsvp.response if rsvp else None
            if before == response:
                return rsvp
            counters = Event.objects.filter(pk=event.pk)
            if response == Rsvp.Response.GOING:
                room = counters.filter(
                    Q(capacity__isnull=True) | Q(going_count__lt=F("capacity")),
                    cancelled_at=None,  # not cancelled meanwhile
                )
                if not room.update(going_count=F("going_count") + 1):
                    if counters.filter(cancelled_at__isnull=False).exists():
                        raise Conflict("This event is cancelled; it takes no more answers.")
                    raise Conflict(
                        "The event is full: no place left. Answer “maybe” to hear if one frees up."
                    )
            if before == Rsvp.Response.GOING:
                counters.update(going_count=F("going_count") - 1)
            if response == Rsvp.Response.MAYBE:
                counters.update(maybe_count=F("maybe_count") + 1)
            if before == Rsvp.Response.MAYBE:
                counters.update(maybe_count=F("maybe_count") - 1)
            if rsvp is None:
                rsvp = Rsvp.objects.create(
                    event=event, user=actor.user, response=response, updated_at=now
                )
            else:
                rsvp.response, rsvp.updated_at = response, now
                rsvp.save(update_fields=["response", "updated_at"])
    except IntegrityError as error:
        raise Conflict(
            "Your answer was just recorded from elsewhere; reload and try again."
        ) from error
    event.refresh_from_db(fields=["going_count", "maybe_count"])
    return rsvp


@change("event.notes", role="facilitator", check=policies.require_edit_event, on="event")
def event_notes_save(
    *, actor: Actor, event: Event, notes: str, recording_url: str, via: str = "web"
) -> Event:
    """Notes and the recording link, once the event has started: the host, the
    organiser, facilitators and leaders (audited when not the host or organiser)."""
    if event.starts_at > timezone.now():
        raise Conflict("Notes and the recording come after the event has started.")
    notes = _text(notes, field="notes")
    recording_url = url_clean(recording_url, field="recording_url")
    with transaction.atomic():
        before = {"notes": event.notes, "recording_url": event.recording_url}
        event.notes, event.recording_url = notes, recording_url
        event.notes_html = markdown_render(notes) if notes else ""
        event.updated_at = timezone.now()
        event.save(update_fields=["notes", "notes_html", "recording_url", "updated_at"])
        _audit_unless_own(
            actor=actor,
            event=event,
            action="event.notes",
            before=before,
            after={"notes": notes, "recording_url": recording_url},
            via=via,
        )
    return event


def calendar_feed_token_issue(*, actor: Actor) -> str:
    """A new secret for the actor's calendar feeds; the previous one stops working.
    Returns the secret (shown once)."""
    if not actor.is_authenticated:
        raise NotFound()
    raw = CalendarFeedToken.new_secret()
    with transaction.atomic():
        CalendarFeedToken.objects.filter(user=actor.user, revoked_at=None).update(
            revoked_at=timezone.now()
        )
        CalendarFeedToken.objects.create(user=actor.user, key_hash=feed_token_hash(raw))
    return raw


def calendar_feed_token_revoke(*, actor: Actor) -> int:
    """End the actor's calendar feed URLs."""
    return CalendarFeedToken.objects.filter(user_id=actor.user_id, revoked_at=None).update(
        revoked_at=timezone.now()
    )
