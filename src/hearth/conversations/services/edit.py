"""Edit or remove a conversation or a reply (an author's own, or a moderator's)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import (
    Conversation,
    Reply,
    Revision,
)
from hearth.conversations.services.common import (
    _clean_body,
    _clean_title,
    _render,
    tag_rows,
    tags_parse,
)
from hearth.core.changes import change, record
from hearth.core.errors import Forbidden
from hearth.core.indexing import index_changed


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
        index_changed(post)
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
        index_changed(post)
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
