"""The organisation Hearth is designed for, scaled: for benchmarks, not demos.

At scale 1: 200,000 people (usernames p000001…), 27 business units, 64 countries,
3,000 spaces (about 70% open, 20% restricted, 10% private), roughly 700,000
memberships and 1,000,000 posts (``hearth.seed.large_content``). Space popularity
follows a Zipf law — a few organisation-wide communities with tens of thousands of
members, a long tail of small ones — and each person belongs to a handful of spaces.
Units and countries are not scaled.

Everything is written with bulk inserts inside one transaction, so a failed run
leaves nothing behind. The demo sign-ins are created too, with memberships that
make them useful in a benchmark (``member`` is in the largest open space).
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from itertools import accumulate, islice

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from hearth.seed import texts
from hearth.seed.common import (
    countries_ensure,
    demo_password_hash,
    expertise_ensure,
    search_reindex,
    sign_ins_ensure,
    sign_ins_text,
    unit_family,
    units_ensure,
)
from hearth.seed.demo import SPACES as DEMO_SPACES
from hearth.seed.large_content import BENCH_REPLIES, DAYS, bench_conversation_id, write_posts
from hearth.spaces.models import AccessRequest, Membership, Role, Space, Visibility

PEOPLE = 200_000
SPACES = 3_000
BATCH = 5_000
RANDOM_SEED = 200_000
# How many spaces a person belongs to: 0..9, weighted (a mean of about 3.4).
SPACES_PER_PERSON = [7, 15, 18, 17, 13, 10, 8, 6, 4, 2]
# Popularity by rank: 1 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT. At scale 1 the
# largest space has about 45,000 members, the median one about 60.
ZIPF_EXPONENT = 1.0
ZIPF_OFFSET = 2
# Restricted and private spaces are smaller than open ones of the same rank.
CLOSED_SPACE_DAMPING = 0.35
ORG_ROLES_BESIDE_UNIT_LEADERS = {"director": 3, "admin": 5}

Progress = Callable[[str], None]


def scaled_counts(scale: float) -> tuple[int, int]:
    """(people, spaces) at this scale; always at least one of each."""
    return max(1, round(PEOPLE * scale)), max(1, round(SPACES * scale))


def visibility_of(index: int) -> str:
    # A golden-ratio sequence spreads 70/20/10 evenly over the popularity ranks,
    # so big and small spaces of every visibility exist at any scale.
    position = (index * 0.6180339887498949) % 1.0
    if position < 0.7:
        return Visibility.OPEN
    return Visibility.RESTRICTED if position < 0.9 else Visibility.PRIVATE


def seed_large(*, scale: float, progress: Progress = lambda message: None) -> list[str]:
    """Seed the scaled organisation; returns the lines to print."""
    n_people, n_spaces = scaled_counts(scale)
    width = max(6, len(str(n_people)))
    User = get_user_model()
    if User.objects.filter(username=f"p{1:0{width}d}").exists():
        raise CommandError(
            "This database already holds the large organisation. Seed it into an empty "
            "database (for example after `hearth flush`)."
        )
    rng = random.Random(RANDOM_SEED)
    with transaction.atomic():
        builder = _Builder(rng=rng, progress=progress, width=width)
        person_ids = builder.people(n_people)
        spaces = builder.spaces(n_spaces)
        plan = builder.memberships(person_ids, spaces)
        space_ids = builder.write_spaces(spaces, plan)
        memberships = builder.write_memberships(space_ids, plan)
        requests = builder.access_requests(space_ids, spaces, plan, person_ids)
        posts = write_posts(
            rng=random.Random(RANDOM_SEED + 1),
            scale=scale,
            spaces=spaces,
            space_ids=space_ids,
            plan=plan,
            usernames=_usernames,
            progress=progress,
        )
    reindexed = search_reindex()
    by_visibility = {v: sum(1 for s in spaces if s["visibility"] == v) for v in Visibility.values}
    return [
        f"Large organisation ready (scale {scale:g}): {n_people:,} people, "
        f"{len(builder.units)} business units, {len(builder.countries)} countries, "
        f"{n_spaces:,} spaces ({by_visibility['open']:,} open, "
        f"{by_visibility['restricted']:,} restricted, {by_visibility['private']:,} private), "
        f"{memberships:,} memberships, {requests:,} pending access requests.",
        f"Largest space: {spaces[0]['name']} (/s/{spaces[0]['slug']}/) with "
        f"{len(plan[0]):,} members.",
        f"Posts: {posts['conversations']:,} conversations ({posts['questions']:,} questions, "
        f"{posts['answered']:,} with an accepted answer), {posts['replies']:,} replies, "
        f"{posts['likes']:,} likes.",
        *(
            [f"The benchmark's conversation ({BENCH_REPLIES} replies): /c/{bench}/"]
            if (bench := bench_conversation_id())
            else []
        ),
        *reindexed,
        "",
        *sign_ins_text(),
    ]


class _Builder:
    def __init__(self, *, rng: random.Random, progress: Progress, width: int):
        self.rng, self.progress, self.width = rng, progress, width
        self.units = units_ensure(len(texts.BUSINESS_UNITS))
        self.countries = countries_ensure()
        self.tags = expertise_ensure()
        self.password = demo_password_hash()
        self.sign_ins = sign_ins_ensure(password_hash=self.password, expertise=self.tags)
        # Hearth opened a week before the oldest post the seed writes: people's accounts
        # and the spaces date from then, as after importing the directory at launch.
        # (Dates draw from their own generator: the rest of the seed stays as it was.)
        self.launch = timezone.now() - timedelta(days=DAYS + 7)
        self.dates = random.Random(RANDOM_SEED + 2)

    def _launch_week(self) -> datetime:
        return self.launch + timedelta(seconds=self.dates.randint(0, 6 * 86_400))

    # -- People ---------------------------------------------------------------------

    def people(self, count: int) -> list[int]:
        """Create the people in batches; returns their ids in username order."""
        User = get_user_model()
        rng = self.rng
        places = {code: (cities, cultures) for code, _n, cities, cultures in texts.COUNTRIES}
        countries = self.countries
        country_weights = list(
            accumulate(8 if i < 4 else 4 if i < 12 else 1.5 for i in range(len(countries)))
        )
        unit_weights = list(accumulate(rng.uniform(1, 5) for _ in self.units))
        families = [unit_family(u) for u in self.units]
        org_roles = {i: "unit_leader" for i in rng.sample(range(count), min(count, 27))}
        for role, how_many in ORG_ROLES_BESIDE_UNIT_LEADERS.items():
            for i in rng.sample(range(count), min(count, how_many)):
                org_roles.setdefault(i, role)
        tag_ids = {name: tag.pk for name, tag in self.tags.items()}
        Expertise = User.expertise.through

        ids: list[int] = []
        for start in range(0, count, BATCH):
            batch, batch_tags = [], []
            for i in range(start, min(start + BATCH, count)):
                country = rng.choices(countries, cum_weights=country_weights)[0]
                cities, cultures = places[country.code]
                culture = rng.choice(cultures if rng.random() < 0.8 else texts.ALL_CULTURES)
                first, last = texts.person_name(rng, culture)
                u = rng.choices(range(len(self.units)), cum_weights=unit_weights)[0]
                unit, family = self.units[u], families[u]
                city = rng.choice(cities)
                title = texts.job_title(rng, family)
                tags = (
                    rng.sample(texts.FAMILIES[family]["expertise"], rng.randint(1, 3))
                    if rng.random() < 0.55
                    else []
                )
                bio = (
                    texts.bio_for(
                        rng, family=family, unit=unit.name, city=city, title=title, tags=tags
                    )
                    if rng.random() < 0.4
                    else ""
                )
                username = f"p{i + 1:0{self.width}d}"
                batch.append(
                    User(
                        username=username,
                        email=f"{username}@example.com",
                        password=self.password,
                        first_name=first,
                        last_name=last,
                        display_name=f"{first} {last}",
                        title="" if rng.random() < 0.1 else title,
                        business_unit=unit,
                        country=country,
                        location="" if rng.random() < 0.1 else city,
                        bio=bio,
                        org_role=org_roles.get(i, "employee"),
                        date_joined=self._launch_week(),
                    )
                )
                batch_tags.append(tags)
            created = _insert(User, batch)
            Expertise.objects.bulk_create(
                [
                    Expertise(user_id=user_id, expertisetag_id=tag_ids[name])
                    for user_id, names in zip(created, batch_tags, strict=True)
                    for name in names
                ],
                batch_size=BATCH,
            )
            ids.extend(created)
            self.progress(f"{len(ids):,} / {count:,} people")
        return ids

    # -- Spaces ---------------------------------------------------------------------

    def spaces(self, count: int) -> list[dict]:
        """Names, slugs and settings of the spaces, most popular first."""
        rng = self.rng
        # The demo's addresses stay free, so that the demo may be seeded beside this.
        taken_slugs = set(Space.objects.values_list("slug", flat=True))
        taken_slugs |= {space.slug for space in DEMO_SPACES}
        taken_names: set[str] = set()
        cities = [(city, code) for code, _n, cs, _c in texts.COUNTRIES for city in cs]
        # The most popular spaces are organisation-wide communities.
        organisation_wide = max(3, count // 100)
        spaces = []
        for index in range(count):
            wide = index < organisation_wide
            unit = rng.choice(self.units) if not wide and rng.random() < 0.85 else None
            city, _code = rng.choice(cities)
            topic = rng.choice(texts.SPACE_TOPICS)
            name, description = texts.space_text(
                rng,
                topic=topic,
                city=city,
                unit=unit.name if unit else "the whole organisation",
                wide=wide,
            )
            if name in taken_names:
                name = f"{name} ({unit.name if unit else city})"
            base, n = name, 1
            while name in taken_names:
                n += 1
                name = f"{base} {n}"
            taken_names.add(name)
            slug = base_slug = slugify(name.replace("&", "and"))[:54].strip("-")
            n = 1
            while slug in taken_slugs:
                n += 1
                slug = f"{base_slug}-{n}"
            taken_slugs.add(slug)
            spaces.append(
                {
                    "name": name,
                    "slug": slug,
                    "description": description,
                    "business_unit": unit,
                    "visibility": visibility_of(index),
                    "topic": topic,
                    "city": city,
                }
            )
        return spaces

    def memberships(self, person_ids: list[int], spaces: list[dict]) -> list[list]:
        """Per space, [(user_id, role), …]: Zipf-popular spaces, a handful per person."""
        rng = self.rng
        weights = [
            (1.0 if s["visibility"] == Visibility.OPEN else CLOSED_SPACE_DAMPING)
            / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT
            for rank, s in enumerate(spaces)
        ]
        cumulative = list(accumulate(weights))
        per_person = list(accumulate(SPACES_PER_PERSON))
        ranks = range(len(spaces))
        how_many = range(len(SPACES_PER_PERSON))
        members = [array("q") for _ in spaces]
        for user_id in person_ids:
            k = rng.choices(how_many, cum_weights=per_person)[0]
            for index in set(rng.choices(ranks, cum_weights=cumulative, k=k)):
                members[index].append(user_id)

        plan = []
        for index, ids in enumerate(members):
            people = list(ids) or [rng.choice(person_ids)]  # every space has a leader
            rng.shuffle(people)
            n = len(people)
            leaders = 1 + (n >= 200) + (n >= 5000)
            facilitators = min(10, n // 150)
            champions = min(40, n // 60)
            roles = (
                [Role.LEADER] * leaders
                + [Role.FACILITATOR] * facilitators
                + [Role.CHAMPION] * champions
            )
            plan.append(
                [(uid, roles[i] if i < len(roles) else Role.MEMBER) for i, uid in enumerate(people)]
            )
            members[index] = array("q")  # free as we go
        self._cast_sign_ins(spaces, plan)
        return plan

    def _cast_sign_ins(self, spaces: list[dict], plan: list[list]) -> None:
        """Give the sign-ins roles worth trying: `member` is in the largest open space
        and in a few more, and asks to join a restricted space that `leader` leads."""
        who = {name: person.pk for name, person in self.sign_ins.items()}
        open_ranks = [i for i, s in enumerate(spaces) if s["visibility"] == Visibility.OPEN]
        restricted = [i for i, s in enumerate(spaces) if s["visibility"] == Visibility.RESTRICTED]
        private = [i for i, s in enumerate(spaces) if s["visibility"] == Visibility.PRIVATE]
        middle = open_ranks[len(open_ranks) // 10 :] or open_ranks
        cast: list[tuple[int, str, str]] = []
        if open_ranks:
            biggest = open_ranks[0]
            cast += [
                (biggest, "member", Role.MEMBER),
                (biggest, "champion", Role.CHAMPION),
                (biggest, "facilitator", Role.FACILITATOR),
            ]
            cast += [(i, "member", Role.MEMBER) for i in open_ranks[1:4]]
            cast += [(i, "leader", Role.LEADER) for i in middle[:2]]
            cast += [(i, "facilitator", Role.FACILITATOR) for i in middle[2:4]]
            cast += [(i, "champion", Role.CHAMPION) for i in middle[4:5]]
        if restricted:
            cast.append((restricted[0], "leader", Role.LEADER))
            self.member_asks_to_join = restricted[0]
        if private:
            cast.append((private[0], "director", Role.LEADER))
        for index, username, role in cast:
            user_id = who[username]
            if all(uid != user_id for uid, _r in plan[index]):
                plan[index].append((user_id, role))

    # -- Writing --------------------------------------------------------------------

    def write_spaces(self, spaces: list[dict], plan: list[list]) -> list[int]:
        objects = [
            Space(
                name=s["name"],
                slug=s["slug"],
                description=s["description"],
                business_unit=s["business_unit"],
                visibility=s["visibility"],
                created_by_id=next(uid for uid, role in members if role == Role.LEADER),
                member_count=len(members),
            )
            for s, members in zip(spaces, plan, strict=True)
        ]
        ids = []
        for batch in _batches(objects, BATCH):
            ids.extend(_insert(Space, batch))
        Space.objects.filter(pk__in=ids).update(created_at=self.launch)  # auto_now_add
        self.progress(f"{len(ids):,} spaces")
        return ids

    def write_memberships(self, space_ids: list[int], plan: list[list]) -> int:
        rows = (
            Membership(space_id=space_id, user_id=user_id, role=role)
            for space_id, members in zip(space_ids, plan, strict=True)
            for user_id, role in members
        )
        written = 0
        for batch in _batches(rows, BATCH):
            Membership.objects.bulk_create(batch)
            written += len(batch)
            if written % (BATCH * 20) < BATCH:
                self.progress(f"{written:,} memberships")
        self.progress(f"{written:,} memberships")
        return written

    def access_requests(
        self, space_ids: list[int], spaces: list[dict], plan: list[list], person_ids: list[int]
    ) -> int:
        rng = self.rng
        messages = [
            "",
            "",
            "I work with this team every week.",
            "My manager suggested I join.",
            "New in the unit, keen to learn.",
            "Could I follow this? It overlaps with my project.",
        ]
        requests = []
        for index, space in enumerate(spaces):
            if space["visibility"] != Visibility.RESTRICTED:
                continue
            inside = {uid for uid, _role in plan[index]}
            asking = {rng.choice(person_ids) for _ in range(rng.randint(0, 3))} - inside
            requests += [
                AccessRequest(space_id=space_ids[index], user_id=uid, message=rng.choice(messages))
                for uid in asking
            ]
        index = getattr(self, "member_asks_to_join", None)
        if index is not None:
            requests.append(
                AccessRequest(
                    space_id=space_ids[index],
                    user_id=self.sign_ins["member"].pk,
                    message="I would like to follow this before our team starts on it.",
                )
            )
        AccessRequest.objects.bulk_create(requests, batch_size=BATCH)
        return len(requests)


def _usernames(ids: list[int]) -> dict[int, str]:
    return dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))


def _batches(items, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _insert(model, objects: list) -> list[int]:
    """bulk_create and return the new ids, in order.

    PostgreSQL and SQLite (3.35+) return them from the INSERT; elsewhere the rows
    are read back, relying on ids growing within this transaction.
    """
    if not objects:
        return []
    before = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    model.objects.bulk_create(objects)
    if all(obj.pk is not None for obj in objects):
        return [obj.pk for obj in objects]
    return list(
        model.objects.filter(pk__gt=before)
        .order_by("pk")
        .values_list("pk", flat=True)[: len(objects)]
    )
