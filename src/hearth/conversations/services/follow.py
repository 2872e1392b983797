"""Follow a space, a conversation or a tag, and stop following it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import (
    Conversation,
    Follow,
    Tag,
)
from hearth.conversations.selectors import tag_visible_q
from hearth.core.errors import Invalid, NotFound

if TYPE_CHECKING:
    from hearth.spaces.models import Space


def follow_set(
    *,
    actor: Actor,
    level: str,
    space: Space | None = None,
    conversation: Conversation | None = None,
    tag: Tag | str | None = None,
) -> Follow:
    """Follow a space, a conversation or a tag at a level (watching, normal, muted)."""
    if level not in Follow.Level.values:
        raise Invalid("The level is watching, normal or muted.", field="level")
    if space is not None:
        policy.require_read_space(actor, space)
        target = {"space": space}
    elif conversation is not None:
        policy.require_read_conversation(actor, conversation)
        target = {"conversation": conversation}
    elif tag is not None:
        # A tag used only where the actor may not read is no tag for them.
        if not Tag.objects.filter(tag_visible_q(actor), pk=tag.pk).exists():
            raise NotFound("No such tag.")
        target = {"tag": tag}
    else:
        raise Invalid("Follow a space, a conversation or a tag.")
    follow, _ = Follow.objects.update_or_create(
        user=actor.user, **target, defaults={"level": level}
    )
    return follow


def follow_remove(
    *,
    actor: Actor,
    space: Space | None = None,
    conversation: Conversation | None = None,
    tag: Tag | str | None = None,
) -> None:
    """Stop following a space, a conversation or a tag (nothing to do if not followed)."""
    target = (
        {"space": space}
        if space is not None
        else {"conversation": conversation}
        if conversation is not None
        else {"tag": tag}
    )
    Follow.objects.filter(user_id=actor.user_id, **target).delete()


def tag_follow_remove(*, actor: Actor, slug: str) -> None:
    """Stop following the tag of this slug: the same for a tag that exists, one the
    actor may not know of and one that never existed (nothing says which)."""
    Follow.objects.filter(user_id=actor.user_id, tag__slug=slug).delete()
