"""The life of a space: its state transitions, pilot feedback, charter and playbook.

The state itself is ``Space.state``; every change of it leaves a
``LifecycleEvent`` (the history, with the archive date and reason), so moving a
space back and forth loses nothing and the banners can say when and why.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from hearth.core.files import private_storage
from hearth.spaces.models import LifecycleState


class LifecycleEvent(models.Model):
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="lifecycle_events"
    )
    from_state = models.CharField(max_length=10, choices=LifecycleState.choices)
    to_state = models.CharField(max_length=10, choices=LifecycleState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the notification task once the members concerned were told, so a
    # rerun of the task tells nobody twice.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["space", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.space_id}: {self.from_state} → {self.to_state}"


class PilotFeedback(models.Model):
    """An item a champion (or leader) raises while the space is piloted."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="pilot_feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["status", "-created_at", "-id"]
        indexes = [models.Index(fields=["space", "status"])]

    def __str__(self) -> str:
        return self.text[:60]


class Charter(models.Model):
    """Why the space exists and how its leaders will know it works."""

    space = models.OneToOneField("spaces.Space", on_delete=models.CASCADE, related_name="charter")
    vision = models.TextField(max_length=2000, blank=True)
    audience = models.TextField(max_length=1000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Charter of {self.space_id}"

    @property
    def is_written(self) -> bool:
        return bool(self.vision.strip())


class CharterTarget(models.Model):
    """A key success factor: a metric from the catalogue (``lifecycle.metrics``)
    and the value it should reach."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(max_length=40)
    target = models.FloatField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "metric"], name="charter_metric_once")
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.target}"


class PlaybookTick(models.Model):
    """A playbook item ticked by hand (those the data cannot tell)."""

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="playbook_ticks"
    )
    item = models.CharField(max_length=40)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ticked_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["space", "item"], name="playbook_tick_once")]

    def __str__(self) -> str:
        return f"{self.item} in {self.space_id}"


class ExportJob(models.Model):
    """A space export, run by the worker; the archive is kept for download by
    those who may export the space until ``expires_at``, when the periodic purge
    deletes it (the job turns ``expired``). It is private: stored under a random
    name in the private storage, downloaded only through ``export_download``."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"
        EXPIRED = "expired"

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="export_jobs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    archive = models.FileField(upload_to="exports/", storage=private_storage, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(archive=""), name="export_done_has_archive"
            )
        ]

    def __str__(self) -> str:
        return f"Export {self.pk} of {self.space_id}"
