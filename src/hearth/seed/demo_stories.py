"""Success stories in the demo, some promoted from its conversations, in spaces of
every visibility and state; and the home page's featured strip.

Idempotent: a story is looked up by its space and title, a promoted one by its
conversation; a feature by its target while it is in force. Everything goes
through the services (so the rules, the audit log and search hold), by a steward
of each space; the dates are then spread over the last weeks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.conversations.models import Conversation
from hearth.curation import services as curation_services
from hearth.curation.models import HomeFeature
from hearth.events.models import Event
from hearth.spaces.models import Membership, Role, Space
from hearth.stories import services
from hearth.stories.models import Story
from hearth.stories.services import StoryFields


@dataclass(frozen=True)
class DemoStory:
    space: str
    title: str
    body: str
    outcome_kind: str
    days_ago: int
    hours_saved: str | None = None
    money_saved: str | None = None
    currency: str = ""
    beneficiaries: str = ""
    # The conversation it is promoted from (by title), or None for a story written as one.
    conversation: str | None = None


STORIES = [
    DemoStory(
        "lean-continuous-improvement",
        "Atlanta moulding changeovers cut from 47 to 19 minutes",
        "The kaizen week on press 4 started from a video of one changeover and a stopwatch. "
        "Three changes did most of the work:\n\n"
        "- the next mould is pre-heated and staged **before** the press stops;\n"
        "- quick clamps replaced the sixteen bolts;\n"
        "- one standard cart per mould, with the tools shadow-boarded on it.\n\n"
        "With four changeovers a day on three shifts, the line gains back more than an hour "
        "of production daily. The standard is now part of the operator training, and Lyon "
        "is copying the cart.",
        "time_saved",
        38,
        hours_saved="1100",
        money_saved="85000",
        currency="USD",
        beneficiaries="The Atlanta moulding line, its operators and production planning",
        conversation="Kaizen event in Atlanta: changeover time from 47 to 19 minutes",
    ),
    DemoStory(
        "lean-continuous-improvement",
        "5S on Munich line 2 found two oil leaks and a week of searching",
        "Six weeks of 5S on assembly line 2, led by the operators themselves. The shine step "
        "found two hydraulic leaks that had been topped up for months; the shadow boards "
        "ended the daily hunt for the torque wrench. The weekly ten-minute audit, with a "
        "rotating auditor, keeps it that way.",
        "quality",
        24,
        hours_saved="260",
        money_saved="6400",
        currency="EUR",
        beneficiaries="Munich assembly line 2 and maintenance",
        conversation="5S on the Munich assembly line: what we learned in six weeks",
    ),
    DemoStory(
        "data-analytics",
        "A data-quality dashboard that ended the month-end clean-up",
        "A year ago every report owner fixed the same duplicate customers and missing cost "
        "centres by hand, every month. The shared data-quality dashboard shows each error "
        "once, to the team that can fix it at the source. Open issues went from 1,900 to "
        "under 200, and the month-end clean-up meetings stopped.",
        "time_saved",
        17,
        hours_saved="640",
        beneficiaries="The master-data team and every report owner",
        conversation="Our data quality dashboard, one year on",
    ),
    DemoStory(
        "sustainability-champions",
        "Lights-off campaign: 9% less electricity at two sites",
        "Three months of stickers, a nightly walk by the champions and one timer per floor. "
        "Lyon and Munich used 9% less electricity than the same months last year, and the "
        "facility teams kept the timers.",
        "cost_saved",
        30,
        money_saved="42000",
        currency="EUR",
        beneficiaries="The Lyon and Munich sites",
        conversation="Lights-off campaign: results after three months",
    ),
    DemoStory(
        "customer-voice",
        "Calling back every low score brought three key accounts back",
        "Since spring, every survey answer of 6 or less gets a phone call within two working "
        "days, from someone who can act — not a form letter. Three key accounts that had "
        "started a tender with a competitor renewed after the call and the fix that followed.",
        "customer_satisfaction",
        12,
        money_saved="310000",
        currency="EUR",
        beneficiaries="Key-account customers and the service desk",
    ),
    DemoStory(
        "finance-business-partners",
        "Month-end close two days shorter",
        "The controllers compared their closing calendars here and agreed on the same "
        "cut-off rules. Accruals are now booked on day +1 with one shared template, and the "
        "intercompany reconciliation runs automatically overnight. The close is at day +3 "
        "in every unit, two days earlier than last year.",
        "time_saved",
        45,
        hours_saved="2400",
        beneficiaries="Controllers in every unit, and the managers waiting for their numbers",
        conversation="Closing calendar: day +3 is our new target",
    ),
    DemoStory(
        "community-managers",
        "Key users halved the unanswered questions",
        "Each community named two or three key users and gave them the unanswered list every "
        "Monday. Within a quarter the share of questions without an answer after a week fell "
        "from 31% to 14% across the spaces that tried it.",
        "quality",
        8,
        hours_saved="300",
        beneficiaries="Everyone asking a question in our communities",
    ),
    DemoStory(
        "digital-workplace-pilot",
        "The pilot group shortened the training from a day to two hours",
        "The champions timed every exercise of the first training draft and cut what nobody "
        "needed. The roll-out training is now two hours, with a one-page guide.",
        "time_saved",
        5,
        hours_saved="900",
        beneficiaries="Every employee taking the digital workplace training",
    ),
    DemoStory(
        "executive-sponsors",
        "Sponsors approved community managers in every unit",
        "The business case compared the time saved by the five most active communities with "
        "the cost of one part-time community manager per unit. The sponsors approved it for "
        "next year's budget.",
        "other",
        3,
        beneficiaries="Every business unit",
    ),
]


def _steward(space: Space, *, minimum: Role = Role.FACILITATOR):
    """A leader or facilitator of the space (the same one on every run)."""
    roles = [Role.LEADER, Role.FACILITATOR] if minimum == Role.FACILITATOR else [Role.LEADER]
    membership = (
        Membership.objects.filter(space=space, role__in=roles)
        .select_related("user")
        .order_by("role", "user__username")
        .first()
    )
    return membership.user if membership else None


def _seed_story(spec: DemoStory, space: Space, now: datetime) -> bool:
    if Story.objects.filter(space=space, title=spec.title).exists():
        return False
    steward = _steward(space)
    if steward is None:
        return False
    fields = StoryFields(
        title=spec.title,
        body=spec.body,
        outcome_kind=spec.outcome_kind,
        hours_saved=spec.hours_saved,
        money_saved=spec.money_saved,
        currency=spec.currency,
        beneficiaries=spec.beneficiaries,
    )
    actor = Actor.for_user(steward)
    conversation = (
        Conversation.objects.filter(space=space, title=spec.conversation).first()
        if spec.conversation
        else None
    )
    if (
        conversation is not None
        and not Story.objects.filter(source_conversation=conversation).exists()
    ):
        story = services.story_promote(actor=actor, conversation=conversation, fields=fields)
    else:
        story = services.story_create(actor=actor, space=space, fields=fields)
    when = now - timedelta(days=spec.days_ago, hours=3)
    Story.objects.filter(pk=story.pk).update(created_at=when, updated_at=when)
    return True


def _seed_features(spaces: dict[str, Space], now: datetime) -> int:
    director = get_user_model().objects.filter(username="director").first()
    lean = spaces.get("lean-continuous-improvement")
    if director is None or lean is None:
        return 0
    story = (
        Story.objects.filter(space=lean, source_conversation__isnull=False)
        .order_by("created_at")
        .first()
    )
    event = Event.objects.filter(space=lean, starts_at__gt=now).order_by("starts_at").first()
    wanted = [
        (
            "space",
            "sustainability-champions",
            "Sustainability Week is coming: see what the site champions are preparing.",
        ),
        ("story", str(story.pk) if story else None, "A kaizen week that paid for itself."),
        ("event", str(event.pk) if event else None, ""),
        ("person", "champion", "Our champion of the month: ask her about standard work."),
    ]
    made = 0
    actor = Actor.for_user(director)
    for position, (kind, target, blurb) in enumerate(wanted):
        if target is None:
            continue
        in_force = HomeFeature.objects.filter(kind=kind, ends_at__gt=now)
        lookup = (
            {"space__slug": target}
            if kind == "space"
            else ({"person__username": target} if kind == "person" else {f"{kind}_id": int(target)})
        )
        if in_force.filter(**lookup).exists():
            continue
        curation_services.home_feature_create(
            actor=actor,
            kind=kind,
            target=target,
            blurb=blurb,
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=30),
            position=position,
        )
        made += 1
    return made


def seed_stories(spaces: dict[str, Space], now: datetime | None = None) -> dict:
    """The demo's success stories and home features; returns how many were made."""
    now = now or timezone.now()
    made = sum(
        _seed_story(spec, spaces[spec.space], now) for spec in STORIES if spec.space in spaces
    )
    return {"stories": made, "features": _seed_features(spaces, now)}
