"""What every conversation write shares: cleaning a title and a body, parsing
tags, rendering Markdown with its mentions, and telling the people mentioned.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import (
    BODY_MAX,
    TITLE_MAX,
    Tag,
)
from hearth.core.errors import Invalid
from hearth.core.markdown import markdown_render, mentioned_usernames
from hearth.notifications.services import notification_send

MAX_TAGS = 8
MAX_MENTIONS = 20


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise Invalid("Write something first.", field="body")
    if len(body) > BODY_MAX:
        raise Invalid(
            f"A post can be at most {BODY_MAX:,} characters; this one has {len(body):,}.",
            field="body",
        )
    return body


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if len(title) < 5:
        raise Invalid("Give a title of at least 5 characters.", field="title")
    if len(title) > TITLE_MAX:
        raise Invalid(f"A title can be at most {TITLE_MAX} characters.", field="title")
    return title


def tags_parse(tags: list[str] | str | None, *, limit: int = MAX_TAGS) -> list[str]:
    """Tag names from a list or a comma-separated string: lower-cased slugs."""
    if tags is None:
        return []
    names = tags.split(",") if isinstance(tags, str) else list(tags)
    slugs: dict[str, None] = {}
    for name in names:
        if not isinstance(name, str):
            raise Invalid("Tags are words.", field="tags")
        slug = slugify(name.strip())[:40]
        if name.strip() and not slug:
            raise Invalid(
                f"“{name.strip()[:20]}” cannot be a tag: use letters or digits.", field="tags"
            )
        if slug:
            slugs.setdefault(slug, None)
    if len(slugs) > limit:
        raise Invalid(f"Use at most {limit} tags.", field="tags")
    return list(slugs)


def tag_rows(slugs: list[str]) -> list[Tag]:
    """The tags of these slugs, in their order, made where missing (a free tag is
    made by its first use)."""
    existing = {t.slug: t for t in Tag.objects.filter(slug__in=slugs)}
    rows = []
    for slug in slugs:
        if slug not in existing:
            existing[slug], _ = Tag.objects.get_or_create(slug=slug, defaults={"name": slug})
        rows.append(existing[slug])
    return rows


def _mentions(*, author_actor: Actor, body: str, space) -> tuple[dict[str, str], list, list]:
    """People mentioned in ``body``: (links for those who may see it, those people,
    names of those who may not). Unknown names are simply text."""
    written = mentioned_usernames(body, as_written=True)[:MAX_MENTIONS]
    if not written:
        return {}, [], []
    # Usernames keep their case; a mention matches one whatever its case. Both the
    # spelling written and its lower case are looked up (through the username index);
    # where two people differ only by case, the one spelled as written is meant.
    wanted = {name.lower(): name for name in written}
    found: dict[str, object] = {}
    for person in get_user_model().objects.filter(username__in={*written, *wanted}, is_active=True):
        key = person.username.lower()
        if key in wanted and (key not in found or person.username == wanted[key]):
            found[key] = person
    links, reachable, unreachable = {}, [], []
    for key, person in found.items():
        if policy.can_read_space(Actor.for_user(person), space):
            links[key] = f"/people/{person.username}/"
            reachable.append(person)
        else:
            unreachable.append(person.username)
    return links, reachable, unreachable


def _render(*, actor: Actor, body: str, space):
    links, mentioned, unreachable = _mentions(author_actor=actor, body=body, space=space)
    return markdown_render(body, mention_links=links), mentioned, unreachable


def _notify_mentions(*, actor: Actor, people, conversation, text_of: str, already: set[int]):
    for person in people:
        if person.pk == actor.user_id or person.pk in already:
            continue
        already.add(person.pk)
        notification_send(
            recipient=person,
            kind="mention",
            actor=actor.user,
            space=conversation.space,
            conversation=conversation,
            text=f"{actor.user} mentioned you in “{conversation.title}”.",
            url=text_of,
            email=True,
        )
