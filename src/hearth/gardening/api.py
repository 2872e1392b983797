"""Gardening in the API: ``POST /api/v1/conversations/{id}/retitle|retag|move|merge|
split|outdated|notify``, ``GET /api/v1/spaces/{slug}/gardening`` and
``POST /api/v1/gardening/undo/{entry_id}``. The same selectors and services as
the pages: a private space's item is 404, a member without the role 403, a
widening move or merge without ``confirm_widen`` 409 saying who would newly see
it, bad input 400 or 422, each with ``{"detail": ...}``."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hearth.conversations import selectors as conversation_selectors
from hearth.conversations.models import TITLE_MAX
from hearth.core.errors import NotFound
from hearth.core.schemas import ErrorOut
from hearth.gardening import selectors, services
from hearth.spaces import selectors as space_selectors
from hearth.spaces.models import Space

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}

conversations = Router(tags=["gardening"])
spaces = Router(tags=["gardening"])
undo = Router(tags=["gardening"])


class GardenedOut(Schema):
    id: int = Field(description="The conversation's id (for merge and split: the one kept or made)")
    title: str
    space: str = Field(description="The space's slug")
    tags: list[str]
    outdated_at: datetime | None
    reply_count: int
    url: str

    @staticmethod
    def resolve_space(obj) -> str:
        return obj.space.slug

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return sorted(t.slug for t in obj.tags.all())

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class RetitleIn(Schema):
    title: str = Field(max_length=TITLE_MAX * 2)


class RetagIn(Schema):
    tags: list[str] = Field(max_length=50)


class MoveIn(Schema):
    to_space: str = Field(max_length=60, description="The target space's slug")
    confirm_widen: bool = False


class MergeIn(Schema):
    into: int = Field(description="The id of the conversation to merge into")
    confirm_widen: bool = False


class SplitIn(Schema):
    replies: list[int] = Field(max_length=services.MAX_SPLIT)
    title: str = Field(max_length=TITLE_MAX * 2)
    note: str = Field("", max_length=services.MESSAGE_MAX * 2)


class OutdatedIn(Schema):
    outdated: bool = True


class NotifyIn(Schema):
    usernames: list[str] = Field(max_length=services.MAX_NOTIFIED * 2)
    message: str = Field("", max_length=services.MESSAGE_MAX * 2)


class NotifyOut(Schema):
    id: int = Field(description="The conversation's id")
    notified: list[str]
    not_notified: list[str]


class UndoIn(Schema):
    confirm_widen: bool = False


class UndoOut(Schema):
    id: int = Field(description="The undo's own audit entry")
    undoes: int
    action: str


class QueueItemOut(Schema):
    kind: str = Field(description="discussion, question or document")
    id: int
    title: str
    url: str
    created_at: datetime | None = None
    reply_count: int | None = None
    review_on: date | None = None


def _conversation(request, conversation_id: int):
    return conversation_selectors.conversation_get(
        actor=request.actor, conversation_id=conversation_id
    )


@conversations.post("/{conversation_id}/retitle", response={200: GardenedOut, **ERRORS})
def garden_retitle(request, conversation_id: int, payload: RetitleIn):
    """Give the conversation a new title (facilitators and leaders; audited)."""
    services.conversation_retitle(
        actor=request.actor,
        conversation=_conversation(request, conversation_id),
        title=payload.title,
        via="api",
    )
    return _conversation(request, conversation_id)


@conversations.post("/{conversation_id}/retag", response={200: GardenedOut, **ERRORS})
def garden_retag(request, conversation_id: int, payload: RetagIn):
    """Set the conversation's tags (an empty list clears them)."""
    services.conversation_retag(
        actor=request.actor,
        conversation=_conversation(request, conversation_id),
        tags=payload.tags,
        via="api",
    )
    return _conversation(request, conversation_id)


@conversations.post("/{conversation_id}/move", response={200: GardenedOut, **ERRORS})
def garden_move(request, conversation_id: int, payload: MoveIn):
    """Move it to a space the caller posts in; 409 when more people would read it
    there, until ``confirm_widen`` is true."""
    conversation = _conversation(request, conversation_id)
    target = Space.objects.filter(slug=payload.to_space).first()
    if target is None:
        raise NotFound("No such space.")
    services.conversation_move(
        actor=request.actor,
        conversation=conversation,
        to_space=target,
        confirm_widen=payload.confirm_widen,
        via="api",
    )
    return _conversation(request, conversation_id)


