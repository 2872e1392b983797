"""The audit log: who may read which of its entries."""

from __future__ import annotations

from django.db.models import Q

from hearth.access.actor import Actor
from hearth.access.policy.organisation import is_org_officer
from hearth.access.policy.spaces import space_role_q
from hearth.access.roles import Role


def audit_scope_q(actor: Actor) -> Q | None:
    """Audit entries the actor may read: admins and directors all (None = no
    filter), a unit leader those of their unit's spaces, a space leader those of
    the spaces they lead. Anyone else: nothing."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_platform_admin or actor.is_director:
        return None
    q = space_role_q(actor, Role.LEADER, "space")
    if actor.unit_led_id is not None:
        q |= Q(space__business_unit_id=actor.unit_led_id)
    return q


def can_see_audit(actor: Actor) -> bool:
    """Has an audit log page at all: organisation roles and space leaders."""
    return is_org_officer(actor) or bool(actor.space_ids(min_role=Role.LEADER))
