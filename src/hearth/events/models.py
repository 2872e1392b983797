"""Events of a space: chat sessions, webinars, meetings.

Times are stored in UTC with the IANA zone the organiser gave (``time_zone``), so
pages and calendar files show the event at its local time in its zone and
calendar programs convert it for each reader. Going answers never exceed the
capacity: the services raise the counter with a conditional update, and a check
constraint holds the line whatever the code does.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from hearth.events.querysets import EventQuerySet

TITLE_MAX = 200
TEXT_MAX = 20_000
URL_MAX = 500


class Event(models.Model):
    class Kind(models.TextChoices):
        CHAT = "chat", "Chat session"
        WEBINAR = "webinar", "Webinar"
        MEETING = "meeting", "Meeting"

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MEETING)
    title = models.CharField(max_length=TITLE_MAX)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="UTC")
    online_url = models.URLField(max_length=URL_MAX, blank=True)
    place = models.CharField(max_length=200, blank=True)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="hosted_events"
    )
    agenda = models.TextField(max_length=TEXT_MAX, blank=True)
    agenda_html = models.TextField(blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    # Kept by the RSVP service; never above the capacity (see the constraint).
    going_count = models.PositiveIntegerField(default=0)
    maybe_count = models.PositiveIntegerField(default=0)
    notes = models.TextField(max_length=TEXT_MAX, blank=True)
    notes_html = models.TextField(blank=True)
    recording_url = models.URLField(max_length=URL_MAX, blank=True)
    # A cancelled event stays (its page, its answers, and calendars that
    # subscribed learn of it through STATUS:CANCELLED); it takes no more answers.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=500, blank=True)
    # iCalendar SEQUENCE: raised at every change attendees must hear of (time,
    # place, cancellation), so calendar programs replace their copy.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["space", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(going_count__lte=F("capacity")),
                name="event_going_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/events/{self.pk}/"

    @property
    def uid(self) -> str:
        """Stable iCalendar UID, so calendars update the event rather than copy it."""
        return f"event-{self.pk}@hearth"

    def is_over(self, now=None) -> bool:
        return self.ends_at <= (now or timezone.now())

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.going_count, 0)


class Rsvp(models.Model):
    class Response(models.TextChoices):
        GOING = "going", "Going"
        MAYBE = "maybe", "Maybe"
        NO = "no", "Not going"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps"
    )
    response = models.CharField(max_length=5, choices=Response.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="rsvp_one_per_person")
        ]
        indexes = [models.Index(fields=["event", "response"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.response} {self.event_id}"


class EventReminder(models.Model):
    """A reminder sent: the row is the record that makes a rerun send nothing twice."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="event_reminder_once")
        ]

    def __str__(self) -> str:
        return f"Reminder of event {self.event_id} to {self.user_id}"


def feed_token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class CalendarFeedToken(models.Model):
    """A person's secret for calendar feeds (calendar programs cannot sign in).

    Only a hash is stored. Revoking (or issuing a new one) ends the old URL; the
    feed still asks the policy, at each request, which spaces the owner may read.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at=None),
                name="calendar_feed_one_active_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"

    @staticmethod
    def new_secret() -> str:
        return "cal_" + secrets.token_urlsafe(24)
