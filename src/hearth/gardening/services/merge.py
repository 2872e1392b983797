"""Merge a conversation into another: its replies, likes, follows and tags."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import Conversation, Follow, Like, Reply
from hearth.core.changes import change, record
from hearth.core.errors import Invalid, NotFound
from hearth.core.indexing import index_changed
from hearth.gardening import policies
from hearth.gardening.operations import (
    conversation_extras,
    conversation_extras_move,
    conversation_reindex,
    counters_recompute,
    unread_recount_outside,
)
from hearth.gardening.services.common import (
    FOLLOW_STRENGTH,
    _confirm_widening,
    _locked,
    _notify_author,
    _require_gardenable,
    conversation_ref_parse,
)


def _merge_target(actor: Actor, source: Conversation, into) -> Conversation:
    target_id = conversation_ref_parse(into, field="into")
    if target_id == source.pk:
        raise Invalid("A conversation cannot be merged into itself.", field="into")
    target = Conversation.objects.select_related("space", "author").filter(pk=target_id).first()
    if (
        target is None
        or not policy.can_see_space(actor, target.space)
        or not policy.can_read_conversation(actor, target)
    ):
        raise NotFound("No such conversation to merge into.")
    policies.require_garden(actor, target.space)
    if target.removed_at is not None or target.merged_into_id is not None:
        raise Invalid("That conversation was removed or merged; choose another.", field="into")
    return target


@change("gardening.merge", role="facilitator", check=None)
def conversation_merge(
    *,
    actor: Actor,
    conversation: Conversation,
    into: Conversation | int | str,
    confirm_widen: bool = False,
    via: str = "web",
) -> Conversation:
    """Merge a duplicate (``conversation``) into another (``into``: a number or link).

    The duplicate's replies, quick polls and files join the target (replies show in
    time order); its likes move there,
    except a person who liked both keeps the one like they had; its follows move,
    and a person who followed both keeps the stronger level. The target keeps its
    accepted answer; a target question without one takes the duplicate's. Counters
    of both are computed again. Nothing is deleted: the duplicate stays as a removed
    tombstone whose page redirects to the target, so the merge can be undone. A
    target in a space with readers the duplicate did not have needs
    ``confirm_widen``. Returns the target.
    """
    source = conversation
    _require_gardenable(actor, source)
    target = _merge_target(actor, source, into)
    _confirm_widening(source.space, target.space, confirm_widen, what="its replies")
    with transaction.atomic():
        # Both rows, locked in id order (as the undo locks them: no deadlock). What
        # the merge decides from (the accepted answers) is read from the locked rows:
        # an answer accepted since the first read is not overwritten.
        locked = {c.pk: _locked(c) for c in sorted([source, target], key=lambda c: c.pk)}
        source.accepted_reply_id = locked[source.pk].accepted_reply_id
        target.accepted_reply_id = locked[target.pk].accepted_reply_id
        reply_ids = list(
            Reply.objects.filter(conversation=source).order_by("pk").values_list("pk", flat=True)
        )
        Reply.objects.filter(pk__in=reply_ids).update(conversation=target)
        target_likers = Like.objects.filter(conversation=target).values("user_id")
        like_ids = list(
            Like.objects.filter(conversation=source)
            .exclude(user_id__in=target_likers)
            .values_list("pk", flat=True)
        )
        Like.objects.filter(pk__in=like_ids).update(conversation=target)
        follows_there = {f.user_id: f for f in Follow.objects.filter(conversation=target)}
        moved_follows, raised = [], {}
        for follow in Follow.objects.filter(conversation=source):
            there = follows_there.get(follow.user_id)
            if there is None:
                moved_follows.append(follow.pk)
            elif FOLLOW_STRENGTH[follow.level] > FOLLOW_STRENGTH[there.level]:
                raised[str(there.pk)] = there.level
                Follow.objects.filter(pk=there.pk).update(level=follow.level)
        Follow.objects.filter(pk__in=moved_follows).update(conversation=target)
        poll_ids, file_ids = conversation_extras(source)
        conversation_extras_move(source, target, polls=poll_ids, files=file_ids)
        before = {
            "space_id": source.space_id,
            "accepted_reply": source.accepted_reply_id,
            "into_accepted_reply": target.accepted_reply_id,
        }
        if (
            target.is_question
            and target.accepted_reply_id is None
            and source.accepted_reply_id in reply_ids
        ):
            target.accepted_reply_id = source.accepted_reply_id
        now = timezone.now()
        Conversation.objects.filter(pk=target.pk).update(accepted_reply_id=target.accepted_reply_id)
        Conversation.objects.filter(pk=source.pk).update(
            merged_into=target, removed_at=now, removed_by=actor.user, accepted_reply=None
        )
        source.merged_into, source.removed_at, source.accepted_reply_id = target, now, None
        counters_recompute(target)
        counters_recompute(source)
        conversation_reindex(target, reply_ids)
        index_changed(source)
        record(
            actor,
            target=source,
            space=source.space,
            before=before,
            after={
                "into": target.pk,
                "into_space_id": target.space_id,
                "replies": reply_ids,
                "likes": like_ids,
                "follows": moved_follows,
                "raised_follows": raised,
                "polls": poll_ids,
                "files": file_ids,
                "into_accepted_reply": target.accepted_reply_id,
            },
            via=via,
        )
        if source.author_id != target.author_id:
            _notify_author(
                actor=actor,
                conversation=target,
                space=target.space,
                author=source.author,
                text=f"Your conversation “{source.title}” was merged into “{target.title}”.",
            )
    if target.space_id != source.space_id:
        unread_recount_outside(source, target.space)
    return target
