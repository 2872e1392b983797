"""Who may see and manage a space's action plan.

The plan is the space's content like its conversations: it is read only where the
one policy lets the actor read the space's content (``policy.can_read_space``:
the visibility, the lifecycle state and membership), and within that by the
space's members. Organisation roles administer spaces without reading them, so a
platform admin reads and manages the plan of a restricted, private, draft or
pilot space only as a member who may read it there, like anyone else.
"""

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.access.policy.rules import rule
from hearth.access.policy.shapes import Space
from hearth.access.roles import Role


@rule(first=(policy.require_see_space,), message="The action plan is for the space's members.")
def can_see_plan(actor: Actor, space: Space) -> bool:
    """Members who may read the space's content, and platform admins where they may
    read it (an open, live space); owners see their own tasks through the list."""
    if not policy.can_read_space(actor, space):
        return False
    return actor.is_platform_admin or actor.role_in(space) is not None


# 404 for a space the actor may not know; 403 for a plan they may not read.
require_see_plan = can_see_plan.require


# Only a space's leaders (and facilitators) pass: their services are audited.
@rule(
    first=(require_see_plan,),
    message="Only the space's leaders and facilitators can change its action plan.",
    privileged=True,
)
def can_manage_plan(actor: Actor, space: Space) -> bool:
    """Leaders and facilitators of the space (a swap included), and platform admins,
    of a plan they may see."""
    return can_see_plan(actor, space) and (
        actor.is_platform_admin or actor.has_role(space, Role.FACILITATOR)
    )


# 404 for a space the actor may not know; 403 for anyone but leaders and facilitators.
require_manage_plan = can_manage_plan.require
