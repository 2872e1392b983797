"""The large organisation's conversations: a million posts at scale 1, for benchmarks.

``round(1,000,000 × scale)`` posts: 15% conversations (40% of them questions),
85% replies. Activity is skewed as in a real organisation: a space posts in
proportion to its (Zipf-distributed) membership times a random liveliness, so
a few spaces are very busy and many are quiet; inside a space a few people
write most (a Zipf law over people, leaders and facilitators more). Reply
counts are heavy-tailed: many conversations have none or a few, some have
hundreds. The conversation the benchmark opens has exactly
``BENCH_REPLIES`` replies, in the largest open space (``member`` belongs to it).

Texts come from templates about each space's topic; the HTML of every body is
rendered once per template and topic and reused, so seeding stays fast.
Counters (reply_count, like_count, first_reply_at, last_activity_at) are
computed from the rows written, so they are exact.
"""

from __future__ import annotations

import math
import random
from array import array
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate

from django.utils import timezone
from django.utils.text import slugify

from hearth.conversations.models import Conversation, Follow, Like, Reply, Tag
from hearth.core.markdown import markdown_render
from hearth.seed.data import seed_data
from hearth.seed.texts import in_sentence
from hearth.spaces.models import Role, Visibility

POSTS_PER_SCALE = 1_000_000
CONVERSATION_SHARE = 0.15
QUESTION_SHARE = 0.40
DAYS = 365
BATCH = 5_000
BENCH_REPLIES = 50
ROLE_WEIGHT = {Role.LEADER: 6.0, Role.FACILITATOR: 4.0, Role.CHAMPION: 3.0}
# The token a template's HTML carries where a username goes.
_WHO = "xmentionx"

_TEXTS = seed_data("large_content")

# The title of the benchmark's conversation is fixed, so it is easy to find.
BENCH_TITLE: str = _TEXTS["bench_title"]

# -- Texts (data/large_content.toml) ----------------------------------------------------

QUESTION_TITLES: list[str] = _TEXTS["question_titles"]
DISCUSSION_TITLES: list[str] = _TEXTS["discussion_titles"]
QUESTION_BODIES: list[str] = _TEXTS["question_bodies"]
DISCUSSION_BODIES: list[str] = _TEXTS["discussion_bodies"]
REPLIES: list[str] = _TEXTS["replies"]
TOPIC_REPLIES: list[str] = _TEXTS["topic_replies"]
GENERIC_TAGS: list[str] = _TEXTS["generic_tags"]
_BENCH_BODY: str = _TEXTS["bench_body"]


def _fields(topic: str) -> dict[str, str]:
    return {"Topic": topic, "low": in_sentence(topic)}


class _Pool:
    """Bodies and their HTML, rendered once per (template, topic) and reused."""

    def __init__(self):
        self._cache: dict[tuple, tuple[str, str]] = {}

    def get(self, templates: list[str], index: int, topic: str, mention: str | None = None):
        key = (id(templates), index, topic, mention is not None)
        if key not in self._cache:
            body = templates[index].format(**_fields(topic))
            if mention is not None:
                body = f"@{_WHO} {body}"
                html = markdown_render(body, mention_links={_WHO: f"/people/{_WHO}/"})
            else:
                html = markdown_render(body)
            self._cache[key] = (body, html)
        body, html = self._cache[key]
        if mention is None:
            return body, html
        return body.replace(_WHO, mention), html.replace(_WHO, mention)


# -- Planning ------------------------------------------------------------------------


@dataclass
class _Space:
    index: int
    space_id: int
    topic: str
    city: str
    unit: str
    visibility: str
    members: list[int]
    cumulative: list[float]  # of the members' activity


def counts(scale: float) -> tuple[int, int]:
    """(conversations, replies) at this scale."""
    posts = round(POSTS_PER_SCALE * scale)
    conversations = min(posts, max(1, round(posts * CONVERSATION_SHARE))) if posts else 0
    return conversations, posts - conversations


def _largest_remainder(total: int, weights: list[float]) -> list[int]:
    whole = sum(weights)
    if not whole or not total:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    shares = [int(x) for x in exact]
    left = total - sum(shares)
    for i in sorted(range(len(exact)), key=lambda i: shares[i] - exact[i])[:left]:
        shares[i] += 1
    return shares


