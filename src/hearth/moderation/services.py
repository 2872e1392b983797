"""Writes for moderation: reports, decisions, sanctions, guidelines, staff notes.

Each reads top to bottom: policy → input → change in one transaction with its
audit entry → notifications, and work for the worker queued on commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.audit import audit_record, audited
from hearth.core.errors import Conflict, Forbidden, Invalid
from hearth.core.markdown import markdown_render
from hearth.moderation import policies
from hearth.moderation.models import (
    DEFAULT_REPORT_THRESHOLD,
    Case,
    Guideline,
    Reason,
    Report,
    Sanction,
    SpaceModeration,
    StaffNote,
    active_sanctions_q,
)
from hearth.moderation.ratelimit import rate_limit_hit
from hearth.moderation.targets import target_kind
from hearth.notifications.services import notification_send
from hearth.spaces.models import Membership, Role, Space

REASON_MAX = 2000
REPORT_TEXT_MAX = 1000
THRESHOLD_RANGE = (1, 50)


def report_threshold(space) -> int:
    """Reports from this many distinct people hide an item in ``space``."""
    if space is None:
        return DEFAULT_REPORT_THRESHOLD
    row = (
        SpaceModeration.objects.filter(space=space)
        .values_list("report_threshold", flat=True)
        .first()
    )
    return row or DEFAULT_REPORT_THRESHOLD


# -- Reports ---------------------------------------------------------------------------


def _moderators_of(space):
    User = get_user_model()
    if space is None:
        return User.objects.filter(is_active=True, org_role=User.OrgRole.ADMIN)
    return User.objects.filter(
        is_active=True,
        memberships__space=space,
        memberships__role__in=[Role.LEADER, Role.FACILITATOR],
    )


def report_create(
    *, actor: Actor, target_type: str, target_id: int, reason: str, text: str = "", via: str = "web"
) -> Report:
    """Report an item the actor can read, once; not one's own.

    Reports from the space's threshold of distinct people hide the item until a
    moderator decides, and tell the moderators.
    """
    kind = target_kind(target_type)
    if not isinstance(target_id, int) or isinstance(target_id, bool) or target_id < 1:
        raise Invalid("target_id is the id of the item.", field="target_id")
    item = kind.get(actor=actor, target_id=target_id)
    policies.require_not_own(actor, kind.author_id_of(item))
    if kind.is_removed(item):
        raise Invalid(f"This {kind.label} was removed already.")
    if reason not in Reason.values:
        raise Invalid(f"The reason is one of: {', '.join(Reason.values)}.", field="reason")
    text = (text or "").strip()
    if reason == Reason.OTHER and not text:
        raise Invalid("Say what is wrong.", field="text")
    if len(text) > REPORT_TEXT_MAX:
        raise Invalid(
            f"A report's text can be at most {REPORT_TEXT_MAX:,} characters.", field="text"
        )
    space = kind.space_of(item)
    rate_limit_hit(actor=actor, action="report")
    try:
        with transaction.atomic():
            case, _ = Case.objects.select_for_update().get_or_create(
                target_type=kind.name,
                target_id=item.pk,
                status=Case.Status.OPEN,
                defaults={
                    "space": space,
                    "author_id": kind.author_id_of(item),
                    "target_label": kind.label_of(item),
                },
            )
            report = Report.objects.create(case=case, reporter=actor.user, reason=reason, text=text)
            Case.objects.filter(pk=case.pk).update(report_count=F("report_count") + 1)
            case.refresh_from_db(fields=["report_count"])
            if (
                kind.can_hide
                and case.hidden_at is None
                and case.report_count >= report_threshold(space)
            ):
                _hide_by_reports(case=case, kind=kind, item=item, space=space)
    except IntegrityError as error:
        raise Conflict(
            f"You have already reported this {kind.label}; moderators will review it."
        ) from error
    return report


def _hide_by_reports(*, case: Case, kind, item, space) -> None:
    case.hidden_at = timezone.now()
    case.save(update_fields=["hidden_at"])
    kind.hide(item)
    audit_record(
        actor=None,
        action="moderation.auto_hide",
        target=case,
        space=space,
        before={"hidden": False},
        after={"hidden": True, "reports": case.report_count},
    )
    for moderator in _moderators_of(space):
        notification_send(
            recipient=moderator,
            kind="moderation_review",
            space=space,
            about=case,
            url=f"/moderation/cases/{case.pk}/",
            text=f"{case.report_count} people reported “{case.target_label}”; "
            "it is hidden until someone reviews it.",
        )


# -- Decisions ---------------------------------------------------------------------------

OUTCOME = {
    Case.Decision.KEEP: "was reviewed and kept",
    Case.Decision.HIDE: "was hidden by a moderator",
    Case.Decision.REMOVE: "was removed by a moderator",
    Case.Decision.EDIT: "was edited by a moderator",
}


@audited("moderation.")
def case_decide(
    *,
    actor: Actor,
    case: Case,
    decision: str,
    reason: str = "",
    body: str = "",
    sanction: dict | None = None,
    via: str = "web",
) -> Case:
    """Decide an open case: keep (reports dismissed, item shown again), hide, remove
    (softly, kept for audit) or edit (with a reason the author sees), and optionally
    sanction the author at the same time. The reporters learn the outcome."""
    policies.require_review_case(actor, case)
    if not case.is_open:
        raise Conflict("This case is decided already.")
    if decision not in Case.Decision.values:
        raise Invalid(
            f"The decision is one of: {', '.join(Case.Decision.values)}.", field="decision"
        )
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise Invalid(f"A reason can be at most {REASON_MAX:,} characters.", field="reason")
    if decision == Case.Decision.EDIT and not reason:
        raise Invalid("Say why you edit it: the author sees the reason.", field="reason")
    kind = target_kind(case.target_type)
    item = kind.load_many([case.target_id]).get(case.target_id)
    if item is None:
        raise Conflict("The reported item no longer exists.")
    if decision in (Case.Decision.HIDE, Case.Decision.REMOVE) and not kind.can_hide:
        raise Invalid(
            f"A {kind.label} cannot be hidden or removed; edit it or sanction its owner.",
            field="decision",
        )
    space = case.space
    before = {
        "hidden": getattr(item, "hidden_at", None) is not None,
        "removed": kind.is_removed(item),
    }
    if decision == Case.Decision.EDIT:
        before["text"] = kind.text_of(item)
    now = timezone.now()
    with transaction.atomic():
        if decision == Case.Decision.KEEP:
            kind.unhide(item)
        elif decision == Case.Decision.HIDE:
            kind.hide(item)
        elif decision == Case.Decision.REMOVE:
            kind.remove(actor=actor, item=item)
        else:
            kind.edit(actor=actor, item=item, body=body)
        case.status, case.decision, case.decision_reason = Case.Status.DECIDED, decision, reason
        case.decided_at, case.decided_by = now, actor.user
        case.save(
            update_fields=["status", "decision", "decision_reason", "decided_at", "decided_by"]
        )
        after = {
            "decision": decision,
            "reason": reason,
            "hidden": getattr(item, "hidden_at", None) is not None,
            "removed": kind.is_removed(item),
            "seconds_to_decision": int(case.time_to_decision.total_seconds()),
        }
        if decision == Case.Decision.EDIT:
            after["text"] = kind.text_of(item)
        audit_record(
            actor=actor.user,
            action=f"moderation.{decision}",
            target=case,
            space=space,
            before=before,
            after=after,
            via=via,
            as_role=policies.acting_role(actor, space),
        )
        _tell_outcome(actor=actor, case=case, kind=kind, item=item)
        if sanction:
            if case.author_id is None:
                raise Invalid(
                    "The author of this item is no longer here to sanction.", field="sanction"
                )
            sanction_create(
                actor=actor,
                person=case.author,
                case=case,
                via=via,
                kind=sanction.get("kind", ""),
                reason=sanction.get("reason", ""),
                until=sanction.get("until"),
                space=space if sanction.get("in_space", True) else None,
            )
    return case


def _tell_outcome(*, actor: Actor, case: Case, kind, item) -> None:
    outcome = OUTCOME[case.decision]
    url = kind.url_of(item)
    for report in case.reports.select_related("reporter"):
        notification_send(
            recipient=report.reporter,
            kind="moderation_report",
            actor=None,
            space=case.space,
            about=case,
            url=url if case.decision == "keep" else "",
            text=f"Thank you for your report: “{case.target_label}” {outcome}.",
        )
    if case.author and case.decision != Case.Decision.KEEP:
        why = f" Reason: {case.decision_reason}" if case.decision_reason else ""
        notification_send(
            recipient=case.author,
            kind="moderation",
            space=case.space,
            url="/moderation/mine/",
            email=True,
            text=f"Your {kind.label} “{case.target_label}” {outcome}.{why}",
        )


# -- Sanctions ---------------------------------------------------------------------------


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


@audited("sanction.")
def sanction_create(
    *,
    actor: Actor,
    person,
    kind: str,
    reason: str,
    until=None,
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
        audit_record(
            actor=actor.user,
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
            as_role=policies.acting_role(actor, space),
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
    if deleted:
        Space.objects.filter(pk=space.pk).update(member_count=F("member_count") - 1)
    return bool(deleted)


def _enqueue_lift(sanction: Sanction) -> None:
    # deferred: tasks.py runs sanction_lift, a service the worker shares with
    # moderators, so it imports this module.
    from hearth.moderation.tasks import sanction_lift_due

    sanction_lift_due.using(run_after=sanction.ends_at).enqueue(sanction_id=sanction.pk)


@audited("sanction.lift")
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
        audit_record(
            actor=actor.user if actor else None,
            action="sanction.lift",
            target=sanction,
            space=sanction.space,
            before={"lifted": False},
            after={"lifted": True, "early": actor is not None},
            via=via,
            as_role=policies.acting_role(actor, sanction.space) if actor else "",
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


# -- Guidelines, threshold, notes -----------------------------------------------------------


@audited("moderation.guidelines")
def guideline_publish(*, actor: Actor, space: Space, body: str, via: str = "web") -> Guideline:
    """Publish a new version of the space's moderation guidelines (Markdown)."""
    policies.require_review_space(actor, space)
    body = (body or "").strip()
    if not body:
        raise Invalid("Write the guidelines first.", field="body")
    if len(body) > 10_000:
        raise Invalid("Guidelines can be at most 10,000 characters.", field="body")
    with transaction.atomic():
        latest = (
            Guideline.objects.select_for_update().filter(space=space).order_by("-version").first()
        )
        if latest and latest.body == body:
            raise Invalid("Nothing changed since the current version.", field="body")
        guideline = Guideline.objects.create(
            space=space,
            version=(latest.version + 1) if latest else 1,
            body=body,
            body_html=markdown_render(body),
            author=actor.user,
        )
        audit_record(
            actor=actor.user,
            action="moderation.guidelines",
            target=guideline,
            space=space,
            before={"version": latest.version if latest else None},
            after={"version": guideline.version},
            via=via,
            as_role=policies.acting_role(actor, space),
        )
    return guideline


