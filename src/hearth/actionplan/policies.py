"""Who may see and manage a space's action plan."""

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import Forbidden
from hearth.spaces.models import Role


def can_manage_plan(actor: Actor, space) -> bool:
    """Leaders and facilitators of the space (a swap included) and platform admins."""
    return actor.is_platform_admin or actor.has_role(space, Role.FACILITATOR)


def can_see_plan(actor: Actor, space) -> bool:
    """The plan is the team's working document: its managers, and owners of its tasks
    see their own tasks through the list (members see the plan read-only)."""
    return can_manage_plan(actor, space) or actor.role_in(space) is not None


def require_see_plan(actor: Actor, space) -> None:
    policy.require_see_space(actor, space)
    if not can_see_plan(actor, space):
        raise Forbidden("The action plan is for the space's members.")


def require_manage_plan(actor: Actor, space) -> None:
    """404 for a space the actor may not know; 403 for anyone but leaders and facilitators."""
    policy.require_see_space(actor, space)
    if not can_manage_plan(actor, space):
        raise Forbidden("Only the space's leaders and facilitators can change its action plan.")


# Checks that only a space's leaders (and facilitators) pass: their services are audited.
PRIVILEGED_CHECKS = ("can_manage_plan", "require_manage_plan")
