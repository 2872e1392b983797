"""The demo organisation: 300 people in five units and four countries, twelve spaces,
and about 150 conversations in them (``hearth.seed.demo_content``).

Idempotent: everything is looked up by its natural key (username, slug, unit
name, country code) and only what is missing is created, so `make demo` may run
it on every start. What people change while trying the demo is left as it is,
except what the demo promises: the sign-ins' roles and password, and each
space's member count.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from hearth.conversations.models import Conversation
from hearth.core.demo import DEMO_SIGN_INS
from hearth.seed import texts
from hearth.seed.common import (
    countries_ensure,
    demo_password_hash,
    expertise_ensure,
    member_counts_refresh,
    search_reindex,
    sign_ins_ensure,
    sign_ins_text,
    units_ensure,
)
from hearth.seed.demo_content import (
    counters_refresh,
    demo_conversation_stats,
    play_live_steps,
    seed_conversations,
)
from hearth.seed.demo_desks import seed_desk_activity
from hearth.seed.demo_follows import seed_follows
from hearth.seed.demo_library import seed_library
from hearth.seed.demo_life import seed_community_life
from hearth.seed.demo_lifecycle import seed_lifecycle
from hearth.seed.demo_moderation import seed_moderation
from hearth.seed.demo_stories import seed_stories
from hearth.seed.demo_working import seed_working_together
from hearth.spaces.models import AccessRequest, Membership, Role, Space, Visibility

GENERATED_PEOPLE = 292  # with the eight sign-ins, 300 people
RANDOM_SEED = 2025
COUNTRY_WEIGHTS = {"FR": 30, "DE": 20, "US": 25, "IN": 25}


@dataclass(frozen=True)
class DemoSpace:
    slug: str
    name: str
    visibility: str
    unit: str | None
    size: int
    description: str
    # Sign-ins and their role in this space; the rest of the members are drawn.
    cast: dict[str, str] = field(default_factory=dict)
    # Spaces for a place draw their members there: (country code, city).
    region: tuple[str, str] | None = None


SPACES: list[DemoSpace] = [
    DemoSpace(
        "lean-continuous-improvement",
        "Lean & Continuous Improvement",
        Visibility.OPEN,
        "Operations",
        110,
        "Our community of practice for lean on the shop floor and in the office: kaizen "
        "stories, standard work, A3s, and the people who have done it before. New to lean? "
        "Start with the 5S guide in the library.",
        {
            "leader": Role.LEADER,
            "champion": Role.CHAMPION,
            "member": Role.MEMBER,
            "unitlead": Role.MEMBER,
        },
    ),
    DemoSpace(
        "data-analytics",
        "Data & Analytics Community of Practice",
        Visibility.OPEN,
        "Research & Development",
        85,
        "Analysts, data scientists and curious colleagues sharing dashboards, SQL and Python "
        "tips, and honest lessons from data projects. Questions about Power BI are very "
        "welcome.",
        {"facilitator": Role.FACILITATOR, "champion": Role.MEMBER, "member": Role.MEMBER},
    ),
    DemoSpace(
        "new-joiners",
        "New Joiners' Corner",
        Visibility.OPEN,
        "People & Culture",
        60,
        "Your first months here: where to find things, who to ask, and answers to the "
        "questions everyone has in week one. Old hands drop by to help.",
        {"leader": Role.LEADER},
    ),
    DemoSpace(
        "sustainability-champions",
        "Sustainability Champions",
        Visibility.OPEN,
        "Operations",
        45,
        "Site champions working on energy, waste and business travel. We share savings "
        "ideas, follow our site targets and prepare Sustainability Week together.",
        {"unitlead": Role.LEADER, "champion": Role.MEMBER},
    ),
    DemoSpace(
        "customer-voice",
        "Customer Voice",
        Visibility.OPEN,
        "Sales & Marketing",
        70,
        "What our customers tell us: survey highlights, complaints that taught us "
        "something, and ideas to act on them across sales, service and product.",
        {"member": Role.MEMBER},
    ),
    DemoSpace(
        "remote-and-hybrid-work",
        "Remote & Hybrid Work",
        Visibility.OPEN,
        "People & Culture",
        140,
        "Practical tips for working well across sites and time zones: meeting habits, "
        "tools, home-office set-ups and the team rituals that work.",
        {"member": Role.MEMBER, "director": Role.MEMBER, "facilitator": Role.MEMBER},
    ),
    DemoSpace(
        "community-managers",
        "Community Managers' Network",
        Visibility.RESTRICTED,
        "People & Culture",
        24,
        "Everyone who leads or animates a community here: playbooks, health reviews, peer "
        "coaching and the monthly community managers' call. Ask to join if you host or are "
        "about to start a community.",
        {"leader": Role.LEADER, "facilitator": Role.FACILITATOR, "director": Role.MEMBER},
    ),
    DemoSpace(
        "finance-business-partners",
        "Finance Business Partners",
        Visibility.RESTRICTED,
        "Finance",
        30,
        "Controllers and business partners comparing forecasting practice and closing "
        "calendars, and how to present numbers to colleagues outside finance.",
        {"facilitator": Role.FACILITATOR},
    ),
    DemoSpace(
        "pune-site",
        "Pune Site Network",
        Visibility.RESTRICTED,
        "Operations",
        40,
        "Everyone working at or with the Pune site: site news, car-pooling, the canteen "
        "committee and local events.",
        region=("IN", "Pune"),
    ),
    DemoSpace(
        "digital-workplace-pilot",
        "Digital Workplace Pilot",
        Visibility.RESTRICTED,
        "Research & Development",
        16,
        "The pilot group trying the new digital workplace before it rolls out. Champions "
        "report what works and what confuses, and shape the training material.",
        {"leader": Role.LEADER, "champion": Role.CHAMPION, "admin": Role.FACILITATOR},
    ),
    DemoSpace(
        "executive-sponsors",
        "Executive Sponsors' Circle",
        Visibility.PRIVATE,
        None,
        8,
        "The executive sponsors of our communities with the director of collaboration: "
        "quarterly reports, business cases and decisions to take.",
        {"director": Role.LEADER, "leader": Role.MEMBER},
    ),
    DemoSpace(
        "project-aurora",
        "Project Aurora Launch Team",
        Visibility.PRIVATE,
        "Sales & Marketing",
        12,
        "The launch team for the Aurora product range: timeline, pricing decisions and "
        "launch material, kept here until the announcement.",
    ),
]

# Pending access requests: (space slug, sign-in or None for a drawn person, message).
REQUESTS: list[tuple[str, str | None, str]] = [
    (
        "community-managers",
        "member",
        "I run the onboarding sessions for new finance colleagues and would like to learn "
        "from the network before starting a community for them.",
    ),
    ("community-managers", None, "I am taking over the Hamburg site's community next month."),
    ("community-managers", None, ""),
    (
        "finance-business-partners",
        None,
        "New business partner for Sales & Marketing, starting on the forecast next week.",
    ),
    ("pune-site", None, "I moved to the Pune office in September."),
    (
        "digital-workplace-pilot",
        None,
        "Our team would like to test the new workplace before the roll-out.",
    ),
]


@dataclass(frozen=True)
class PersonSpec:
    username: str
    first_name: str
    last_name: str
    title: str
    unit: str | None
    country: str | None
    city: str
    bio: str
    expertise: tuple[str, ...]


def people_specs(rng: random.Random) -> list[PersonSpec]:
    """The drawn colleagues; some profiles are left incomplete on purpose."""
    cities = {code: c for code, _name, c, _cultures in texts.COUNTRIES}
    cultures = {code: c for code, _name, _cities, c in texts.COUNTRIES}
    unit_names = [name for name, _family in texts.BUSINESS_UNITS[: texts.DEMO_UNIT_COUNT]]
    families = dict(texts.BUSINESS_UNITS)
    taken: set[str] = set()
    specs = []
    for _ in range(GENERATED_PEOPLE):
        country = rng.choices(list(COUNTRY_WEIGHTS), weights=list(COUNTRY_WEIGHTS.values()))[0]
        local = rng.random() < 0.75
        culture = rng.choice(cultures[country] if local else texts.ALL_CULTURES)
        first, last = texts.person_name(rng, culture)
        username = base = f"{texts.ascii_slug(first)}.{texts.ascii_slug(last, '')}"[:36]
        n = 1
        while username in taken:
            n += 1
            username = f"{base}{n}"
        taken.add(username)
        unit = rng.choice(unit_names)
        family = families[unit]
        city = rng.choice(cities[country])
        title = texts.job_title(rng, family)
        tags = tuple(rng.sample(texts.FAMILIES[family]["expertise"], rng.randint(1, 4)))
        bio = texts.bio_for(rng, family=family, unit=unit, city=city, title=title, tags=list(tags))
        roll = rng.random()
        specs.append(
            PersonSpec(
                username=username,
                first_name=first,
                last_name=last,
                title="" if roll < 0.08 else title,
                unit=None if 0.08 <= roll < 0.12 else unit,
                country=None if 0.12 <= roll < 0.15 else country,
                city="" if roll < 0.04 or 0.12 <= roll < 0.2 else city,
                bio="" if rng.random() < 0.3 else bio,
                expertise=() if rng.random() < 0.25 else tags,
            )
        )
    return specs


def _draw(
    rng: random.Random, people: list[PersonSpec], space: DemoSpace, count: int
) -> list[PersonSpec]:
    """Draw members, favouring the space's unit or place (weighted, without replacement)."""

    def weight(person: PersonSpec) -> float:
        if space.region:
            code, city = space.region
            return 12.0 if person.city == city else 3.0 if person.country == code else 0.1
        return 4.0 if space.unit and person.unit == space.unit else 1.0

    keyed = sorted(people, key=lambda p: rng.random() ** (1 / weight(p)), reverse=True)
    return keyed[:count]


