"""Who may grant and end role swaps."""

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import Forbidden
from hearth.spaces.models import Role


def can_manage_swaps(actor: Actor, space) -> bool:
    """Leaders of the space by membership (not by a swap) and platform admins.

    A member who is leader for a day may not hand the role on: a swap never
    grants the power to make swaps.
    """
    if actor.is_platform_admin:
        return True
    return actor.has_role(space, Role.LEADER) and space.pk not in actor.swapped_roles


def require_manage_swaps(actor: Actor, space) -> None:
    """404 for a space the actor may not know; 403 for anyone but its leaders."""
    policy.require_see_space(actor, space)
    if not can_manage_swaps(actor, space):
        raise Forbidden("Only the space's leaders can let a member swap roles.")


# A service calling one of these must be marked ``@audited``.
PRIVILEGED_CHECKS = ("can_manage_swaps", "require_manage_swaps")