@audited("moderation.threshold")
def report_threshold_set(*, actor: Actor, space: Space, threshold, via: str = "web") -> int:
    """Set how many distinct reports hide an item in the space."""
    policies.require_review_space(actor, space)
    low, high = THRESHOLD_RANGE
    if (
        not isinstance(threshold, int)
        or isinstance(threshold, bool)
        or not low <= threshold <= high
    ):
        raise Invalid(f"The threshold is a number from {low} to {high}.", field="threshold")
    with transaction.atomic():
        before = report_threshold(space)
        SpaceModeration.objects.update_or_create(
            space=space, defaults={"report_threshold": threshold}
        )
        audit_record(
            actor=actor.user,
            action="moderation.threshold",
            target=space,
            space=space,
            before={"threshold": before},
            after={"threshold": threshold},
            via=via,
            as_role=policies.acting_role(actor, space),
        )
    return threshold


@audited("moderation.note")
def staff_note_add(*, actor: Actor, person, body: str, space=None, via: str = "web") -> StaffNote:
    """Add a note about a person that only the moderators of ``space`` read (and
    platform admins); without a space, a platform-wide note, for platform admins."""
    policies.require_see_moderation_record(actor, person)
    if space is None and not policies.can_review_platform(actor):
        raise Invalid("Choose the space whose moderators the note is for.", field="space")
    if space is not None and not policies.can_review_space(actor, space):
        raise Forbidden("You can only write notes for the spaces you moderate.")
    body = (body or "").strip()
    if not body:
        raise Invalid("Write the note first.", field="body")
    if len(body) > 2000:
        raise Invalid("A note can be at most 2,000 characters.", field="body")
    with transaction.atomic():
        note = StaffNote.objects.create(person=person, author=actor.user, body=body, space=space)
        audit_record(
            actor=actor.user,
            action="moderation.note",
            target=note,
            space=space,
            after={"person": person.username},
            via=via,
            as_role=policies.acting_role(actor, space) if space else "platform_admin",
        )
    return note
