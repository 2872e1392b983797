"""Writes for conversations: check the policy, validate, change, record, notify.

Notifications go only to people who may read the conversation: every recipient
is checked against the policy as an actor of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import (
    BODY_MAX,
    TITLE_MAX,
    Conversation,
    Follow,
    Like,
    Reply,
    Revision,
    SuggestedTag,
    Tag,
)
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.markdown import markdown_render, mentioned_usernames
from hearth.moderation.ratelimit import rate_limit_hit
from hearth.notifications.services import notification_send
from hearth.search.services import search_index_post

if TYPE_CHECKING:
    from hearth.spaces.models import Space

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


def conversation_create(
    *,
    actor: Actor,
    space: Space,
    kind: str,
    title: str,
    body: str,
    tags: list[str] | str | None = None,
    via: str = "web",
) -> tuple[Conversation, list[str]]:
    """Start a discussion or ask a question; the author follows it (watching).

    Returns the conversation and the usernames mentioned who cannot see it.
    """
    policy.require_post_in_space(actor, space)
    rate_limit_hit(actor=actor, action="post")
    if kind not in Conversation.Kind.values:
        raise Invalid("A conversation is a discussion or a question.", field="kind")
    title, body, slugs = _clean_title(title), _clean_body(body), tags_parse(tags)
    html, mentioned, unreachable = _render(actor=actor, body=body, space=space)
    now = timezone.now()
    with transaction.atomic():
        conversation = Conversation.objects.create(
            space=space,
            kind=kind,
            title=title,
            body=body,
            body_html=html,
            author=actor.user,
            created_at=now,
            last_activity_at=now,
        )
        conversation.tags.set(tag_rows(slugs))
        search_index_post(conversation)
        Follow.objects.create(
            user=actor.user, conversation=conversation, level=Follow.Level.WATCHING
        )
        notified: set[int] = {actor.user_id}
        _notify_mentions(
            actor=actor,
            people=mentioned,
            conversation=conversation,
            text_of=conversation.get_absolute_url(),
            already=notified,
        )
        _watchers_notify_later(actor=actor, conversation=conversation, already=notified)
    return conversation, unreachable


def watchers_of(conversation: Conversation, *, exclude: set[int] = frozenset()) -> list:
    """The people who hear of every reply to ``conversation``.

    The closest follow decides: one of the conversation itself, else one of its
    space, else one of its tags (watching if any tag is watched). Only the level
    "watching" notifies; "muted" on the conversation or the space silences the
    wider follows. Whether each may still read the space is for the caller.
    """
    tag_ids = conversation.tags.values("pk")
    follows = (
        Follow.objects.filter(
            Q(conversation=conversation) | Q(space_id=conversation.space_id) | Q(tag_id__in=tag_ids)
        )
        .exclude(user_id__in=exclude)
        .select_related("user")
    )
    closest: dict[int, tuple[int, str]] = {}
    people = {}
    for follow in follows:
        rank = 0 if follow.conversation_id else 1 if follow.space_id else 2
        people[follow.user_id] = follow.user
        current = closest.get(follow.user_id)
        if (
            current is None
            or rank < current[0]
            or (rank == current[0] == 2 and follow.level == Follow.Level.WATCHING)
        ):
            closest[follow.user_id] = (rank, follow.level)
    return [
        people[user_id] for user_id, (_, level) in closest.items() if level == Follow.Level.WATCHING
    ]


def _watchers_notify_later(
    *, actor: Actor, conversation: Conversation, reply=None, already: set[int]
) -> None:
    """Queue the watchers' notifications for after the commit: a busy space has
    thousands of watchers, more than a request should write."""
    from hearth.conversations.tasks import notify_watchers

    skip = sorted(already)
    reply_id = reply.pk if reply is not None else None
    transaction.on_commit(
        lambda: notify_watchers.enqueue(conversation.pk, reply_id, actor.user_id, skip)
    )


def watchers_notify(
    *, conversation_id: int, reply_id: int | None, actor_id: int, skip: list[int]
) -> int:
    """Tell the people watching of a new conversation (``reply_id`` None) or reply,
    and the author of the reply it answers; runs in the worker.

    Every recipient is asked of the policy now, as an actor of their own (they may
    have left the space since they followed it); nothing goes out about a post
    removed or hidden pending review meanwhile. ``skip`` holds those already told
    (the author, the people mentioned). The notification row is the record: a
    rerun skips whoever already has this one, so nobody hears twice.
    """
    from hearth.notifications.models import Notification

    conversation = Conversation.objects.select_related("space").filter(pk=conversation_id).first()
    author = get_user_model().objects.filter(pk=actor_id).first()
    if (
        conversation is None
        or author is None
        or conversation.removed_at is not None
        or conversation.hidden_at is not None
    ):
        return 0  # nothing goes out about a conversation removed or hidden for review
    space = conversation.space
    reply = None
    if reply_id is not None:
        reply = Reply.objects.select_related("reply_to__author").filter(pk=reply_id).first()
        if reply is None or reply.removed_at is not None or reply.hidden_at is not None:
            return 0
        kind, url = "reply", _reply_url(reply)
        text = f"{author} replied to “{conversation.title}”."
    else:
        kind, url = "new_conversation", conversation.get_absolute_url()
        text = f"{author} started “{conversation.title}” in {space}."
    told = set(
        Notification.objects.filter(kind=kind, url=url, conversation=conversation).values_list(
            "recipient_id", flat=True
        )
    )
    exclude = {actor_id, *skip, *told}
    recipients = {p.pk: p for p in watchers_of(conversation, exclude=exclude)}
    answered = reply.reply_to.author if reply is not None and reply.reply_to else None
    if answered is not None and answered.pk not in exclude:
        recipients.setdefault(answered.pk, answered)
    sent = 0
    for person in recipients.values():
        if not person.is_active or not policy.can_read_space(Actor.for_user(person), space):
            continue
        with transaction.atomic():
            notification_send(
                recipient=person,
                actor=author,
                space=space,
                kind="reply" if reply is not None else "new_conversation",
                conversation=conversation,
                url=url,
                text=text,
                email=True,
            )
        sent += 1
    return sent


def _reply_url(reply: Reply) -> str:
    return f"/c/{reply.conversation_id}/#reply-{reply.pk}"


def reply_create(
    *,
    actor: Actor,
    conversation: Conversation,
    body: str,
    reply_to_id: int | None = None,
    via: str = "web",
) -> tuple[Reply, list[str]]:
    """Reply; notify the people mentioned, and (in the worker) the watchers and the
    author of the reply it answers."""
    space = conversation.space
    policy.require_read_conversation(actor, conversation)
    policy.require_post_in_space(actor, space)
    if conversation.removed_at is not None:
        raise Invalid("This conversation was removed; it takes no more replies.")
    rate_limit_hit(actor=actor, action="post")
    body = _clean_body(body)
    reply_to = None
    if reply_to_id is not None:
        reply_to = Reply.objects.filter(pk=reply_to_id, conversation=conversation).first()
        if reply_to is None:
            raise Invalid("You can only reply to a reply in this conversation.", field="reply_to")
    html, mentioned, unreachable = _render(actor=actor, body=body, space=space)
    now = timezone.now()
    with transaction.atomic():
        reply = Reply.objects.create(
            conversation=conversation,
            author=actor.user,
            body=body,
            body_html=html,
            reply_to=reply_to,
            created_at=now,
        )
        search_index_post(reply)
        updates = {"reply_count": F("reply_count") + 1, "last_activity_at": now}
        if conversation.first_reply_at is None and conversation.author_id != actor.user_id:
            updates["first_reply_at"] = now
        Conversation.objects.filter(pk=conversation.pk).update(**updates)
        notified: set[int] = {actor.user_id}
        _notify_mentions(
            actor=actor,
            people=mentioned,
            conversation=conversation,
            text_of=_reply_url(reply),
            already=notified,
        )
        _watchers_notify_later(
            actor=actor, conversation=conversation, reply=reply, already=notified
        )
        Follow.objects.get_or_create(
            user=actor.user, conversation=conversation, defaults={"level": Follow.Level.WATCHING}
        )
    conversation.refresh_from_db()
    return reply, unreachable


def _edit(*, actor: Actor, post, space, body: str, title: str | None, via: str):
    policy.require_write_in_space(actor, space)
    if not policy.can_edit_post(actor, post, space):
        raise Forbidden("You can edit only your own posts.")
    body = _clean_body(body)
    html, _, unreachable = _render(actor=actor, body=body, space=space)
    with transaction.atomic():
        revision = Revision(editor=actor.user, previous_body=post.body)
        if isinstance(post, Conversation):
            revision.conversation = post
            revision.previous_title = post.title
            post.title = _clean_title(title) if title is not None else post.title
        else:
            revision.reply = post
        revision.save()
        post.body, post.body_html, post.edited_at = body, html, timezone.now()
        post.save()
        search_index_post(post)
        if post.author_id != actor.user_id:
            record(
                actor,
                action=f"{post._meta.model_name}.edit",
                target=post,
                space=space,
                before={"body": revision.previous_body},
                after={"body": body},
                via=via,
            )
    return post, unreachable


@change(
    "conversation.edit",
    role="facilitator",
    check=policy.require_read_conversation,
    on="conversation",
)
def conversation_edit(
    *,
    actor: Actor,
    conversation: Conversation,
    title: str,
    body: str,
    tags: list[str] | str | None = None,
    via: str = "web",
) -> tuple[Conversation, list[str]]:
    post, unreachable = _edit(
        actor=actor, post=conversation, space=conversation.space, body=body, title=title, via=via
    )
    if tags is not None:
        conversation.tags.set(tag_rows(tags_parse(tags)))
    return post, unreachable


@change(
    "reply.edit",
    role="facilitator",
    check=policy.require_read_conversation,
    on="reply.conversation",
)
def reply_edit(
    *, actor: Actor, reply: Reply, body: str, via: str = "web"
) -> tuple[Reply, list[str]]:
    return _edit(
        actor=actor, post=reply, space=reply.conversation.space, body=body, title=None, via=via
    )


def _remove(*, actor: Actor, post, space, via: str) -> None:
    policy.require_write_in_space(actor, space)
    if not policy.can_remove_post(actor, post, space):
        raise Forbidden("You can remove only your own posts.")
    with transaction.atomic():
        post.removed_at, post.removed_by = timezone.now(), actor.user
        post.save(update_fields=["removed_at", "removed_by"])
        search_index_post(post)
        record(
            actor,
            action=f"{post._meta.model_name}.remove",
            target=post,
            space=space,
            before={"body": post.body},
            via=via,
        )


@change(
    "conversation.remove",
    role="facilitator",
    check=policy.require_read_conversation,
    on="conversation",
)
def conversation_remove(*, actor: Actor, conversation: Conversation, via: str = "web") -> None:
    """Soft-delete: the text stays for audit; pages show it as removed."""
    _remove(actor=actor, post=conversation, space=conversation.space, via=via)


@change("reply.remove", role="facilitator", check=None)
def reply_remove(*, actor: Actor, reply: Reply, via: str = "web") -> None:
    conversation = reply.conversation
    policy.require_read_conversation(actor, conversation)
    _remove(actor=actor, post=reply, space=conversation.space, via=via)
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation.pk).update(reply_count=F("reply_count") - 1)
        if conversation.accepted_reply_id == reply.pk:
            Conversation.objects.filter(pk=conversation.pk).update(accepted_reply=None)


@change("conversation.accept", role="facilitator", check=None)
def reply_accept(*, actor: Actor, reply: Reply, via: str = "web") -> Conversation:
    """Mark ``reply`` as the accepted answer of its question (or change it)."""
    conversation = reply.conversation
    policy.require_read_conversation(actor, conversation)
    policy.require_write_in_space(actor, conversation.space)
    if conversation.kind != Conversation.Kind.QUESTION:
        raise Invalid("Only a question has an accepted answer.")
    if reply.removed_at is not None:
        raise Invalid("A removed reply cannot be the accepted answer.")
    if not policy.can_accept_answer(actor, conversation):
        raise Forbidden("Only the person who asked, or a facilitator, accepts an answer.")
    with transaction.atomic():
        before = conversation.accepted_reply_id
        conversation.accepted_reply = reply
        conversation.save(update_fields=["accepted_reply"])
        if conversation.author_id != actor.user_id:
            record(
                actor,
                target=conversation,
                space=conversation.space,
                before={"accepted_reply": before},
                after={"accepted_reply": reply.pk},
                via=via,
            )
        if reply.author and reply.author_id != actor.user_id and before != reply.pk:
            notification_send(
                recipient=reply.author,
                kind="accepted",
                actor=actor.user,
                space=conversation.space,
                conversation=conversation,
                url=_reply_url(reply),
                email=True,
                text=f"Your answer to “{conversation.title}” was accepted.",
            )
    return conversation


@change(
    "conversation.unaccept",
    role="facilitator",
    check=policy.require_read_conversation,
    on="conversation",
)
def reply_unaccept(*, actor: Actor, conversation: Conversation, via: str = "web") -> Conversation:
    """Take back the accepted answer (the asker, or a facilitator — audited)."""
    policy.require_write_in_space(actor, conversation.space)
    if not policy.can_accept_answer(actor, conversation):
        raise Forbidden("Only the person who asked, or a facilitator, changes the answer.")
    with transaction.atomic():
        before = conversation.accepted_reply_id
        conversation.accepted_reply = None
        conversation.save(update_fields=["accepted_reply"])
        if conversation.author_id != actor.user_id and before is not None:
            record(
                actor,
                target=conversation,
                space=conversation.space,
                before={"accepted_reply": before},
                after={"accepted_reply": None},
                via=via,
            )
    return conversation


def _likeable(actor: Actor, post, conversation) -> None:
    policy.require_read_conversation(actor, conversation)
    policy.require_write_in_space(actor, conversation.space)
    if post.removed_at is not None:
        raise Invalid("A removed post cannot be liked.")
    sanction = actor.restriction_in(conversation.space)
    if sanction is not None:  # a silence stops likes too: they notify the author
        raise Forbidden(policy.restriction_message(sanction))


def like_add(
    *, actor: Actor, conversation: Conversation | None = None, reply: Reply | None = None
) -> int:
    """Like a conversation or a reply, once. Returns the new like count.

    The author hears of likes grouped: one unread notification per post,
    its text updated, rather than one per like.
    """
    post = reply or conversation
    conv = reply.conversation if reply else conversation
    _likeable(actor, post, conv)
    model = type(post)
    try:
        with transaction.atomic():
            Like.objects.create(
                user=actor.user, conversation=conversation if not reply else None, reply=reply
            )
            model.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
    except IntegrityError as error:
        raise Conflict("You already like this.") from error
    post.refresh_from_db(fields=["like_count"])
    if post.author_id and post.author_id != actor.user_id:
        _notify_likes(actor=actor, post=post, conversation=conv)
    return post.like_count


def _notify_likes(*, actor: Actor, post, conversation) -> None:
    from hearth.notifications.kinds import Subject, may_receive
    from hearth.notifications.models import Notification

    url = _reply_url(post) if isinstance(post, Reply) else conversation.get_absolute_url()
    others = post.like_count - 1
    text = (
        f"{actor.user}{f' and {others} other' + ('s' if others > 1 else '') if others else ''}"
        f" liked your post in “{conversation.title}”."
    )
    existing = Notification.objects.filter(
        recipient_id=post.author_id, kind="liked", url=url, read_at__isnull=True
    ).first()
    if existing:
        # The grouped row is rewritten, not sent: the same check as a new one.
        if not may_receive(
            recipient=post.author,
            kind="liked",
            subject=Subject(space=conversation.space, conversation=conversation),
        ):
            return
        existing.text, existing.actor = text[:500], actor.user
        existing.save(update_fields=["text", "actor"])
    else:
        notification_send(
            recipient=post.author,
            kind="liked",
            actor=actor.user,
            space=conversation.space,
            conversation=conversation,
            url=url,
            text=text,
        )


def like_remove(
    *, actor: Actor, conversation: Conversation | None = None, reply: Reply | None = None
) -> int:
    post = reply or conversation
    conv = reply.conversation if reply else conversation
    policy.require_read_conversation(actor, conv)
    policy.require_write_in_space(actor, conv.space)
    filters = {"reply": reply} if reply else {"conversation": conversation}
    with transaction.atomic():
        deleted, _ = Like.objects.filter(user_id=actor.user_id, **filters).delete()
        if not deleted:
            raise NotFound("You do not like this.")
        type(post).objects.filter(pk=post.pk).update(like_count=F("like_count") - 1)
    post.refresh_from_db(fields=["like_count"])
    return post.like_count


def follow_set(
    *,
    actor: Actor,
    level: str,
    space: Space | None = None,
    conversation: Conversation | None = None,
    tag: Tag | str | None = None,
) -> Follow:
    """Follow a space, a conversation or a tag at a level (watching, normal, muted)."""
    if level not in Follow.Level.values:
        raise Invalid("The level is watching, normal or muted.", field="level")
    if space is not None:
        policy.require_read_space(actor, space)
        target = {"space": space}
    elif conversation is not None:
        policy.require_read_conversation(actor, conversation)
        target = {"conversation": conversation}
    elif tag is not None:
        from hearth.conversations.selectors import tag_visible_q

        # A tag used only where the actor may not read is no tag for them.
        if not Tag.objects.filter(tag_visible_q(actor), pk=tag.pk).exists():
            raise NotFound("No such tag.")
        target = {"tag": tag}
    else:
        raise Invalid("Follow a space, a conversation or a tag.")
    follow, _ = Follow.objects.update_or_create(
        user=actor.user, **target, defaults={"level": level}
    )
    return follow


def follow_remove(
    *,
    actor: Actor,
    space: Space | None = None,
    conversation: Conversation | None = None,
    tag: Tag | str | None = None,
) -> None:
    """Stop following a space, a conversation or a tag (nothing to do if not followed)."""
    target = (
        {"space": space}
        if space is not None
        else {"conversation": conversation}
        if conversation is not None
        else {"tag": tag}
    )
    Follow.objects.filter(user_id=actor.user_id, **target).delete()


def tag_follow_remove(*, actor: Actor, slug: str) -> None:
    """Stop following the tag of this slug: the same for a tag that exists, one the
    actor may not know of and one that never existed (nothing says which)."""
    Follow.objects.filter(user_id=actor.user_id, tag__slug=slug).delete()


MAX_SUGGESTED_TAGS = 20


@change("space.tags_suggested", role="facilitator", check=policy.require_curate_tags)
def space_tags_suggest(
    *, actor: Actor, space: Space, tags: list[str] | str | None, via: str = "web"
) -> list[str]:
    """Set the tags a space suggests for its conversations, in the given order.

    Leaders and facilitators curate the list; the change is audited. An empty
    list leaves only the most used tags as suggestions. Returns the tag slugs.
    """
    slugs = tags_parse(tags, limit=MAX_SUGGESTED_TAGS)
    with transaction.atomic():
        before = list(
            SuggestedTag.objects.filter(space=space)
            .order_by("position", "id")
            .values_list("tag__slug", flat=True)
        )
        if before == slugs:
            return slugs
        SuggestedTag.objects.filter(space=space).delete()
        SuggestedTag.objects.bulk_create(
            SuggestedTag(space=space, tag=tag, position=i) for i, tag in enumerate(tag_rows(slugs))
        )
        record(
            actor,
            action="space.tags_suggested",
            target=space,
            space=space,
            before={"tags": before},
            after={"tags": slugs},
            via=via,
        )
    return slugs
