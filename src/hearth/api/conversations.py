"""API endpoints for conversations, replies, likes, the feed, unanswered questions
and notifications: thin, calling the same selectors and services as the pages,
with the same policy (a private space's content is 404, a restricted one's 403).
"""

from collections.abc import Sequence
from typing import Literal

from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hearth.access.actor import Actor
from hearth.api.conversation_schemas import (
    AcceptOut,
    ConversationCreatedOut,
    ConversationIn,
    ConversationOut,
    ConversationSummaryOut,
    FeedOut,
    LikeOut,
    MarkedReadOut,
    MarkReadIn,
    NotificationOut,
    ReplyCreatedOut,
    ReplyIn,
    ReplyPageOut,
    UnansweredOut,
)
from hearth.conversations import selectors
from hearth.conversations import services as conversation_services
from hearth.conversations.models import Conversation, Reply
from hearth.core.errors import Invalid, NotFound
from hearth.core.schemas import ERRORS
from hearth.notifications import selectors as notification_selectors
from hearth.notifications.services import notifications_mark_read
from hearth.spaces import selectors as space_selectors

# Lists never return more than this many rows a page, whatever `limit` asks.
MAX_PAGE = 100

PAGE_QUERY = Query(...)
ANSWERED_QUERY = Query(
    None, description="Questions with (true) or without (false) an accepted answer"
)
CURSOR_QUERY = Query("", description="`next_cursor` of the previous page")
FEED_LIMIT_QUERY = Query(20, ge=1, le=50)
SPACE_QUERY = Query("", description="A space's slug")

space_conversations = Router(tags=["conversations"])
conversations = Router(tags=["conversations"])
replies = Router(tags=["conversations"])
questions = Router(tags=["conversations"])
feed = Router(tags=["feed"])
notifications = Router(tags=["notifications"])


def _conversation(actor: Actor, conversation_id: int) -> Conversation:
    """The conversation through the selector, with one message for "missing" and
    "in a private space you are not in", so that an id never hints at a secret."""
    try:
        return selectors.conversation_get(actor=actor, conversation_id=conversation_id)
    except NotFound as error:
        raise NotFound("No such conversation.") from error


def _with_my_likes(
    actor: Actor, conversation: Conversation, reply_rows: Sequence[Reply] = ()
) -> None:
    """Mark what the actor likes, and the accepted answer, on the objects the
    response schemas read (``liked_by_me``, ``is_accepted``): one query a page."""
    liked = selectors.liked_ids(
        actor=actor, conversation=conversation, reply_ids=[reply.pk for reply in reply_rows]
    )
    conversation.liked_by_me = liked["conversation"]
    for reply in reply_rows:
        reply.liked_by_me = reply.pk in liked["replies"]
        reply.is_accepted = reply.pk == conversation.accepted_reply_id


# -- Conversations in a space -----------------------------------------------------------


@space_conversations.get(
    "/{slug}/conversations", response={200: list[ConversationSummaryOut], **ERRORS}
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def space_conversation_list(
    request,
    slug: str,
    kind: Conversation.Kind | None = None,
    tag: str = "",
    answered: bool | None = ANSWERED_QUERY,
):
    """The space's conversations, most recently active first; removed ones are left out."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return selectors.conversation_list(
        actor=request.actor, space=space, kind=kind or "", tag=tag, answered=answered
    ).prefetch_related("tags")


@space_conversations.post("/{slug}/conversations", response={201: ConversationCreatedOut, **ERRORS})
def space_conversation_create(request, slug: str, payload: ConversationIn):
    """Start a discussion or ask a question; members of the space only. People
    mentioned who cannot see the space are listed in `unreachable_mentions`."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    conversation, unreachable = conversation_services.conversation_create(
        actor=request.actor,
        space=space,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        tags=payload.tags,
        via="api",
    )
    conversation.liked_by_me = False
    conversation.unreachable_mentions = unreachable
    return Status(201, conversation)


# -- One conversation and its replies ----------------------------------------------------


@conversations.get("/{conversation_id}", response={200: ConversationOut, **ERRORS})
def conversation_get(request, conversation_id: int):
    conversation = _conversation(request.actor, conversation_id)
    _with_my_likes(request.actor, conversation)
    return conversation


@conversations.get("/{conversation_id}/replies", response={200: ReplyPageOut, **ERRORS})
def conversation_replies(
    request, conversation_id: int, page: LimitOffsetPagination.Input = PAGE_QUERY
):
    """The replies, oldest first, removed ones in place with their body left out."""
    conversation = _conversation(request.actor, conversation_id)
    rows = selectors.reply_list(actor=request.actor, conversation=conversation)
    limit = min(page.limit, MAX_PAGE)
    # Paginated here rather than by @paginate: what the actor likes is read for
    # the page's replies only, in one query.
    items = list(rows[page.offset : page.offset + limit])
    _with_my_likes(request.actor, conversation, items)
    return {"items": items, "count": rows.count()}


