"""Writes for role swaps: a leader lets a member take another role for a while."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.access.actor import Actor, role_map_version_bump
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Invalid, NotFound
from hearth.notifications.services import notification_send
from hearth.spaces.models import ROLE_RANK, Membership, Role
from hearth.swaps.models import MAX_SWAP, RoleSwap, SwapRole
from hearth.swaps.policies import require_change_swaps

if TYPE_CHECKING:
    from hearth.people.models import User
    from hearth.spaces.models import Space


@change("role_swap.start", role="leader", check=None)
def role_swap_create(
    *, actor: Actor, space: Space, user: User, role: str, until: datetime, via: str = "web"
) -> RoleSwap:
    """Let a current member act as facilitator or leader until ``until`` (7 days at most).

    Refused for non-members, for a role the member already holds or exceeds, for a
    period in the past or longer than seven days, and while another swap is open.
    The worker ends the swap at ``until``; the actor ignores it from that instant.
    """
    require_change_swaps(
        actor, space, attempt="role_swap.start", user=user, details={"role": role}, via=via
    )
    if role not in SwapRole.values:
        raise Invalid("A member can swap into the facilitator or leader role.", field="role")
    if user is None:
        raise Invalid("No one has that username.", field="username")
    now = timezone.now()
    if until is None or timezone.is_naive(until):
        raise Invalid(
            "Give the end of the swap as a date and time with a time zone.", field="until"
        )
    if until <= now:
        raise Invalid("The swap must end in the future.", field="until")
    if until - now > MAX_SWAP:
        raise Invalid("A role swap lasts at most 7 days.", field="until")
    membership = Membership.objects.filter(space=space, user=user).first()
    if membership is None:
        raise Invalid(
            f"{user} is not a member of this space: only members can swap roles.", field="username"
        )
    if ROLE_RANK[Role(membership.role)] >= ROLE_RANK[Role(role)]:
        raise Invalid(f"{user} is already {membership.get_role_display().lower()}.", field="role")
    try:
        with transaction.atomic():
            swap = RoleSwap.objects.create(
                space=space,
                user=user,
                role=role,
                usual_role=membership.role,
                granted_by=actor.user,
                starts_at=now,
                ends_at=until,
            )
            role_map_version_bump(user.pk)
            record(
                actor,
                target=swap,
                space=space,
                after={
                    "user": user.username,
                    "role": role,
                    "usual_role": membership.role,
                    "until": until.isoformat(),
                },
                via=via,
            )
            notification_send(
                recipient=user,
                kind="role_swap",
                actor=actor.user,
                space=space,
                text=f"You are {SwapRole(role).label.lower()} of {space} until {swap.until_label}.",
                url=f"/s/{space.slug}/",
                email=True,
            )
    except IntegrityError as error:
        raise Conflict(f"{user} already has a role swap in this space.") from error
    # deferred: tasks.py runs role_swaps_expire, which shares _end with
    # role_swap_end, so it imports this module.
    from hearth.swaps.tasks import role_swap_end_due

    transaction.on_commit(lambda: role_swap_end_due.using(run_after=until).enqueue(swap.pk))
    return swap


def _end(swap: RoleSwap, *, reason: str, by=None, via: str) -> bool:
    """End one open swap with a conditional update, so two runs cannot both end it."""
    with transaction.atomic():
        ended = RoleSwap.objects.filter(pk=swap.pk, ended_at__isnull=True).update(
            ended_at=timezone.now(), end_reason=reason
        )
        if not ended:
            return False
        role_map_version_bump(swap.user_id)
        record(
            by,
            action="role_swap.end",
            target=swap,
            space=swap.space,
            before={"role": swap.role},
            after={"user": swap.user.username, "back_to": swap.usual_role, "reason": reason},
            via=via,
        )
        text = f"{swap.user}'s turn as {swap.get_role_display().lower()} of {swap.space} has ended."
        for person in {swap.user, swap.granted_by} - {None}:
            notification_send(
                recipient=person,
                kind="role_swap_ended",
                space=swap.space,
                text=text,
                url=f"/s/{swap.space.slug}/",
            )
    return True


@change("role_swap.end", role="leader", check=None)
def role_swap_end(*, actor: Actor, space: Space, swap_id: int, via: str = "web") -> RoleSwap:
    """A leader ends a swap before its time (a swapped leader may not, not even
    another's: who holds a role is for leaders by membership)."""
    require_change_swaps(
        actor, space, attempt="role_swap.end", details={"swap_id": swap_id}, via=via
    )
    swap = (
        RoleSwap.objects.select_related("user", "granted_by", "space")
        .filter(pk=swap_id, space=space)
        .first()
    )
    if swap is None:
        raise NotFound("No such role swap.")
    if swap.ended_at is not None:
        raise Conflict("This role swap has already ended.")
    _end(swap, reason=RoleSwap.EndReason.ENDED_EARLY, by=actor, via=via)
    swap.refresh_from_db()
    return swap


def role_swaps_expire(*, swap_ids: list[int] | None = None) -> int:
    """End every open swap whose time is up (the worker's job); returns how many.

    Idempotent: a swap already ended, or not yet due, is left alone.
    """
    due = RoleSwap.objects.filter(
        ended_at__isnull=True, ends_at__lte=timezone.now()
    ).select_related("user", "granted_by", "space")
    if swap_ids is not None:
        due = due.filter(pk__in=swap_ids)
    return sum(_end(swap, reason=RoleSwap.EndReason.EXPIRED, via="worker") for swap in due)
