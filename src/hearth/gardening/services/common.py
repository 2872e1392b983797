"""What every gardening verb shares: limits, the checks that a conversation may
be gardened and has not changed meanwhile, and telling its author.
"""

from __future__ import annotations

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import TITLE_MAX, Conversation, Follow
from hearth.core.errors import Conflict, Invalid
from hearth.gardening import policies
from hearth.gardening.audience import (
    audience_widening_message,
    audience_widens,
)
from hearth.notifications.services import notification_send

MAX_NOTIFIED = 20
MESSAGE_MAX = 500
MAX_SPLIT = 200
# Stronger first: merging keeps the stronger of two follows of the same person.
FOLLOW_STRENGTH = {Follow.Level.WATCHING: 2, Follow.Level.NORMAL: 1, Follow.Level.MUTED: 0}


# -- Shared checks ------------------------------------------------------------------


def _require_gardenable(actor: Actor, conversation: Conversation) -> None:
    """The actor gardens the conversation's space, and it is still a live item."""
    policies.require_garden(actor, conversation.space)
    if conversation.merged_into_id is not None:
        raise Invalid("This conversation was merged into another one.")
    if conversation.removed_at is not None:
        raise Invalid("This conversation was removed; it cannot be gardened.")


def _locked(conversation: Conversation) -> Conversation:
    """The conversation's row, locked for the transaction, unchanged since it was read
    (its space and state), or Conflict."""
    row = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if (row.space_id, row.removed_at, row.merged_into_id) != (
        conversation.space_id,
        conversation.removed_at,
        conversation.merged_into_id,
    ):
        raise Conflict("This conversation changed meanwhile; reload the page and try again.")
    return row


def _confirm_widening(source, target, confirmed: bool, *, what: str) -> None:
    if not confirmed and audience_widens(source, target):
        raise Conflict(audience_widening_message(source, target, what=what), field="confirm_widen")


def _clean_title(title) -> str:
    if not isinstance(title, str):
        raise Invalid("The title is text.", field="title")
    title = " ".join(title.split())
    if len(title) < 5:
        raise Invalid("Give a title of at least 5 characters.", field="title")
    if len(title) > TITLE_MAX:
        raise Invalid(f"A title can be at most {TITLE_MAX} characters.", field="title")
    return title


# Row ids are 64-bit signed integers: a number outside 1 ≤ n < 2**63 names no row,
# and the database driver would fail on it (OverflowError) rather than find none.
ID_MAX = 2**63 - 1


def id_in_range(number: int) -> bool:
    return 1 <= number <= ID_MAX


def conversation_ref_parse(value: int | str | None, *, field: str) -> int:
    """A conversation's number from "123", "/c/123/" or a full link."""
    try:
        number = int(str(value).strip().rstrip("/").rsplit("/", 1)[-1])
    except (TypeError, ValueError) as error:
        raise Invalid("Give the conversation's number or link (…/c/123/).", field=field) from error
    if not id_in_range(number):
        raise Invalid("Give the conversation's number or link (…/c/123/).", field=field)
    return number


def _notify_author(*, actor: Actor, author, conversation: Conversation, space, text: str) -> None:
    """Tell ``author`` where their conversation went (``conversation``, in ``space``),
    if they may read it there."""
    if (
        author
        and author.pk != actor.user_id
        and author.is_active
        and policy.can_read_space(Actor.for_user(author), space)
    ):
        notification_send(
            recipient=author,
            kind="gardening",
            actor=actor.user,
            space=space,
            conversation=conversation,
            url=conversation.get_absolute_url(),
            text=text,
        )
