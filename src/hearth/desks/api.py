"""The desks in the API: ``GET /api/v1/desk/access-requests`` (and deciding one),
``GET /api/v1/desk/unanswered``. The same selectors and services as the pages."""

from datetime import datetime

from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from hearth.access import policy
from hearth.core.errors import Forbidden, NotFound
from hearth.core.schemas import DecisionIn, ErrorOut
from hearth.desks import selectors
from hearth.people.models import BusinessUnit
from hearth.people.schemas import PersonOut
from hearth.spaces import services as space_services
from hearth.spaces.models import Space

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}

router = Router(tags=["desks"])


class DeskSpaceOut(Schema):
    slug: str
    name: str
    visibility: str


class DeskRequestOut(Schema):
    id: int
    space: DeskSpaceOut
    user: PersonOut
    message: str
    status: str
    created_at: datetime
    decision_note: str = ""


class DeskQuestionOut(Schema):
    id: int
    title: str
    space: DeskSpaceOut
    author: str | None = Field(None, description="The asker's username")
    reply_count: int
    created_at: datetime
    url: str

    @staticmethod
    def resolve_author(obj) -> str | None:
        return obj.author.username if obj.author else None

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


def _require_desks(request) -> None:
    if not policy.has_desks(request.actor):
        raise Forbidden(
            "The desks are for the leaders and facilitators of spaces and for "
            "the organisation's collaboration roles."
        )


@router.get("/access-requests", response={200: list[DeskRequestOut], **ERRORS})
@paginate(LimitOffsetPagination)
def desk_access_requests(request):
    """Pending access requests the caller may decide, across every space (their
    own as leader or facilitator, and their organisation role's scope), longest
    waiting first."""
    _require_desks(request)
    return selectors.access_request_desk(actor=request.actor)


def _decide(request, request_id: int, approve: bool, payload: DecisionIn | None):
    row = selectors.desk_access_request_get(actor=request.actor, request_id=request_id)
    return space_services.access_request_decide(
        actor=request.actor,
        space=row.space,
        request_id=row.pk,
        approve=approve,
        note=payload.note if payload else "",
        via="api",
    )


@router.post("/access-requests/{request_id}/approve", response={200: DeskRequestOut, **ERRORS})
def desk_approve(request, request_id: int, payload: DecisionIn | None = None):
    return _decide(request, request_id, True, payload)


@router.post("/access-requests/{request_id}/deny", response={200: DeskRequestOut, **ERRORS})
def desk_deny(request, request_id: int, payload: DecisionIn | None = None):
    return _decide(request, request_id, False, payload)


@router.get("/unanswered", response={200: list[DeskQuestionOut], **ERRORS})
@paginate(LimitOffsetPagination)
def desk_unanswered(request, space: str = "", unit: str = "", no_reply: bool = False):
    """Questions without an accepted answer (``no_reply``: without any reply) in
    the spaces the caller tends and may read, oldest first; ``space`` and
    ``unit`` (slugs) narrow it."""
    _require_desks(request)
    actor = request.actor
    space_obj = unit_obj = None
    if space:
        space_obj = Space.objects.filter(slug=space[:60]).first()
        if space_obj is None or not policy.can_see_space(actor, space_obj):
            raise NotFound("No such space.")
        policy.require_tend_questions(actor, space_obj)
    if unit:
        unit_obj = BusinessUnit.objects.filter(slug=unit[:60]).first()
        if unit_obj is None:
            raise NotFound("No such business unit.")
        if not selectors.tended_units(actor=actor).filter(pk=unit_obj.pk).exists():
            raise Forbidden(
                "Only the unit's collaboration leaders and the director see a "
                "business unit's questions."
            )
    return selectors.unanswered_desk(actor=actor, space=space_obj, unit=unit_obj, no_reply=no_reply)


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/desk", router),
]
