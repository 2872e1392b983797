"""API endpoints for the library: documents, their revisions and diffs.

Thin: the same selectors and services as the pages, the same policy. Every
document response carries ``revision``, the number of its current revision; a
``PUT`` names the revision it edited (``base_revision``) and is answered 409, with
the current revision's text, when someone saved another one since.
"""

from datetime import date, datetime

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hearth.core.errors import NotFound
from hearth.core.schemas import ERRORS, ErrorOut, choices_named
from hearth.library import selectors, services
from hearth.library.merge import diff_text
from hearth.library.models import BODY_MAX, TITLE_MAX, Document
from hearth.spaces import selectors as space_selectors

DocumentStatus = choices_named(Document.Status, "DocumentStatus")

MAX_PAGE = 100

space_documents = Router(tags=["library"])
documents = Router(tags=["library"])


class DocumentPersonOut(Schema):
    id: int
    username: str
    display_name: str


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    is_image: bool
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return f"/files/{obj.pk}/"


class DocumentSummaryOut(Schema):
    id: int
    space: str = Field(..., description="The space's slug")
    title: str
    status: str = Field(..., description="draft, published, outdated or official")
    collection: str | None = Field(None, description="The collection's slug")
    tags: list[str]
    owner: DocumentPersonOut | None
    review_on: date | None
    revision: int = Field(..., description="The number of the current revision")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_space(obj) -> str:
        return obj.space.slug

    @staticmethod
    def resolve_collection(obj) -> str | None:
        return obj.collection.slug if obj.collection else None

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return [tag.slug for tag in obj.tags.all()]


class DocumentOut(DocumentSummaryOut):
    body: str = Field(..., description="Markdown")
    body_html: str = Field(..., description="Sanitised HTML")
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj) -> list:
        # Removed files are hidden from the document (they wait for a restore or
        # the purge); filtered here so that a prefetch of them all still serves.
        return [a for a in obj.attachments.all() if a.removed_at is None]


class DocumentIn(Schema):
    title: str = Field(..., description=f"3 to {TITLE_MAX} characters")
    body: str = Field(..., description=f"Markdown, at most {BODY_MAX:,} characters")
    status: DocumentStatus = Document.Status.DRAFT
    collection: str | None = Field(None, description="A collection's slug in this space")
    tags: list[str] = Field(default_factory=list)
    review_on: date | None = None


class DocumentUpdateIn(Schema):
    base_revision: int = Field(..., description="The revision this edit started from")
    title: str
    body: str
    status: DocumentStatus | None = Field(None, description="Unchanged when left out")
    collection: str | None = Field(
        None, description="A collection's slug; unchanged when left out, none with an empty string"
    )
    tags: list[str] | None = Field(None, description="Unchanged when left out")
    review_on: str | None = Field(
        None, description="YYYY-MM-DD; unchanged when left out, none with an empty string"
    )
    note: str = Field("", max_length=200, description="What this revision changed")


class RestoreIn(Schema):
    number: int = Field(..., description="The revision to bring back")
    base_revision: int = Field(..., description="The current revision, as you last read it")


class RevisionSummaryOut(Schema):
    number: int
    title: str
    author: DocumentPersonOut | None
    created_at: datetime
    restored_from: int | None
    note: str


class RevisionOut(RevisionSummaryOut):
    body: str


class ConflictOut(Schema):
    detail: str
    field: str | None = None
    revision: RevisionOut = Field(..., description="The current revision, to merge with")


class DiffOut(Schema):
    from_revision: int
    to_revision: int
    diff: str = Field(..., description="A unified diff of the two texts")


EDIT_ERRORS = {**ERRORS, 409: ConflictOut}


def _document(actor, document_id: int) -> Document:
    try:
        return selectors.document_get(actor=actor, document_id=document_id)
    except NotFound as error:
        raise NotFound("No such document.") from error


