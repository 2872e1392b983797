"""The platform home page's featured strip: spaces, people, stories and events that
platform admins and the director of collaboration put there for a time.

A feature is in force from ``starts_at`` (included) to ``ends_at`` (excluded); the
home page asks the clock, so the strip changes on schedule with no job to run.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

BLURB_MAX = 280


class FeatureKind(models.TextChoices):
    SPACE = "space", "Space"
    PERSON = "person", "Person"
    STORY = "story", "Success story"
    EVENT = "event", "Event"


class HomeFeature(models.Model):
    kind = models.CharField(max_length=8, choices=FeatureKind.choices)
    # Exactly the target of its kind is set (a check constraint holds it).
    space = models.ForeignKey(
        "spaces.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    story = models.ForeignKey(
        "stories.Story", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    blurb = models.CharField(max_length=BLURB_MAX, blank=True)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "starts_at", "id"]
        indexes = [models.Index(fields=["ends_at", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="home_feature_ends_after_start"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="space",
                        space__isnull=False,
                        person__isnull=True,
                        story__isnull=True,
                        event__isnull=True,
                    )
                    | Q(
                        kind="person",
                        space__isnull=True,
                        person__isnull=False,
                        story__isnull=True,
                        event__isnull=True,
                    )
                    | Q(
                        kind="story",
                        space__isnull=True,
                        person__isnull=True,
                        story__isnull=False,
                        event__isnull=True,
                    )
                    | Q(
                        kind="event",
                        space__isnull=True,
                        person__isnull=True,
                        story__isnull=True,
                        event__isnull=False,
                    )
                ),
                name="home_feature_one_target_of_its_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"Featured {self.kind} ({self.starts_at:%Y-%m-%d} to {self.ends_at:%Y-%m-%d})"

    @property
    def target(self):
        return getattr(self, self.kind)

    def is_in_force(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at
