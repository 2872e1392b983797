"""Reads for role swaps."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.swaps.models import RoleSwap
from hearth.swaps.policies import require_manage_swaps


def in_force_q(now=None) -> Q:
    now = now or timezone.now()
    return Q(ended_at__isnull=True, starts_at__lte=now, ends_at__gt=now)


def swap_role_in_force(*, user_id: int, space_id: int) -> str | None:
    """The role a person holds by a swap in force in a space, if any (one query)."""
    return (
        RoleSwap.objects.filter(in_force_q(), user_id=user_id, space_id=space_id)
        .values_list("role", flat=True)
        .first()
    )


def swap_list(*, actor: Actor, space) -> QuerySet:
    """Every swap of the space, the ones in force first (leaders only)."""
    require_manage_swaps(actor, space)
    return (
        RoleSwap.objects.filter(space=space)
        .select_related("user", "granted_by")
        .order_by("ended_at", "-starts_at", "-id")
    )


def swap_banners(*, actor: Actor, space) -> list[RoleSwap]:
    """Swaps in force in the space that concern the actor: their own, or ones they
    granted (one query; none for someone who is neither)."""
    if not actor.is_authenticated:
        return []
    return list(
        RoleSwap.objects.filter(in_force_q(), space=space)
        .filter(Q(user_id=actor.user_id) | Q(granted_by_id=actor.user_id))
        .select_related("user", "granted_by")[:10]
    )
