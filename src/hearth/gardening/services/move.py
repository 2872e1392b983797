"""Move a conversation to another space."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import Conversation
from hearth.core.changes import change, record
from hearth.core.errors import Forbidden, Invalid, NotFound
from hearth.gardening.operations import (
    conversation_relocate,
    unread_recount_outside,
)
from hearth.gardening.services.common import (
    _confirm_widening,
    _locked,
    _notify_author,
    _require_gardenable,
)

if TYPE_CHECKING:
    from hearth.spaces.models import Space


def move_target_require(actor: Actor, to_space: Space, *, field: str = "to_space") -> None:
    """A space the actor may know exists (else 404, the same as a missing one) and
    may post in (else 403)."""
    if to_space is None:
        raise Invalid("Choose the space to move it to.", field=field)
    if not policy.can_see_space(actor, to_space):
        raise NotFound("No such space.")
    if not policy.can_post_in_space(actor, to_space):
        raise Forbidden("You can move a conversation only to a space you can post in.")


@change("gardening.move", role="facilitator", check=None)
def conversation_move(
    *,
    actor: Actor,
    conversation: Conversation,
    to_space: Space,
    confirm_widen: bool = False,
    via: str = "web",
) -> Conversation:
    """Move a conversation, with its replies, to another space the mover posts in.

    When the target's readers include people who could not read it where it is
    (``hearth.gardening.audience``), ``confirm_widen`` is needed; without it the
    refusal says who would newly see it. Search follows at once; people notified
    about it who may not read the new space stop seeing those notifications.
    """
    source = conversation.space
    _require_gardenable(actor, conversation)
    move_target_require(actor, to_space)
    if to_space.pk == source.pk:
        raise Invalid("The conversation is already in this space.", field="to_space")
    _confirm_widening(source, to_space, confirm_widen, what="this conversation")
    with transaction.atomic():
        _locked(conversation)
        conversation_relocate(conversation, to_space)
        record(
            actor,
            target=conversation,
            space=source,
            before={"space_id": source.pk},
            after={"space_id": to_space.pk},
            via=via,
        )
        _notify_author(
            actor=actor,
            author=conversation.author,
            conversation=conversation,
            space=to_space,
            text=f"Your conversation “{conversation.title}” was moved to {to_space}.",
        )
    unread_recount_outside(conversation, to_space)
    return conversation
