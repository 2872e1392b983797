"""Start a conversation and reply to one, and tell the people watching it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.jobs import reply_url
from hearth.conversations.models import (
    Conversation,
    Follow,
    Reply,
)
from hearth.conversations.tasks import notify_watchers
from hearth.core.errors import Invalid
from hearth.core.indexing import index_changed
from hearth.moderation.ratelimit import rate_limit_hit

if TYPE_CHECKING:
    from hearth.spaces.models import Space
from hearth.conversations.services.common import (
    _clean_body,
    _clean_title,
    _notify_mentions,
    _render,
    tag_rows,
    tags_parse,
)


def conversation_create(
    *,
    actor: Actor,
    space: Space,
    kind: str,
    title: str,
    body: str,
    tags: list[str] | str | None = None,
    via: str = "web",
) -> tuple[Conversation, list[str]]:
    """Start a discussion or ask a question; the author follows it (watching).

    Returns the conversation and the usernames mentioned who cannot see it.
    """
    policy.require_post_in_space(actor, space)
    rate_limit_hit(actor=actor, action="post")
    if kind not in Conversation.Kind.values:
        raise Invalid("A conversation is a discussion or a question.", field="kind")
    title, body, slugs = _clean_title(title), _clean_body(body), tags_parse(tags)
    html, mentioned, unreachable = _render(actor=actor, body=body, space=space)
    now = timezone.now()
    with transaction.atomic():
        conversation = Conversation.objects.create(
            space=space,
            kind=kind,
            title=title,
            body=body,
            body_html=html,
            author=actor.user,
            created_at=now,
            last_activity_at=now,
        )
        conversation.tags.set(tag_rows(slugs))
        index_changed(conversation)
        Follow.objects.create(
            user=actor.user, conversation=conversation, level=Follow.Level.WATCHING
        )
        notified: set[int] = {actor.user_id}
        _notify_mentions(
            actor=actor,
            people=mentioned,
            conversation=conversation,
            text_of=conversation.get_absolute_url(),
            already=notified,
        )
        _watchers_notify_later(actor=actor, conversation=conversation, already=notified)
    return conversation, unreachable


def _watchers_notify_later(
    *, actor: Actor, conversation: Conversation, reply=None, already: set[int]
) -> None:
    """Queue the watchers' notifications for after the commit: a busy space has
    thousands of watchers, more than a request should write."""
    skip = sorted(already)
    reply_id = reply.pk if reply is not None else None
    transaction.on_commit(
        lambda: notify_watchers.enqueue(conversation.pk, reply_id, actor.user_id, skip)
    )


def reply_create(
    *,
    actor: Actor,
    conversation: Conversation,
    body: str,
    reply_to_id: int | None = None,
    via: str = "web",
) -> tuple[Reply, list[str]]:
    """Reply; notify the people mentioned, and (in the worker) the watchers and the
    author of the reply it answers."""
    space = conversation.space
    policy.require_read_conversation(actor, conversation)
    policy.require_post_in_space(actor, space)
    if conversation.removed_at is not None:
        raise Invalid("This conversation was removed; it takes no more replies.")
    rate_limit_hit(actor=actor, action="post")
    body = _clean_body(body)
    reply_to = None
    if reply_to_id is not None:
        reply_to = Reply.objects.filter(pk=reply_to_id, conversation=conversation).first()
        if reply_to is None:
            raise Invalid("You can only reply to a reply in this conversation.", field="reply_to")
    html, mentioned, unreachable = _render(actor=actor, body=body, space=space)
    now = timezone.now()
    with transaction.atomic():
        reply = Reply.objects.create(
            conversation=conversation,
            author=actor.user,
            body=body,
            body_html=html,
            reply_to=reply_to,
            created_at=now,
        )
        index_changed(reply)
        updates = {"reply_count": F("reply_count") + 1, "last_activity_at": now}
        if conversation.first_reply_at is None and conversation.author_id != actor.user_id:
            updates["first_reply_at"] = now
        Conversation.objects.filter(pk=conversation.pk).update(**updates)
        notified: set[int] = {actor.user_id}
        _notify_mentions(
            actor=actor,
            people=mentioned,
            conversation=conversation,
            text_of=reply_url(reply),
            already=notified,
        )
        _watchers_notify_later(
            actor=actor, conversation=conversation, reply=reply, already=notified
        )
        Follow.objects.get_or_create(
            user=actor.user, conversation=conversation, defaults={"level": Follow.Level.WATCHING}
        )
    conversation.refresh_from_db()
    return reply, unreachable
