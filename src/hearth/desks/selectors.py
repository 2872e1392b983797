"""Reads of the leaders' desks, always through the visibility policy."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import Conversation
from hearth.core.errors import NotFound
from hearth.people.models import BusinessUnit
from hearth.spaces.models import AccessRequest, Membership, Role, Space


def access_request_desk(*, actor: Actor, space: Space | None = None) -> QuerySet:
    """Pending access requests the actor may decide, across every space: those
    they lead or facilitate and those in their organisation role's scope; oldest
    (longest waiting) first."""
    rows = (
        AccessRequest.objects.filter(status=AccessRequest.Status.PENDING)
        .filter(policy.space_deciding_q(actor, "space"))
        .select_related("user", "user__business_unit", "user__country", "space")
    )
    if space is not None:
        rows = rows.filter(space=space)
    return rows.order_by("created_at", "id")


def desk_access_request_get(*, actor: Actor, request_id: int) -> AccessRequest:
    """One access request on the actor's desk: NotFound when it does not exist or
    its space is one the actor may not know of."""
    row = AccessRequest.objects.select_related("space", "user").filter(pk=request_id).first()
    if row is None or not policy.can_see_space(actor, row.space):
        raise NotFound("No such access request.")
    return row


def tended_spaces(*, actor: Actor) -> QuerySet:
    """Spaces whose questions the actor tends (the desk's space filter)."""
    return (
        Space.objects.filter(policy.questions_tended_q(actor, ""))
        .select_related("business_unit")
        .order_by("name", "id")
    )


def tended_units(*, actor: Actor) -> QuerySet:
    """Business units the actor may view the unanswered desk of: all for admins
    and directors, their own for a unit leader."""
    if actor.is_platform_admin or actor.is_director:
        return BusinessUnit.objects.order_by("name")
    if actor.unit_led_id is not None:
        return BusinessUnit.objects.filter(pk=actor.unit_led_id)
    return BusinessUnit.objects.none()


def unanswered_desk(
    *,
    actor: Actor,
    space: Space | None = None,
    unit: BusinessUnit | None = None,
    no_reply: bool = False,
) -> QuerySet:
    """Questions without an accepted answer (or, with ``no_reply``, without any
    reply), not closed as duplicates, in spaces the actor tends and may read;
    oldest first."""
    rows = (
        Conversation.objects.filter(policy.questions_tended_q(actor, "space"))
        .filter(
            kind=Conversation.Kind.QUESTION,
            accepted_reply__isnull=True,
            removed_at__isnull=True,
            duplicate_closure__isnull=True,
        )
        .select_related("space", "author")
    )
    if space is not None:
        rows = rows.filter(space=space)
    if unit is not None:
        rows = rows.filter(space__business_unit=unit)
    if no_reply:
        rows = rows.filter(reply_count=0)
    return rows.order_by("created_at", "id")


def tended_question_get(*, actor: Actor, conversation_id: int) -> Conversation:
    row = Conversation.objects.select_related("space", "author").filter(pk=conversation_id).first()
    if row is None or not policy.can_see_space(actor, row.space):
        raise NotFound("No such question.")
    policy.require_tend_questions(actor, row.space)
    return row


# -- Permission pages ------------------------------------------------------------------


def org_role_holders() -> dict[str, list]:
    """Who holds each organisation role (the platform permission page)."""
    User = get_user_model()
    holders = {"admin": [], "director": [], "unit_leader": []}
    for person in (
        User.objects.filter(org_role__in=list(holders), is_active=True)
        .select_related("business_unit")
        .order_by("display_name", "id")
    ):
        holders[person.org_role].append(person)
    return holders


def unit_get(*, actor: Actor, slug: str) -> BusinessUnit:
    unit = BusinessUnit.objects.filter(slug=slug).first()
    if unit is None:
        raise NotFound("No such business unit.")
    policy.require_see_unit(actor, unit)
    return unit


def unit_permissions(*, actor: Actor, unit: BusinessUnit) -> dict:
    """A business unit's leaders, its spaces (as the actor may list them) and each
    space's leaders and facilitators (three queries)."""
    User = get_user_model()
    leaders = list(
        User.objects.filter(org_role="unit_leader", business_unit=unit, is_active=True).order_by(
            "display_name", "id"
        )
    )
    spaces = list(Space.objects.visible_to(actor).filter(business_unit=unit).order_by("name", "id"))
    team: dict[int, list] = {s.pk: [] for s in spaces}
    for m in (
        Membership.objects.filter(space_id__in=list(team), role__in=[Role.LEADER, Role.FACILITATOR])
        .select_related("user")
        .order_by("role", "user__display_name")
    ):
        team[m.space_id].append(m)
    return {
        "leaders": leaders,
        "spaces": [
            {"space": s, "team": team[s.pk], "can_manage": policy.can_manage_members(actor, s)}
            for s in spaces
        ],
    }
