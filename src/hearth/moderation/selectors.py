"""Reads for moderation, always through the moderation policy.

The review queue costs a constant number of queries whatever its length: the
cases with their space and author, the reports with their reporters (one
prefetch), each author's earlier cases and sanctions (two grouped counts), and
the reported items (one query per kind present).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import NotFound
from hearth.moderation import policies
from hearth.moderation.models import (
    Case,
    Guideline,
    Report,
    Sanction,
    StaffNote,
    active_sanctions_q,
)
from hearth.moderation.targets import TARGET_KINDS
from hearth.spaces.models import Space


def _queue_rows() -> QuerySet:
    return (
        Case.objects.filter(status=Case.Status.OPEN)
        .select_related("space", "author")
        .prefetch_related(Prefetch("reports", queryset=Report.objects.select_related("reporter")))
        .order_by("opened_at", "id")
    )


def review_queue(*, actor: Actor, space: Space | None = None) -> QuerySet:
    """Open cases, oldest first: a space's (its facilitators and leaders, platform
    admins who may read it) or, without a space, the platform's (platform admins:
    profiles, and every space whose content they may read)."""
    if space is not None:
        policies.require_review_space(actor, space)
        return _queue_rows().filter(space=space)
    policies.require_review_platform(actor)
    readable = Space.objects.readable_by(actor).values("pk")
    return _queue_rows().filter(Q(space__isnull=True) | Q(space__in=readable))


def queue_details(cases: list[Case]) -> list[Case]:
    """Attach to each case its ``item`` (None if gone), and its author's record:
    ``author_cases`` (earlier decided cases) and ``author_sanctions`` (all)."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for case in cases:
        by_kind[case.target_type].append(case.target_id)
    items = {
        kind: TARGET_KINDS[kind].load_many(ids)
        for kind, ids in by_kind.items()
        if kind in TARGET_KINDS
    }
    authors = {case.author_id for case in cases if case.author_id}
    decided = dict(
        Case.objects.filter(author_id__in=authors, status=Case.Status.DECIDED)
        .exclude(decision=Case.Decision.KEEP)
        .values("author_id")
        .annotate(n=Count("id"))
        .values_list("author_id", "n")
    )
    sanctions = dict(
        Sanction.objects.filter(person_id__in=authors)
        .values("person_id")
        .annotate(n=Count("id"))
        .values_list("person_id", "n")
    )
    for case in cases:
        case.item = items.get(case.target_type, {}).get(case.target_id)
        case.kind = TARGET_KINDS.get(case.target_type)
        case.excerpt = case.kind.text_of(case.item) if case.item is not None else ""
        case.item_url = case.kind.url_of(case.item) if case.item is not None else ""
        reasons = Counter(report.get_reason_display() for report in case.reports.all())
        case.reasons = reasons.most_common()
        case.author_cases = decided.get(case.author_id, 0)
        case.author_sanctions = sanctions.get(case.author_id, 0)
    return cases


def case_get(*, actor: Actor, case_id: int) -> Case:
    """A case for review, with its details; 404 where the actor may not know its space."""
    case = _case_rows().filter(pk=case_id).first()
    if case is None:
        raise NotFound("No such case.")
    policies.require_review_case(actor, case)
    return queue_details([case])[0]


def _case_rows() -> QuerySet:
    return Case.objects.select_related("space", "author", "decided_by").prefetch_related(
        Prefetch("reports", queryset=Report.objects.select_related("reporter"))
    )


def guideline_current(*, space: Space | None) -> Guideline | None:
    if space is None:
        return None
    return Guideline.objects.filter(space=space).order_by("-version").first()


def guideline_versions(*, actor: Actor, space: Space) -> QuerySet:
    policy.require_see_space(actor, space)
    return Guideline.objects.filter(space=space).select_related("author").order_by("-version")


def person_record(*, actor: Actor, person) -> dict:
    """A person's moderation record for moderators: the cases about their posts in
    spaces the viewer may read (or their profile), their sanctions and staff notes."""
    policies.require_see_moderation_record(actor, person)
    readable = Space.objects.readable_by(actor).values("pk")
    visible = Q(space__isnull=True) | Q(space__in=readable)
    cases = list(
        Case.objects.filter(visible, author=person)
        .select_related("space")
        .order_by("-opened_at")[:50]
    )
    sanctions = list(
        Sanction.objects.filter(person=person)
        .filter(Q(space__isnull=True) | Q(space__in=Space.objects.visible_to(actor).values("pk")))
        .select_related("space", "created_by")
        .order_by("-starts_at")[:50]
    )
    notes = list(
        StaffNote.objects.filter(person=person)
        .filter(policies.staff_notes_q(actor))
        .select_related("author", "space")[:50]
    )
    now = timezone.now()
    for sanction in sanctions:
        sanction.in_force = sanction.is_active(now)
    return {"cases": cases, "sanctions": sanctions, "notes": notes}


def my_moderation(*, actor: Actor) -> dict:
    """What a person sees of moderation about themselves: sanctions and warnings with
    their reasons, and the decisions on their posts (never staff notes or who reported)."""
    sanctions = list(
        Sanction.objects.filter(person_id=actor.user_id)
        .select_related("space")
        .order_by("-starts_at")[:50]
    )
    now = timezone.now()
    for sanction in sanctions:
        sanction.in_force = sanction.is_active(now)
    decisions = list(
        Case.objects.filter(author_id=actor.user_id, status=Case.Status.DECIDED)
        .exclude(decision=Case.Decision.KEEP)
        .select_related("space")
        .order_by("-decided_at")[:50]
    )
    hidden = list(
        Case.objects.filter(
            author_id=actor.user_id, status=Case.Status.OPEN, hidden_at__isnull=False
        ).select_related("space")
    )
    return {"sanctions": sanctions, "decisions": decisions, "hidden": hidden}


def restrictions_in_force(*, actor: Actor) -> list[Sanction]:
    """The actor's silences and bans in force (no query for people without any)."""
    return list(actor.restrictions)


def suspension_in_force(*, person) -> Sanction | None:
    return (
        Sanction.objects.filter(active_sanctions_q(), person=person, kind=Sanction.Kind.SUSPENSION)
        .order_by("-ends_at")
        .first()
    )


def banned_from(*, space, user_ids) -> set[int]:
    """Those of ``user_ids`` banned from ``space`` now (one query): invitations in
    bulk leave them out, as a single invitation refuses them."""
    return set(
        Sanction.objects.filter(
            active_sanctions_q(), kind=Sanction.Kind.BAN, space=space, person_id__in=user_ids
        ).values_list("person_id", flat=True)
    )
