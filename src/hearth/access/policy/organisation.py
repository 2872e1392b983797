"""Organisation roles: who administers spaces without reading them, and accounts.

  platform admin        (the IT solution manager) every space; accounts, org roles.
  director              every space: settings, members, access requests, metrics.
  unit leader           (business collaboration leader) the same, for the spaces of
                        their own business unit only.

``Actor.audit_role`` names the role an action is taken under, for the audit log
(``as_role``).
"""

from __future__ import annotations

from django.db.models import Model, Q

from hearth.access.actor import Actor
from hearth.access.policy.rules import rule
from hearth.access.policy.shapes import Space

ORG_PLATFORM_ADMIN = "platform_admin"
ORG_DIRECTOR = "director"
ORG_UNIT_LEADER = "unit_leader"


def org_scope_role(actor: Actor, space: Space) -> str | None:
    """The organisation role under which the actor administers ``space``, if any:
    "platform_admin", "director", "unit_leader" (only for a space of their own
    business unit), or None."""
    return actor.org_role_over(space)


def space_administered_q(actor: Actor, space_field: str = "") -> Q:
    """Spaces the actor administers through an organisation role (every space
    for admins and directors, their unit's for a unit leader, none otherwise)."""
    prefix = f"{space_field}__" if space_field else ""
    if not actor.is_authenticated:
        return Q(**{f"{prefix}pk__in": []})
    if actor.is_platform_admin or actor.is_director:
        # Not Q(): an empty Q vanishes when combined with "|".
        return Q(**{f"{prefix}pk__isnull": False})
    if actor.unit_led_id is not None:
        return Q(**{f"{prefix}business_unit_id": actor.unit_led_id})
    return Q(**{f"{prefix}pk__in": []})


def is_org_officer(actor: Actor) -> bool:
    """Holds an organisation role that administers spaces."""
    return actor.is_authenticated and (
        actor.is_platform_admin or actor.is_director or actor.unit_led_id is not None
    )


# -- Organisation roles and units ----------------------------------------------------


@rule(message="Only platform admins can change organisation roles.", privileged=True)
def can_change_org_roles(actor: Actor) -> bool:
    """Name platform admins, directors and unit leaders: platform admins only."""
    return actor.is_platform_admin


require_change_org_roles = can_change_org_roles.require


def can_see_org_roles(actor: Actor) -> bool:
    """The platform permission page: the organisation roles themselves."""
    return is_org_officer(actor)


@rule(
    message=(
        "Only platform admins, directors and the unit's collaboration "
        "leaders can see this unit's permissions."
    )
)
def can_see_unit(actor: Actor, unit: Model) -> bool:
    """A business unit's permission page: admins, directors, its own leaders."""
    return actor.is_authenticated and (
        actor.is_platform_admin or actor.is_director or actor.unit_led_id == unit.pk
    )


require_see_unit = can_see_unit.require

# -- People ------------------------------------------------------------------------


@rule(message="Only platform admins can create accounts.", privileged="twin")
def can_create_person(actor: Actor) -> bool:
    return actor.is_platform_admin


require_create_person = can_create_person.require


@rule(message="You can only edit your own profile.", privileged="twin")
def can_edit_profile(actor: Actor, person: Model) -> bool:
    return actor.is_authenticated and (actor.user_id == person.pk or actor.is_platform_admin)


# One's own profile, or anyone's for a platform admin (audited when not one's own).
require_edit_profile = can_edit_profile.require
