"""Working together in the demo: quick polls (open and closed), an ideas campaign
with votes and statuses, past and upcoming events with answers.

Idempotent: each poll, campaign, idea and event is looked up by its space and
title and only what is missing is made. Upcoming things go through the services
(so the rules hold); past ones are written directly with their dates in the past.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from hearth.access.actor import Actor
from hearth.core.errors import Conflict
from hearth.core.markdown import markdown_render
from hearth.events import services as event_services
from hearth.events.models import Event, Rsvp
from hearth.ideas import services as idea_services
from hearth.ideas.models import Campaign, Idea
from hearth.polls import services as poll_services
from hearth.polls.models import Ballot, BallotChoice, Poll, PollOption
from hearth.seed.data import seed_data
from hearth.spaces.models import Membership, Space

SPACE = "lean-continuous-improvement"
OTHER_SPACE = "remote-and-hybrid-work"
RANDOM_SEED = 2025

_TEXTS = seed_data("demo_working")

# question, options, multiple, anonymous, open (closes in N days) or closed (None)
POLLS: list[tuple[str, list[str], bool, bool, int | None]] = [
    (p["question"], p["options"], p["multiple"], p["anonymous"], p.get("closes_in_days"))
    for p in _TEXTS["polls"]
]

CAMPAIGN: tuple[str, str] = (_TEXTS["campaign"]["question"], _TEXTS["campaign"]["description"])

# title, body, status, the leaders' reason
IDEAS: list[tuple[str, str, str, str]] = [
    (i["title"], i.get("body", ""), i["status"], i.get("reason", "")) for i in _TEXTS["ideas"]
]


def _members(space: Space) -> list:
    return [
        m.user
        for m in Membership.objects.filter(space=space)
        .select_related("user")
        .order_by("user__username")
    ]


def _seed_polls(space: Space, people: list, rng: random.Random, now: datetime) -> int:
    made = 0
    author = next(p for p in people if p.username == "leader")
    for question, options, multiple, anonymous, open_days in POLLS:
        if Poll.objects.filter(space=space, question=question).exists():
            continue
        made += 1
        if open_days is not None:
            poll = poll_services.poll_create(
                actor=Actor.for_user(author),
                space=space,
                question=question,
                options=options,
                multiple=multiple,
                anonymous=anonymous,
                closes_at=now + timedelta(days=open_days),
            )
        else:
            poll = Poll.objects.create(
                space=space,
                question=question,
                multiple=multiple,
                anonymous=anonymous,
                created_by=author,
                created_at=now - timedelta(days=20),
                closes_at=now - timedelta(days=13),
            )
            PollOption.objects.bulk_create(
                [PollOption(poll=poll, label=label, position=i) for i, label in enumerate(options)]
            )
        option_ids = list(poll.options.values_list("pk", flat=True))
        voters = rng.sample(people, min(len(people), 14 + rng.randrange(10)))
        for voter in voters:
            # Early options are a little more popular, so the charts are not flat.
            weights = list(range(len(option_ids) + 1, 1, -1))
            picks = {rng.choices(option_ids, weights=weights)[0]}
            if multiple and rng.random() < 0.6:
                picks.add(rng.choice(option_ids))
            ballot = Ballot.objects.create(poll=poll, voter=voter)
            BallotChoice.objects.bulk_create(
                [BallotChoice(ballot=ballot, option_id=pk, poll=poll) for pk in picks]
            )
        Poll.objects.filter(pk=poll.pk).update(voter_count=len(voters))
    return made


def _seed_ideas(space: Space, people: list, rng: random.Random, now: datetime) -> int:
    leader = next(p for p in people if p.username == "leader")
    question, description = CAMPAIGN
    campaign = Campaign.objects.filter(space=space, question=question).first()
    if campaign is None:
        campaign = idea_services.campaign_create(
            actor=Actor.for_user(leader),
            space=space,
            question=question,
            description=description,
            starts_at=now - timedelta(days=9),
            ends_at=now + timedelta(days=12),
        )
    made = 0
    authors = [p for p in people if p.username != "leader"]
    for i, (title, body, status, reason) in enumerate(IDEAS):
        if Idea.objects.filter(space=space, title=title).exists():
            continue
        made += 1
        author = authors[(i * 7) % len(authors)]
        idea = Idea.objects.create(
            space=space,
            campaign=campaign,
            title=title,
            body=body,
            body_html=markdown_render(body) if body else "",
            author=author,
            created_at=now - timedelta(days=8 - i, hours=i * 3),
        )
        for voter in rng.sample(people, min(len(people), max(2, 22 - 3 * i + rng.randrange(5)))):
            idea_services.idea_vote(actor=Actor.for_user(voter), idea=idea)
        if status != "new":
            if status == "implemented":
                idea_services.idea_status_set(
                    actor=Actor.for_user(leader),
                    idea=idea,
                    status="accepted",
                    reason="Worth a try.",
                )
            idea_services.idea_status_set(
                actor=Actor.for_user(leader), idea=idea, status=status, reason=reason
            )
        for commenter in rng.sample(people, 2):
            idea_services.idea_comment(
                actor=Actor.for_user(commenter),
                idea=idea,
                body=rng.choice(
                    [
                        "I would use this.",
                        "We tried something similar in Lyon.",
                        "How would we measure the saving?",
                    ]
                ),
            )
    return made


def _seed_cancelled_event(space: Space, leader, rng: random.Random, now: datetime) -> int:
    """An event moved once, then cancelled with a reason, through the services: its
    page, its answers and the calendar files show what happened."""
    title = "Gemba walk: the Munich assembly line"
    if Event.objects.filter(space=space, title=title).exists():
        return 0
    day = (now + timedelta(days=12)).astimezone(ZoneInfo("Europe/Berlin"))
    start = datetime(day.year, day.month, day.day, 10, 0)
    actor = Actor.for_user(leader)
    details = {
        "title": title,
        "kind": Event.Kind.MEETING,
        "timezone_name": "Europe/Berlin",
        "place": "Munich plant, line 2",
        "agenda": "Walk the line with its team leader; one improvement each.",
        "capacity": 12,
    }
    event = event_services.event_create(
        actor=actor, space=space, starts_at=start, ends_at=start + timedelta(hours=2), **details
    )
    for person in rng.sample(_members(space), min(6, len(_members(space)))):
        if person != leader:
            event_services.event_rsvp(actor=Actor.for_user(person), event=event, response="going")
    later = start + timedelta(days=1, hours=3)
    event = event_services.event_update(
        actor=actor, event=event, starts_at=later, ends_at=later + timedelta(hours=2), **details
    )
    event_services.event_cancel(
        actor=actor,
        event=event,
        reason="The line is stopped for maintenance that week; we will plan a new date.",
    )
    return 1


def _seed_events(spaces: dict[str, Space], rng: random.Random, now: datetime) -> int:
    made = 0
    space = spaces[SPACE]
    people = _members(space)
    leader = next(p for p in people if p.username == "leader")
    # The upcoming events, in data/demo_working.toml; those of the other space only
    # when it was seeded.
    upcoming = [
        (
            spaces[OTHER_SPACE] if e["space"] == "other" else space,
            e["title"],
            e["kind"],
            e["in_days"],
            e["hour"],
            e["hours"],
            e["timezone"],
            e.get("online_url", ""),
            e.get("place", ""),
            e.get("capacity"),
            e["agenda"],
        )
        for e in _TEXTS["upcoming_events"]
        if e["space"] != "other" or OTHER_SPACE in spaces
    ]
    for where, title, kind, in_days, hour, hours, zone, url, place, capacity, agenda in upcoming:
        if Event.objects.filter(space=where, title=title).exists():
            continue
        made += 1
        host = next(
            (m for m in _members(where) if m.username in ("leader", "facilitator", "member")),
            leader,
        )
        day = (now + timedelta(days=in_days)).astimezone(ZoneInfo(zone))
        start = datetime(day.year, day.month, day.day, hour, 0)  # wall clock in `zone`
        event = event_services.event_create(
            actor=Actor.for_user(host),
            space=where,
            title=title,
            kind=kind,
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            timezone_name=zone,
            online_url=url,
            place=place,
            agenda=agenda,
            capacity=capacity,
        )
        for person in rng.sample(_members(where), min(12, len(_members(where)))):
            answer = rng.choice(["going", "going", "maybe", "no"])
            try:
                event_services.event_rsvp(
                    actor=Actor.for_user(person), event=event, response=answer
                )
            except Conflict:  # the event is full: the rest answer maybe
                event_services.event_rsvp(
                    actor=Actor.for_user(person), event=event, response="maybe"
                )
    made += _seed_cancelled_event(space, leader, rng, now)
    title = "Lean coffee: what we learnt from the 5S audits"
    if not Event.objects.filter(space=space, title=title).exists():
        made += 1
        start = (now - timedelta(days=6)).replace(hour=8, minute=0, second=0, microsecond=0)
        notes = (
            "- Audits work best with a pair from another team.\n"
            "- Photos before and after convinced the sceptics.\n"
            "- **Next:** a 5S guide in the library, owned by the champions."
        )
        event = Event.objects.create(
            space=space,
            kind=Event.Kind.CHAT,
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            time_zone="Europe/Paris",
            online_url="https://meet.example.com/lean-coffee",
            host=leader,
            agenda="Share one thing a 5S audit taught you.",
            agenda_html=markdown_render("Share one thing a 5S audit taught you."),
            notes=notes,
            notes_html=markdown_render(notes),
            recording_url="https://video.example.com/lean-coffee-5s",
            created_by=leader,
            created_at=start - timedelta(days=10),
        )
        attendees = rng.sample(people, min(9, len(people)))
        Rsvp.objects.bulk_create([Rsvp(event=event, user=p, response="going") for p in attendees])
        Event.objects.filter(pk=event.pk).update(going_count=len(attendees))
    return made


def seed_working_together(spaces: dict[str, Space], now: datetime | None = None) -> dict:
    """Polls, an ideas campaign and events in the demo's lean space (and one event in
    the hybrid-work space); returns how many of each were made."""
    now = now or timezone.now()
    space = spaces.get(SPACE)
    if space is None:
        return {"polls": 0, "ideas": 0, "events": 0}
    rng = random.Random(f"{RANDOM_SEED}:working")
    people = _members(space)
    return {
        "polls": _seed_polls(space, people, rng, now),
        "ideas": _seed_ideas(space, people, rng, now),
        "events": _seed_events(spaces, rng, now),
    }
