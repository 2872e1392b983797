"""Reads for spaces, always through the visibility policy."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import NotFound
from hearth.spaces.models import AccessRequest, Invitation, Membership, Role, Space

# Leaders first, then facilitators, champions, members.
ROLE_ORDER = Case(
    *(When(role=role, then=Value(i)) for i, role in enumerate(
        [Role.LEADER, Role.FACILITATOR, Role.CHAMPION, Role.MEMBER])),
    output_field=IntegerField(),
)


def space_get(*, actor: Actor, slug: str) -> Space:
    """The space, if the actor may know it exists; NotFound otherwise."""
    space = Space.objects.select_related("business_unit").filter(slug=slug).first()
    if space is None or not policy.can_see_space(actor, space):
        raise NotFound("No such space.")
    return space


def space_list(*, actor: Actor, q: str = "", business_unit: str = "", visibility: str = "",
               mine: bool = False) -> QuerySet:
    spaces = Space.objects.visible_to(actor).select_related("business_unit")
    if q:
        spaces = spaces.filter(name__icontains=q.strip()[:100])
    if business_unit:
        spaces = spaces.filter(business_unit__slug=business_unit)
    if visibility:
        spaces = spaces.filter(visibility=visibility)
    if mine:
        spaces = spaces.filter(pk__in=list(actor.roles))
    return spaces.order_by("name", "id")


def member_list(*, actor: Actor, space: Space, role: str = "",
                roles: list[str] | None = None) -> QuerySet:
    if not policy.can_manage_members(actor, space):
        policy.require_read_space(actor, space)
    members = (Membership.objects.filter(space=space)
               .select_related("user", "user__business_unit", "user__country"))
    if role:
        members = members.filter(role=role)
    if roles:
        members = members.filter(role__in=roles)
    return members.annotate(rank=ROLE_ORDER).order_by("rank", "user__display_name", "user_id")


def access_request_list(*, actor: Actor, space: Space) -> QuerySet:
    policy.require_decide_access_requests(actor, space)
    return (AccessRequest.objects.filter(space=space, status=AccessRequest.Status.PENDING)
            .select_related("user", "user__business_unit"))


def pending_request_of(*, actor: Actor, space: Space) -> AccessRequest | None:
    return AccessRequest.objects.filter(space=space, user_id=actor.user_id,
                                        status=AccessRequest.Status.PENDING).first()


def invitation_list_for(*, actor: Actor) -> QuerySet:
    return (Invitation.objects.filter(user_id=actor.user_id, status=Invitation.Status.PENDING)
            .select_related("space", "invited_by"))
