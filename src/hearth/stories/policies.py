"""Who may do what with success stories, on top of the space's policy
(hearth.access.policy)."""

from __future__ import annotations

from django.db.models import Model

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.access.policy.rules import on_space, rule
from hearth.access.policy.shapes import Space


def can_write_story(actor: Actor, space: Space) -> bool:
    """Write a story in a space: its members who may post there (not archived,
    not silenced)."""
    return policy.can_read_space(actor, space) and policy.can_post_in_space(actor, space)


# Powers over other people's conversations and stories: a service asking one must
# be marked ``@audited``.
@rule(
    first=(on_space(policy.require_read_space), on_space(policy.require_write_in_space)),
    message="Only the story's author and the space's facilitators and leaders can edit it.",
    privileged=True,
)
def can_edit_story(actor: Actor, story: Model) -> bool:
    """Its author while they may post in the space; the space's facilitators and
    leaders for anyone's story. Never in an archived space."""
    space = story.space
    if not policy.can_read_space(actor, space) or not policy.can_write_in_space(actor, space):
        return False
    own = story.author_id is not None and story.author_id == actor.user_id
    return (own and policy.can_post_in_space(actor, space)) or policy.can_moderate_space(
        actor, space
    )


require_edit_story = can_edit_story.require


@rule(
    first=(policy.require_read_conversation, on_space(policy.require_write_in_space)),
    message=(
        "Only the space's facilitators and leaders can mark business "
        "outcomes and promote conversations to stories."
    ),
    privileged=True,
)
def can_curate_outcomes(actor: Actor, conversation: Model) -> bool:
    """Mark a conversation as a business outcome and promote it to a story: the
    space's facilitators and leaders who may read it, not in an archived space."""
    space = conversation.space
    return (
        policy.can_read_conversation(actor, conversation)
        and policy.can_write_in_space(actor, space)
        and policy.can_moderate_space(actor, space)
    )


require_curate_outcomes = can_curate_outcomes.require
