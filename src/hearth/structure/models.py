"""How a space's home looks: the sections its leaders enable and order, the
featured items of its top content, its guidance, and its key users."""

import operator
from functools import reduce

from django.conf import settings
from django.db import models


class SectionKind(models.TextChoices):
    TOP = "top", "Top content"
    CONVERSATIONS = "conversations", "Conversations"
    QUESTIONS = "questions", "Questions"
    LIBRARY = "library", "Library"
    EVENTS = "events", "Events"
    IDEAS = "ideas", "Ideas"
    STORIES = "stories", "Success stories"
    GUIDANCE = "guidance", "Guidance"


# What a space shows before its leaders choose: the look every space had so far.
DEFAULT_SECTIONS = [SectionKind.CONVERSATIONS.value]
# Kinds whose content Hearth does not hold yet: enabled, they say so honestly.
NOT_YET_BUILT: set[str] = set()
GUIDANCE_MAX = 20_000


def _exactly_one_of(*fields: str) -> models.Q:
    """A condition that holds when exactly one of these nullable fields is set."""
    alternatives = []
    for chosen in fields:
        one = models.Q(**{f"{chosen}__isnull": False})
        for other in fields:
            if other != chosen:
                one &= models.Q(**{f"{other}__isnull": True})
        alternatives.append(one)
    return reduce(operator.or_, alternatives)


class SpaceLayout(models.Model):
    """One row per space whose leaders changed its home; absent means the default."""

    space = models.OneToOneField("spaces.Space", on_delete=models.CASCADE, related_name="layout")
    # The enabled sections, in the order shown: a list of SectionKind values.
    sections = models.JSONField(default=list)
    guidance = models.TextField(max_length=GUIDANCE_MAX, blank=True)
    guidance_html = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Layout of {self.space}"


class FeaturedItem(models.Model):
    """One item the leaders put in the space's top content, in their order: a
    conversation, a library document, an event or an idea of the space (exactly
    one of them is set)."""

    KINDS = ("conversation", "document", "event", "idea", "story")

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="featured_items"
    )
    conversation = models.ForeignKey(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    document = models.ForeignKey(
        "library.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    idea = models.ForeignKey(
        "ideas.Idea", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    story = models.ForeignKey(
        "stories.Story", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_of("conversation", "document", "event", "idea", "story"),
                name="featured_item_exactly_one_target",
            ),
            # NULLs are distinct, so each constraint binds only rows of its kind.
            models.UniqueConstraint(
                fields=["space", "conversation"], name="feature_once_per_space"
            ),
            models.UniqueConstraint(fields=["space", "document"], name="feature_document_once"),
            models.UniqueConstraint(fields=["space", "event"], name="feature_event_once"),
            models.UniqueConstraint(fields=["space", "idea"], name="feature_idea_once"),
            models.UniqueConstraint(fields=["space", "story"], name="feature_story_once"),
        ]

    def __str__(self) -> str:
        return f"Featured {self.kind} {self.target_id} in {self.space_id}"

    @property
    def kind(self) -> str:
        return next(k for k in self.KINDS if getattr(self, f"{k}_id") is not None)

    @property
    def target_id(self) -> int:
        return getattr(self, f"{self.kind}_id")

    @property
    def target(self):
        return getattr(self, self.kind)


class KeyUser(models.Model):
    """A member the leaders name as exemplary or central to spreading knowledge."""

    class Kind(models.TextChoices):
        EXEMPLARY = "exemplary", "Exemplary member"
        CONNECTOR = "connector", "Spreads knowledge"

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="key_users")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="key_user_of"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EXEMPLARY)
    note = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["space_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="key_user_once_per_space")
        ]

    def __str__(self) -> str:
        return f"{self.user} is a key user of {self.space}"
