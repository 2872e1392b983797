"""API for role swaps: ``POST /api/v1/spaces/{slug}/role-swaps`` with
``{"username", "role", "until"}``."""

from datetime import datetime

from django.contrib.auth import get_user_model
from ninja import Router, Schema, Status

from hearth.core.schemas import ErrorOut
from hearth.spaces import selectors as space_selectors
from hearth.swaps import selectors, services

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
router = Router(tags=["role swaps"])


class SwapIn(Schema):
    username: str
    role: str
    until: datetime


class SwapOut(Schema):
    id: int
    username: str
    role: str
    usual_role: str
    starts_at: datetime
    ends_at: datetime
    ended_at: datetime | None
    end_reason: str

    @staticmethod
    def resolve_username(obj) -> str:
        return obj.user.username


@router.get("/{slug}/role-swaps", response={200: list[SwapOut], **ERRORS})
def swaps_list(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return list(selectors.swap_list(actor=request.actor, space=space)[:200])


@router.post("/{slug}/role-swaps", response={201: SwapOut, **ERRORS})
def swaps_create(request, slug: str, payload: SwapIn):
    """Let a member take the facilitator or leader role until ``until`` (7 days at most)."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    user = (
        get_user_model()
        .objects.filter(username=payload.username.strip().lower(), is_active=True)
        .first()
    )
    swap = services.role_swap_create(
        actor=request.actor,
        space=space,
        user=user,
        role=payload.role,
        until=payload.until,
        via="api",
    )
    return Status(201, swap)


@router.post("/{slug}/role-swaps/{swap_id}/end", response={200: SwapOut, **ERRORS})
def swaps_end(request, slug: str, swap_id: int):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return services.role_swap_end(actor=request.actor, space=space, swap_id=swap_id, via="api")


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/spaces", router),
]