def plan(rng: random.Random, people: list[PersonSpec]):
    """Who is in which space with which role, and who asks to join what."""
    memberships: dict[str, dict[str, str]] = {}
    for space in SPACES:
        roles = dict(space.cast)
        drawn = _draw(rng, people, space, space.size - len(roles))
        leaders = 0 if Role.LEADER in roles.values() else 1
        facilitators = space.size // 50
        champions = 0 if space.visibility == Visibility.PRIVATE else max(1, space.size // 20)
        ranked = (
            [Role.LEADER] * leaders
            + [Role.FACILITATOR] * facilitators
            + [Role.CHAMPION] * champions
        )
        for i, person in enumerate(drawn):
            roles[person.username] = ranked[i] if i < len(ranked) else Role.MEMBER
        memberships[space.slug] = roles
    requests = []
    for slug, username, message in REQUESTS:
        if username is None:
            outsiders = [
                p
                for p in people
                if p.username not in memberships[slug]
                and p.username not in {u for s, u, _m in requests if s == slug}
            ]
            username = rng.choice(outsiders).username
        requests.append((slug, username, message))
    return memberships, requests


def seed_demo() -> list[str]:
    """Build (or complete) the demo organisation; returns the lines to print."""
    lines = _seed_demo()
    lines[1:1] = seed_community_life()
    return lines[:1] + search_reindex() + lines[1:]


@transaction.atomic
def _seed_demo() -> list[str]:
    User = get_user_model()
    rng = random.Random(RANDOM_SEED)
    people = people_specs(rng)
    memberships, requests = plan(rng, people)

    units = {u.name: u for u in units_ensure(texts.DEMO_UNIT_COUNT)}
    countries = {c.code: c for c in countries_ensure(texts.DEMO_COUNTRY_CODES)}
    tags = expertise_ensure()
    password = demo_password_hash()
    sign_ins_ensure(password_hash=password, expertise=tags)

    existing = set(
        User.objects.filter(username__in=[p.username for p in people]).values_list(
            "username", flat=True
        )
    )
    new_people = [p for p in people if p.username not in existing]
    User.objects.bulk_create(
        [
            User(
                username=p.username,
                email=f"{p.username}@example.com",
                password=password,
                first_name=p.first_name,
                last_name=p.last_name,
                display_name=f"{p.first_name} {p.last_name}",
                title=p.title,
                business_unit=units.get(p.unit),
                country=countries.get(p.country),
                location=p.city,
                bio=p.bio,
            )
            for p in new_people
        ],
        batch_size=500,
    )
    everyone = [p.username for p in people] + [username for username, _what in DEMO_SIGN_INS]
    ids = dict(User.objects.filter(username__in=everyone).values_list("username", "id"))
    User.expertise.through.objects.bulk_create(
        [
            User.expertise.through(user_id=ids[p.username], expertisetag_id=tags[name].pk)
            for p in new_people
            for name in p.expertise
        ],
        ignore_conflicts=True,
    )

    spaces, new_spaces = {}, 0
    for spec in SPACES:
        first_leader = next(u for u, r in memberships[spec.slug].items() if r == Role.LEADER)
        space, created = Space.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "description": spec.description,
                "visibility": spec.visibility,
                "business_unit": units.get(spec.unit),
                "created_by_id": ids[first_leader],
            },
        )
        spaces[spec.slug] = space
        new_spaces += created

    space_ids = [s.pk for s in spaces.values()]
    present = set(
        Membership.objects.filter(space_id__in=space_ids).values_list("space_id", "user_id")
    )
    new_memberships = [
        Membership(space_id=spaces[slug].pk, user_id=ids[username], role=role)
        for slug, roles in memberships.items()
        for username, role in roles.items()
        if (spaces[slug].pk, ids[username]) not in present
    ]
    Membership.objects.bulk_create(new_memberships, batch_size=1000)

    new_requests = 0
    for slug, username, message in requests:
        space, user_id = spaces[slug], ids[username]
        # Once answered (or once the person is in), a request is not asked again.
        if (
            Membership.objects.filter(space=space, user_id=user_id).exists()
            or AccessRequest.objects.filter(space=space, user_id=user_id).exists()
        ):
            continue
        AccessRequest.objects.create(space=space, user_id=user_id, message=message)
        new_requests += 1
    member_counts_refresh(space_ids)

    written = seed_conversations(spaces)
    played = play_live_steps(spaces)
    # Desk activity first: it edits spaces that the lifecycle seed then archives.
    seed_desk_activity(spaces)
    seed_lifecycle(spaces)  # states, charters, rules, pilot feedback (demo_lifecycle.py)
    seed_follows(spaces)
    library_line = seed_library(spaces)
    seed_working_together(spaces)  # polls, ideas and events (hearth.seed.demo_working)
    seed_stories(spaces)  # success stories and home features (hearth.seed.demo_stories)
    counters_refresh(Conversation.objects.filter(space_id__in=space_ids))
    stats = demo_conversation_stats(space_ids)

    total_people = User.objects.filter(username__in=everyone).count()
    lines = [
        f"Demo organisation ready: {total_people} people ({len(new_people)} new), "
        f"{len(units)} business units, {len(countries)} countries, {len(spaces)} spaces "
        f"({new_spaces} new), {Membership.objects.filter(space_id__in=space_ids).count()} "
        f"memberships ({len(new_memberships)} new), "
        f"{AccessRequest.objects.filter(space_id__in=space_ids, status='pending').count()} "
        f"pending access requests ({new_requests} new).",
        f"Conversations: {stats['conversations']} ({written['conversations']} new), "
        f"{stats['questions']} of them questions ({stats['answered']} with an accepted answer, "
        f"{stats['unanswered']} without a reply), {stats['replies']} replies "
        f"({written['replies']} new), {stats['likes']} likes ({written['likes']} new); "
        f"{played} recent steps played through the services.",
        library_line,
        "",
    ]
    return lines + seed_moderation(spaces) + sign_ins_text()
