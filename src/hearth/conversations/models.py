"""Conversations (discussions and questions), replies, edits, likes, tags, follows.

Every conversation lives in a space; who may read it is the space's policy
(``hearth.access.policy``), applied through ``Conversation.objects.visible_to``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from hearth.conversations.querysets import ConversationQuerySet, ReplyQuerySet

TITLE_MAX = 200
BODY_MAX = 20_000


class Tag(models.Model):
    name = models.CharField(max_length=40, unique=True)
    slug = models.SlugField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Conversation(models.Model):
    class Kind(models.TextChoices):
        DISCUSSION = "discussion", "Discussion"
        QUESTION = "question", "Question"

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="conversations"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(max_length=TITLE_MAX)
    body = models.TextField(max_length=BODY_MAX)
    body_html = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="conversations"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="conversations")
    created_at = models.DateTimeField(db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(db_index=True)
    # Kept by the services so that lists never count rows.
    reply_count = models.PositiveIntegerField(default=0)
    like_count = models.PositiveIntegerField(default=0)
    first_reply_at = models.DateTimeField(null=True, blank=True)
    accepted_reply = models.ForeignKey(
        "Reply", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Soft deletion: the text stays for audit, pages show "removed".
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Hidden until reviewed (enough reports, or a moderator's decision): only the
    # author and the space's moderators still see it (``hearth.access.policy``).
    hidden_at = models.DateTimeField(null=True, blank=True)
    # Gardening (the gardening app): marked outdated (a badge; it sinks in search),
    # and merged into another conversation — the merged one stays as a removed
    # tombstone whose page redirects to ``merged_into``, so the merge can be undone.
    outdated_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        indexes = [
            models.Index(fields=["space", "-last_activity_at"]),
            # The unanswered list: questions without an accepted answer, oldest first.
            models.Index(
                fields=["created_at"],
                name="conv_unanswered",
                condition=Q(kind="question", accepted_reply__isnull=True, removed_at__isnull=True),
            ),
            # The few conversations marked outdated, which search ranks lower: read
            # once per search, whatever the number of conversations.
            models.Index(
                fields=["id"], name="conv_outdated", condition=Q(outdated_at__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/c/{self.pk}/"

    @property
    def is_question(self) -> bool:
        return self.kind == self.Kind.QUESTION

    @property
    def is_answered(self) -> bool:
        return self.accepted_reply_id is not None


class Reply(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="replies"
    )
    body = models.TextField(max_length=BODY_MAX)
    body_html = models.TextField(blank=True)
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)
    like_count = models.PositiveIntegerField(default=0)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["conversation", "created_at", "id"])]

    def __str__(self) -> str:
        return f"Reply {self.pk} to {self.conversation_id}"


class Revision(models.Model):
    """One edit: the text before it, who made it and when."""

    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(auto_now_add=True)
    previous_title = models.CharField(max_length=TITLE_MAX, blank=True)
    previous_body = models.TextField()

    class Meta:
        ordering = ["-edited_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(conversation__isnull=False) ^ Q(reply__isnull=False),
                name="revision_of_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"Revision {self.pk}"


class Like(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes"
    )
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.CASCADE, related_name="likes"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="likes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(conversation__isnull=False) ^ Q(reply__isnull=False),
                name="like_of_one_thing",
            ),
            models.UniqueConstraint(
                fields=["user", "conversation"],
                condition=Q(conversation__isnull=False),
                name="like_conversation_once",
            ),
            models.UniqueConstraint(
                fields=["user", "reply"], condition=Q(reply__isnull=False), name="like_reply_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Like by {self.user_id}"


class Follow(models.Model):
    """Following a space, a conversation or a tag, at a level."""

    class Level(models.TextChoices):
        WATCHING = "watching", "Watching: every reply"
        NORMAL = "normal", "Normal: in the feed and digest"
        MUTED = "muted", "Muted: out of the feed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    space = models.ForeignKey(
        "spaces.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    tag = models.ForeignKey(
        Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.NORMAL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(space__isnull=False, conversation__isnull=True, tag__isnull=True)
                    | Q(space__isnull=True, conversation__isnull=False, tag__isnull=True)
                    | Q(space__isnull=True, conversation__isnull=True, tag__isnull=False)
                ),
                name="follow_one_thing",
            ),
            models.UniqueConstraint(
                fields=["user", "space"], condition=Q(space__isnull=False), name="follow_space_once"
            ),
            models.UniqueConstraint(
                fields=["user", "conversation"],
                condition=Q(conversation__isnull=False),
                name="follow_conversation_once",
            ),
            models.UniqueConstraint(
                fields=["user", "tag"], condition=Q(tag__isnull=False), name="follow_tag_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Follow by {self.user_id} ({self.level})"


class SuggestedTag(models.Model):
    """A tag the leaders or facilitators of a space suggest for its conversations.

    Curated suggestions come first in the tag field, before the most used tags.
    """

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="suggested_tags"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="suggested_in")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["space", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["space", "tag"], name="suggested_tag_once")]

    def __str__(self) -> str:
        return f"{self.tag_id} suggested in {self.space_id}"
