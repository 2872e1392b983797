"""Request and response shapes of the conversations API.

Lengths and tag rules are the services' (``hearth.conversations.services``): they
answer 400 with the field named, the same message a page shows. The shapes here
only reject what is not even the right type (422).
"""

from datetime import datetime

from django.utils import timezone
from ninja import Field, Schema

from hearth.api.schemas import choices_named
from hearth.conversations.models import BODY_MAX, TITLE_MAX, Conversation
from hearth.conversations.services import MAX_TAGS

ConversationKind = choices_named(Conversation.Kind, "ConversationKind")


class AuthorOut(Schema):
    id: int
    username: str
    display_name: str


class ConversationIn(Schema):
    kind: ConversationKind = Conversation.Kind.DISCUSSION
    title: str = Field(..., description=f"5 to {TITLE_MAX} characters")
    body: str = Field(
        ...,
        description=f"Markdown, at most {BODY_MAX:,} characters; "
        "@username mentions notify people who can see the space",
    )
    tags: list[str] = Field(default_factory=list, description=f"At most {MAX_TAGS} tags")


class ConversationSummaryOut(Schema):
    """A conversation in a list: no body, so that lists stay light."""

    id: int
    kind: str
    title: str
    space: str = Field(..., description="The space's slug")
    author: AuthorOut | None
    tags: list[str]
    created_at: datetime
    last_activity_at: datetime
    reply_count: int
    like_count: int
    accepted_reply_id: int | None
    is_answered: bool

    @staticmethod
    def resolve_space(obj) -> str:
        return obj.space.slug

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        # Lists prefetch the tags; this reads the prefetched rows.
        return [tag.slug for tag in obj.tags.all()]


class RemovableBody(Schema):
    """A post's text, withheld (null) once the post is removed."""

    body: str | None = Field(..., description="Markdown; null when removed")
    body_html: str | None = Field(..., description="Sanitised HTML; null when removed")
    removed: bool

    @staticmethod
    def resolve_body(obj) -> str | None:
        return None if obj.removed_at else obj.body

    @staticmethod
    def resolve_body_html(obj) -> str | None:
        return None if obj.removed_at else obj.body_html

    @staticmethod
    def resolve_removed(obj) -> bool:
        return obj.removed_at is not None


class ConversationOut(RemovableBody, ConversationSummaryOut):
    """One conversation. A removed one keeps its title; its body is null."""

    edited_at: datetime | None
    liked_by_me: bool


class ConversationCreatedOut(ConversationOut):
    unreachable_mentions: list[str] = Field(
        ..., description="Usernames mentioned who cannot see the space: they were not told"
    )


class UnansweredOut(ConversationSummaryOut):
    age_hours: int = Field(..., description="Whole hours since the question was asked")

    @staticmethod
    def resolve_age_hours(obj) -> int:
        return int((timezone.now() - obj.created_at).total_seconds() // 3600)


class FeedOut(Schema):
    items: list[ConversationSummaryOut]
    next_cursor: str | None = Field(
        ..., description="Pass as `cursor` for the next page; null on the last page"
    )


class ReplyIn(Schema):
    body: str = Field(..., description=f"Markdown, at most {BODY_MAX:,} characters")
    reply_to: int | None = Field(None, description="Id of a reply in the same conversation")


class ReplyOut(RemovableBody):
    """One reply. A removed one stays in place (threads keep their shape); its body is null."""

    id: int
    conversation_id: int
    author: AuthorOut | None
    reply_to_id: int | None
    created_at: datetime
    edited_at: datetime | None
    like_count: int
    liked_by_me: bool
    is_accepted: bool


class ReplyCreatedOut(ReplyOut):
    unreachable_mentions: list[str] = Field(
        ..., description="Usernames mentioned who cannot see the space: they were not told"
    )


class ReplyPageOut(Schema):
    items: list[ReplyOut]
    count: int


class AcceptOut(Schema):
    conversation_id: int
    accepted_reply_id: int
    is_answered: bool


class LikeOut(Schema):
    like_count: int


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    url: str
    actor: AuthorOut | None
    space: str | None = Field(None, description="The space's slug, if it is about one")
    conversation_id: int | None
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_space(obj) -> str | None:
        return obj.space.slug if obj.space_id else None


class MarkReadIn(Schema):
    ids: list[int] | None = Field(
        None, max_length=500, description="Only these notifications (none: all)"
    )


class MarkedReadOut(Schema):
    marked: int = Field(..., description="How many notifications were unread")
