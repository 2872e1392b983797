"""API endpoints for follows (spaces, conversations, tags), a space's suggested
tags, and who liked a post: thin, over the same selectors and services as the
pages, with the same policy."""

from datetime import datetime
from typing import Literal

from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hearth.api.conversation_schemas import AuthorOut
from hearth.conversations import selectors, services
from hearth.conversations.models import Follow
from hearth.core.schemas import ERRORS
from hearth.spaces import selectors as space_selectors

MAX_PAGE = 100

following = Router(tags=["follows"])
space_follows = Router(tags=["follows"])
conversation_follows = Router(tags=["follows"])
tag_follows = Router(tags=["follows"])
likes = Router(tags=["conversations"])


class FollowIn(Schema):
    level: Follow.Level = Field(
        ...,
        description="watching: every new post and reply; "
        "normal: in the feed and digest; muted: out of the feed",
    )


class FollowOut(Schema):
    id: int
    kind: str = Field(..., description="space, conversation or tag")
    target: str = Field(..., description="The space's slug, the conversation's id or the tag")
    title: str
    level: str

    @staticmethod
    def resolve_kind(follow: Follow) -> str:
        return "space" if follow.space_id else "conversation" if follow.conversation_id else "tag"

    @staticmethod
    def resolve_target(follow: Follow) -> str:
        return (
            follow.space.slug
            if follow.space_id
            else str(follow.conversation_id)
            if follow.conversation_id
            else follow.tag.slug
        )

    @staticmethod
    def resolve_title(follow: Follow) -> str:
        return (
            follow.space.name
            if follow.space_id
            else follow.conversation.title
            if follow.conversation_id
            else f"#{follow.tag.slug}"
        )


class SuggestedTagsIn(Schema):
    tags: list[str] = Field(..., description=f"In order; at most {services.MAX_SUGGESTED_TAGS}")


class SuggestedTagsOut(Schema):
    curated: list[str] = Field(..., description="Chosen by the space's leaders, in order")
    suggested: list[str] = Field(..., description="The curated tags, then the most used")


class LikerOut(Schema):
    user: AuthorOut
    liked_at: datetime = Field(..., alias="created_at")


# -- What I follow -----------------------------------------------------------------------


@following.get("", response={200: list[FollowOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def following_list(request, kind: Literal["space", "conversation", "tag"] = "space"):
    """What you follow of one kind, newest first; spaces and conversations you may no
    longer read are left out."""
    return selectors.follow_list(actor=request.actor, kind=kind)


def _followed(request, follow: Follow) -> Follow:
    return selectors.follow_get(actor=request.actor, follow_id=follow.pk)


@space_follows.put("/{slug}/follow", response={200: FollowOut, **ERRORS})
def space_follow(request, slug: str, payload: FollowIn):
    """Follow a space you may read at a level (or change the level)."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return _followed(
        request, services.follow_set(actor=request.actor, space=space, level=payload.level)
    )


@space_follows.delete("/{slug}/follow", response={204: None, **ERRORS})
def space_unfollow(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    services.follow_remove(actor=request.actor, space=space)
    return Status(204, None)


@conversation_follows.put("/{conversation_id}/follow", response={200: FollowOut, **ERRORS})
def conversation_follow(request, conversation_id: int, payload: FollowIn):
    conversation = selectors.conversation_get(actor=request.actor, conversation_id=conversation_id)
    return _followed(
        request,
        services.follow_set(actor=request.actor, conversation=conversation, level=payload.level),
    )


@conversation_follows.delete("/{conversation_id}/follow", response={204: None, **ERRORS})
def conversation_unfollow(request, conversation_id: int):
    conversation = selectors.conversation_get(actor=request.actor, conversation_id=conversation_id)
    services.follow_remove(actor=request.actor, conversation=conversation)
    return Status(204, None)


@tag_follows.put("/{slug}/follow", response={200: FollowOut, **ERRORS})
def tag_follow(request, slug: str, payload: FollowIn):
    """Follow a tag used in content you may read; 404 for any other, whether it
    exists or not."""
    tag = selectors.tag_get(actor=request.actor, slug=slug)
    return _followed(
        request, services.follow_set(actor=request.actor, tag=tag, level=payload.level)
    )


@tag_follows.delete("/{slug}/follow", response={204: None, **ERRORS})
def tag_unfollow(request, slug: str):
    """Stop following a tag: 204 whatever the tag, so nothing says whether it exists."""
    services.tag_follow_remove(actor=request.actor, slug=slug)
    return Status(204, None)


# -- A space's suggested tags ------------------------------------------------------------


def _suggested(request, space) -> dict:
    return {
        "curated": selectors.curated_tags(space=space),
        "suggested": selectors.tag_suggestions(actor=request.actor, space=space),
    }


@space_follows.get("/{slug}/tags", response={200: SuggestedTagsOut, **ERRORS})
def space_tags(request, slug: str):
    """The tags the space suggests: its leaders' choice first, then the most used."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return _suggested(request, space)


@space_follows.put("/{slug}/tags", response={200: SuggestedTagsOut, **ERRORS})
def space_tags_set(request, slug: str, payload: SuggestedTagsIn):
    """Choose the space's suggested tags: leaders and facilitators (audited)."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    services.space_tags_suggest(actor=request.actor, space=space, tags=payload.tags, via="api")
    return _suggested(request, space)


# -- Who liked ---------------------------------------------------------------------------


@likes.get("/conversations/{conversation_id}/likes", response={200: list[LikerOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def conversation_likers(request, conversation_id: int):
    """Who liked the conversation, most recent first."""
    conversation = selectors.conversation_get(actor=request.actor, conversation_id=conversation_id)
    return selectors.likers(actor=request.actor, conversation=conversation)


@likes.get("/replies/{reply_id}/likes", response={200: list[LikerOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def reply_likers(request, reply_id: int):
    """Who liked the reply, most recent first."""
    reply = selectors.reply_get(actor=request.actor, reply_id=reply_id)
    return selectors.likers(actor=request.actor, reply=reply)


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/following", following),
    ("/spaces", space_follows),
    ("/conversations", conversation_follows),
    ("/tags", tag_follows),
    ("", likes),
]
