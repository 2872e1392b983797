"""Like a post, and take the like back."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.jobs import reply_url
from hearth.conversations.models import (
    Conversation,
    Like,
    Reply,
)
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.notifications.kinds import Subject, may_receive
from hearth.notifications.models import Notification
from hearth.notifications.services import notification_send


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
