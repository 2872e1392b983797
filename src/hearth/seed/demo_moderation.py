"""Moderation in the demo: guidelines, a few open reports in the review queues of the
spaces the `facilitator` sign-in moderates, a profile report for the platform
admins, and one person's sanction history (a warning, then an ended silence).

Idempotent: the reports go through ``report_create`` only while the person has not
reported that item yet, and the history is written once, found by its reason.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.conversations.models import Conversation, Reply
from hearth.core.audit import audit_record
from hearth.core.markdown import markdown_render
from hearth.moderation.models import Case, Guideline, Report, Sanction
from hearth.moderation.services import report_create, sanction_create
from hearth.spaces.models import Membership, Role, Space

GUIDELINES = {
    "community-managers": (
        "## How we keep this network useful\n\n"
        "- **Be generous and kind.** Disagree with ideas, never with people.\n"
        "- **Stay on topic:** community management, playbooks, health reviews.\n"
        "- **No confidential numbers** from your business unit here; link to the "
        "restricted space instead.\n"
        "- **No selling or self-promotion.**\n\n"
        "Three reports from different people hide a post until a facilitator looks at it."
    ),
    "finance-business-partners": (
        "## Ground rules\n\n"
        "1. Figures shared here are *indicative*: never post unreleased results.\n"
        "2. Name the source of any number.\n"
        "3. Be patient with questions from outside finance."
    ),
}
HISTORY_WARNING = "Please keep product launch dates out of this network until they are public."
HISTORY_SILENCE = "Posted the same off-topic advertisement in three conversations."


def _members(space: Space, *, exclude: set[int], count: int) -> list:
    ids = (
        Membership.objects.filter(space=space, role=Role.MEMBER)
        .exclude(user_id__in=exclude)
        .order_by("user_id")
        .values_list("user_id", flat=True)[:count]
    )
    return list(get_user_model().objects.filter(pk__in=list(ids)).order_by("pk"))


def _report_all(*, target, kind: str, reporters, reason: str, text: str = "") -> int:
    made = 0
    for person in reporters:
        done = Report.objects.filter(
            case__target_type=kind, case__target_id=target.pk, reporter=person
        ).exists()
        if not done:
            report_create(
                actor=Actor.for_user(person),
                target_type=kind,
                target_id=target.pk,
                reason=reason,
                text=text,
                via="seed",
            )
            made += 1
    return made


def _guidelines(spaces: dict[str, Space], author) -> None:
    for slug, body in GUIDELINES.items():
        space = spaces.get(slug)
        if space and not Guideline.objects.filter(space=space).exists():
            Guideline.objects.create(
                space=space, version=1, body=body, body_html=markdown_render(body), author=author
            )


def _history(space: Space, moderator, person) -> None:
    """A warning (through the service) and a silence that ended a month ago."""
    if Sanction.objects.filter(person=person, reason=HISTORY_SILENCE).exists():
        return
    moderator_actor = Actor.for_user(moderator)
    sanction_create(
        actor=moderator_actor,
        person=person,
        kind="warning",
        reason=HISTORY_WARNING,
        space=space,
        via="seed",
    )
    now = timezone.now()
    with transaction.atomic():
        silence = Sanction.objects.create(
            person=person,
            space=space,
            kind=Sanction.Kind.SILENCE,
            reason=HISTORY_SILENCE,
            starts_at=now - timedelta(days=40),
            ends_at=now - timedelta(days=33),
            lifted_at=now - timedelta(days=33),
            created_by=moderator,
        )
        audit_record(
            actor=moderator,
            action="sanction.silence",
            target=silence,
            space=space,
            after={
                "kind": "silence",
                "reason": HISTORY_SILENCE,
                "ends_at": silence.ends_at.isoformat(),
            },
            via="seed",
            as_role="facilitator",
        )


def seed_moderation(spaces: dict[str, Space]) -> list[str]:
    """Guidelines, open reports and a sanction history; returns a line for the summary."""
    User = get_user_model()
    facilitator = User.objects.filter(username="facilitator").first()
    managers = spaces.get("community-managers")
    finance = spaces.get("finance-business-partners")
    if facilitator is None or managers is None or finance is None:
        return []
    _guidelines(spaces, facilitator)
    made = 0
    if Report.objects.exists():
        # Reported once: a rerun finds other members and replies (the seed adds people
        # to spaces), and must neither report again nor reach what is now hidden.
        waiting = Case.objects.filter(status=Case.Status.OPEN).count()
        return [f"Moderation: {waiting} reports waiting in the review queues (0 new).", ""]
    # A reply in the community managers' network, reported by three people: hidden.
    reply = (
        Reply.objects.filter(
            conversation__space=managers,
            removed_at__isnull=True,
            author__memberships__space=managers,
            author__memberships__role=Role.MEMBER,
        )
        .order_by("created_at", "id")
        .first()
    )
    if reply is not None:
        reporters = _members(managers, exclude={reply.author_id}, count=3)
        made += _report_all(target=reply, kind="reply", reporters=reporters, reason="off_topic")
        # Its author has a history there.
        _history(managers, facilitator, reply.author)
    # A conversation in the finance network, reported once with a note.
    conversation = (
        Conversation.objects.filter(space=finance, removed_at__isnull=True)
        .exclude(author=facilitator)
        .order_by("created_at", "id")
        .first()
    )
    if conversation is not None:
        reporters = _members(finance, exclude={conversation.author_id}, count=1)
        made += _report_all(
            target=conversation,
            kind="conversation",
            reporters=reporters,
            reason="confidential",
            text="This quotes the unreleased quarterly margin.",
        )
    # A profile, for the platform admins' queue.
    member = User.objects.filter(username="member").first()
    profile = (
        User.objects.filter(is_active=True, memberships__space=managers)
        .exclude(username__in=["member", "facilitator", "leader", "admin"])
        .order_by("pk")
        .first()
    )
    if member is not None and profile is not None:
        made += _report_all(
            target=profile,
            kind="profile",
            reporters=[member],
            reason="inappropriate",
            text="The “About” text is a sales pitch.",
        )
    waiting = Case.objects.filter(status=Case.Status.OPEN).count()
    return [
        f"Moderation: {waiting} reports waiting in the review queues ({made} new), "
        f"guidelines in {len(GUIDELINES)} spaces, one sanction history.",
        "",
    ]
