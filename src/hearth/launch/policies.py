"""Who may launch a space (invite in bulk) and write its welcome."""

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.access.policy.rules import privileged, rule
from hearth.access.policy.shapes import Space
from hearth.access.roles import Role


# Only a space's leaders and facilitators pass: their services are audited.
@rule(
    first=(policy.require_see_space,),
    message="Only the space's leaders and facilitators can invite people in bulk.",
    privileged=True,
)
def can_launch(actor: Actor, space: Space) -> bool:
    """Bulk invitations: leaders and facilitators of the space, platform admins."""
    return actor.is_platform_admin or actor.has_role(space, Role.FACILITATOR)


# 404 for a space the actor may not know; 403 for anyone but its leaders and facilitators.
require_launch = can_launch.require


@privileged
def require_edit_welcome(actor: Actor, space: Space) -> None:
    """The welcome message is the leaders'."""
    policy.require_edit_space(actor, space)
