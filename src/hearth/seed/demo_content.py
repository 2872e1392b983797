"""The demo's conversations: who wrote what, when, who answered and who liked it.

The texts are in ``hearth.seed.demo_posts``. Every decision (authors, dates,
replies, likes) is drawn from a random generator seeded per space, so a rerun
plans the same content; only what is missing is written, looked up by its
natural key (space, title). The counters the pages trust (reply and like
counts) are recounted for every demo conversation on each run.

The last hours of the demo (``LIVE_STEPS``) go through the real services, so
that the sign-ins find notifications worth opening.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from hearth.conversations.models import Conversation, Follow, Like, Reply, Tag
from hearth.core.markdown import markdown_render, mentioned_usernames
from hearth.seed.demo_posts import COMMON_REPLIES, LIVE_STEPS, POSTS, SPACE_REPLIES, Post
from hearth.spaces.models import Membership, Role, Space, Visibility

RANDOM_SEED = 2025
DAYS = 60  # conversations spread over the last two months
# The bulk content stops a few hours before the seed, leaving room for LIVE_STEPS.
QUIET_HOURS = 3.5

ROLE_WEIGHT = {Role.LEADER: 4.0, Role.FACILITATOR: 3.0, Role.CHAMPION: 2.5, Role.MEMBER: 1.0}


@dataclass
class PlannedReply:
    author: str
    body: str
    created_at: datetime
    likers: list[str] = field(default_factory=list)


@dataclass
class PlannedConversation:
    post: Post
    author: str
    body: str
    created_at: datetime
    replies: list[PlannedReply]
    accepted: int | None
    likers: list[str]

    @property
    def last_activity_at(self) -> datetime:
        return self.replies[-1].created_at if self.replies else self.created_at

    @property
    def first_reply_at(self) -> datetime | None:
        others = [r.created_at for r in self.replies if r.author != self.author]
        return min(others) if others else None


class _Members:
    """A space's members with how active each is: a few write most (Zipf-like)."""

    def __init__(self, rng: random.Random, rows: list[tuple[str, str]]):
        rows = sorted(rows)
        order = list(range(len(rows)))
        rng.shuffle(order)
        self.names = [rows[i][0] for i in order]
        self.weights = [
            ROLE_WEIGHT.get(rows[i][1], 1.0) / (rank + 1) ** 0.9 for rank, i in enumerate(order)
        ]
        self.rng = rng

    def draw(self, exclude: set[str] = frozenset()) -> str:
        for _ in range(20):
            name = self.rng.choices(self.names, weights=self.weights)[0]
            if name not in exclude:
                return name
        candidates = [n for n in self.names if n not in exclude]
        return self.rng.choice(candidates or self.names)

    def sample(self, count: int, exclude: set[str]) -> list[str]:
        """Distinct people, the active ones more likely."""
        pool = [(n, w) for n, w in zip(self.names, self.weights, strict=True) if n not in exclude]
        count = min(count, len(pool))
        keyed = sorted(pool, key=lambda nw: self.rng.random() ** (1 / (nw[1] ** 0.5 + 0.2)))
        return [n for n, _w in keyed[-count:]] if count else []


def _fill(text: str, *, author: str, someone: str) -> str:
    return text.replace("@{author}", f"@{author}").replace("@{someone}", f"@{someone}")