@conversations.post("/{conversation_id}/merge", response={200: GardenedOut, **ERRORS})
def garden_merge(request, conversation_id: int, payload: MergeIn):
    """Merge this conversation into ``into``; returns the conversation kept. The old
    address redirects there."""
    target = services.conversation_merge(
        actor=request.actor,
        conversation=_conversation(request, conversation_id),
        into=payload.into,
        confirm_widen=payload.confirm_widen,
        via="api",
    )
    return _conversation(request, target.pk)


@conversations.post("/{conversation_id}/split", response={201: GardenedOut, **ERRORS})
def garden_split(request, conversation_id: int, payload: SplitIn):
    """Split the chosen replies off into a new conversation; returns it (201)."""
    new = services.conversation_split(
        actor=request.actor,
        conversation=_conversation(request, conversation_id),
        reply_ids=payload.replies,
        title=payload.title,
        note=payload.note,
        via="api",
    )
    return Status(201, _conversation(request, new.pk))


@conversations.post("/{conversation_id}/outdated", response={200: GardenedOut, **ERRORS})
def garden_outdated(request, conversation_id: int, payload: OutdatedIn | None = None):
    """Mark it outdated (``{"outdated": false}`` takes the mark away)."""
    services.conversation_mark_outdated(
        actor=request.actor,
        conversation=_conversation(request, conversation_id),
        outdated=payload.outdated if payload else True,
        via="api",
    )
    return _conversation(request, conversation_id)


@conversations.post("/{conversation_id}/notify", response={200: NotifyOut, **ERRORS})
def garden_notify(request, conversation_id: int, payload: NotifyIn):
    """Point people to it with a message; only those who may read its space are
    told, the others are listed in ``not_notified``."""
    notified, missed = services.conversation_notify(
        actor=request.actor,
        conversation=_conversation(request, conversation_id),
        usernames=payload.usernames,
        message=payload.message,
        via="api",
    )
    return {
        "id": conversation_id,
        "notified": [p.username for p in notified],
        "not_notified": missed,
    }


def _queue_item(row) -> dict:
    if hasattr(row, "review_on"):
        return {
            "kind": "document",
            "id": row.pk,
            "title": row.title,
            "url": row.get_absolute_url(),
            "created_at": row.created_at,
            "review_on": row.review_on,
        }
    return {
        "kind": row.kind,
        "id": row.pk,
        "title": row.title,
        "url": row.get_absolute_url(),
        "created_at": row.created_at,
        "reply_count": row.reply_count,
    }


@spaces.get("/{slug}/gardening", response={200: list[QueueItemOut], **ERRORS})
@paginate(LimitOffsetPagination)
def gardening_queue(
    request,
    slug: str,
    tab: Literal["untagged", "unanswered", "review", "no-reply"] = "untagged",
    days: int = Query(selectors.DEFAULT_DAYS, ge=0, le=selectors.MAX_DAYS),
):
    """One section of the space's gardening queue (facilitators and leaders):
    untagged conversations, questions without an accepted answer after ``days``,
    documents past their review date, conversations with no reply."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    rows = selectors.gardening_queue(actor=request.actor, space=space, tab=tab, days=days)
    return _Mapped(rows, _queue_item)


class _Mapped:
    """A queryset sliced by the paginator, each row turned into a dict."""

    def __init__(self, rows, convert):
        self.rows, self.convert = rows, convert

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return [self.convert(row) for row in self.rows[index]]


@undo.post("/undo/{entry_id}", response={200: UndoOut, **ERRORS})
def gardening_undo(request, entry_id: int, payload: UndoIn | None = None):
    """Undo the gardening action of an audit entry (not a notify: it cannot be unsent)."""
    entry = services.gardening_undo(
        actor=request.actor,
        entry_id=entry_id,
        confirm_widen=payload.confirm_widen if payload else False,
        via="api",
    )
    return {"id": entry.pk, "undoes": entry.after["undoes"], "action": entry.after["undone_action"]}


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/conversations", conversations),
    ("/spaces", spaces),
    ("/gardening", undo),
]
