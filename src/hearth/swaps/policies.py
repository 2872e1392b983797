"""Who may grant and end role swaps."""

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.access.policy.rules import privileged, rule
from hearth.access.policy.shapes import Space
from hearth.access.roles import Role

MESSAGE = "Only the space's leaders can let a member swap roles."


@rule(first=(policy.require_see_space,), message=MESSAGE, privileged=True)
def can_manage_swaps(actor: Actor, space: Space) -> bool:
    """Leaders of the space by membership (not by a swap) and platform admins.

    A member who is leader for a day may not hand the role on, nor end or change
    another's swap: a swap never grants the power to change who holds a role
    (``policy.can_change_roles_in_space``, whose own-role rule this shares).
    """
    if actor.is_platform_admin:
        return True
    return actor.has_own_role(space, Role.LEADER)


# 404 for a space the actor may not know; 403 for anyone but its leaders.
require_manage_swaps = can_manage_swaps.require


@privileged
def require_change_swaps(
    actor: Actor,
    space: Space,
    *,
    attempt: str,
    user: object = None,
    details: dict | None = None,
    via: str = "web",
) -> None:
    """``require_manage_swaps`` for a write (granting or ending a swap): a refusal
    of someone holding a swapped role is recorded (``policy.refuse_role_change``)."""
    policy.require_see_space(actor, space)
    if not can_manage_swaps(actor, space):
        policy.refuse_role_change(
            actor, space, attempt=attempt, user=user, details=details, via=via, message=MESSAGE
        )
