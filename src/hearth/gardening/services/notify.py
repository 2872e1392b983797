"""Point people at a conversation (a notification, audited)."""

from __future__ import annotations

from django.db import transaction

from hearth.access.actor import Actor
from hearth.conversations.models import Conversation
from hearth.core.changes import change, record
from hearth.core.errors import Invalid
from hearth.gardening.audience import (
    clean_usernames,
    readers_among,
)
from hearth.gardening.services.common import MAX_NOTIFIED, MESSAGE_MAX, _require_gardenable
from hearth.notifications.services import notification_send


def people_notify(
    *,
    actor: Actor,
    conversation: Conversation,
    usernames: list[str] | str,
    message: str,
    kind: str,
    text: str,
    email: bool,
) -> tuple[list, list[str], str]:
    """Check and send a notification about ``conversation`` to the people named who
    may read its space: (notified, names not notified, the message as cleaned).

    Shared by the gardeners' "notify people" and the desks' "ask for help"; the
    caller has checked its own right, and audits inside the same transaction.
    """
    if not isinstance(usernames, list | tuple):
        raise Invalid("Choose at least one person to notify.", field="usernames")
    names = clean_usernames(usernames)
    if not names:
        raise Invalid("Choose at least one person to notify.", field="usernames")
    if len(names) > MAX_NOTIFIED:
        raise Invalid(f"Notify at most {MAX_NOTIFIED} people at a time.", field="usernames")
    message = (message or "").strip() if isinstance(message, str) else None
    if message is None:
        raise Invalid("The message is text.", field="message")
    if len(message) > MESSAGE_MAX:
        raise Invalid(f"The message can be at most {MESSAGE_MAX} characters.", field="message")
    reachable, unreachable = readers_among(actor=actor, space=conversation.space, names=names)
    if not reachable:
        raise Invalid(
            "None of these people can read this space: no one was notified.", field="usernames"
        )
    body = f"{text} “{message}”" if message else text
    for person in reachable:
        notification_send(
            recipient=person,
            kind=kind,
            actor=actor.user,
            space=conversation.space,
            conversation=conversation,
            url=conversation.get_absolute_url(),
            text=body,
            email=email,
        )
    return reachable, unreachable, message


@change("gardening.notify", role="facilitator", check=_require_gardenable, on="conversation")
def conversation_notify(
    *,
    actor: Actor,
    conversation: Conversation,
    usernames: list[str] | str,
    message: str = "",
    via: str = "web",
) -> tuple[list, list[str]]:
    """Point chosen people to a conversation with a message: in the app, and by
    email as each prefers. Only people who may read its space are told; the others'
    names come back. Cannot be undone (a notification cannot be unsent)."""
    with transaction.atomic():
        reachable, unreachable, message = people_notify(
            actor=actor,
            conversation=conversation,
            usernames=usernames,
            message=message,
            kind="gardening",
            text=f"{actor.user} points you to “{conversation.title}”.",
            email=True,
        )
        record(
            actor,
            target=conversation,
            space=conversation.space,
            after={
                "notified": [p.username for p in reachable],
                "not_notified": unreachable,
                "message": message,
            },
            via=via,
        )
    return reachable, unreachable
