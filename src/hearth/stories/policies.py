"""Who may do what with success stories, on top of the space's policy
(hearth.access.policy)."""

from __future__ import annotations

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import Forbidden


def can_write_story(actor: Actor, space) -> bool:
    """Write a story in a space: its members who may post there (not archived,
    not silenced)."""
    return policy.can_read_space(actor, space) and policy.can_post_in_space(actor, space)


def can_edit_story(actor: Actor, story) -> bool:
    """Its author while they may post in the space; the space's facilitators and
    leaders for anyone's story. Never in an archived space."""
    space = story.space
    if not policy.can_read_space(actor, space) or not policy.can_write_in_space(actor, space):
        return False
    own = story.author_id is not None and story.author_id == actor.user_id
    return (own and policy.can_post_in_space(actor, space)) or policy.can_moderate_space(
        actor, space
    )


def require_edit_story(actor: Actor, story) -> None:
    policy.require_read_space(actor, story.space)
    policy.require_write_in_space(actor, story.space)
    if not can_edit_story(actor, story):
        raise Forbidden(
            "Only the story's author and the space's facilitators and leaders can edit it."
        )


def can_curate_outcomes(actor: Actor, conversation) -> bool:
    """Mark a conversation as a business outcome and promote it to a story: the
    space's facilitators and leaders who may read it, not in an archived space."""
    space = conversation.space
    return (
        policy.can_read_conversation(actor, conversation)
        and policy.can_write_in_space(actor, space)
        and policy.can_moderate_space(actor, space)
    )


def require_curate_outcomes(actor: Actor, conversation) -> None:
    policy.require_read_conversation(actor, conversation)
    policy.require_write_in_space(actor, conversation.space)
    if not can_curate_outcomes(actor, conversation):
        raise Forbidden(
            "Only the space's facilitators and leaders can mark business "
            "outcomes and promote conversations to stories."
        )


# The checks that grant a power over other people's conversations and stories: a
# service calling one must be declared with ``@change`` (``hearth.core.changes``).
PRIVILEGED_CHECKS = (
    "can_edit_story",
    "require_edit_story",
    "can_curate_outcomes",
    "require_curate_outcomes",
)