def _conflict(error: services.EditConflict):
    return Status(409, {"detail": error.message, "field": error.field, "revision": error.current})


@space_documents.get("/{slug}/documents", response={200: list[DocumentSummaryOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def document_list(
    request,
    slug: str,
    status: DocumentStatus | None = None,
    collection: str = Query("", description="A collection's slug"),
    tag: str = "",
):
    """The space's library: documents you may read, most recently changed first.
    Drafts are listed for their owner and the space's facilitators and leaders."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return selectors.document_list(
        actor=request.actor, space=space, status=status or "", collection=collection, tag=tag
    )


@space_documents.post("/{slug}/documents", response={201: DocumentOut, **ERRORS})
def document_create(request, slug: str, payload: DocumentIn):
    """Add a document to the space's library (members who may post); revision 1."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    document = services.document_create(
        actor=request.actor,
        space=space,
        title=payload.title,
        body=payload.body,
        status=payload.status,
        collection=payload.collection,
        tags=payload.tags,
        review_on=payload.review_on,
        via="api",
    )
    return Status(201, document)


@documents.get("/{document_id}", response={200: DocumentOut, **ERRORS})
def document_get(request, document_id: int):
    return _document(request.actor, document_id)


@documents.put("/{document_id}", response={200: DocumentOut, **EDIT_ERRORS})
def document_update(request, document_id: int, payload: DocumentUpdateIn):
    """Save a new revision. 409 with the current revision when `base_revision` is
    no longer the current one: merge, then send again with the new base."""
    document = _document(request.actor, document_id)
    unchanged = services.UNCHANGED
    try:
        document = services.document_edit(
            actor=request.actor,
            document=document,
            base_revision=payload.base_revision,
            title=payload.title,
            body=payload.body,
            status=payload.status if payload.status is not None else unchanged,
            collection=payload.collection if payload.collection is not None else unchanged,
            tags=payload.tags if payload.tags is not None else unchanged,
            review_on=payload.review_on if payload.review_on is not None else unchanged,
            note=payload.note,
            via="api",
        )
    except services.EditConflict as error:
        return _conflict(error)
    return _document(request.actor, document.pk)


@documents.post("/{document_id}/restore", response={200: DocumentOut, **EDIT_ERRORS})
def document_restore(request, document_id: int, payload: RestoreIn):
    """Bring back an earlier revision's text as a new revision."""
    document = _document(request.actor, document_id)
    try:
        document = services.document_restore(
            actor=request.actor,
            document=document,
            number=payload.number,
            base_revision=payload.base_revision,
            via="api",
        )
    except services.EditConflict as error:
        return _conflict(error)
    return _document(request.actor, document.pk)


@documents.get("/{document_id}/revisions", response={200: list[RevisionSummaryOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def revision_list(request, document_id: int):
    """Every save of the document, newest first."""
    document = _document(request.actor, document_id)
    return selectors.revision_list(actor=request.actor, document=document)


@documents.get("/{document_id}/revisions/{number}", response={200: RevisionOut, **ERRORS})
def revision_get(request, document_id: int, number: int):
    document = _document(request.actor, document_id)
    return selectors.revision_get(actor=request.actor, document=document, number=number)


@documents.get("/{document_id}/diff", response={200: DiffOut, 400: ErrorOut, **ERRORS})
def revision_diff(
    request,
    document_id: int,
    from_revision: int = Query(..., alias="from"),
    to_revision: int = Query(..., alias="to"),
):
    """What changed between two revisions, as a unified diff."""
    document = _document(request.actor, document_id)
    old, new = selectors.revision_pair(
        actor=request.actor, document=document, old=from_revision, new=to_revision
    )
    text = diff_text(
        old.body, new.body, old_label=f"revision {old.number}", new_label=f"revision {new.number}"
    )
    return {"from_revision": old.number, "to_revision": new.number, "diff": text}


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/spaces", space_documents),
    ("/documents", documents),
]
