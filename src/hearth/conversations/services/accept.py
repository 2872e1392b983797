"""Accept an answer to a question, and take it back."""

from __future__ import annotations

from django.db import transaction

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.jobs import reply_url
from hearth.conversations.models import (
    Conversation,
    Reply,
)
from hearth.core.changes import change, record
from hearth.core.errors import Forbidden, Invalid
from hearth.notifications.services import notification_send


@change("conversation.accept", role="facilitator", check=None)
def reply_accept(*, actor: Actor, reply: Reply, via: str = "web") -> Conversation:
    """Mark ``reply`` as the accepted answer of its question (or change it)."""
    conversation = reply.conversation
    policy.require_read_conversation(actor, conversation)
    policy.require_write_in_space(actor, conversation.space)
    if conversation.kind != Conversation.Kind.QUESTION:
        raise Invalid("Only a question has an accepted answer.")
    if reply.removed_at is not None:
        raise Invalid("A removed reply cannot be the accepted answer.")
    if not policy.can_accept_answer(actor, conversation):
        raise Forbidden("Only the person who asked, or a facilitator, accepts an answer.")
    with transaction.atomic():
        before = conversation.accepted_reply_id
        conversation.accepted_reply = reply
        conversation.save(update_fields=["accepted_reply"])
        if conversation.author_id != actor.user_id:
            record(
                actor,
                target=conversation,
                space=conversation.space,
                before={"accepted_reply": before},
                after={"accepted_reply": reply.pk},
                via=via,
            )
        if reply.author and reply.author_id != actor.user_id and before != reply.pk:
            notification_send(
                recipient=reply.author,
                kind="accepted",
                actor=actor.user,
                space=conversation.space,
                conversation=conversation,
                url=reply_url(reply),
                email=True,
                text=f"Your answer to “{conversation.title}” was accepted.",
            )
    return conversation


@change(
    "conversation.unaccept",
    role="facilitator",
    check=policy.require_read_conversation,
    on="conversation",
)
def reply_unaccept(*, actor: Actor, conversation: Conversation, via: str = "web") -> Conversation:
    """Take back the accepted answer (the asker, or a facilitator — audited)."""
    policy.require_write_in_space(actor, conversation.space)
    if not policy.can_accept_answer(actor, conversation):
        raise Forbidden("Only the person who asked, or a facilitator, changes the answer.")
    with transaction.atomic():
        before = conversation.accepted_reply_id
        conversation.accepted_reply = None
        conversation.save(update_fields=["accepted_reply"])
        if conversation.author_id != actor.user_id and before is not None:
            record(
                actor,
                target=conversation,
                space=conversation.space,
                before={"accepted_reply": before},
                after={"accepted_reply": None},
                via=via,
            )
    return conversation
