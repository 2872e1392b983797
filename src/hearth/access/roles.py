"""The words the policy decides with: space roles, visibility, lifecycle states.

They sit here, below every model, so that the policy and the actor read them
without importing ``spaces.models`` (whose querysets ask the policy). The spaces
app uses them as its fields' choices and re-exports them, so
``hearth.spaces.models.Role`` and the others still name the same classes.
"""

from django.db import models


class Visibility(models.TextChoices):
    OPEN = "open", "Open"
    RESTRICTED = "restricted", "Restricted"
    PRIVATE = "private", "Private"


class Role(models.TextChoices):
    LEADER = "leader", "Leader"
    FACILITATOR = "facilitator", "Facilitator"
    CHAMPION = "champion", "Champion"
    MEMBER = "member", "Member"


# Higher rank includes the powers of the lower ones.
ROLE_RANK = {Role.MEMBER: 1, Role.CHAMPION: 2, Role.FACILITATOR: 3, Role.LEADER: 4}


def role_at_least(role: str, minimum: Role) -> bool:
    """Does ``role`` include the powers of ``minimum``?"""
    return ROLE_RANK[Role(role)] >= ROLE_RANK[minimum]


class LifecycleState(models.TextChoices):
    """Where a space is in its life: prepared, piloted with champions, live, wrapped up."""

    DRAFT = "draft", "Draft"
    PILOT = "pilot", "Pilot"
    LIVE = "live", "Live"
    ARCHIVED = "archived", "Archived"
