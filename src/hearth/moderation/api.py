"""API endpoints for moderation: thin, calling the same selectors and services as
the pages, with the same policy."""

from datetime import datetime
from typing import Literal

from django.contrib.auth import get_user_model
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hearth.core.errors import Conflict, Invalid, NotFound
from hearth.core.schemas import ErrorOut
from hearth.moderation import policies, selectors, services
from hearth.moderation.models import Case, Reason, Sanction
from hearth.spaces import selectors as space_selectors

ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}

router = Router(tags=["moderation"])


class ReportIn(Schema):
    target_type: str = Field(description="conversation, reply or profile")
    target_id: int
    reason: Reason
    text: str = Field("", max_length=1000, description="Required for the reason `other`")


class ReportOut(Schema):
    id: int
    case_id: int
    reason: str
    hidden: bool

    @staticmethod
    def resolve_hidden(obj) -> bool:
        return obj.case.hidden_at is not None


class ReportLineOut(Schema):
    reason: str
    text: str
    created_at: datetime


class CaseOut(Schema):
    id: int
    target_type: str
    target_id: int
    target_label: str
    space: str | None
    author: str | None
    status: str
    report_count: int
    hidden: bool
    opened_at: datetime
    decided_at: datetime | None
    decision: str
    decision_reason: str
    seconds_to_decision: int | None
    reports: list[ReportLineOut]

    @staticmethod
    def resolve_space(obj) -> str | None:
        return obj.space.slug if obj.space_id else None

    @staticmethod
    def resolve_author(obj) -> str | None:
        return obj.author.username if obj.author_id else None

    @staticmethod
    def resolve_hidden(obj) -> bool:
        return obj.hidden_at is not None

    @staticmethod
    def resolve_seconds_to_decision(obj) -> int | None:
        spent = obj.time_to_decision
        return int(spent.total_seconds()) if spent is not None else None

    @staticmethod
    def resolve_reports(obj) -> list:
        return list(obj.reports.all())


class SanctionIn(Schema):
    kind: Literal["warning", "silence", "suspension", "ban"]
    reason: str = Field(..., max_length=2000)
    until: datetime | None = Field(
        None, description="Required but for a warning or a permanent ban; in the future"
    )
    space: str | None = Field(None, description="A space's slug; omitted: platform-wide")


class CaseSanctionIn(Schema):
    kind: Literal["warning", "silence", "suspension", "ban"]
    reason: str = Field(..., max_length=2000)
    until: datetime | None = None
    in_space: bool = Field(True, description="In the case's space (true) or platform-wide")


class DecideIn(Schema):
    decision: Case.Decision
    reason: str = Field("", max_length=2000, description="Required for `edit`; the author sees it")
    body: str = Field("", max_length=20_000, description="The edited text, for `edit`")
    sanction: CaseSanctionIn | None = None


class SanctionOut(Schema):
    id: int
    kind: str
    person: str
    space: str | None
    reason: str
    starts_at: datetime
    ends_at: datetime | None
    lifted_at: datetime | None

    @staticmethod
    def resolve_person(obj) -> str:
        return obj.person.username

    @staticmethod
    def resolve_space(obj) -> str | None:
        return obj.space.slug if obj.space_id else None


@router.post("/reports", response={201: ReportOut, **ERRORS})
def report_create(request, payload: ReportIn):
    """Report a conversation, reply or profile you can read, once; not your own.
    Reports from enough distinct people hide it until a moderator decides."""
    report = services.report_create(
        actor=request.actor,
        target_type=payload.target_type,
        target_id=payload.target_id,
        reason=payload.reason,
        text=payload.text,
        via="api",
    )
    return Status(201, report)


@router.get("/spaces/{slug}/review-queue", response={200: list[CaseOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=100)
def space_review_queue(request, slug: str):
    """The space's open cases, oldest first: its facilitators and leaders."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return selectors.review_queue(actor=request.actor, space=space)


@router.get("/review-queue", response={200: list[CaseOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=100)
def platform_review_queue(request):
    """Every open case a platform admin may review, oldest first."""
    return selectors.review_queue(actor=request.actor)


@router.post("/review-queue/{case_id}/decide", response={200: CaseOut, **ERRORS})
def case_decide(request, case_id: int, payload: DecideIn):
    """Keep, hide, remove or edit the reported item, and optionally sanction its
    author at once. The reporters and the author are told."""
    case = selectors.case_get(actor=request.actor, case_id=case_id)
    sanction = payload.sanction.dict() if payload.sanction else None
    return services.case_decide(
        actor=request.actor,
        case=case,
        decision=payload.decision,
        reason=payload.reason,
        body=payload.body,
        sanction=sanction,
        via="api",
    )


@router.post("/people/{username}/sanctions", response={201: SanctionOut, **ERRORS})
def sanction_create(request, username: str, payload: SanctionIn):
    """Warn, silence, suspend (platform-wide) or ban from a space, with a reason the
    person sees and an end in the future (none for a warning; optional for a ban)."""
    person = get_user_model().objects.filter(username=username, is_active=True).first()
    if person is None:
        raise NotFound("No such person.")
    space = None
    if payload.space:
        space = space_selectors.space_get(actor=request.actor, slug=payload.space)
    elif payload.space == "":
        raise Invalid("Name a space's slug, or leave `space` out for platform-wide.", field="space")
    sanction = services.sanction_create(
        actor=request.actor,
        person=person,
        kind=payload.kind,
        reason=payload.reason,
        until=payload.until,
        space=space,
        via="api",
    )
    return Status(201, sanction)


@router.post("/sanctions/{sanction_id}/lift", response={200: SanctionOut, **ERRORS})
def sanction_lift(request, sanction_id: int):
    """Lift a sanction early: the moderators of its space, or platform admins for a
    platform-wide one. A warning, or a sanction already lifted or over, answers 409."""
    sanction = Sanction.objects.select_related("space").filter(pk=sanction_id).first()
    if sanction is None or not policies.can_see_sanction(request.actor, sanction):
        raise NotFound("No such sanction.")
    if not services.sanction_lift(sanction_id=sanction_id, actor=request.actor, via="api"):
        raise Conflict("This sanction is not in force: a warning, or already lifted or over.")
    return Sanction.objects.select_related("person", "space").get(pk=sanction_id)


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("", router),
]
