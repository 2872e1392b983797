"""Warn, silence or ban a person, and lift it (early, or when it runs out)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor, role_map_version_bump
from hearth.core.changes import change, record
from hearth.core.errors import Forbidden, Invalid
from hearth.moderation import policies
from hearth.moderation.models import (
    Case,
    Sanction,
    active_sanctions_q,
)
from hearth.moderation.services.report import REASON_MAX
from hearth.notifications.services import notification_send
from hearth.spaces.models import Membership, Role, Space

if TYPE_CHECKING:
    from hearth.people.models import User


def _check_until(kind: str, until) -> datetime | None:
    if isinstance(until, str) and until:
        from django.utils.dateparse import parse_datetime

        parsed = parse_datetime(until)
        if parsed is None:
            raise Invalid(
                "Give the end as a date and time, e.g. 2026-12-31T18:00:00Z.", field="until"
            )
        until = parsed
    if until in ("", None):
        until = None
    if until is not None and timezone.is_naive(until):
        until = timezone.make_aware(until, timezone.get_current_timezone())
    if kind == Sanction.Kind.WARNING:
        return None
    if until is None:
        if kind == Sanction.Kind.BAN:
            return None  # a ban may be permanent
        raise Invalid(f"A {kind} needs an end.", field="until")
    if until <= timezone.now():
        raise Invalid("The end must be in the future.", field="until")
    if until > timezone.now() + timedelta(days=366 * 5):
        raise Invalid("The end can be at most five years ahead.", field="until")
    return until


def _refresh_person_flags(person) -> None:
    """Recompute the person's ``suspended_until`` and ``has_restrictions`` from the
    sanctions in force (see ``people.User``)."""
    active = Sanction.objects.filter(active_sanctions_q(), person=person)
    suspended_until = active.filter(kind=Sanction.Kind.SUSPENSION).aggregate(end=Max("ends_at"))[
        "end"
    ]
    restricted = active.filter(kind__in=[Sanction.Kind.SILENCE, Sanction.Kind.BAN]).exists()
    get_user_model().objects.filter(pk=person.pk).update(
        suspended_until=suspended_until, has_restrictions=restricted
    )
    person.suspended_until, person.has_restrictions = suspended_until, restricted


def _describe(sanction: Sanction) -> str:
    where = f" in {sanction.space.name}" if sanction.space_id else ""
    until = f" until {sanction.ends_at:%d %b %Y, %H:%M} UTC" if sanction.ends_at else ""
    if sanction.kind == Sanction.Kind.WARNING:
        return f"A moderator warned you{where}. Reason: {sanction.reason}"
    what = {"silence": "silenced", "suspension": "suspended", "ban": "banned"}[sanction.kind]
    return f"You are {what}{where}{until}. Reason: {sanction.reason}"


@change("sanction.", role="facilitator", check=None)
def sanction_create(
    *,
    actor: Actor,
    person: User,
    kind: str,
    reason: str,
    until: datetime | str | None = None,
    space: Space | None = None,
    case: Case | None = None,
    via: str = "web",
) -> Sanction:
    """Warn, silence, suspend (platform-wide) or ban from a space, with a reason the
    person sees and, but for a warning or a permanent ban, an end in the future.

    A space's facilitators and leaders sanction in their space; platform admins
    anywhere and platform-wide. The worker lifts it on time (``sanction_lift``);
    the policy treats it as lifted as soon as its end has passed.
    """
    if space is not None:
        policies.require_review_space(actor, space)
    else:
        policies.require_review_platform(actor)
    if kind not in Sanction.Kind.values:
        raise Invalid(f"The kind is one of: {', '.join(Sanction.Kind.values)}.", field="kind")
    if person.pk == actor.user_id:
        raise Invalid("You cannot sanction yourself.", field="person")
    if person.is_platform_admin and not actor.is_platform_admin:
        raise Forbidden("Only platform admins can sanction a platform admin.")
    if (
        space is not None
        and policies.can_review_space(Actor.for_user(person), space)
        and not actor.is_platform_admin
        # A ban takes the moderator out of their role: a leader by a swap may not.
        and not actor.has_own_role(space, Role.LEADER)
    ):
        policy.refuse_role_change(
            actor,
            space,
            attempt=f"sanction.{kind}",
            user=person,
            via=via,
            message="Only a leader or a platform admin sanctions a moderator of this space.",
        )
    if kind == Sanction.Kind.SUSPENSION and space is not None:
        raise Invalid(
            "A suspension is platform-wide; to keep someone out of one space, ban them from it.",
            field="space",
        )
    if kind == Sanction.Kind.BAN and space is None:
        raise Invalid("A ban is from one space: name the space.", field="space")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Give a reason: the person sees it.", field="reason")
    if len(reason) > REASON_MAX:
        raise Invalid(f"A reason can be at most {REASON_MAX:,} characters.", field="reason")
    ends_at = _check_until(kind, until)
    with transaction.atomic():
        sanction = Sanction.objects.create(
            person=person,
            space=space,
            kind=kind,
            reason=reason,
            ends_at=ends_at,
            created_by=actor.user,
            case=case,
        )
        before = {
            "suspended_until": person.suspended_until.isoformat()
            if person.suspended_until
            else None,
            "has_restrictions": person.has_restrictions,
        }
        removed_from_space = False
        if kind == Sanction.Kind.BAN:
            removed_from_space = _leave_space(person=person, space=space)
        _refresh_person_flags(person)
        record(
            actor,
            action=f"sanction.{kind}",
            target=sanction,
            space=space,
            before=before,
            after={
                "kind": kind,
                "reason": reason,
                "person": person.username,
                "space": space.slug if space else None,
                "ends_at": ends_at.isoformat() if ends_at else None,
                "removed_from_space": removed_from_space,
            },
            via=via,
        )
        notification_send(
            recipient=person,
            kind="moderation",
            space=space,
            url="/moderation/mine/",
            email=True,
            text=_describe(sanction),
        )
        if ends_at is not None:
            transaction.on_commit(lambda: _enqueue_lift(sanction))
    return sanction


def _leave_space(*, person, space: Space) -> bool:
    deleted, _ = Membership.objects.filter(space=space, user=person).delete()
    role_map_version_bump(person.pk)
    if deleted:
        Space.objects.filter(pk=space.pk).update(member_count=F("member_count") - 1)
    return bool(deleted)


def _enqueue_lift(sanction: Sanction) -> None:
    # deferred: tasks.py runs sanction_lift, a service the worker shares with
    # moderators, so it imports this module.
    from hearth.moderation.tasks import sanction_lift_due

    sanction_lift_due.using(run_after=sanction.ends_at).enqueue(sanction_id=sanction.pk)


@change("sanction.lift", role="facilitator", check=None)
def sanction_lift(
    *,
    sanction_id: int,
    actor: Actor | None = None,
    now: datetime | None = None,
    via: str = "worker",
) -> bool:
    """Lift a sanction: by the worker once its end has passed (``actor`` None), or
    early by a moderator. Idempotent: a lifted sanction stays as it is. Returns
    whether this call lifted it."""
    now = now or timezone.now()
    with transaction.atomic():
        sanction = (
            Sanction.objects.select_for_update(of=("self",))
            .select_related("person", "space")
            .filter(pk=sanction_id)
            .first()
        )
        if (
            sanction is None
            or sanction.lifted_at is not None
            or sanction.kind == Sanction.Kind.WARNING
        ):
            return False
        if actor is None:
            if sanction.ends_at is None or sanction.ends_at > now:
                return False  # not due yet: a later run lifts it
        elif sanction.space_id:
            policies.require_review_space(actor, sanction.space)
        else:
            policies.require_review_platform(actor)
        sanction.lifted_at = now
        sanction.save(update_fields=["lifted_at"])
        _refresh_person_flags(sanction.person)
        record(
            actor,
            target=sanction,
            space=sanction.space,
            before={"lifted": False},
            after={"lifted": True, "early": actor is not None},
            via=via,
        )
        notification_send(
            recipient=sanction.person,
            kind="moderation",
            space=sanction.space,
            url="/moderation/mine/",
            text=f"Your {sanction.get_kind_display().lower()} has ended.",
        )
    return True


def sanctions_lift_expired(*, now: datetime | None = None) -> int:
    """Lift every sanction whose end has passed (the worker's periodic sweep, in
    case a deferred lift was lost). Returns how many it lifted."""
    now = now or timezone.now()
    due = (
        Sanction.objects.filter(lifted_at__isnull=True, ends_at__lte=now)
        .exclude(kind=Sanction.Kind.WARNING)
        .values_list("pk", flat=True)
    )
    return sum(sanction_lift(sanction_id=pk, now=now) for pk in list(due))
