"""Start a conversation and reply to one, and tell the people watching it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import (
    Conversation,
    Follow,
    Reply,
)
from hearth.core.errors import Invalid
from hearth.moderation.ratelimit import rate_limit_hit
from hearth.notifications.services import notification_send
from hearth.search.services import search_index_post

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
        search_index_post(conversation)
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


def watchers_of(conversation: Conversation, *, exclude: set[int] = frozenset()) -> list:
    """The people who hear of every reply to ``conversation``.

    The closest follow decides: one of the conversation itself, else one of its
    space, else one of its tags (watching if any tag is watched). Only the level
    "watching" notifies; "muted" on the conversation or the space silences the
    wider follows. Whether each may still read the space is for the caller.
    """
    tag_ids = conversation.tags.values("pk")
    follows = (
        Follow.objects.filter(
            Q(conversation=conversation) | Q(space_id=conversation.space_id) | Q(tag_id__in=tag_ids)
        )
        .exclude(user_id__in=exclude)
        .select_related("user")
    )
    closest: dict[int, tuple[int, str]] = {}
    people = {}
    for follow in follows:
        rank = 0 if follow.conversation_id else 1 if follow.space_id else 2
        people[follow.user_id] = follow.user
        current = closest.get(follow.user_id)
        if (
            current is None
            or rank < current[0]
            or (rank == current[0] == 2 and follow.level == Follow.Level.WATCHING)
        ):
            closest[follow.user_id] = (rank, follow.level)
    return [
        people[user_id] for user_id, (_, level) in closest.items() if level == Follow.Level.WATCHING
    ]


def _watchers_notify_later(
    *, actor: Actor, conversation: Conversation, reply=None, already: set[int]
) -> None:
    """Queue the watchers' notifications for after the commit: a busy space has
    thousands of watchers, more than a request should write."""
    from hearth.conversations.tasks import notify_watchers

    skip = sorted(already)
    reply_id = reply.pk if reply is not None else None
    transaction.on_commit(
        lambda: notify_watchers.enqueue(conversation.pk, reply_id, actor.user_id, skip)
    )


def watchers_notify(
    *, conversation_id: int, reply_id: int | None, actor_id: int, skip: list[int]
) -> int:
    """Tell the people watching of a new conversation (``reply_id`` None) or reply,
    and the author of the reply it answers; runs in the worker.

    Every recipient is asked of the policy now, as an actor of their own (they may
    have left the space since they followed it); nothing goes out about a post
    removed or hidden pending review meanwhile. ``skip`` holds those already told
    (the author, the people mentioned). The notification row is the record: a
    rerun skips whoever already has this one, so nobody hears twice.
    """
    from hearth.notifications.models import Notification

    conversation = Conversation.objects.select_related("space").filter(pk=conversation_id).first()
    author = get_user_model().objects.filter(pk=actor_id).first()
    if (
        conversation is None
        or author is None
        or conversation.removed_at is not None
        or conversation.hidden_at is not None
    ):
        return 0  # nothing goes out about a conversation removed or hidden for review
    space = conversation.space
    reply = None
    if reply_id is not None:
        reply = Reply.objects.select_related("reply_to__author").filter(pk=reply_id).first()
        if reply is None or reply.removed_at is not None or reply.hidden_at is not None:
            return 0
        kind, url = "reply", _reply_url(reply)
        text = f"{author} replied to “{conversation.title}”."
    else:
        kind, url = "new_conversation", conversation.get_absolute_url()
        text = f"{author} started “{conversation.title}” in {space}."
    told = set(
        Notification.objects.filter(kind=kind, url=url, conversation=conversation).values_list(
            "recipient_id", flat=True
        )
    )
    exclude = {actor_id, *skip, *told}
    recipients = {p.pk: p for p in watchers_of(conversation, exclude=exclude)}
    answered = reply.reply_to.author if reply is not None and reply.reply_to else None
    if answered is not None and answered.pk not in exclude:
        recipients.setdefault(answered.pk, answered)
    sent = 0
    for person in recipients.values():
        if not person.is_active or not policy.can_read_space(Actor.for_user(person), space):
            continue
        with transaction.atomic():
            notification_send(
                recipient=person,
                actor=author,
                space=space,
                kind="reply" if reply is not None else "new_conversation",
                conversation=conversation,
                url=url,
                text=text,
                email=True,
            )
        sent += 1
    return sent


def _reply_url(reply: Reply) -> str:
    return f"/c/{reply.conversation_id}/#reply-{reply.pk}"


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
        search_index_post(reply)
        updates = {"reply_count": F("reply_count") + 1, "last_activity_at": now}
        if conversation.first_reply_at is None and conversation.author_id != actor.user_id:
            updates["first_reply_at"] = now
        Conversation.objects.filter(pk=conversation.pk).update(**updates)
        notified: set[int] = {actor.user_id}
        _notify_mentions(
            actor=actor,
            people=mentioned,
            conversation=conversation,
            text_of=_reply_url(reply),
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
