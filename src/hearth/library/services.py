"""Writes for the library: check the policy, validate, change, record.

No lost update: an edit names the revision it started from (``base_revision``).
The document's row is locked (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's
IMMEDIATE transactions serialise writers) and then written by an UPDATE that
also requires ``revision = base_revision``, so two editors who started from the
same revision can never both succeed: the second gets ``EditConflict`` with the
current revision, and the pages offer a three-way merge (``hearth.library.merge``).
"""

from __future__ import annotations

import datetime
import os
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from hearth.access.actor import Actor
from hearth.conversations.services import tag_rows, tags_parse
from hearth.core.bounds import whole_number
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Invalid
from hearth.core.files import private_storage
from hearth.core.indexing import index_changed
from hearth.core.markdown import markdown_render
from hearth.library import policies
from hearth.library.merge import has_conflict_markers
from hearth.library.models import (
    BODY_MAX,
    TITLE_MAX,
    Attachment,
    Collection,
    Document,
    DocumentRevision,
)
from hearth.library.uploads import display_name, file_kind

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from hearth.conversations.models import Conversation
    from hearth.spaces.models import Space

Status = Document.Status
MAX_COLLECTIONS = 100
UNCHANGED = object()


class EditConflict(Conflict):
    """The document moved on since the editor's base revision."""

    def __init__(self, current: DocumentRevision) -> None:
        super().__init__(
            f"Someone saved revision {current.number} of this document since "
            "you started; merge their change with yours and save again.",
            field="base_revision",
        )
        self.current = current


# -- Input ---------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if len(title) < 3:
        raise Invalid("Give a title of at least 3 characters.", field="title")
    if len(title) > TITLE_MAX:
        raise Invalid(f"A title can be at most {TITLE_MAX} characters.", field="title")
    return title


def _clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise Invalid("Write the document first.", field="body")
    if len(body) > BODY_MAX:
        raise Invalid(
            f"A document can be at most {BODY_MAX:,} characters; this one has {len(body):,}.",
            field="body",
        )
    if has_conflict_markers(body):
        raise Invalid(
            "The text still has conflict markers (<<<<<<< … >>>>>>>): keep the "
            "lines you want and remove the markers.",
            field="body",
        )
    return body + "\n"


def _clean_status(status: str) -> str:
    if status not in Status.values:
        raise Invalid("The status is draft, published, outdated or official.", field="status")
    return status


