"""The data side of gardening, without policy: the services (here and in the
desks) check who may act, then call these inside their transaction.

Each keeps the invariants the conversations app relies on: counters that lists
read instead of counting rows, search documents in step with their post's space
and state, and unread counts that no longer include what a reader cannot see.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Min, Q

from hearth.conversations.models import Conversation, Reply
from hearth.core.indexing import index_changed
from hearth.library.models import Attachment
from hearth.notifications.services import unread_recount
from hearth.polls.models import Poll
from hearth.spaces.models import Visibility


def counters_recompute(conversation: Conversation) -> Conversation:
    """Set ``reply_count``, ``like_count``, ``first_reply_at`` and ``last_activity_at``
    from the rows, as the services would have kept them: replies not removed,
    likes of the conversation itself, the first reply by someone other than the
    author, the latest of the conversation and its replies."""
    replies = Reply.objects.filter(conversation=conversation)
    facts = replies.aggregate(
        count=Count("pk", filter=Q(removed_at__isnull=True)),
        latest=Max("created_at"),
        first_other=Min(
            "created_at",
            filter=~Q(author_id=conversation.author_id) if conversation.author_id else Q(),
        ),
    )
    conversation.reply_count = facts["count"]
    conversation.like_count = conversation.likes.count()
    conversation.first_reply_at = facts["first_other"]
    conversation.last_activity_at = max(
        d for d in (conversation.created_at, facts["latest"]) if d is not None
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        reply_count=conversation.reply_count,
        like_count=conversation.like_count,
        first_reply_at=conversation.first_reply_at,
        last_activity_at=conversation.last_activity_at,
    )
    return conversation


def conversation_reindex(conversation: Conversation, reply_ids=None) -> None:
    """Index the conversation, then each of its replies (or those of ``reply_ids``),
    so their search documents carry its space, kind and state."""
    replies = Reply.objects.filter(conversation=conversation).select_related("conversation")
    if reply_ids is not None:
        replies = replies.filter(pk__in=list(reply_ids))
    for reply in replies:
        reply.conversation = conversation
        index_changed(reply)
    index_changed(conversation)


def unread_recount_outside(conversation: Conversation, space) -> None:
    """After the conversation went to a members-only ``space``: recount the bell of
    those with unread notifications about it who are not members there (the inbox
    hides what they may no longer read)."""
    if space.visibility == Visibility.OPEN:
        return
    unread_recount(
        users=get_user_model()
        .objects.filter(
            notifications__conversation=conversation, notifications__read_at__isnull=True
        )
        .exclude(memberships__space=space)
        .distinct()
    )


def conversation_relocate(conversation: Conversation, to_space) -> None:
    """Put the conversation (and so its replies and files) in ``to_space``,
    reindexed. Its quick polls carry their own space, read by the polls' policy:
    they go too, so a poll never stays readable where its conversation is not."""
    conversation.space = to_space
    Conversation.objects.filter(pk=conversation.pk).update(space=to_space)
    Poll.objects.filter(conversation=conversation).update(space=to_space)
    conversation_reindex(conversation)


def conversation_extras_move(source: Conversation, target: Conversation, *, polls, files):
    """Move the quick polls and the files of ``polls``/``files`` (ids) from
    ``source`` to ``target`` (a merge, or its undo), polls into its space."""
    Poll.objects.filter(pk__in=list(polls), conversation=source).update(
        conversation=target, space=target.space_id
    )
    Attachment.objects.filter(pk__in=list(files), conversation=source).update(conversation=target)


def conversation_extras(conversation: Conversation) -> tuple[list[int], list[int]]:
    """The ids of the conversation's quick polls and files."""
    return (
        list(Poll.objects.filter(conversation=conversation).values_list("pk", flat=True)),
        list(Attachment.objects.filter(conversation=conversation).values_list("pk", flat=True)),
    )