def plan_space(slug: str, members: list[tuple[str, str]], now: datetime) -> list:
    """The planned conversations of one space, from its members (username, role)."""
    rng = random.Random(f"{RANDOM_SEED}:{slug}")
    people = _Members(rng, members)
    posts = POSTS.get(slug, [])
    fillers = SPACE_REPLIES.get(slug, []) + COMMON_REPLIES
    end = now - timedelta(hours=QUIET_HOURS)
    planned = []
    for post in posts:
        # A drawn author is not one of the sign-ins who reply to the post.
        cast = {r[0] for r in post.replies if isinstance(r, tuple)}
        author = post.author or people.draw(exclude=cast)
        someone = people.draw(exclude={author})
        # Older conversations are rarer: the space is busier now than two months ago.
        unanswered = post.kind == "question" and not post.replies and not post.extra
        if unanswered:
            age_days = rng.uniform(2.0, 21.0)  # unanswered for days
        else:
            age_days = 0.3 + (DAYS - 0.3) * rng.random() ** 1.4
        created = end - timedelta(days=age_days, minutes=rng.randint(0, 59))
        created = created.replace(hour=rng.choice(range(7, 19)))
        if created > end - timedelta(hours=2):
            created = end - timedelta(hours=rng.uniform(2, 10))
        if unanswered and end - created < timedelta(days=2):
            created -= timedelta(days=1)

        texts: list[tuple[str | None, str]] = [
            (r[0], r[1]) if isinstance(r, tuple) else (None, r) for r in post.replies
        ]
        for text in rng.sample(fillers, min(post.extra, len(fillers))):
            texts.append((None, text))
        replies = []
        # The first answer after a few hours, then replies spread out, capped at the end.
        offsets, t = [], 0.0
        for i in range(len(texts)):
            t += rng.lognormvariate(math.log(3 if i == 0 else 7), 0.9)
            offsets.append(t)
        span_hours = (end - created).total_seconds() / 3600
        if offsets and offsets[-1] > span_hours * 0.95:
            offsets = [o * span_hours * 0.95 / offsets[-1] for o in offsets]
        previous = author
        for (who, text), hours in zip(texts, offsets, strict=True):
            who = who or people.draw(exclude={author, previous})
            replies.append(
                PlannedReply(
                    who,
                    _fill(text, author=author, someone=someone),
                    created + timedelta(hours=hours),
                )
            )
            previous = who

        accepted = post.accepted if post.kind == "question" else None
        for i, reply in enumerate(replies):
            likes = rng.choice([0, 0, 0, 0, 1, 1, 1, 2, 3])
            if i == accepted:
                likes += rng.randint(2, 5)
            reply.likers = people.sample(likes, exclude={reply.author})
        conversation_likes = min(15, int(rng.paretovariate(1.3)) - 1 + len(replies) // 3)
        if not replies:  # a post nobody answered has drawn little attention
            conversation_likes = min(conversation_likes, 2)
        planned.append(
            PlannedConversation(
                post=post,
                author=author,
                body=_fill(post.body, author=author, someone=someone),
                created_at=created,
                replies=replies,
                accepted=accepted,
                likers=people.sample(conversation_likes, exclude={author}),
            )
        )
    return planned


def _tags(names) -> dict[str, Tag]:
    slugs = sorted({slugify(n)[:40] for n in names} - {""})
    existing = {t.slug: t for t in Tag.objects.filter(slug__in=slugs)}
    missing = [Tag(slug=s, name=s) for s in slugs if s not in existing]
    Tag.objects.bulk_create(missing, ignore_conflicts=True)
    return {t.slug: t for t in Tag.objects.filter(slug__in=slugs)}


class _Renderer:
    """Markdown to HTML with @mentions linked for the people who may read the space."""

    def __init__(self, space: Space, member_names: set[str], existing: set[str]):
        self.readers = existing if space.visibility == Visibility.OPEN else member_names

    def __call__(self, body: str) -> str:
        names = [n for n in mentioned_usernames(body) if n in self.readers]
        return markdown_render(body, mention_links={n: f"/people/{n}/" for n in names})


def seed_conversations(spaces: dict[str, Space], now: datetime | None = None) -> dict:
    """Write the planned conversations that are missing; returns what was written."""
    now = now or timezone.now()
    User = get_user_model()
    written = {"conversations": 0, "replies": 0, "likes": 0}
    active = set(User.objects.filter(is_active=True).values_list("username", flat=True))
    for slug, space in spaces.items():
        rows = list(Membership.objects.filter(space=space).values_list("user__username", "role"))
        if not rows:
            continue
        planned = plan_space(slug, rows, now)
        present = set(Conversation.objects.filter(space=space).values_list("title", flat=True))
        missing = [p for p in planned if p.post.title not in present]
        if not missing:
            continue
        names = {p.author for p in missing}
        for p in missing:
            names |= set(p.likers)
            for r in p.replies:
                names |= {r.author, *r.likers}
        ids = dict(User.objects.filter(username__in=names).values_list("username", "id"))
        render = _Renderer(space, {u for u, _r in rows}, active)
        tags = _tags(t for p in missing for t in p.post.tags)
        written_here = _write(space, missing, ids, render, tags)
        for key, value in written_here.items():
            written[key] += value
    return written


def _write(space, planned: list[PlannedConversation], ids, render, tags) -> dict:
    conversations = Conversation.objects.bulk_create(
        [
            Conversation(
                space=space,
                kind=p.post.kind,
                title=p.post.title,
                body=p.body,
                body_html=render(p.body),
                author_id=ids[p.author],
                created_at=p.created_at,
                last_activity_at=p.last_activity_at,
                first_reply_at=p.first_reply_at,
                reply_count=len(p.replies),
                like_count=len(p.likers),
            )
            for p in planned
        ]
    )
    Conversation.tags.through.objects.bulk_create(
        [
            Conversation.tags.through(conversation_id=c.pk, tag_id=tags[slugify(t)[:40]].pk)
            for c, p in zip(conversations, planned, strict=True)
            for t in dict.fromkeys(p.post.tags)
        ],
        ignore_conflicts=True,
    )
    replies = Reply.objects.bulk_create(
        [
            Reply(
                conversation=c,
                author_id=ids[r.author],
                body=r.body,
                body_html=render(r.body),
                created_at=r.created_at,
                like_count=len(r.likers),
            )
            for c, p in zip(conversations, planned, strict=True)
            for r in p.replies
        ]
    )
    accepted, likes, follows, position = [], [], [], 0
    for c, p in zip(conversations, planned, strict=True):
        mine = replies[position : position + len(p.replies)]
        position += len(p.replies)
        if p.accepted is not None:
            c.accepted_reply = mine[p.accepted]
            accepted.append(c)
        likes += [(Like(user_id=ids[u], conversation=c), p.created_at) for u in p.likers]
        for reply, plan in zip(mine, p.replies, strict=True):
            likes += [(Like(user_id=ids[u], reply=reply), plan.created_at) for u in plan.likers]
        # The services make the author and everyone who replied watch the conversation.
        watchers = dict.fromkeys([p.author, *(r.author for r in p.replies)])
        follows += [
            Follow(user_id=ids[u], conversation=c, level=Follow.Level.WATCHING) for u in watchers
        ]
    Conversation.objects.bulk_update(accepted, ["accepted_reply"])
    rows = Like.objects.bulk_create([like for like, _when in likes])
    # created_at is set on insert (auto_now_add): date each like after its post.
    end = max(p.last_activity_at for p in planned)
    rng = random.Random(f"{RANDOM_SEED}:likes:{space.slug}")
    for like, (_like, posted) in zip(rows, likes, strict=True):
        like.created_at = posted + (max(end, posted) - posted) * rng.random() ** 2
    Like.objects.bulk_update(rows, ["created_at"], batch_size=500)
    Follow.objects.bulk_create(follows, ignore_conflicts=True)
    return {"conversations": len(conversations), "replies": len(replies), "likes": len(likes)}


def counters_refresh(conversations) -> None:
    """Set reply_count and like_count of these conversations (a queryset) from the rows,
    and each of their replies' like_count."""
    replies = Reply.objects.filter(conversation__in=conversations)
    reply_likes = (
        Like.objects.filter(reply=OuterRef("pk")).order_by().values("reply").annotate(n=Count("pk"))
    )
    replies.update(like_count=Coalesce(Subquery(reply_likes.values("n")), 0))
    live = (
        Reply.objects.filter(conversation=OuterRef("pk"), removed_at__isnull=True)
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
    )
    conversation_likes = (
        Like.objects.filter(conversation=OuterRef("pk"))
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
    )
    conversations.update(
        reply_count=Coalesce(Subquery(live.values("n")), 0),
        like_count=Coalesce(Subquery(conversation_likes.values("n")), 0),
    )


# -- The last hours, through the services -------------------------------------------------


def _watchers_tell_now(conversation, reply, author, *, since: int) -> None:
    """Tell the watchers at once, as the worker will, so that the step's
    notifications carry its date; the queued task then finds them told."""
    from hearth.conversations import jobs
    from hearth.notifications.models import Notification

    mentioned = Notification.objects.filter(pk__gt=since, kind="mention").values_list(
        "recipient_id", flat=True
    )
    jobs.watchers_notify(
        conversation_id=conversation.pk,
        reply_id=reply.pk if reply is not None else None,
        actor_id=author.pk,
        skip=list(mentioned),
    )


def play_live_steps(spaces: dict[str, Space], now: datetime | None = None) -> int:
    """Play LIVE_STEPS that are not done yet; returns how many were played.

    Each step runs through hearth.conversations.services at the time of the seed;
    its rows (and the notifications it sent) are then dated to when the step
    happened, minutes or hours before the seed.
    """
    from hearth.access.actor import Actor
    from hearth.conversations import services
    from hearth.notifications.models import Notification

    now = now or timezone.now()
    User = get_user_model()
    people = {u.username: u for u in User.objects.filter(username__in=_live_usernames())}
    played = 0
    touched: set[int] = set()

    def conversation(title: str) -> Conversation | None:
        return (
            Conversation.objects.select_related("space")
            .filter(title=title, space__in=list(spaces.values()))
            .first()
        )

    for minutes, action, *args in LIVE_STEPS:
        when = now - timedelta(minutes=minutes)
        last_notification = Notification.objects.order_by("-pk").values_list("pk", flat=True)
        before = last_notification.first() or 0
        if action == "post":
            slug, username, kind, title, body, tags = args
            space = spaces.get(slug)
            if space is None or conversation(title) is not None:
                continue
            made, _ = services.conversation_create(
                actor=Actor.for_user(people[username]),
                space=space,
                kind=kind,
                title=title,
                body=body,
                tags=tags,
            )
            Conversation.objects.filter(pk=made.pk).update(created_at=when, last_activity_at=when)
            _watchers_tell_now(made, None, people[username], since=before)
            touched.add(made.pk)
        elif action == "reply":
            title, username, body = args
            target = conversation(title)
            if target is None or target.replies.filter(author=people[username], body=body).exists():
                continue
            reply, _ = services.reply_create(
                actor=Actor.for_user(people[username]), conversation=target, body=body
            )
            Reply.objects.filter(pk=reply.pk).update(created_at=when)
            _watchers_tell_now(target, reply, people[username], since=before)
            touched.add(target.pk)
        elif action == "accept":
            title, username, reply_author = args
            target = conversation(title)
            reply = target and target.replies.filter(author=people[reply_author]).first()
            if reply is None or target.accepted_reply_id is not None:
                continue
            services.reply_accept(actor=Actor.for_user(people[username]), reply=reply)
        elif action in ("like", "like_reply"):
            title, username = args[:2]
            target = conversation(title)
            if target is None:
                continue
            if action == "like_reply":
                post = target.replies.filter(author=people[args[2]]).first()
                kwargs = {"reply": post}
            else:
                post, kwargs = target, {"conversation": target}
            if post is None or Like.objects.filter(user=people[username], **kwargs).exists():
                continue
            services.like_add(actor=Actor.for_user(people[username]), **kwargs)
            Like.objects.filter(user=people[username], **kwargs).update(created_at=when)
        else:  # pragma: no cover - a typo in LIVE_STEPS
            raise ValueError(f"Unknown step {action}")
        Notification.objects.filter(pk__gt=before).update(created_at=when)
        played += 1
    _timestamps_refresh(touched)
    return played


def _live_usernames() -> set[str]:
    names = set()
    for _minutes, action, *args in LIVE_STEPS:
        names.add(args[1])  # who posts, replies, accepts or likes
        if action in ("accept", "like_reply"):
            names.add(args[2])  # whose reply
    return names


def _timestamps_refresh(conversation_ids) -> None:
    """last_activity_at and first_reply_at from the replies' dates (after re-dating)."""
    for c in Conversation.objects.filter(pk__in=conversation_ids):
        replies = Reply.objects.filter(conversation=c)
        last = replies.aggregate(last=Max("created_at"))["last"]
        first = replies.exclude(author_id=c.author_id).aggregate(first=Min("created_at"))["first"]
        Conversation.objects.filter(pk=c.pk).update(
            last_activity_at=max(filter(None, [c.created_at, last])), first_reply_at=first
        )


def demo_conversation_stats(space_ids) -> dict:
    rows = Conversation.objects.filter(space_id__in=space_ids)
    return {
        "conversations": rows.count(),
        "questions": rows.filter(kind=Conversation.Kind.QUESTION).count(),
        "answered": rows.filter(accepted_reply__isnull=False).count(),
        "unanswered": rows.filter(kind=Conversation.Kind.QUESTION, reply_count=0).count(),
        "replies": Reply.objects.filter(conversation__space_id__in=space_ids).count(),
        "likes": Like.objects.filter(
            Q(conversation__space_id__in=space_ids) | Q(reply__conversation__space_id__in=space_ids)
        ).count(),
    }
