"""Who may do what with ideas, on top of the space's policy (hearth.access.policy)."""

from __future__ import annotations

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import Forbidden


def can_take_part(actor: Actor, space) -> bool:
    """Submit, vote and comment: members of the space."""
    return policy.can_read_space(actor, space) and policy.can_post_in_space(actor, space)


def can_curate_ideas(actor: Actor, space) -> bool:
    """Change an idea's status and run campaigns: the space's facilitators and leaders."""
    return policy.can_read_space(actor, space) and policy.can_moderate_space(actor, space)


def require_curate_ideas(actor: Actor, space) -> None:
    policy.require_read_space(actor, space)
    if not can_curate_ideas(actor, space):
        raise Forbidden("Only the space's leaders and facilitators can do this.")


# The checks that guard curators' powers (not taking part, which any member may
# do): a service calling one must be declared with ``@change`` (``hearth.core.changes``).
PRIVILEGED_CHECKS = ("can_curate_ideas", "require_curate_ideas")
