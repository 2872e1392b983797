"""How a space's home looks: the sections its leaders enable and order, the
featured items of its top content, its guidance, and its key users."""

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
    """A conversation the leaders put in the space's top content, in their order.

    Other kinds of content (library documents, events...) join when they exist.
    """

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="featured_items"
    )
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["space", "conversation"], name="feature_once_per_space")
        ]

    def __str__(self) -> str:
        return f"Featured {self.conversation_id} in {self.space_id}"


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
