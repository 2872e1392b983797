"""Who curates the platform home page: platform admins and the director of
collaboration (organisation roles, from the actor: no query)."""

from __future__ import annotations

from hearth.access.actor import Actor
from hearth.access.policy.rules import rule


# The home page reaches every employee: changing it is a privileged action.
@rule(
    message="Only platform admins and the director of collaboration curate the home page.",
    privileged=True,
)
def can_curate_home(actor: Actor) -> bool:
    return actor.is_authenticated and (actor.is_platform_admin or actor.is_director)


require_curate_home = can_curate_home.require
