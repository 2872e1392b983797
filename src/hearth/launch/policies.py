"""Who may launch a space (invite in bulk) and write its welcome."""

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import Forbidden
from hearth.spaces.models import Role


def can_launch(actor: Actor, space) -> bool:
    """Bulk invitations: leaders and facilitators of the space, platform admins."""
    return actor.is_platform_admin or actor.has_role(space, Role.FACILITATOR)


def require_launch(actor: Actor, space) -> None:
    """404 for a space the actor may not know; 403 for anyone but its leaders and facilitators."""
    policy.require_see_space(actor, space)
    if not can_launch(actor, space):
        raise Forbidden("Only the space's leaders and facilitators can invite people in bulk.")


def require_edit_welcome(actor: Actor, space) -> None:
    """The welcome message is the leaders'."""
    policy.require_edit_space(actor, space)


# Checks that only a space's leaders (and facilitators) pass: their services are audited.
PRIVILEGED_CHECKS = ("can_launch", "require_launch", "require_edit_welcome")
