"""Undo a gardening change from its audit entry, refusing with the reason when the
item has changed since in a way that would make reversing it unsafe.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import Conversation, Follow, Like, Reply
from hearth.conversations.services import tag_rows
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.indexing import index_changed
from hearth.core.models import AuditEntry
from hearth.gardening import policies
from hearth.gardening.models import GardeningUndo
from hearth.gardening.operations import (
    conversation_extras_move,
    conversation_reindex,
    conversation_relocate,
    counters_recompute,
    unread_recount_outside,
)
from hearth.gardening.services.common import _confirm_widening, id_in_range
from hearth.gardening.services.move import move_target_require
from hearth.gardening.services.retitle import _tag_slugs

if TYPE_CHECKING:
    from hearth.library.models import Document


def _when(value):
    return parse_datetime(value) if value else None


def _undo_retitle(actor, entry, conversation, confirm_widen):
    if conversation.title != entry.after["title"]:
        raise Conflict("The title changed again since; retitle it instead.")
    conversation.title = entry.before["title"]
    Conversation.objects.filter(pk=conversation.pk).update(title=conversation.title)
    index_changed(conversation)
    return {"title": entry.after["title"]}, {"title": conversation.title}


def _undo_retag(actor, entry, conversation, confirm_widen):
    if _tag_slugs(conversation) != sorted(entry.after["tags"]):
        raise Conflict("The tags changed again since; retag it instead.")
    conversation.tags.set(tag_rows(sorted(entry.before["tags"])))
    return {"tags": entry.after["tags"]}, {"tags": entry.before["tags"]}


def _undo_outdated(actor, entry, conversation, confirm_widen):
    if (conversation.outdated_at is None) != (entry.after["outdated_at"] is None):
        raise Conflict("Its outdated mark changed again since.")
    conversation.outdated_at = _when(entry.before["outdated_at"])
    Conversation.objects.filter(pk=conversation.pk).update(outdated_at=conversation.outdated_at)
    return entry.after, entry.before


def _space_back(actor, space_id):
    from hearth.spaces.models import Space

    space = Space.objects.filter(pk=space_id).first()
    if space is None:
        raise Conflict("The space it came from no longer exists.")
    return space


def _undo_move(actor, entry, conversation, confirm_widen):
    back = _space_back(actor, entry.before.get("space_id"))
    if conversation.space_id != entry.after.get("space_id"):
        raise Conflict("It has been moved again since; undo that move first.")
    move_target_require(actor, back)
    _confirm_widening(conversation.space, back, confirm_widen, what="this conversation")
    here = conversation.space
    conversation_relocate(conversation, back)
    transaction.on_commit(lambda: unread_recount_outside(conversation, back))
    return {"space_id": here.pk}, {"space_id": back.pk}


def _undo_merge(actor, entry, source, confirm_widen):
    after, before = entry.after, entry.before
    if source.merged_into_id != after["into"]:
        raise Conflict("It is no longer merged there.")
    target = Conversation.objects.select_for_update().select_related("space").get(pk=after["into"])
    policies.require_garden(actor, target.space)
    # The source space's audience may have widened since the merge.
    _confirm_widening(target.space, source.space, confirm_widen, what="the merged replies")
    if Reply.objects.filter(pk__in=after["replies"], conversation=target).count() != len(
        after["replies"]
    ):
        raise Conflict("Some of the merged replies were moved since; they cannot all go back.")
    Reply.objects.filter(pk__in=after["replies"]).update(conversation=source)
    Like.objects.filter(pk__in=after["likes"], conversation=target).update(conversation=source)
    try:
        with transaction.atomic():
            Follow.objects.filter(pk__in=after["follows"], conversation=target).update(
                conversation=source
            )
    except IntegrityError as error:
        raise Conflict("Someone followed the old conversation meanwhile.") from error
    conversation_extras_move(
        target, source, polls=after.get("polls", []), files=after.get("files", [])
    )
    for follow_id, level in after["raised_follows"].items():
        Follow.objects.filter(pk=int(follow_id), conversation=target).update(level=level)
    if target.accepted_reply_id == after["into_accepted_reply"]:
        target.accepted_reply_id = before["into_accepted_reply"]
        Conversation.objects.filter(pk=target.pk).update(accepted_reply_id=target.accepted_reply_id)
    source.merged_into, source.removed_at, source.removed_by = None, None, None
    source.accepted_reply_id = before["accepted_reply"]
    Conversation.objects.filter(pk=source.pk).update(
        merged_into=None,
        removed_at=None,
        removed_by=None,
        accepted_reply_id=before["accepted_reply"],
    )
    counters_recompute(target)
    counters_recompute(source)
    conversation_reindex(source)
    index_changed(target)
    return {"into": target.pk, "replies": after["replies"]}, {"conversation": source.pk}


def _undo_split(actor, entry, conversation, confirm_widen):
    new = (
        Conversation.objects.select_for_update()
        .select_related("space")
        .filter(pk=entry.after["new_conversation"])
        .first()
    )
    if new is None or new.removed_at is not None:
        raise Conflict("The conversation split off was removed since.")
    if new.space_id != conversation.space_id:
        # One of them moved since: the replies would go back to another audience.
        policies.require_garden(actor, new.space)
        _confirm_widening(new.space, conversation.space, confirm_widen, what="its replies")
    ids = sorted(entry.after["replies"])
    here = sorted(Reply.objects.filter(conversation=new).values_list("pk", flat=True))
    if here != ids:
        raise Conflict(
            "The conversation split off has changed since (replies added or moved): "
            "merge it back instead."
        )
    Reply.objects.filter(pk__in=ids).update(conversation=conversation)
    # The follows the split gave the reply authors (older entries kept none).
    Follow.objects.filter(pk__in=entry.after.get("follows", []), conversation=new).delete()
    new.removed_at, new.removed_by = timezone.now(), actor.user
    Conversation.objects.filter(pk=new.pk).update(removed_at=new.removed_at, removed_by=actor.user)
    counters_recompute(new)
    counters_recompute(conversation)
    conversation_reindex(conversation, ids)
    index_changed(new)
    return {"new_conversation": new.pk}, {"replies": ids}


def _undo_document_outdated(actor, entry, document, confirm_widen):
    """Give the document back its status, as a new revision through the library's
    own edit — only while nobody has saved it since the mark."""
    from hearth.library.services import document_edit

    if document.revision != entry.after["revision"] or document.status != entry.after["status"]:
        raise Conflict("The document changed since; set its status on its page instead.")
    document = document_edit(
        actor=actor,
        document=document,
        base_revision=document.revision,
        title=document.title,
        body=document.body,
        status=entry.before["status"],
        note="Outdated mark undone from the audit log.",
    )
    return {"status": entry.after["status"]}, {"status": document.status}


UNDO = {
    "gardening.retitle": _undo_retitle,
    "gardening.retag": _undo_retag,
    "gardening.outdated": _undo_outdated,
    "gardening.move": _undo_move,
    "conversation.move": _undo_move,  # the desks' move of a question
    "gardening.merge": _undo_merge,
    "gardening.split": _undo_split,
    "gardening.document_outdated": _undo_document_outdated,
}
NOT_UNDOABLE = {"gardening.notify": "A notification cannot be unsent."}


def undo_refusal(entry: AuditEntry) -> str | None:
    """Why an entry cannot be undone at all (None when it can be tried)."""
    if entry.action in NOT_UNDOABLE:
        return NOT_UNDOABLE[entry.action]
    if entry.action not in UNDO:
        return "Only gardening actions can be undone here."
    if entry.action in MOVES and not isinstance(entry.before.get("space_id"), int):
        # The desks' first question moves kept the spaces' names, not their ids.
        return "This move was recorded before Hearth kept the spaces' ids: move it back by hand."
    return None


MOVES = ("gardening.move", "conversation.move")


def undo_related(entries: Iterable[AuditEntry]) -> dict:
    """What gardening entries point at, loaded at once (two queries for any number
    of entries): the conversations (with their space) — each entry's item, a
    merge's target, a split's new conversation — and the spaces moves came from."""
    from hearth.library.models import Document
    from hearth.spaces.models import Space

    conversation_ids, space_ids = set(), set()
    for entry in entries:
        if entry.target_type == "conversations.conversation" and entry.target_id.isdigit():
            conversation_ids.add(int(entry.target_id))
        for key in ("into", "new_conversation"):
            conversation_ids.add(entry.after.get(key))
        if entry.action in MOVES:
            space_ids.add(entry.before.get("space_id"))
    conversation_ids = {i for i in conversation_ids if isinstance(i, int) and id_in_range(i)}
    space_ids = {i for i in space_ids if isinstance(i, int) and id_in_range(i)}
    document_ids = {
        int(e.target_id)
        for e in entries
        if e.target_type == "library.document" and e.target_id.isdigit()
    }
    document_ids = {i for i in document_ids if id_in_range(i)}
    return {
        "conversations": Conversation.objects.select_related("space", "author").in_bulk(
            conversation_ids
        )
        if conversation_ids
        else {},
        "documents": Document.objects.select_related("space").in_bulk(document_ids)
        if document_ids
        else {},
        "spaces": Space.objects.in_bulk(space_ids) if space_ids else {},
    }


def undo_item(entry: AuditEntry, related: dict) -> Conversation | Document | None:
    """The conversation or library document an entry is about, from ``related``."""
    if not entry.target_id.isdigit():
        return None
    kind = {"conversations.conversation": "conversations", "library.document": "documents"}
    return related.get(kind.get(entry.target_type, ""), {}).get(int(entry.target_id))


def undo_denial(
    actor: Actor, entry: AuditEntry, conversation: Conversation, related: dict
) -> str | NotFound | None:
    """The policy's refusal of this undo to the actor (a NotFound or Forbidden to
    raise), or None when it allows it. The one rule for the service and for the
    audit page's Undo button: the undoer gardens the space the item is in now, for
    a merge the target's space too, for a split whose new conversation moved since
    that space too; and for a move may post in the space it goes back to. A
    library document: the undoer gardens its space and may read the document."""
    spaces = [conversation.space]
    if not isinstance(conversation, Conversation):
        from hearth.library import policies as library_policies

        if not library_policies.can_read_document(actor, conversation):
            return NotFound("No such audit entry.")
    if entry.action == "gardening.merge":
        target = related["conversations"].get(entry.after.get("into"))
        if target is None:
            return NotFound("The conversation it was merged into no longer exists.")
        spaces.append(target.space)
    if entry.action == "gardening.split":
        new = related["conversations"].get(entry.after.get("new_conversation"))
        if new is not None and new.space_id != conversation.space_id:
            spaces.append(new.space)
    try:
        for space in spaces:
            policies.require_garden(actor, space)
        back = related["spaces"].get(entry.before.get("space_id"))
        if entry.action in MOVES and back is not None:
            move_target_require(actor, back)
    except (NotFound, Forbidden, Invalid) as refusal:
        return refusal
    return None


def _entry_item(actor: Actor, entry_id) -> tuple[AuditEntry, object, dict]:
    """The entry, the conversation or library document it is about (NotFound for
    one the actor may not know of), and what it points at (``undo_related``)."""
    if (
        isinstance(entry_id, bool)
        or not str(entry_id).isdigit()
        or not id_in_range(int(str(entry_id)))
    ):
        raise Invalid("Give the audit entry's number.", field="entry")
    entry = AuditEntry.objects.filter(pk=int(entry_id)).first()
    related = undo_related([entry]) if entry is not None else {}
    item = undo_item(entry, related) if entry is not None else None
    if item is None or not policy.can_see_space(actor, item.space):
        raise NotFound("No such audit entry.")
    return entry, item, related


def _undo_lock(entry: AuditEntry, conversation: Conversation) -> Conversation:
    """Lock the item's row — and for a merge the target's too, both in id order as
    the merge locked them, so a merge and an undo running at once cannot deadlock.
    Returns the item's locked row."""
    pks = {conversation.pk}
    into = entry.after.get("into") if entry.action == "gardening.merge" else None
    if isinstance(into, int) and id_in_range(into):
        pks.add(into)
    rows = {
        pk: Conversation.objects.select_for_update().filter(pk=pk).first() for pk in sorted(pks)
    }
    if rows[conversation.pk] is None:
        raise NotFound("No such audit entry.")
    return rows[conversation.pk]