def write_posts(
    *,
    rng: random.Random,
    scale: float,
    spaces: list[dict],
    space_ids: list[int],
    plan: list[list],
    usernames: Callable[[list[int]], dict[int, str]],
    progress: Callable[[str], None],
    now: datetime | None = None,
) -> dict:
    """Write the conversations, replies, likes, tags and follows; returns counts."""
    now = now or timezone.now()
    n_conversations, n_replies = counts(scale)
    if not n_conversations:
        return {"conversations": 0, "replies": 0, "likes": 0, "questions": 0, "answered": 0}

    # People: a Zipf law over a random order, leaders and facilitators more active.
    everyone = sorted({uid for members in plan for uid, _role in members})
    order = everyone[:]
    rng.shuffle(order)
    activity = {uid: 1 / (rank + 3) ** 0.8 for rank, uid in enumerate(order)}

    # Spaces: members × a random liveliness; a quarter of them nearly dormant.
    open_ranks = [i for i, s in enumerate(spaces) if s["visibility"] == Visibility.OPEN]
    bench_index = open_ranks[0] if open_ranks else 0
    weights = []
    for members in plan:
        lively = rng.lognormvariate(0, 0.8) * (0.05 if rng.random() < 0.25 else 1.0)
        weights.append(len(members) ** 0.9 * lively)
    weights[bench_index] = max(weights[bench_index], max(weights) * 0.5)
    per_space = _largest_remainder(n_conversations, weights)
    if per_space[bench_index] == 0:
        donor = max(range(len(per_space)), key=per_space.__getitem__)
        per_space[donor] -= 1
        per_space[bench_index] += 1

    cities = [s.get("city", "") for s in spaces]
    chosen: list[_Space] = []
    for i, n in enumerate(per_space):
        if not n:
            continue
        members = [uid for uid, _role in plan[i]]
        cumulative = list(
            accumulate(activity[uid] * ROLE_WEIGHT.get(role, 1.0) for uid, role in plan[i])
        )
        unit = spaces[i]["business_unit"]
        chosen.append(
            _Space(
                i,
                space_ids[i],
                spaces[i].get("topic", "Knowledge Management"),
                cities[i] or "Lyon",
                unit.name if unit else "the organisation",
                spaces[i]["visibility"],
                members,
                cumulative,
            )
        )

    # Conversations: kind, author, date; reply counts heavy-tailed.
    convs = []  # (space, kind, author, created_at, reply weight)
    for space in chosen:
        for _ in range(per_space[space.index]):
            kind = "question" if rng.random() < QUESTION_SHARE else "discussion"
            author = _pick(rng, space)
            age = DAYS * rng.random() ** 1.6  # busier lately
            created = now - timedelta(days=age, seconds=rng.randint(600, 3600))
            silent = rng.random() < (0.22 if kind == "question" else 0.30)
            weight = 0.0 if silent else rng.lognormvariate(0, 1.1)
            convs.append([space, kind, author, created, weight])
    convs.sort(key=lambda c: c[3])
    reply_counts = _largest_remainder(n_replies, [c[4] for c in convs])
    bench = _bench_conversation(convs, reply_counts, bench_index, n_replies)

    pool = _Pool()
    tag_ids = _tags(spaces)
    stats = {"conversations": 0, "replies": 0, "likes": 0, "questions": 0, "answered": 0}
    for start in range(0, len(convs), BATCH):
        _write_batch(
            rng,
            pool,
            tag_ids,
            convs[start : start + BATCH],
            reply_counts[start : start + BATCH],
            bench - start,
            now,
            usernames,
            stats,
        )
        progress(
            f"{stats['conversations']:,} / {n_conversations:,} conversations, "
            f"{stats['replies']:,} / {n_replies:,} replies"
        )
    return stats


