"""API for a space's action plan."""

from datetime import date

from django.contrib.auth import get_user_model
from ninja import Router, Schema, Status

from hearth.actionplan import selectors, services
from hearth.core.errors import Invalid
from hearth.core.schemas import ErrorOut
from hearth.spaces import selectors as space_selectors

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
router = Router(tags=["action plan"])


class TaskIn(Schema):
    title: str
    owner: str | None = None
    due_on: date | None = None
    notes: str = ""


class TaskPatch(Schema):
    title: str | None = None
    owner: str | None = None
    due_on: date | None = None
    notes: str | None = None
    status: str | None = None


class TaskOut(Schema):
    id: int
    title: str
    notes: str
    owner: str
    due_on: date
    status: str

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.owner.username


def _person(username: str | None):
    if username is None:
        return None
    person = (
        get_user_model().objects.filter(username=username.strip().lower(), is_active=True).first()
    )
    if person is None:
        raise Invalid(f"No one has the username “{username}”.", field="owner")
    return person


@router.get("/{slug}/tasks", response={200: list[TaskOut], **ERRORS})
def tasks_list(request, slug: str, status: str = ""):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return list(selectors.task_list(actor=request.actor, space=space, status=status)[:1000])


@router.post("/{slug}/tasks", response={201: TaskOut, **ERRORS})
def tasks_create(request, slug: str, payload: TaskIn):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    task = services.task_create(
        actor=request.actor,
        space=space,
        title=payload.title,
        owner=_person(payload.owner),
        due_on=payload.due_on,
        notes=payload.notes,
        via="api",
    )
    return Status(201, task)


@router.patch("/{slug}/tasks/{task_id}", response={200: TaskOut, **ERRORS})
def tasks_update(request, slug: str, task_id: int, payload: TaskPatch):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return services.task_update(
        actor=request.actor,
        space=space,
        task_id=task_id,
        title=payload.title,
        owner=_person(payload.owner),
        due_on=payload.due_on,
        notes=payload.notes,
        status=payload.status,
        via="api",
    )


@router.delete("/{slug}/tasks/{task_id}", response={204: None, **ERRORS})
def tasks_delete(request, slug: str, task_id: int):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    services.task_delete(actor=request.actor, space=space, task_id=task_id, via="api")
    return Status(204, None)


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/spaces", router),
]
