"""Who may shape a space's home and name its key users: its leaders (and platform admins)."""

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.access.policy.rules import privileged
from hearth.access.policy.shapes import Space


# Only a space's leaders (and platform admins) pass: their services are audited.
@privileged
def can_edit_structure(actor: Actor, space: Space) -> bool:
    """The same people who change the space's settings."""
    return policy.can_edit_space(actor, space)


@privileged
def require_edit_structure(actor: Actor, space: Space) -> None:
    """404 for a space the actor may not know of; 403 for anyone but its leaders."""
    policy.require_edit_space(actor, space)
