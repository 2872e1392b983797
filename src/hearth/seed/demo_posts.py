"""What the demo's spaces talk about: conversations and questions, written by hand.

No database access. The texts are in ``data/demo_posts.toml``, one list of posts per
space in its own topic; `hearth.seed.demo_content` decides who writes them, when,
who replies and who likes them, with a seeded random generator.

In the texts, ``@{author}`` is replaced by the username of the conversation's
author and ``@{someone}`` by the username of another member of the space; the
sign-ins (``@leader``, ``@facilitator``, ``@champion``, ``@member``…) are named
as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from hearth.seed.data import seed_data

# A reply is its text, or (sign-in username, text) when a given person writes it.
Reply = str | tuple[str, str]


@dataclass(frozen=True)
class Post:
    title: str
    body: str
    kind: str = "discussion"
    tags: tuple[str, ...] = ()
    replies: tuple[Reply, ...] = ()
    # Index in ``replies`` of the accepted answer (questions only).
    accepted: int | None = None
    # How many more replies to draw from the space's and the common short replies.
    extra: int = 0
    # A sign-in who writes it; None: a member of the space, drawn.
    author: str | None = None


def _post(entry: dict) -> Post:
    return Post(
        title=entry["title"],
        body=entry["body"],
        kind=entry.get("kind", "discussion"),
        tags=tuple(entry.get("tags", ())),
        replies=tuple(r if isinstance(r, str) else tuple(r) for r in entry.get("replies", ())),
        accepted=entry.get("accepted"),
        extra=entry.get("extra", 0),
        author=entry.get("author"),
    )


_TEXTS = seed_data("demo_posts")

# Short replies that fit any conversation, drawn for ``extra``.
COMMON_REPLIES: list[str] = _TEXTS["common_replies"]

SPACE_REPLIES: dict[str, list[str]] = _TEXTS["space_replies"]

POSTS: dict[str, list[Post]] = {
    slug: [_post(entry) for entry in posts] for slug, posts in _TEXTS["posts"].items()
}

# The last hours of the demo, played through the services (hearth.conversations.services)
# at the end of the seed, so that the sign-ins find real notifications: mentions,
# replies to what they wrote, an accepted answer, likes. Each step is
# (minutes ago, action, …):
#   ("post", space, author, kind, title, body, tags)
#   ("reply", title, author, body)
#   ("accept", title, actor, author of the reply to accept)
#   ("like", title, who)  the conversation itself
#   ("like_reply", title, who, author of the reply)
# A step already done (the same title, reply or like exists) is not done again.
LIVE_STEPS: list[tuple] = [tuple(step) for step in _TEXTS["live_steps"]]
