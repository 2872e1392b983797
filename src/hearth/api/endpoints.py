"""API endpoints for people and spaces: thin, calling the same selectors and
services as the pages, with the same policy."""

from django.contrib.auth import get_user_model
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hearth.access import policy
from hearth.api.schemas import (
    AccessRequestOut,
    DecisionIn,
    JoinIn,
    JoinOut,
    MemberIn,
    MemberOut,
    MeOut,
    PersonIn,
    PersonOut,
    SpaceIn,
    SpaceOut,
)
from hearth.core.errors import Invalid, NotFound
from hearth.core.schemas import ERRORS
from hearth.people import services as people_services
from hearth.people.models import BusinessUnit
from hearth.people.selectors import person_list
from hearth.spaces import selectors as space_selectors
from hearth.spaces import services as space_services
from hearth.spaces.models import Role, Visibility

VISIBILITY_QUERY = Query(None, description="open, restricted or private")
ROLE_QUERY = Query(None, description="leader, facilitator, champion or member")

# The signed-in person, at the API's root.
myself = Router()
people = Router(tags=["people"])
spaces = Router(tags=["spaces"])


@myself.get("/me", response={200: MeOut, **ERRORS}, tags=["people"])
def me(request):
    return (
        get_user_model().objects.select_related("business_unit", "country").get(pk=request.user.pk)
    )


@people.get("", response={200: list[PersonOut], **ERRORS})
@paginate(LimitOffsetPagination)
def people_list(
    request, q: str = "", business_unit: str = "", country: str = "", expertise: str = ""
):
    return person_list(q=q, business_unit=business_unit, country=country, expertise=expertise)


@people.post("", response={201: PersonOut, **ERRORS})
def people_create(request, payload: PersonIn):
    person = people_services.person_create(actor=request.actor, via="api", **payload.dict())
    return Status(201, person)


@people.get("/{username}", response={200: PersonOut, **ERRORS})
def people_get(request, username: str):
    person = (
        get_user_model()
        .objects.select_related("business_unit", "country")
        .filter(username=username, is_active=True)
        .first()
    )
    if person is None:
        raise NotFound("No such person.")
    return person


def _business_unit(slug: str | None):
    if not slug:
        return None
    unit = BusinessUnit.objects.filter(slug=slug).first()
    if unit is None:
        raise Invalid(f"Unknown business unit: {slug}.", field="business_unit")
    return unit


@spaces.get("", response={200: list[SpaceOut], **ERRORS})
@paginate(LimitOffsetPagination)
def spaces_list(
    request,
    q: str = "",
    business_unit: str = "",
    visibility: Visibility | None = VISIBILITY_QUERY,
    mine: bool = False,
):
    return space_selectors.space_list(
        actor=request.actor,
        q=q,
        business_unit=business_unit,
        visibility=visibility or "",
        mine=mine,
    )


@spaces.post("", response={201: SpaceOut, **ERRORS})
def spaces_create(request, payload: SpaceIn):
    space = space_services.space_create(
        actor=request.actor,
        name=payload.name,
        slug=payload.slug,
        description=payload.description,
        visibility=payload.visibility,
        business_unit=_business_unit(payload.business_unit),
        via="api",
    )
    return Status(201, space)


@spaces.get("/{slug}", response={200: SpaceOut, **ERRORS})
def spaces_get(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return space


@spaces.post("/{slug}/join", response={200: JoinOut, 201: JoinOut, 202: JoinOut, **ERRORS})
def spaces_join(request, slug: str, payload: JoinIn | None = None):
    """Join an open space (or accept an invitation); for a restricted space this
    files an access request (202) that leaders approve or deny."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    has_invitation = (
        space_selectors.invitation_list_for(actor=request.actor).filter(space=space).exists()
    )
    if (
        space.visibility == Visibility.RESTRICTED
        and not has_invitation
        and request.actor.role_in(space) is None
    ):
        access_request = space_services.access_request_create(
            actor=request.actor, space=space, message=payload.message if payload else "", via="api"
        )
        return Status(202, {"status": "requested", "request_id": access_request.pk})
    membership = space_services.space_join(actor=request.actor, space=space, via="api")
    return Status(201, {"status": "member", "membership": membership})


@spaces.get("/{slug}/members", response={200: list[MemberOut], **ERRORS})
@paginate(LimitOffsetPagination)
def spaces_members(request, slug: str, role: Role | None = ROLE_QUERY):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return space_selectors.member_list(actor=request.actor, space=space, role=role or "")


@spaces.post("/{slug}/members", response={201: MemberOut, **ERRORS})
def spaces_member_add(request, slug: str, payload: MemberIn):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    # Before the username is looked up, so that no one else learns who has an account.
    policy.require_change_roles_in_space(
        request.actor,
        space,
        attempt="membership.add",
        user=payload.username,
        details={"role": payload.role},
        via="api",
    )
    user = get_user_model().objects.filter(username=payload.username.strip().lower()).first()
    if user is None:
        raise Invalid(f"No one has the username “{payload.username}”.", field="username")
    membership = space_services.member_add(
        actor=request.actor, space=space, user=user, role=payload.role, via="api"
    )
    return Status(201, membership)


@spaces.get("/{slug}/requests", response={200: list[AccessRequestOut], **ERRORS})
@paginate(LimitOffsetPagination)
def spaces_requests(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return space_selectors.access_request_list(actor=request.actor, space=space)


def _decide(request, slug: str, request_id: int, approve: bool, payload: DecisionIn | None):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return space_services.access_request_decide(
        actor=request.actor,
        space=space,
        request_id=request_id,
        approve=approve,
        note=payload.note if payload else "",
        via="api",
    )


@spaces.post("/{slug}/requests/{request_id}/approve", response={200: AccessRequestOut, **ERRORS})
def spaces_request_approve(request, slug: str, request_id: int, payload: DecisionIn | None = None):
    return _decide(request, slug, request_id, True, payload)


@spaces.post("/{slug}/requests/{request_id}/deny", response={200: AccessRequestOut, **ERRORS})
def spaces_request_deny(request, slug: str, request_id: int, payload: DecisionIn | None = None):
    return _decide(request, slug, request_id, False, payload)


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("", myself),
    ("/people", people),
    ("/spaces", spaces),
]
