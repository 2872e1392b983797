"""Writes for conversations: check the policy, validate, change, record, notify.

Notifications go only to people who may read the conversation: every recipient
is checked against the policy as an actor of their own.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.jobs import reply_url
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
from hearth.conversations.selectors import tag_visible_q
from hearth.conversations.tasks import notify_watchers
from hearth.core.audit import audit_record, audited
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.markdown import markdown_render, mentioned_usernames
from hearth.moderation.ratelimit import rate_limit_hit
from hearth.notifications.kinds import Subject, may_receive
from hearth.notifications.models import Notification
from hearth.notifications.services import notification_send
from hearth.search.services import search_index_post

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
    space,
    kind: str,
    title: str,
    body: str,
    tags: list[str] | str | None = None,
    via: str = "web",
):
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


def _watchers_notify_later(
    *, actor: Actor, conversation: Conversation, reply=None, already: set[int]
) -> None:
    """Queue the watchers' notifications for after the commit: a busy space has
    thousands of watchers, more than a request should write."""
    skip = sorted(already)
    reply_id = reply.pk if reply is not None else None
    transaction.on_commit(
        lambda: notify_watchers.enqueue(conversation.pk, reply_id, actor.user_id, skip)
    )


def reply_create(
    *,
    actor: Actor,
    conversation: Conversation,
    body: str,
    reply_to_id: int | None = None,
    via: str = "web",
):
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
            text_of=reply_url(reply),
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
            audit_record(
                actor=actor.user,
                action=f"{post._meta.model_name}.edit",
                target=post,
                space=space,
                before={"body": revision.previous_body},
                after={"body": body},
                via=via,
            )
    return post, unreachable


@audited("conversation.edit")
def conversation_edit(
    *,
    actor: Actor,
    conversation: Conversation,
    title: str,
    body: str,
    tags: list[str] | str | None = None,
    via: str = "web",
):
    policy.require_read_conversation(actor, conversation)
    post, unreachable = _edit(
        actor=actor, post=conversation, space=conversation.space, body=body, title=title, via=via
    )
    if tags is not None:
        conversation.tags.set(tag_rows(tags_parse(tags)))
    return post, unreachable


@audited("reply.edit")
def reply_edit(*, actor: Actor, reply: Reply, body: str, via: str = "web"):
    policy.require_read_conversation(actor, reply.conversation)
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
        audit_record(
            actor=actor.user,
            action=f"{post._meta.model_name}.remove",
            target=post,
            space=space,
            before={"body": post.body},
            via=via,
        )


@audited("conversation.remove")
def conversation_remove(*, actor: Actor, conversation: Conversation, via: str = "web") -> None:
    """Soft-delete: the text stays for audit; pages show it as removed."""
    policy.require_read_conversation(actor, conversation)
    _remove(actor=actor, post=conversation, space=conversation.space, via=via)


@audited("reply.remove")
def reply_remove(*, actor: Actor, reply: Reply, via: str = "web") -> None:
    conversation = reply.conversation
    policy.require_read_conversation(actor, conversation)
    _remove(actor=actor, post=reply, space=conversation.space, via=via)
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation.pk).update(reply_count=F("reply_count") - 1)
        if conversation.accepted_reply_id == reply.pk:
            Conversation.objects.filter(pk=conversation.pk).update(accepted_reply=None)


@audited("conversation.accept")
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
            audit_record(
                actor=actor.user,
                action="conversation.accept",
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
                url=reply_url(reply),
                email=True,
                text=f"Your answer to “{conversation.title}” was accepted.",
            )
    return conversation


@audited("conversation.unaccept")
def reply_unaccept(*, actor: Actor, conversation: Conversation, via: str = "web"):
    """Take back the accepted answer (the asker, or a facilitator — audited)."""
    policy.require_read_conversation(actor, conversation)
    policy.require_write_in_space(actor, conversation.space)
    if not policy.can_accept_answer(actor, conversation):
        raise Forbidden("Only the person who asked, or a facilitator, changes the answer.")
    with transaction.atomic():
        before = conversation.accepted_reply_id
        conversation.accepted_reply = None
        conversation.save(update_fields=["accepted_reply"])
        if conversation.author_id != actor.user_id and before is not None:
            audit_record(
                actor=actor.user,
                action="conversation.unaccept",
                target=conversation,
                space=conversation.space,
                before={"accepted_reply": before},
                after={"accepted_reply": None},
                via=via,
                as_role="facilitator",
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
    url = reply_url(post) if isinstance(post, Reply) else conversation.get_absolute_url()
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


def follow_set(*, actor: Actor, level: str, space=None, conversation=None, tag=None) -> Follow:
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


def follow_remove(*, actor: Actor, space=None, conversation=None, tag=None) -> None:
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


def space_tags_suggest(
    *, actor: Actor, space, tags: list[str] | str | None, via: str = "web"
) -> list[str]:
    """Set the tags a space suggests for its conversations, in the given order.

    Leaders and facilitators curate the list; the change is audited. An empty
    list leaves only the most used tags as suggestions. Returns the tag slugs.
    """
    policy.require_curate_tags(actor, space)
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
        audit_record(
            actor=actor.user,
            action="space.tags_suggested",
            target=space,
            space=space,
            before={"tags": before},
            after={"tags": slugs},
            via=via,
            as_role=actor.role_in(space) or "",
        )
    return slugs
