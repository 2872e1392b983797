"""Moderation: reports (flags) on content and profiles, the cases that gather them
until a moderator decides, sanctions on people, staff notes, and each space's
moderation guidelines.

What is reported is named by a *target*: a kind ("conversation", "reply",
"profile", registered in ``hearth.moderation.targets``) and an id, so that a new
kind of thing (documents, events...) plugs in without a new column here.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

DEFAULT_REPORT_THRESHOLD = 3


class Reason(models.TextChoices):
    SPAM = "spam", "Spam or advertising"
    INAPPROPRIATE = "inappropriate", "Inappropriate"
    HARASSMENT = "harassment", "Harassment or a personal attack"
    OFF_TOPIC = "off_topic", "Off-topic"
    CONFIDENTIAL = "confidential", "Confidential information"
    OTHER = "other", "Something else"


class SpaceModeration(models.Model):
    """A space's moderation settings. A space without a row uses the defaults."""

    space = models.OneToOneField(
        "spaces.Space", on_delete=models.CASCADE, related_name="moderation"
    )
    # Reports from this many distinct people hide an item until it is reviewed.
    report_threshold = models.PositiveSmallIntegerField(default=DEFAULT_REPORT_THRESHOLD)

    def __str__(self) -> str:
        return f"Moderation of {self.space}"


class Guideline(models.Model):
    """One version of a space's moderation guidelines (Markdown). The newest is in force;
    earlier versions are kept so that a decision can be read against the rules of its day."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="guidelines")
    version = models.PositiveIntegerField()
    body = models.TextField(max_length=10_000)
    body_html = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["space", "version"], name="guideline_version_once")
        ]

    def __str__(self) -> str:
        return f"Guidelines of {self.space_id}, version {self.version}"


class Case(models.Model):
    """The reports on one item while it waits for a decision, then the decision.

    At most one open case per item (a conditional unique constraint); once decided,
    new reports open a new case.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for review"
        DECIDED = "decided", "Decided"

    class Decision(models.TextChoices):
        KEEP = "keep", "Keep: reports dismissed"
        HIDE = "hide", "Hide"
        REMOVE = "remove", "Remove"
        EDIT = "edit", "Edit"

    target_type = models.CharField(max_length=20)
    target_id = models.BigIntegerField()
    # The space whose moderators review it; none for a profile (platform admins do).
    space = models.ForeignKey(
        "spaces.Space",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_cases",
    )
    # Whose post (or profile) it is.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_cases",
    )
    target_label = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    report_count = models.PositiveIntegerField(default=0)
    # Set when the reports reached the space's threshold and the item was hidden.
    hidden_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=8, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id"],
                condition=Q(status="open"),
                name="case_open_once",
            ),
        ]
        indexes = [
            # The review queue: a space's open cases, oldest first.
            models.Index(fields=["space", "status", "opened_at"]),
            models.Index(fields=["author", "opened_at"]),
        ]

    def __str__(self) -> str:
        return f"Case {self.pk}: {self.target_type} {self.target_id}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def time_to_decision(self):
        """How long the case waited for its decision (a timedelta), or None while open."""
        return self.decided_at - self.opened_at if self.decided_at else None


class Report(models.Model):
    """One person's report of an item: once per person per case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    reason = models.CharField(max_length=16, choices=Reason.choices)
    text = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "reporter"], name="report_once_per_case")
        ]

    def __str__(self) -> str:
        return f"Report by {self.reporter_id} on case {self.case_id}"


class Sanction(models.Model):
    """A measure against a person: a warning, a silence (reads, cannot post), a
    suspension (cannot sign in; platform-wide) or a ban from one space.

    Active while ``lifted_at`` is empty and ``ends_at`` (if any) is in the future:
    an expired sanction is lifted at once for the policy, before the worker marks it.
    """

    class Kind(models.TextChoices):
        WARNING = "warning", "Warning"
        SILENCE = "silence", "Silence"
        SUSPENSION = "suspension", "Suspension"
        BAN = "ban", "Ban from the space"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    # None: platform-wide.
    space = models.ForeignKey(
        "spaces.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField(max_length=2000)
    starts_at = models.DateTimeField(default=timezone.now)
    # None only for a warning (no duration) or a permanent ban.
    ends_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="sanctions"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["person", "lifted_at"]),
            models.Index(fields=["lifted_at", "ends_at"]),
        ]

    def __str__(self) -> str:
        where = f" in {self.space}" if self.space_id else ""
        return f"{self.get_kind_display()} of {self.person}{where}"

    def is_active(self, now: datetime | None = None) -> bool:
        if self.kind == self.Kind.WARNING or self.lifted_at is not None:
            return False
        now = now or timezone.now()
        return self.ends_at is None or self.ends_at > now


def active_sanctions_q(now: datetime | None = None) -> Q:
    """Sanctions in force at ``now`` (warnings are never "in force")."""
    now = now or timezone.now()
    return (
        ~Q(kind=Sanction.Kind.WARNING)
        & Q(lifted_at__isnull=True)
        & (Q(ends_at__isnull=True) | Q(ends_at__gt=now))
    )


class StaffNote(models.Model):
    """A note about a person for moderators only (never shown to the person).

    A note belongs to the space whose moderators wrote it and is read only by the
    moderators of that space (and platform admins); one without a space is
    platform-wide, for platform admins alone.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_notes"
    )
    space = models.ForeignKey(
        "spaces.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Note on {self.person_id}"


class RateLimitCount(models.Model):
    """How many times a person did one rate-limited action in one window, where the
    rate limits keep their counts in the database (``hearth.moderation.ratelimit``):
    every web process and worker counts in the same row, and a restart forgets nothing.
    A row outlives its window only until that person's next window begins."""

    # "<action>:<window length in seconds>:<window number>": one row per window.
    key = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="moderation_rate_limit_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.key}: {self.count}"
