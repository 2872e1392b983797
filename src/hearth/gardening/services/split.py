"""Split replies out of a conversation into a new one."""

from __future__ import annotations

from django.db import transaction

from hearth.access.actor import Actor
from hearth.conversations.models import Conversation, Follow, Reply
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Invalid
from hearth.core.markdown import markdown_render
from hearth.gardening.operations import (
    conversation_reindex,
    counters_recompute,
)
from hearth.gardening.services.common import (
    MAX_SPLIT,
    MESSAGE_MAX,
    _clean_title,
    _locked,
    _require_gardenable,
    id_in_range,
)


def _reply_ids(value) -> list[int]:
    if isinstance(value, str):
        value = [part for part in value.replace(",", " ").split() if part]
    if not isinstance(value, list | tuple) or not value:
        raise Invalid("Choose the replies to split off.", field="replies")
    ids = []
    for item in value:
        if isinstance(item, bool):
            raise Invalid("Replies are given by their numbers.", field="replies")
        try:
            number = int(item)
        except (TypeError, ValueError) as error:
            raise Invalid("Replies are given by their numbers.", field="replies") from error
        if not id_in_range(number):
            raise Invalid("No reply has that number.", field="replies")
        if number not in ids:
            ids.append(number)
    if len(ids) > MAX_SPLIT:
        raise Invalid(f"Split off at most {MAX_SPLIT} replies at a time.", field="replies")
    return ids


def _split_note(conversation: Conversation, actor: Actor, note: str) -> str:
    text = (
        f"Split from [{conversation.title}]({conversation.get_absolute_url()}) by "
        f"{actor.user}: the replies below continue that part of the conversation here."
    )
    return f"{text}\n\n{note}" if note else text


@change("gardening.split", role="facilitator", check=_require_gardenable, on="conversation")
def conversation_split(
    *,
    actor: Actor,
    conversation: Conversation,
    reply_ids: list[int] | str,
    title: str,
    note: str = "",
    via: str = "web",
) -> Conversation:
    """Split chosen replies off into a new conversation (a discussion, in the same
    space, with the original's tags).

    The gardener opens the new conversation, with a note linking back to the
    original (nobody is made the author of words they did not write); the replies
    keep their authors and times, and their authors follow the new conversation.
    The accepted answer stays with its question: splitting it off is refused.
    Returns the new conversation.
    """
    title = _clean_title(title)
    ids = _reply_ids(reply_ids)
    note = (note or "").strip() if isinstance(note, str) else ""
    if len(note) > MESSAGE_MAX:
        raise Invalid(f"The note can be at most {MESSAGE_MAX} characters.", field="note")
    replies = list(
        Reply.objects.filter(pk__in=ids, conversation=conversation).order_by("created_at", "pk")
    )
    if len(replies) != len(ids):
        raise Invalid("Choose replies of this conversation only.", field="replies")
    if conversation.accepted_reply_id in ids:
        raise Invalid(
            "The accepted answer stays with its question: take the mark away first.",
            field="replies",
        )
    body = _split_note(conversation, actor, note)
    with transaction.atomic():
        _locked(conversation)
        if Reply.objects.filter(pk__in=ids, conversation=conversation).count() != len(ids):
            raise Conflict("Some of these replies moved meanwhile; reload and try again.")
        first = replies[0]
        new = Conversation.objects.create(
            space=conversation.space,
            kind=Conversation.Kind.DISCUSSION,
            title=title,
            body=body,
            body_html=markdown_render(body),
            author=actor.user,
            created_at=first.created_at,
            last_activity_at=first.created_at,
        )
        new.tags.set(conversation.tags.all())
        Reply.objects.filter(pk__in=ids).update(conversation=new)
        follows = []
        for author_id in dict.fromkeys(r.author_id for r in replies if r.author_id):
            follow, created = Follow.objects.get_or_create(
                user_id=author_id, conversation=new, defaults={"level": Follow.Level.WATCHING}
            )
            if created:
                follows.append(follow.pk)
        counters_recompute(new)
        counters_recompute(conversation)
        conversation_reindex(new)
        record(
            actor,
            target=conversation,
            space=conversation.space,
            before={"replies": ids},
            after={"new_conversation": new.pk, "title": title, "replies": ids, "follows": follows},
            via=via,
        )
    return new
