"""Who may do what with ideas, on top of the space's policy (hearth.access.policy)."""

from __future__ import annotations

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.access.policy.rules import rule
from hearth.access.policy.shapes import Space


def can_take_part(actor: Actor, space: Space) -> bool:
    """Submit, vote and comment: members of the space."""
    return policy.can_read_space(actor, space) and policy.can_post_in_space(actor, space)


# Curators' powers (not taking part, which any member may do): a service asking
# them must be marked ``@audited``.
@rule(
    first=(policy.require_read_space,),
    message="Only the space's leaders and facilitators can do this.",
    privileged=True,
)
def can_curate_ideas(actor: Actor, space: Space) -> bool:
    """Change an idea's status and run campaigns: the space's facilitators and leaders."""
    return policy.can_read_space(actor, space) and policy.can_moderate_space(actor, space)


require_curate_ideas = can_curate_ideas.require
