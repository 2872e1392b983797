"""Who may shape a space's home and name its key users: its leaders (and platform admins)."""

from hearth.access import policy
from hearth.access.actor import Actor


def can_edit_structure(actor: Actor, space) -> bool:
    """The same people who change the space's settings."""
    return policy.can_edit_space(actor, space)


def require_edit_structure(actor: Actor, space) -> None:
    """404 for a space the actor may not know of; 403 for anyone but its leaders."""
    policy.require_edit_space(actor, space)


# Checks that only a space's leaders (and facilitators) pass: their services are audited.
PRIVILEGED_CHECKS = ("can_edit_structure", "require_edit_structure")
