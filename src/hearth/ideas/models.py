"""Ideas: a space's board where people submit ideas, vote and comment, optionally
gathered in a time-boxed campaign around one question. Leaders and facilitators
move ideas through statuses with a public reason, kept as a history."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from hearth.ideas.querysets import IdeaQuerySet

TITLE_MAX = 200
BODY_MAX = 10_000
REASON_MAX = 2_000


class Campaign(models.Model):
    """A time-boxed call for ideas around one question."""

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="idea_campaigns"
    )
    question = models.CharField(max_length=TITLE_MAX)
    description = models.TextField(blank=True, max_length=BODY_MAX)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="idea_campaign_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.question

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now and (self.ends_at is None or now < self.ends_at)


class Idea(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        UNDER_REVIEW = "under_review", "Under review"
        ACCEPTED = "accepted", "Accepted"
        IMPLEMENTED = "implemented", "Implemented"
        DECLINED = "declined", "Declined"

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="ideas")
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    title = models.CharField(max_length=TITLE_MAX)
    body = models.TextField(max_length=BODY_MAX, blank=True)
    body_html = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    status_reason = models.TextField(blank=True, max_length=REASON_MAX)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Kept by the services so that the board never counts rows.
    vote_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["space", "-vote_count", "-created_at"]),
            models.Index(fields=["space", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/ideas/{self.pk}/"


class IdeaVote(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "voter"], name="idea_one_vote_per_person")
        ]

    def __str__(self) -> str:
        return f"Vote of {self.voter_id} for idea {self.idea_id}"


class IdeaComment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=BODY_MAX)
    body_html = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["idea", "created_at"])]

    def __str__(self) -> str:
        return f"Comment {self.pk} on idea {self.idea_id}"


class IdeaStatusChange(models.Model):
    """The public history of an idea's statuses, with the reason given."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=Idea.Status.choices)
    to_status = models.CharField(max_length=16, choices=Idea.Status.choices)
    reason = models.TextField(max_length=REASON_MAX)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"Idea {self.idea_id}: {self.from_status} → {self.to_status}"
