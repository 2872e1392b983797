"""API for bulk invitations: preview (and optionally send) a batch, then poll it."""

from ninja import Router, Schema, Status

from hearth.core.errors import Invalid
from hearth.core.schemas import ErrorOut
from hearth.launch import services
from hearth.people.models import BusinessUnit, Country
from hearth.spaces import selectors as space_selectors

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
router = Router(tags=["invitations"])


class BulkInvitationIn(Schema):
    """Exactly one way of choosing people: ``usernames``, ``business_unit``/``country``,
    or ``csv`` (the text of a list, one username or email per line)."""

    usernames: list[str] | None = None
    business_unit: str | None = None
    country: str | None = None
    csv: str | None = None
    message: str = ""
    send: bool = False


class RowErrorOut(Schema):
    line: int
    value: str
    error: str


class BatchOut(Schema):
    id: int
    source: str
    label: str
    status: str
    total: int
    done: int
    invited: int
    skipped: int
    percent: int
    error_count: int
    errors: list[RowErrorOut]


def _lookup(model, field: str, value: str | None, name: str):
    if not value:
        return None
    found = model.objects.filter(**{field: value}).first()
    if found is None:
        raise Invalid(f"Unknown {name.replace('_', ' ')}: {value}.", field=name)
    return found


@router.post("/{slug}/invitations/bulk", response={201: BatchOut, 202: BatchOut, **ERRORS})
def invitations_bulk(request, slug: str, payload: BulkInvitationIn):
    """Check a list of people and keep it as a batch (201, nothing sent); with
    ``"send": true`` the worker then invites them (202). Poll the batch for progress."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    ways = [
        payload.usernames is not None,
        bool(payload.business_unit or payload.country),
        payload.csv is not None,
    ]
    if sum(ways) != 1:
        raise Invalid("Give exactly one of: usernames, business_unit/country, csv.")
    if payload.usernames is not None:
        batch = services.batch_preview_people(
            actor=request.actor,
            space=space,
            usernames=payload.usernames,
            message=payload.message,
            via="api",
        )
    elif payload.csv is not None:
        batch = services.batch_preview_csv(
            actor=request.actor,
            space=space,
            data=payload.csv.encode(),
            filename="api",
            message=payload.message,
            via="api",
        )
    else:
        batch = services.batch_preview_unit(
            actor=request.actor,
            space=space,
            business_unit=_lookup(BusinessUnit, "slug", payload.business_unit, "business_unit"),
            country=_lookup(Country, "code", (payload.country or "").upper(), "country"),
            message=payload.message,
            via="api",
        )
    if payload.send:
        batch = services.batch_send(actor=request.actor, space=space, batch_id=batch.pk, via="api")
        return Status(202, batch)
    return Status(201, batch)


@router.get("/{slug}/invitations/batches/{batch_id}", response={200: BatchOut, **ERRORS})
def invitation_batch_get(request, slug: str, batch_id: int):
    """A batch with its progress (``done`` of ``total``) and the rows refused."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return services.batch_get(actor=request.actor, space=space, batch_id=batch_id)


@router.post("/{slug}/invitations/batches/{batch_id}/send", response={202: BatchOut, **ERRORS})
def invitation_batch_send(request, slug: str, batch_id: int):
    """Confirm a previewed batch; the worker sends it."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return Status(
        202, services.batch_send(actor=request.actor, space=space, batch_id=batch_id, via="api")
    )


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/spaces", router),
]
