"""Worker-side code of conversations: what the tasks run, outside the request.

The services queue the tasks (``tasks.py``) and the tasks call these; nothing here
imports the services, so the imports go one way: services -> tasks -> jobs.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import (
    Conversation,
    Follow,
    Reply,
)
from hearth.notifications.models import Notification
from hearth.notifications.services import notification_send


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
        kind, url = "reply", reply_url(reply)
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


def reply_url(reply: Reply) -> str:
    return f"/c/{reply.conversation_id}/#reply-{reply.pk}"
