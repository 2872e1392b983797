"""Launching a space: invitation batches run by the worker, reminders, the welcome
message and each new member's onboarding."""

from django.conf import settings
from django.db import models


class InvitationBatch(models.Model):
    """Invitations to many people at once, created by the worker with progress.

    The people are stored as items first (one bulk insert); the worker walks the
    items still pending, so a crashed run resumes where it stopped and a rerun
    never invites or emails anyone twice.
    """

    class Source(models.TextChoices):
        PEOPLE = "people", "Chosen people"
        UNIT = "unit", "Business unit and country"
        CSV = "csv", "CSV upload"

    class Status(models.TextChoices):
        PREVIEW = "preview", "Previewed, not sent"
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Sending"
        DONE = "done", "Done"

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="invitation_batches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=8, choices=Source.choices)
    label = models.CharField(max_length=200, blank=True)
    message = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PREVIEW)
    # Rows of the upload that cannot be invited, shown in the preview:
    # [{"line": n, "value": "...", "error": "..."}], the first MAX_ERRORS_KEPT of them.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    invited = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Invitations to {self.space} ({self.label or self.source})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))


class InvitationBatchItem(models.Model):
    class State(models.TextChoices):
        PENDING = "pending"
        INVITED = "invited"
        SKIPPED = "skipped"

    batch = models.ForeignKey(InvitationBatch, on_delete=models.CASCADE, related_name="items")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "user"], name="batch_item_once")]
        indexes = [models.Index(fields=["batch", "state", "id"])]

    def __str__(self) -> str:
        return f"Item {self.pk} of batch {self.batch_id}"


class InvitationReminder(models.Model):
    """The one reminder sent for a pending invitation: never a second."""

    invitation = models.OneToOneField(
        "spaces.Invitation", on_delete=models.CASCADE, related_name="reminder"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Reminder for invitation {self.invitation_id}"


class SpaceWelcome(models.Model):
    """The leaders' welcome for new members and the tags they suggest following."""

    space = models.OneToOneField("spaces.Space", on_delete=models.CASCADE, related_name="welcome")
    message = models.TextField(max_length=5000, blank=True)
    message_html = models.TextField(blank=True)
    key_tags = models.ManyToManyField("conversations.Tag", blank=True, related_name="+")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Welcome to {self.space}"


class OnboardingReminder(models.Model):
    """The one gentle reminder a new member gets about an unfinished checklist."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="one_onboarding_reminder")
        ]

    def __str__(self) -> str:
        return f"Onboarding reminder for {self.user_id} in {self.space_id}"