def _pick(rng: random.Random, space: _Space, exclude: int | None = None) -> int:
    for _ in range(8):
        i = bisect(space.cumulative, rng.random() * space.cumulative[-1])
        uid = space.members[min(i, len(space.members) - 1)]
        if uid != exclude:
            return uid
    others = [m for m in space.members if m != exclude]
    return rng.choice(others) if others else space.members[0]


def _bench_conversation(convs, reply_counts, bench_index, n_replies) -> int:
    """Give one conversation of the largest open space exactly BENCH_REPLIES replies,
    taking the difference from (or giving it to) the busiest conversation elsewhere;
    returns its position (-1 when there are too few replies for it)."""
    if n_replies < 2 * BENCH_REPLIES:
        return -1
    mine = [i for i, c in enumerate(convs) if c[0].index == bench_index]
    if not mine:
        return -1
    # An older discussion, so its replies can spread over weeks.
    target = min(mine[: max(1, len(mine) // 3)], key=lambda i: abs(reply_counts[i] - 50))
    convs[target][1] = "discussion"
    diff = BENCH_REPLIES - reply_counts[target]
    others = sorted((i for i in range(len(convs)) if i != target), key=lambda i: -reply_counts[i])
    for i in others:
        if not diff:
            break
        take = min(diff, reply_counts[i]) if diff > 0 else diff
        reply_counts[i] -= take
        diff -= take
    reply_counts[target] = BENCH_REPLIES
    return target


def _tags(spaces: list[dict]) -> dict[str, int]:
    slugs = {slugify(s.get("topic", "")) for s in spaces} | set(GENERIC_TAGS)
    slugs.discard("")
    existing = set(Tag.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    Tag.objects.bulk_create(
        [Tag(slug=s, name=s) for s in sorted(slugs - existing)], ignore_conflicts=True
    )
    return dict(Tag.objects.filter(slug__in=slugs).values_list("slug", "id"))


def _write_batch(rng, pool, tag_ids, convs, reply_counts, bench, now, usernames, stats):
    """Write one batch of conversations with their replies, likes, tags and follows."""
    from hearth.seed.large import _insert

    conversations, plans = [], []
    for position, ((space, kind, author, created, _w), n) in enumerate(
        zip(convs, reply_counts, strict=True)
    ):
        fields = {
            "Topic": space.topic,
            "low": in_sentence(space.topic),
            "city": space.city,
            "unit": space.unit,
        }
        if position == bench:
            title, body, html = BENCH_TITLE, _BENCH_BODY, markdown_render(_BENCH_BODY)
        else:
            titles = QUESTION_TITLES if kind == "question" else DISCUSSION_TITLES
            title = rng.choice(titles).format(**fields)
            bodies = QUESTION_BODIES if kind == "question" else DISCUSSION_BODIES
            body, html = pool.get(bodies, rng.randrange(len(bodies)), space.topic)
        # Replies: when and by whom; the first answer after hours, the rest spread out.
        replies, t = [], 0.0
        span = (now - created).total_seconds() / 3600 - 0.1
        for i in range(n):
            t += rng.lognormvariate(math.log(4 if i == 0 else 3), 1.2)
            replies.append(t)
        if replies and replies[-1] > span:
            replies = [h * span / replies[-1] for h in replies]
        authors = []
        for i in range(n):
            own = i > 0 and rng.random() < 0.1  # the author answers back now and then
            authors.append(author if own else _pick(rng, space, exclude=author))
        dates = [created + timedelta(hours=h) for h in replies]
        answers = [i for i, a in enumerate(authors) if a != author]
        accepted = None
        if kind == "question" and answers and rng.random() < 0.55:
            accepted = answers[0] if rng.random() < 0.6 or len(answers) == 1 else answers[1]
        liked = int(rng.paretovariate(1.6)) - 1 + n // 4
        likers = _likers(rng, space, author, liked if n else min(liked, 2))
        conversations.append(
            Conversation(
                space_id=space.space_id,
                kind=kind,
                title=title[:200],
                body=body,
                body_html=html,
                author_id=author,
                created_at=created,
                last_activity_at=dates[-1] if dates else created,
                first_reply_at=dates[answers[0]] if answers else None,
                reply_count=n,
                like_count=len(likers),
            )
        )
        topic_tag = tag_ids.get(slugify(space.topic))
        tags = {topic_tag} if topic_tag and rng.random() < 0.8 else set()
        tags |= {tag_ids[t] for t in rng.sample(GENERIC_TAGS, rng.choice([0, 1, 1, 2]))}
        plans.append((space, author, authors, dates, accepted, likers, tags))
    ids = _insert(Conversation, conversations)
    stats["conversations"] += len(ids)
    stats["questions"] += sum(1 for c in conversations if c.kind == "question")

    Conversation.tags.through.objects.bulk_create(
        [
            Conversation.tags.through(conversation_id=cid, tag_id=tag)
            for cid, plan in zip(ids, plans, strict=True)
            for tag in plan[6]
        ],
        batch_size=BATCH,
    )
    likes = [
        Like(user_id=uid, conversation_id=cid)
        for cid, plan in zip(ids, plans, strict=True)
        for uid in plan[5]
    ]
    follows = []
    accepted_rows = []
    rows, reply_likers, owners = [], [], []
    names: dict[int, str] = {}
    for cid, (space, author, authors, dates, accepted, _, _) in zip(ids, plans, strict=True):
        watchers = dict.fromkeys([author, *authors])
        follows += [
            Follow(user_id=uid, conversation_id=cid, level=Follow.Level.WATCHING)
            for uid in watchers
        ]
        for i, (who, when) in enumerate(zip(authors, dates, strict=True)):
            mention = None
            if i > 0 and rng.random() < 0.08:
                mention = author if who != author else authors[i - 1]
            if rng.random() < 0.3:
                body_pair = (TOPIC_REPLIES, rng.randrange(len(TOPIC_REPLIES)), space.topic)
            else:
                body_pair = (REPLIES, rng.randrange(len(REPLIES)), space.topic)
            likers = _likers(rng, space, who, _reply_like_count(rng, i == accepted))
            rows.append([cid, who, when, body_pair, mention, len(likers)])
            reply_likers.append(likers)
            owners.append((cid, i == accepted))
    if any(r[4] is not None for r in rows):
        names = usernames(sorted({r[4] for r in rows if r[4] is not None}))
    replies = []
    for cid, who, when, (templates, index, topic), mention, like_count in rows:
        body, html = pool.get(templates, index, topic, names.get(mention) if mention else None)
        replies.append(
            Reply(
                conversation_id=cid,
                author_id=who,
                body=body,
                body_html=html,
                created_at=when,
                like_count=like_count,
            )
        )
    reply_ids = array("q")
    for start in range(0, len(replies), BATCH):
        reply_ids.extend(_insert(Reply, replies[start : start + BATCH]))
    stats["replies"] += len(reply_ids)
    for rid, (cid, is_accepted), likers in zip(reply_ids, owners, reply_likers, strict=True):
        likes += [Like(user_id=uid, reply_id=rid) for uid in likers]
        if is_accepted:
            accepted_rows.append(Conversation(pk=cid, accepted_reply_id=rid))
    Conversation.objects.bulk_update(accepted_rows, ["accepted_reply"], batch_size=1000)
    stats["answered"] += len(accepted_rows)
    Like.objects.bulk_create(likes, batch_size=BATCH)
    stats["likes"] += len(likes)
    Follow.objects.bulk_create(follows, batch_size=BATCH)


def _reply_like_count(rng: random.Random, accepted: bool) -> int:
    if accepted:
        return rng.randint(1, 6)
    return 0 if rng.random() < 0.6 else min(40, int(rng.paretovariate(1.8)))


def _likers(rng: random.Random, space: _Space, author: int, count: int) -> list[int]:
    """Distinct members other than the author (at most every one of them)."""
    count = min(count, len(space.members) - 1, 200)
    if count <= 0:
        return []
    picked = rng.sample(space.members, min(len(space.members), count + 1))
    return [uid for uid in picked if uid != author][:count]


def bench_conversation_id() -> int | None:
    """The id of the benchmark's conversation, if the large preset wrote one."""
    return (
        Conversation.objects.filter(
            title=BENCH_TITLE, reply_count=BENCH_REPLIES, space__visibility=Visibility.OPEN
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
