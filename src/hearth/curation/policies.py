"""Who curates the platform home page: platform admins and the director of
collaboration (organisation roles, from the actor: no query)."""

from __future__ import annotations

from hearth.access.actor import Actor
from hearth.core.errors import Forbidden


def can_curate_home(actor: Actor) -> bool:
    return actor.is_authenticated and (actor.is_platform_admin or actor.is_director)


def require_curate_home(actor: Actor) -> None:
    if not can_curate_home(actor):
        raise Forbidden(
            "Only platform admins and the director of collaboration curate the home page."
        )


# The home page reaches every employee: changing it is a privileged action.
PRIVILEGED_CHECKS = ("can_curate_home", "require_curate_home")