@change("gardening.undo", role="facilitator", check=None)
def gardening_undo(
    *, actor: Actor, entry_id: int | str, confirm_widen: bool = False, via: str = "web"
) -> AuditEntry:
    """Reverse the gardening action of audit entry ``entry_id``, once.

    The undoer must garden the space the item is in now (and, for a move, post in
    the space it goes back to; widening needs ``confirm_widen`` as for any move).
    Refused, with the reason and nothing changed, when the item changed since in a
    way that makes the undo unsafe (moved again, retitled again, new replies in a
    split-off conversation…). Returns the undo's own audit entry.
    """
    entry, item, related = _entry_item(actor, entry_id)
    policies.require_garden(actor, item.space)
    denial = undo_denial(actor, entry, item, related)
    if denial is not None:
        raise denial
    refusal = undo_refusal(entry)
    if refusal:
        raise Invalid(refusal, field="entry")
    if GardeningUndo.objects.filter(entry=entry).exists():
        raise Conflict("This action was already undone.")
    is_conversation = isinstance(item, Conversation)
    if is_conversation and entry.action != "gardening.merge" and item.removed_at is not None:
        raise Conflict("The conversation was removed or merged since; nothing to undo.")
    try:
        with transaction.atomic():
            if is_conversation:
                row = _undo_lock(entry, item)
                item.title, item.outdated_at = row.title, row.outdated_at
                item.space_id, item.merged_into_id = row.space_id, row.merged_into_id
            else:
                item = (
                    type(item).objects.select_for_update().select_related("space").get(pk=item.pk)
                )
            before, after = UNDO[entry.action](actor, entry, item, confirm_widen)
            undo = record(
                actor,
                target=item,
                space=item.space,
                before=before,
                after={**after, "undoes": entry.pk, "undone_action": entry.action},
                via=via,
            )
            GardeningUndo.objects.create(entry=entry, undo_entry=undo, undone_by=actor.user)
    except IntegrityError as error:
        raise Conflict("This action was already undone.") from error
    return undo
