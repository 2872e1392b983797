"""API for a space's life: transitions, pilot feedback, charter, playbook, export jobs.
Thin: the same selectors and services as the pages, with the same policy."""

from datetime import datetime

from django.urls import reverse
from ninja import Field, Router, Schema, Status

from hearth.access import policy
from hearth.core.schemas import ERRORS
from hearth.lifecycle import selectors, services
from hearth.lifecycle.exchange import export_job_expired, export_job_get, export_job_start
from hearth.lifecycle.playbook import playbook_for
from hearth.spaces import selectors as space_selectors

router = Router(tags=["lifecycle"])
jobs = Router(tags=["lifecycle"])


class TransitionIn(Schema):
    state: str = Field(..., description="draft, pilot, live or archived")
    reason: str = Field("", max_length=1000, description="Required to archive")


class LifecycleEventOut(Schema):
    id: int
    from_state: str
    to_state: str
    reason: str
    actor: str | None
    created_at: datetime

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return obj.actor.username if obj.actor else None


class LifecycleOut(Schema):
    state: str
    allowed: list[str]
    history: list[LifecycleEventOut]


class TargetIO(Schema):
    metric: str
    target: float


class ScoreOut(Schema):
    metric: str
    label: str
    unit: str
    comparator: str
    target: float
    value: float | None
    met: bool | None


class CharterIn(Schema):
    vision: str = Field("", max_length=2000)
    audience: str = Field("", max_length=1000)
    targets: list[TargetIO] = []


class CharterOut(Schema):
    vision: str
    audience: str
    scorecard: list[ScoreOut]


class FeedbackIn(Schema):
    text: str = Field(..., max_length=2000)


class ResolveIn(Schema):
    note: str = Field(..., max_length=1000)


class FeedbackOut(Schema):
    id: int
    text: str
    status: str
    author: str | None
    resolution_note: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj) -> str | None:
        return obj.author.username if obj.author else None


class PlaybookItemOut(Schema):
    key: str
    label: str
    done: bool
    source: str


class PlaybookStepOut(Schema):
    key: str
    label: str
    items: list[PlaybookItemOut]


class JobOut(Schema):
    id: int
    status: str = Field(..., description="queued, running, done, failed or expired")
    download_url: str | None
    expires_at: datetime | None = Field(
        None, description="When the archive is deleted; download it before"
    )
    error: str


def _job(request, job) -> dict:
    url = None
    expired = export_job_expired(job)
    if job.status == "done" and not expired:
        url = request.build_absolute_uri(reverse("lifecycle:export_download", args=[job.pk]))
    return {
        "id": job.pk,
        "status": "expired" if expired else job.status,
        "download_url": url,
        "expires_at": job.expires_at,
        "error": job.error,
    }


def _lifecycle(request, space) -> dict:
    return {
        "state": space.state,
        "allowed": services.transitions_for(actor=request.actor, space=space),
        "history": list(selectors.lifecycle_history(actor=request.actor, space=space)),
    }


@router.get("/{slug}/lifecycle", response={200: LifecycleOut, **ERRORS})
def lifecycle_get(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return _lifecycle(request, space)


@router.post("/{slug}/lifecycle", response={200: LifecycleOut, **ERRORS})
def lifecycle_transition(request, slug: str, payload: TransitionIn):
    """Move the space to another state; illegal transitions are refused (400/403)."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    services.space_transition(
        actor=request.actor, space=space, state=payload.state, reason=payload.reason, via="api"
    )
    return _lifecycle(request, space)


def _charter(request, space) -> dict:
    charter = selectors.charter_get(actor=request.actor, space=space)
    return {
        "vision": charter.vision if charter else "",
        "audience": charter.audience if charter else "",
        "scorecard": selectors.charter_scorecard(actor=request.actor, space=space, charter=charter),
    }


@router.get("/{slug}/charter", response={200: CharterOut, **ERRORS})
def charter_get(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return _charter(request, space)


@router.put("/{slug}/charter", response={200: CharterOut, **ERRORS})
def charter_put(request, slug: str, payload: CharterIn):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    services.charter_update(
        actor=request.actor,
        space=space,
        vision=payload.vision,
        audience=payload.audience,
        targets=[t.dict() for t in payload.targets],
        via="api",
    )
    return _charter(request, space)


@router.get("/{slug}/playbook", response={200: list[PlaybookStepOut], **ERRORS})
def playbook_get(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    policy.require_administer_space(request.actor, space)
    return playbook_for(space)


@router.get("/{slug}/pilot-feedback", response={200: list[FeedbackOut], **ERRORS})
def feedback_list(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return list(selectors.pilot_feedback_list(actor=request.actor, space=space)[:200])


@router.post("/{slug}/pilot-feedback", response={201: FeedbackOut, **ERRORS})
def feedback_create(request, slug: str, payload: FeedbackIn):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    item = services.pilot_feedback_create(
        actor=request.actor, space=space, text=payload.text, via="api"
    )
    return Status(201, item)


@router.post("/{slug}/pilot-feedback/{feedback_id}/resolve", response={200: FeedbackOut, **ERRORS})
def feedback_resolve(request, slug: str, feedback_id: int, payload: ResolveIn):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return services.pilot_feedback_resolve(
        actor=request.actor, space=space, feedback_id=feedback_id, note=payload.note, via="api"
    )


@router.post("/{slug}/export", response={202: JobOut, **ERRORS})
def export_start(request, slug: str):
    """Start an export in the worker; poll ``GET /jobs/{id}`` for its download URL."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    job = export_job_start(actor=request.actor, space=space, via="api")
    return Status(202, _job(request, job))


@jobs.get("/{job_id}", response={200: JobOut, **ERRORS})
def job_get(request, job_id: int):
    return _job(request, export_job_get(actor=request.actor, job_id=job_id))


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/spaces", router),
    ("/jobs", jobs),
]