@conversations.post("/{conversation_id}/replies", response={201: ReplyCreatedOut, **ERRORS})
def conversation_reply(request, conversation_id: int, payload: ReplyIn):
    """Reply; members of the space only. `reply_to` must be a reply of this conversation."""
    conversation = _conversation(request.actor, conversation_id)
    reply, unreachable = conversation_services.reply_create(
        actor=request.actor,
        conversation=conversation,
        body=payload.body,
        reply_to_id=payload.reply_to,
        via="api",
    )
    reply.liked_by_me = reply.is_accepted = False
    reply.unreachable_mentions = unreachable
    return Status(201, reply)


@conversations.post("/{conversation_id}/like", response={200: LikeOut, **ERRORS})
def conversation_like(request, conversation_id: int):
    """Like the conversation, once (409 the second time)."""
    conversation = _conversation(request.actor, conversation_id)
    return {
        "like_count": conversation_services.like_add(actor=request.actor, conversation=conversation)
    }


@conversations.delete("/{conversation_id}/like", response={200: LikeOut, **ERRORS})
def conversation_unlike(request, conversation_id: int):
    """Take back a like (404 if you do not like it)."""
    conversation = _conversation(request.actor, conversation_id)
    return {
        "like_count": conversation_services.like_remove(
            actor=request.actor, conversation=conversation
        )
    }


# -- Replies -----------------------------------------------------------------------------


@replies.post("/{reply_id}/accept", response={200: AcceptOut, **ERRORS})
def reply_accept(request, reply_id: int):
    """Mark the reply as the accepted answer of its question: the asker or a
    facilitator of the space."""
    reply = selectors.reply_get(actor=request.actor, reply_id=reply_id)
    conversation = conversation_services.reply_accept(actor=request.actor, reply=reply, via="api")
    return {
        "conversation_id": conversation.pk,
        "accepted_reply_id": conversation.accepted_reply_id,
        "is_answered": conversation.is_answered,
    }


@replies.post("/{reply_id}/like", response={200: LikeOut, **ERRORS})
def reply_like(request, reply_id: int):
    reply = selectors.reply_get(actor=request.actor, reply_id=reply_id)
    return {"like_count": conversation_services.like_add(actor=request.actor, reply=reply)}


@replies.delete("/{reply_id}/like", response={200: LikeOut, **ERRORS})
def reply_unlike(request, reply_id: int):
    reply = selectors.reply_get(actor=request.actor, reply_id=reply_id)
    return {"like_count": conversation_services.like_remove(actor=request.actor, reply=reply)}


# -- Across spaces: the feed and unanswered questions --------------------------------------


@feed.get("", response={200: FeedOut, **ERRORS})
def feed_get(
    request,
    order: Literal["new", "top"] = "new",
    cursor: str = CURSOR_QUERY,
    limit: int = FEED_LIMIT_QUERY,
):
    """What is new in your spaces and the tags you follow, minus what you muted:
    `new` by last activity, `top` the most liked of the week."""
    items, next_cursor = selectors.feed(
        actor=request.actor, order=order, cursor=cursor, limit=limit
    )
    return {"items": items, "next_cursor": next_cursor}


@questions.get("/unanswered", response={200: list[UnansweredOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def unanswered_list(request, space: str = SPACE_QUERY):
    """Questions without an accepted answer in every space you may read, oldest first."""
    in_space = space_selectors.space_get(actor=request.actor, slug=space) if space else None
    return selectors.unanswered_questions(actor=request.actor, space=in_space).prefetch_related(
        "tags"
    )


# -- Notifications -----------------------------------------------------------------------


@notifications.get("", response={200: list[NotificationOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def notification_list(request):
    """Your notifications, newest first."""
    return notification_selectors.notification_list(actor=request.actor)


@notifications.post("/read", response={200: MarkedReadOut, **ERRORS})
def notification_mark_all_read(request, payload: MarkReadIn | None = None):
    """Mark your notifications read: all of them, or only those whose `ids` are given."""
    ids = payload.ids if payload else None
    if ids is not None and not ids:
        raise Invalid(
            "Give the ids of the notifications to mark read, or no body for all.", field="ids"
        )
    return {"marked": notifications_mark_read(user=request.user, ids=ids)}


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/spaces", space_conversations),
    ("/conversations", conversations),
    ("/replies", replies),
    ("/questions", questions),
    ("/feed", feed),
    ("/notifications", notifications),
]