def _clean_review_on(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise Invalid("Give the review date as YYYY-MM-DD.", field="review_on") from error


def _collection(space, collection) -> Collection | None:
    """A collection of this space, given as a row, an id, a slug or nothing."""
    if collection in (None, ""):
        return None
    if isinstance(collection, Collection):
        found = collection if collection.space_id == space.pk else None
    elif (number := whole_number(collection)) is not None:
        found = Collection.objects.filter(space=space, pk=number).first()
    else:
        found = Collection.objects.filter(space=space, slug=str(collection)).first()
    if found is None:
        raise Invalid("There is no such collection in this space's library.", field="collection")
    return found


def revision_metadata(
    *, status: str, collection_id: int | None, tags: list[str], review_on: datetime.date | None
) -> dict:
    """The fields besides title and text that a revision records (see
    ``DocumentRevision.metadata``), in a form JSON keeps and comparisons trust."""
    return {
        "status": status,
        "collection": collection_id,
        "tags": sorted(set(tags)),
        "review_on": review_on.isoformat() if review_on else None,
    }


# -- Collections ---------------------------------------------------------------------


@change("collection.create", check=policies.require_add_document)
def collection_create(*, actor: Actor, space: Space, name: str, via: str = "web") -> Collection:
    """Add a collection (a folder) to a space's library: members who may post."""
    name = " ".join((name or "").split())
    slug = slugify(name)[:80]
    if not name or not slug or len(name) > 80:
        raise Invalid("Name the collection with 1 to 80 letters or digits.", field="name")
    if Collection.objects.filter(space=space, slug=slug).exists():
        raise Conflict("This library already has a collection of that name.", field="name")
    if Collection.objects.filter(space=space).count() >= MAX_COLLECTIONS:
        raise Invalid(f"A library has at most {MAX_COLLECTIONS} collections.", field="name")
    with transaction.atomic():
        collection = Collection.objects.create(space=space, name=name, slug=slug)
        record(
            actor,
            target=collection,
            space=space,
            after={"name": name},
            via=via,
        )
    return collection


# -- Documents -----------------------------------------------------------------------


@change("document.create", role="facilitator", check=policies.require_add_document)
def document_create(
    *,
    actor: Actor,
    space: Space,
    title: str,
    body: str,
    status: str = Status.DRAFT,
    collection: Collection | None = None,
    tags: list[str] | str | None = None,
    review_on: datetime.date | str | None = None,
    via: str = "web",
) -> Document:
    """Start a document in a space's library; its first save is revision 1."""
    title, body, status = _clean_title(title), _clean_body(body), _clean_status(status)
    if status == Status.OFFICIAL:
        policies.require_set_official(actor, space)
    review_on, collection = _clean_review_on(review_on), _collection(space, collection)
    slugs = tags_parse(tags)
    now = timezone.now()
    with transaction.atomic():
        document = Document.objects.create(
            space=space,
            collection=collection,
            title=title,
            body=body,
            body_html=markdown_render(body),
            owner=actor.user,
            status=status,
            review_on=review_on,
            revision=1,
            created_at=now,
            updated_at=now,
            updated_by=actor.user,
        )
        document.tags.set(tag_rows(slugs))
        DocumentRevision.objects.create(
            document=document,
            number=1,
            title=title,
            body=body,
            author=actor.user,
            created_at=now,
            metadata=revision_metadata(
                status=status,
                collection_id=collection.pk if collection else None,
                tags=slugs,
                review_on=review_on,
            ),
        )
        index_changed(document)
        record(
            actor,
            target=document,
            space=space,
            after={"status": status, "revision": 1},
            via=via,
        )
    return document


def _save_revision(
    *,
    actor: Actor,
    document: Document,
    base_revision: int,
    title: str,
    body: str,
    changes: dict,
    tags: list[str] | None = None,
    note: str = "",
    restored_from: int | None = None,
) -> tuple[Document, DocumentRevision]:
    """Write revision ``base_revision + 1`` if and only if the document is still at
    ``base_revision``; otherwise raise ``EditConflict`` with the current revision.
    ``tags`` (slugs) replace the document's tags; None keeps them. Call inside a
    transaction."""
    current = (
        Document.objects.select_for_update()
        .only("revision", "status", "collection_id", "review_on")
        .get(pk=document.pk)
    )
    if base_revision > current.revision or base_revision < 1:
        raise Invalid(f"This document has no revision {base_revision}.", field="base_revision")
    if current.revision != base_revision:
        raise EditConflict(
            DocumentRevision.objects.select_related("author").get(
                document=document, number=current.revision
            )
        )
    number = base_revision + 1
    now = timezone.now()
    fields = {
        "title": title,
        "body": body,
        "body_html": markdown_render(body),
        "revision": number,
        "updated_at": now,
        "updated_by": actor.user,
        **changes,
    }
    # The lock above already keeps other writers out; the condition makes the write
    # itself refuse to land on any revision but the one the editor started from.
    if Document.objects.filter(pk=document.pk, revision=base_revision).update(**fields) != 1:
        raise EditConflict(
            DocumentRevision.objects.select_related("author").get(
                document=document, number=Document.objects.get(pk=document.pk).revision
            )
        )
    if tags is not None:
        document.tags.set(tag_rows(tags))
    else:
        tags = list(document.tags.values_list("slug", flat=True))
    # The row read under the lock, not the caller's copy, says what the fields left
    # unchanged hold: this revision records them as they are.
    collection = changes.get("collection", current.collection_id)
    revision = DocumentRevision.objects.create(
        document=document,
        number=number,
        title=title,
        body=body,
        author=actor.user,
        created_at=now,
        note=note[:200],
        restored_from=restored_from,
        metadata=revision_metadata(
            status=changes.get("status", current.status),
            collection_id=collection.pk if isinstance(collection, Collection) else collection,
            tags=tags,
            review_on=changes.get("review_on", current.review_on),
        ),
    )
    for name, value in fields.items():
        setattr(document, name, value)
    return document, revision


@change("document.status", role="facilitator", check=policies.require_edit_document, on="document")
def document_edit(
    *,
    actor: Actor,
    document: Document,
    base_revision: int,
    title: str,
    body: str,
    status: str = UNCHANGED,
    collection: Collection = UNCHANGED,
    tags: list[str] | str | None = UNCHANGED,
    review_on: datetime.date | str | None = UNCHANGED,
    note: str = "",
    via: str = "web",
) -> Document:
    """Save a new revision of ``document``, edited from revision ``base_revision``.

    Raises ``EditConflict`` (409) when another revision was saved since; nothing is
    changed then. A status change to or from *official* needs a facilitator.
    """
    if not isinstance(base_revision, int) or isinstance(base_revision, bool):
        raise Invalid("Say which revision you edited (base_revision).", field="base_revision")
    title, body = _clean_title(title), _clean_body(body)
    changes: dict = {}
    if status is not UNCHANGED:
        changes["status"] = _clean_status(status)
        if Status.OFFICIAL in (changes["status"], document.status) and (
            changes["status"] != document.status
        ):
            policies.require_set_official(actor, document.space)
    if collection is not UNCHANGED:
        changes["collection"] = _collection(document.space, collection)
    if review_on is not UNCHANGED:
        changes["review_on"] = _clean_review_on(review_on)
    slugs = tags_parse(tags) if tags is not UNCHANGED else None
    before_status = document.status
    with transaction.atomic():
        document, _ = _save_revision(
            actor=actor,
            document=document,
            base_revision=base_revision,
            title=title,
            body=body,
            changes=changes,
            tags=slugs,
            note=note,
        )
        index_changed(document)
        if document.status != before_status:
            record(
                actor,
                target=document,
                space=document.space,
                before={"status": before_status},
                after={"status": document.status, "revision": document.revision},
                via=via,
            )
    return document


@change("document.restore", role="facilitator", check=policies.require_edit_document, on="document")
def document_restore(
    *, actor: Actor, document: Document, number: int, base_revision: int, via: str = "web"
) -> Document:
    """Bring back revision ``number``'s title and text as a new revision (audited)."""
    old = DocumentRevision.objects.filter(document=document, number=number).first()
    if old is None:
        raise Invalid(f"This document has no revision {number}.", field="number")
    with transaction.atomic():
        document, revision = _save_revision(
            actor=actor,
            document=document,
            base_revision=base_revision,
            title=old.title,
            body=old.body,
            changes={},
            note=f"Restored revision {number}",
            restored_from=number,
        )
        index_changed(document)
        record(
            actor,
            target=document,
            space=document.space,
            before={"revision": base_revision},
            after={"revision": revision.number, "restored_from": number},
            via=via,
        )
    return document


# -- Attachments ---------------------------------------------------------------------


@change("attachment.add", check=None)
def attachment_add(
    *,
    actor: Actor,
    upload: UploadedFile,
    document: Document | None = None,
    conversation: Conversation | None = None,
    via: str = "web",
) -> Attachment:
    """Attach a file to a document (its editors) or a conversation (its author and
    the space's facilitators); its type is read from its content
    (``hearth.library.uploads``).

    The stored name is random; the person's file name is kept only for display
    and for the download's Content-Disposition.
    """
    if (document is None) == (conversation is None):
        raise Invalid("Attach the file to a document or to a conversation.")
    if document is not None:
        policies.require_edit_document(actor, document)
        space, on = document.space, {"document": document.pk}
    else:
        policies.require_attach_to_conversation(actor, conversation)
        space, on = conversation.space, {"conversation": conversation.pk}
    kind = file_kind(upload)
    name = display_name(upload.name)
    extension = os.path.splitext(name)[1].lower()
    with transaction.atomic():
        attachment = Attachment(
            document=document,
            conversation=conversation,
            name=name,
            content_type=kind.content_type,
            size=upload.size,
            is_image=kind.is_image,
            uploaded_by=actor.user,
        )
        attachment.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
        attachment.save()
        record(
            actor,
            target=attachment,
            space=space,
            after={**on, "name": name, "size": upload.size, "content_type": kind.content_type},
            via=via,
        )
    return attachment


def _attachment_space_and_target(attachment: Attachment) -> tuple:
    if attachment.document_id is not None:
        return attachment.document.space, {"document": attachment.document_id}
    return attachment.conversation.space, {"conversation": attachment.conversation_id}


def attachment_restorable_until(attachment: Attachment) -> datetime.datetime | None:
    """When a removed attachment's file is purged (None while it is attached)."""
    if attachment.removed_at is None:
        return None
    return attachment.removed_at + settings.HEARTH_ATTACHMENT_RETENTION


@change(
    "attachment.remove",
    role="facilitator",
    check=policies.require_remove_attachment,
    on="attachment",
)
def attachment_remove(*, actor: Actor, attachment: Attachment, via: str = "web") -> Attachment:
    """Take a file off its document or conversation (its uploader, the document's
    owner, the space's facilitators and leaders: ``can_remove_attachment``), audited.

    The file is kept and hidden: the same people can restore it until
    ``HEARTH_ATTACHMENT_RETENTION`` has passed, when ``attachments_purge`` deletes
    it. Removing a removed file changes nothing.
    """
    space, on = _attachment_space_and_target(attachment)
    now = timezone.now()
    with transaction.atomic():
        removed = Attachment.objects.filter(pk=attachment.pk, removed_at__isnull=True).update(
            removed_at=now, removed_by=actor.user
        )
        if removed:
            attachment.removed_at, attachment.removed_by = now, actor.user
            record(
                actor,
                target=attachment,
                space=space,
                before={**on, "name": attachment.name},
                after={"restorable_until": attachment_restorable_until(attachment).isoformat()},
                via=via,
            )
    return attachment


@change(
    "attachment.restore",
    role="facilitator",
    check=policies.require_remove_attachment,
    on="attachment",
)
def attachment_restore(*, actor: Actor, attachment: Attachment, via: str = "web") -> Attachment:
    """Put a removed file back where it was (the people who may remove it), audited."""
    if attachment.removed_at is None:
        raise Conflict("This file is attached: there is nothing to restore.")
    space, on = _attachment_space_and_target(attachment)
    with transaction.atomic():
        restored = Attachment.objects.filter(
            pk=attachment.pk, removed_at=attachment.removed_at
        ).update(removed_at=None, removed_by=None)
        if not restored:
            raise Conflict("This file was restored or deleted meanwhile.")
        record(
            actor,
            target=attachment,
            space=space,
            before={"removed_at": attachment.removed_at.isoformat()},
            after={**on, "name": attachment.name},
            via=via,
        )
        attachment.removed_at = attachment.removed_by = None
    return attachment


def attachments_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the files removed longer ago than ``HEARTH_ATTACHMENT_RETENTION``, and
    their rows (the audit log keeps what was removed, by whom and when).

    Idempotent, and safe against a restore at the same moment: a row is deleted
    only while it is still removed since before the cutoff, and its file only once
    the row is gone. Returns how many files were deleted.
    """
    cutoff = (now or timezone.now()) - settings.HEARTH_ATTACHMENT_RETENTION
    purged = 0
    due = Attachment.objects.filter(removed_at__lte=cutoff).values_list("pk", "file")
    for pk, name in due:
        deleted, _ = Attachment.objects.filter(pk=pk, removed_at__lte=cutoff).delete()
        if deleted:
            private_storage().delete(name)
            purged += 1
    return purged
