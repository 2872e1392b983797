"""The life of the demo spaces: states, charters with targets, rules with versions
and an open proposal, pilot feedback, a few hand-ticked playbook items.

Idempotent: each piece is looked up first and added only if missing, so a rerun
changes nothing. Rows are written directly, dated in the recent past, as the
rest of the demo's bulk content is.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from hearth.lifecycle.models import (
    Charter,
    CharterTarget,
    LifecycleEvent,
    PilotFeedback,
    PlaybookTick,
)
from hearth.rules.models import RulesDocument, RulesProposal, RulesVersion, RulesVote
from hearth.spaces.models import LifecycleState, Membership, Role, Space

STATES = {
    "digital-workplace-pilot": (LifecycleState.PILOT, ""),
    "project-aurora": (LifecycleState.DRAFT, ""),
    "pune-site": (
        LifecycleState.ARCHIVED,
        "The Pune site network now lives in the Asia-Pacific sites space.",
    ),
}

CHARTERS = {
    "lean-continuous-improvement": (
        "Every site improves a little every week, and nobody solves alone a problem "
        "another site has already solved.",
        "Operations teams, site managers and anyone running an improvement project.",
        [
            ("monthly_active_members", 25),
            ("answered_within_24h", 70),
            ("median_first_response_hours", 8),
            ("new_members_per_month", 5),
        ],
    ),
    "community-managers": (
        "Community managers learn from each other so that every community here is "
        "prepared, piloted, launched and wrapped up well.",
        "Everyone who leads or animates a community.",
        [("monthly_active_members", 10), ("accepted_answer_share", 50)],
    ),
    "digital-workplace-pilot": (
        "Try the digital workplace before everyone else and make the roll-out smooth.",
        "The pilot group of champions and early adopters.",
        [("monthly_active_members", 8), ("median_first_response_hours", 12)],
    ),
    "data-analytics": (
        "Better decisions from better data, shared openly.",
        "Analysts, data scientists and curious colleagues.",
        [("answered_within_24h", 60), ("conversations_per_month", 10)],
    ),
}

RULES_V1 = (
    "1. Be kind and assume good intent.\n2. Share what you learn, including what "
    "failed.\n3. Keep customer data out of posts."
)
RULES_V2 = RULES_V1 + "\n4. Tag your posts so others find them."
RULES_PROPOSED = RULES_V2 + "\n5. No sales pitches: vendors are welcome to answer questions."
RULES = {"lean-continuous-improvement", "community-managers"}

FEEDBACK = [
    (
        "The training videos are too long; five minutes would do.",
        True,
        "Cut into three short videos.",
    ),
    ("I cannot find where to change my alert settings.", False, ""),
]


def seed_lifecycle(spaces: dict[str, Space]) -> int:
    """Give the demo spaces their life; returns how many rows were added."""
    now = timezone.now()
    people = _people()
    added = 0
    for slug, (state, reason) in STATES.items():
        space = spaces.get(slug)
        if space is None or LifecycleEvent.objects.filter(space=space).exists():
            continue
        leader = _leader(space)
        Space.objects.filter(pk=space.pk).update(state=state)
        space.state = state
        LifecycleEvent.objects.create(
            space=space,
            from_state=LifecycleState.LIVE,
            to_state=state,
            actor=leader,
            reason=reason,
            notified_at=now,
        )
        added += 1
    for slug, (vision, audience, targets) in CHARTERS.items():
        space = spaces.get(slug)
        if space is None:
            continue
        charter, created = Charter.objects.get_or_create(
            space=space,
            defaults={"vision": vision, "audience": audience, "updated_by": _leader(space)},
        )
        if created:
            CharterTarget.objects.bulk_create(
                [
                    CharterTarget(charter=charter, metric=m, target=t, position=i)
                    for i, (m, t) in enumerate(targets)
                ]
            )
            added += 1
    for slug in sorted(RULES):
        if slug in spaces:
            added += _rules(spaces[slug], people, now)
    pilot = spaces.get("digital-workplace-pilot")
    if pilot is not None and not PilotFeedback.objects.filter(space=pilot).exists():
        champion, leader = people.get("champion"), _leader(pilot)
        for text, resolved, note in FEEDBACK:
            PilotFeedback.objects.create(
                space=pilot,
                author=champion,
                text=text,
                status="resolved" if resolved else "open",
                resolved_by=leader if resolved else None,
                resolved_at=now - timedelta(days=1) if resolved else None,
                resolution_note=note,
            )
            added += 1
    lean = spaces.get("lean-continuous-improvement")
    if lean is not None:
        for item in ("first_meeting", "health_reviewed"):
            _, created = PlaybookTick.objects.get_or_create(
                space=lean,
                item=item,
                defaults={"ticked_by": _leader(lean), "ticked_at": now - timedelta(hours=2)},
            )
            added += created
    return added


def _people() -> dict:
    User = get_user_model()
    return {
        u.username: u
        for u in User.objects.filter(
            username__in=["leader", "champion", "member", "facilitator", "admin"]
        )
    }


def _leader(space):
    membership = (
        Membership.objects.filter(space=space, role=Role.LEADER)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return membership.user if membership else None


def _rules(space, people, now) -> int:
    document, _ = RulesDocument.objects.get_or_create(space=space)
    if document.current_number:
        return 0
    leader = _leader(space)
    RulesVersion.objects.create(
        document=document,
        number=1,
        text=RULES_V1,
        adopted_by=leader,
        created_at=now - timedelta(days=40),
        note="First version, written at the first meeting.",
    )
    adopted = RulesProposal.objects.create(
        document=document,
        author=people.get("member") or leader,
        text=RULES_V2,
        reason="Half of last month's questions had no tag and were hard to find.",
        base_number=1,
        created_at=now - timedelta(days=20),
        closes_at=now - timedelta(days=13),
        status="adopted",
        decided_by=leader,
        decided_at=now - timedelta(days=12),
        decision_comment="Agreed by a large majority.",
        votes_for=2,
        votes_against=0,
    )
    voters = [p for p in (people.get("member"), people.get("champion")) if p]
    RulesVote.objects.bulk_create(
        [
            RulesVote(proposal=adopted, voter=v, in_favour=True, cast_at=now - timedelta(days=15))
            for v in voters
        ]
    )
    RulesProposal.objects.filter(pk=adopted.pk).update(votes_for=len(voters))
    RulesVersion.objects.create(
        document=document,
        number=2,
        text=RULES_V2,
        proposal=adopted,
        adopted_by=leader,
        created_at=now - timedelta(days=12),
        note="Agreed by a large majority.",
    )
    document.current_number = 2
    document.save(update_fields=["current_number"])
    proposal = RulesProposal.objects.create(
        document=document,
        author=people.get("champion") or leader,
        text=RULES_PROPOSED,
        reason="Two vendors answered questions with adverts this month.",
        base_number=2,
        created_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=6),
    )
    if people.get("member"):
        RulesVote.objects.create(
            proposal=proposal,
            voter=people["member"],
            in_favour=True,
            cast_at=now - timedelta(hours=20),
        )
        RulesProposal.objects.filter(pk=proposal.pk).update(votes_for=1)
    return 3
