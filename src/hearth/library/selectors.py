"""Reads for the library, always through the visibility policy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import Tag
from hearth.core.errors import Invalid, NotFound
from hearth.library import policies
from hearth.library.merge import MERGED_FIELDS, DiffLine, diff_lines
from hearth.library.models import Attachment, Collection, Document, DocumentRevision

LIST_FIELDS = ("space", "owner", "collection", "updated_by")


def document_get(*, actor: Actor, document_id: int) -> Document:
    """The document, or NotFound for one that does not exist, sits in a space the
    actor may not know of, or is a draft they may not see; a restricted space's
    document raises Forbidden with a way in."""
    document = (
        Document.objects.select_related("space", "owner", "collection", "updated_by")
        .filter(pk=document_id)
        .first()
    )
    if document is None or not policy.can_see_space(actor, document.space):
        raise NotFound("No such document.")
    policies.require_read_document(actor, document)
    return document


def document_list(
    *, actor: Actor, space, collection: str = "", status: str = "", tag: str = ""
) -> QuerySet:
    """A space's documents the actor may read, most recently changed first."""
    policy.require_read_space(actor, space)
    rows = (
        Document.objects.visible_to(actor)
        .filter(space=space)
        .select_related(*LIST_FIELDS)
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("name", "slug")))
    )
    if status:
        if status not in Document.Status.values:
            raise Invalid("The status is draft, published, outdated or official.", field="status")
        rows = rows.filter(status=status)
    if collection:
        rows = rows.filter(collection__slug=collection)
    if tag:
        rows = rows.filter(tags__slug=tag)
    return rows.order_by("-updated_at", "-id")


def collection_list(*, actor: Actor, space) -> list[Collection]:
    policy.require_read_space(actor, space)
    return list(Collection.objects.filter(space=space).order_by("name", "id"))


def library_tags(*, actor: Actor, space, limit: int = 30) -> list[str]:
    """Tags used on the space's documents the actor may read, for the filter."""
    policy.require_read_space(actor, space)
    visible = Document.objects.visible_to(actor).filter(space=space).values("pk")
    return list(
        Tag.objects.filter(documents__in=visible)
        .distinct()
        .order_by("slug")
        .values_list("slug", flat=True)[:limit]
    )


def revision_list(*, actor: Actor, document: Document) -> QuerySet:
    policies.require_read_document(actor, document)
    return (
        DocumentRevision.objects.filter(document=document)
        .select_related("author")
        .defer("body")
        .order_by("-number")
    )


def revision_get(*, actor: Actor, document: Document, number: int) -> DocumentRevision:
    policies.require_read_document(actor, document)
    revision = (
        DocumentRevision.objects.select_related("author")
        .filter(document=document, number=number)
        .first()
    )
    if revision is None:
        raise NotFound(f"This document has no revision {number}.")
    return revision


def revision_pair(
    *, actor: Actor, document: Document, old: int, new: int
) -> tuple[DocumentRevision, DocumentRevision]:
    """Two revisions of the document, read in one query."""
    policies.require_read_document(actor, document)
    rows = {
        r.number: r
        for r in DocumentRevision.objects.select_related("author").filter(
            document=document, number__in=[old, new]
        )
    }
    for number in (old, new):
        if number not in rows:
            raise NotFound(f"This document has no revision {number}.")
    return rows[old], rows[new]


def document_fields(document: Document) -> dict:
    """The document's merged fields (``merge.MERGED_FIELDS``) as ``merge_fields``
    compares them: tags as a sorted tuple of slugs, the collection as its id."""
    return {
        "title": document.title,
        "status": document.status,
        "collection": document.collection_id,
        "tags": tuple(sorted(document.tags.values_list("slug", flat=True))),
        "review_on": document.review_on,
    }


def revision_fields(*, revision: DocumentRevision) -> dict:
    """The merged fields as ``revision`` left them, compared like ``document_fields``;
    a revision saved before revisions kept their fields knows only its title."""
    metadata = revision.metadata
    if not isinstance(metadata, dict):
        return {"title": revision.title}
    review_on = metadata.get("review_on")
    return {
        "title": revision.title,
        "status": metadata.get("status"),
        "collection": metadata.get("collection"),
        "tags": tuple(sorted(metadata.get("tags") or ())),
        "review_on": datetime.date.fromisoformat(review_on) if review_on else None,
    }


def merge_sides(
    *, document: Document, base: DocumentRevision, theirs: DocumentRevision
) -> tuple[dict, dict]:
    """The merged fields of the revision an edit started from (what it recorded) and
    of the one saved since (complete: read from the document where the revision did
    not record them)."""
    theirs_fields = revision_fields(revision=theirs)
    if len(theirs_fields) < len(MERGED_FIELDS):
        # Only a new revision changes these fields, so the document holds them as
        # the latest revision left them.
        theirs_fields = {
            **document_fields(Document.objects.get(pk=document.pk)),
            "title": theirs.title,
        }
    return revision_fields(revision=base), theirs_fields


def revision_diff(*, old: DocumentRevision, new: DocumentRevision) -> list[DiffLine]:
    lines = diff_lines(
        old.body, new.body, old_label=f"revision {old.number}", new_label=f"revision {new.number}"
    )
    if old.title != new.title:
        lines = [DiffLine("remove", f"# {old.title}"), DiffLine("add", f"# {new.title}"), *lines]
    return lines


@dataclass(frozen=True)
class AttachedFiles:
    """What a document or conversation shows of its files: those attached, the
    ones the actor may take off, and the removed ones the actor may put back."""

    attached: list[Attachment]
    removable: frozenset[int]
    restorable: list[Attachment]


def _attached_files(actor: Actor, rows) -> AttachedFiles:
    attached, removable, restorable = [], set(), []
    for attachment in rows:
        may_remove = policies.can_remove_attachment(actor, attachment)
        if attachment.removed_at is None:
            attached.append(attachment)
            if may_remove:
                removable.add(attachment.pk)
        elif may_remove:
            restorable.append(attachment)
    return AttachedFiles(attached, frozenset(removable), restorable)


def attachment_list(*, actor: Actor, document: Document) -> AttachedFiles:
    """The document's files, in one query (removed ones only for who may restore them)."""
    policies.require_read_document(actor, document)
    # Through the reverse manager: each row knows its document, no query each.
    return _attached_files(actor, document.attachments.order_by("created_at", "id"))


def conversation_has_attachments() -> Exists:
    """For annotating conversations: whether any file, attached or removed, is on
    each. Only says whether reading the files (through the policy) is worth a query."""
    return Exists(Attachment.objects.filter(conversation=OuterRef("pk")))


def conversation_attachments(*, actor: Actor, conversation) -> AttachedFiles:
    policy.require_read_conversation(actor, conversation)
    return _attached_files(actor, conversation.attachments.order_by("created_at", "id"))


def attachment_get(*, actor: Actor, attachment_id: int, removed: bool = False) -> Attachment:
    """The file, or NotFound for one that does not exist or is attached to what
    the actor may not know of (the same message for both). A removed file is not
    found either, unless ``removed`` asks for it and the actor may restore it."""
    attachment = (
        Attachment.objects.select_related("document__space", "conversation__space")
        .filter(pk=attachment_id)
        .first()
    )
    if attachment is None:
        raise NotFound("No such file.")
    on = attachment.document or attachment.conversation
    if not policy.can_see_space(actor, on.space):
        raise NotFound("No such file.")
    policies.require_read_attachment(actor, attachment)
    if attachment.removed_at is not None and not (
        removed and policies.can_remove_attachment(actor, attachment)
    ):
        raise NotFound("No such file.")
    return attachment
