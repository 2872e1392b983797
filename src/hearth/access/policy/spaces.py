"""Spaces: who may know of one, read it, join it, steer it and change who holds its roles.

  open        listed for everyone; content readable by every employee; anyone may join.
  restricted  listed with name and description; content for members only; joining
              by request that leaders (or facilitators) approve or deny.
  private     unlisted and invisible to non-members; joining by invitation only.

A person with a pending invitation to a private space may see its name and
description (so they can accept).

Lifecycle states narrow who may see a space, whatever its visibility:

  draft       leaders only (platform admins see it listed, to administer it);
  pilot       leaders, facilitators and champions (and platform admins, listed);
  live        as its visibility says;
  archived    as its visibility says, but read-only for everyone: no post, reply,
              like, edit, removal, accepted answer, join or membership change.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet

from hearth.access.actor import Actor
from hearth.access.policy.organisation import org_scope_role, space_administered_q
from hearth.access.policy.rules import privileged, rule
from hearth.access.policy.shapes import Space
from hearth.access.roles import LifecycleState, Role, Visibility
from hearth.core.errors import Forbidden, NotFound

OPEN_STATES = (LifecycleState.LIVE, LifecycleState.ARCHIVED)

ARCHIVED_MESSAGE = "This space is archived: its content is read-only."


def _state_q(actor: Actor, prefix: str) -> Q:
    """Spaces whose lifecycle state lets the actor in (roles from the cached map)."""
    pilot_ids = actor.space_ids(min_role=Role.CHAMPION)
    leader_ids = actor.space_ids(min_role=Role.LEADER)
    return (
        Q(**{f"{prefix}state__in": OPEN_STATES})
        | Q(**{f"{prefix}state": LifecycleState.PILOT, f"{prefix}pk__in": pilot_ids})
        | Q(**{f"{prefix}state": LifecycleState.DRAFT, f"{prefix}pk__in": leader_ids})
    )


def state_admits(actor: Actor, space: Space) -> bool:
    """Does the space's lifecycle state let this actor (as a member) in?"""
    if space.state in OPEN_STATES:
        return True
    if space.state == LifecycleState.PILOT:
        return actor.has_role(space, Role.CHAMPION)
    return actor.has_role(space, Role.LEADER)


def is_archived(space: Space) -> bool:
    return space.state == LifecycleState.ARCHIVED


def require_write_in_space(actor: Actor, space: Space) -> None:
    """Refuse any change inside an archived space, with the reason."""
    if is_archived(space):
        raise Forbidden(ARCHIVED_MESSAGE)


def space_role_q(actor: Actor, minimum: Role, space_field: str = "") -> Q:
    """Spaces where the actor's own role is at least ``minimum`` (no query: the
    roles are cached on the actor)."""
    prefix = f"{space_field}__" if space_field else ""
    return Q(**{f"{prefix}pk__in": actor.space_ids(min_role=minimum)})


def space_deciding_q(actor: Actor, space_field: str = "") -> Q:
    """Spaces whose access requests the actor may decide: their own as leader or
    facilitator, plus those in their organisation role's scope."""
    return space_role_q(actor, Role.FACILITATOR, space_field) | space_administered_q(
        actor, space_field
    )


# -- Query filters: the same rules as the checks below, for querysets ---------------


def space_listing_q(actor: Actor, space_field: str = "") -> Q:
    """Spaces the actor may know exist (directory, search, API lists)."""
    prefix = f"{space_field}__" if space_field else ""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_platform_admin or actor.is_director:
        return Q()
    # The actor's spaces and invitations are already loaded (one small query
    # each), so the filter is a plain id list rather than correlated subqueries.
    known = sorted({*actor.roles, *actor.invited_space_ids})
    listed = ~Q(**{f"{prefix}visibility": Visibility.PRIVATE}) | Q(**{f"{prefix}pk__in": known})
    listed &= _state_q(actor, prefix)
    if actor.unit_led_id is not None:
        # A unit leader administers every space of their unit, whatever its state.
        listed |= Q(**{f"{prefix}business_unit_id": actor.unit_led_id})
    return listed


def space_content_q(actor: Actor, space_field: str = "") -> Q:
    """Rows whose space's content the actor may read.

    ``space_field`` is the lookup path from the filtered model to its space
    ("" for Space itself, "space" for content that has a ``space`` foreign key).
    The membership test uses the actor's cached roles, so it adds no query.
    """
    prefix = f"{space_field}__" if space_field else ""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    member_ids = sorted(actor.roles)
    return (
        Q(**{f"{prefix}visibility": Visibility.OPEN}) | Q(**{f"{prefix}pk__in": member_ids})
    ) & _state_q(actor, prefix)


# -- Spaces --------------------------------------------------------------------------


@rule(refusal=NotFound)
def can_see_space(actor: Actor, space: Space) -> bool:
    """May the actor know that this space exists (name, description)?"""
    if not actor.is_authenticated:
        return False
    if org_scope_role(actor, space):
        return True
    if not state_admits(actor, space):
        return False
    if space.visibility != Visibility.PRIVATE:
        return True
    # The pending invitations are read once per request (``Actor.invited_space_ids``).
    return actor.role_in(space) is not None or space.pk in actor.invited_space_ids


require_see_space = can_see_space.require


def _way_in(actor: Actor, space: Space) -> dict[str, Any]:
    """What a refusal to read offers: asking to join, where one may."""
    return {"request_access_space": space if can_request_access(actor, space) else None}


@rule(
    first=(require_see_space,),
    message="This space's content is for its members. Ask to join to see it.",
    refusal_details=_way_in,
)
def can_read_space(actor: Actor, space: Space) -> bool:
    """May the actor read the space's content (conversations, members, library...)?"""
    if not actor.is_authenticated or not state_admits(actor, space):
        return False
    return space.visibility == Visibility.OPEN or actor.role_in(space) is not None


# 404 for a private space the actor is not in; 403 with a way in otherwise.
require_read_space = can_read_space.require


def can_join_space(actor: Actor, space: Space) -> bool:
    return (
        actor.is_authenticated
        and space.state == LifecycleState.LIVE
        and space.visibility == Visibility.OPEN
        and actor.role_in(space) is None
        and actor.restriction_in(space, kinds=("ban",)) is None
    )


def can_request_access(actor: Actor, space: Space) -> bool:
    return (
        actor.is_authenticated
        and space.state == LifecycleState.LIVE
        and space.visibility == Visibility.RESTRICTED
        and actor.role_in(space) is None
        and actor.restriction_in(space, kinds=("ban",)) is None
    )


def can_leave_space(actor: Actor, space: Space) -> bool:
    return actor.role_in(space) is not None


@rule(
    first=(require_see_space, require_write_in_space),
    message="Only the space's leaders can manage its members.",
    privileged=True,
)
def can_manage_members(actor: Actor, space: Space) -> bool:
    """Add, remove, change roles, invite with a role: each changes who holds a role,
    so this is ``can_change_roles_in_space`` (leaders by membership, never by a
    swap, and the organisation roles in scope; not in an archived space)."""
    return can_change_roles_in_space(actor, space)


# Records nothing: the services that change who holds a role ask
# ``require_change_roles_in_space``, which records a swapped role's attempt.
require_manage_members = can_manage_members.require


@rule(
    first=(require_see_space, require_write_in_space),
    message="Only the space's leaders and facilitators can answer access requests.",
    privileged=True,
)
def can_decide_access_requests(actor: Actor, space: Space) -> bool:
    """Approve or deny requests: leaders, facilitators and the organisation roles
    whose scope holds the space (not in an archived space)."""
    if is_archived(space):
        return False
    return actor.has_role(space, Role.FACILITATOR) or org_scope_role(actor, space) is not None


require_decide_access_requests = can_decide_access_requests.require


@rule(
    first=(require_see_space, require_write_in_space),
    message="You cannot invite people to this space.",
    privileged="twin",
)
def can_invite(actor: Actor, space: Space) -> bool:
    """Leaders and facilitators invite (and organisation roles in scope); in an
    open space any member may. Nobody invites into an archived space."""
    if is_archived(space):
        return False
    if actor.has_role(space, Role.FACILITATOR) or org_scope_role(actor, space):
        return True
    return space.visibility == Visibility.OPEN and actor.role_in(space) is not None


require_invite = can_invite.require


@rule(
    first=(require_see_space, require_write_in_space),
    message="Only the space's leaders can change its settings.",
    privileged=True,
)
def can_edit_space(actor: Actor, space: Space) -> bool:
    """Settings: the space's leaders and the organisation roles in scope (not
    while the space is archived)."""
    if is_archived(space):
        return False
    return actor.has_role(space, Role.LEADER) or org_scope_role(actor, space) is not None


require_edit_space = can_edit_space.require


@rule(first=(require_see_space,), message="Only the space's leaders can do this.", privileged=True)
def can_administer_space(actor: Actor, space: Space) -> bool:
    """Steer the space's life (transitions, charter, rules decisions, export, desks,
    audit): its leaders and the organisation roles whose scope holds it. Unlike
    settings, this stays possible in an archived space (reopening is decided by
    the transition table)."""
    return actor.has_role(space, Role.LEADER) or org_scope_role(actor, space) is not None


require_administer_space = can_administer_space.require


def can_create_space(actor: Actor) -> bool:
    """Every employee may start a community; it begins with them as its leader."""
    return actor.is_authenticated


def can_see_members(actor: Actor, space: Space) -> bool:
    return can_read_space(actor, space) or can_manage_members(actor, space)


SWAPPED_ROLE_MESSAGE = (
    "A role taken by a role swap does not let you change who holds a "
    "role in this space: ask one of its leaders."
)


@privileged
def can_change_roles_in_space(actor: Actor, space: Space) -> bool:
    """Change who holds a role in ``space``: its leaders by membership (a swapped
    role never counts) and the organisation roles whose scope holds it (admins,
    directors, the unit's leader); not in an archived space, whose membership is
    kept as it was."""
    if is_archived(space):
        return False
    return actor.has_own_role(space, Role.LEADER) or org_scope_role(actor, space) is not None


@privileged
def can_grant_role(actor: Actor, space: Space, role: str) -> bool:
    """Give ``role`` to someone coming in (an invitation, an addition): a plain
    member's place is for whoever may invite or add (the caller's own check); any
    role above it only for those who change roles (``can_change_roles_in_space``)."""
    return role == Role.MEMBER or can_change_roles_in_space(actor, space)


@privileged
def refuse_role_change(
    actor: Actor,
    space: Space,
    *,
    attempt: str,
    message: str,
    user: Model | str | int | None = None,
    details: dict | None = None,
    via: str = "web",
) -> NoReturn:
    """Refuse a change of who holds a role in ``space`` (``Forbidden``).

    When the actor holds a swapped role there, the attempt is recorded first
    (``<attempt>.refused``, as "swap:<role>", with whom it was for — ``user``, a
    person, a username or an id — and ``details`` such as the role asked): someone
    tried to make a lent role outlast its swap, and the space's leaders should know.
    Call it before the change's transaction opens (the refusal rolls that back).
    """
    swapped = actor.swapped_roles.get(space.pk)
    if not swapped:
        raise Forbidden(message)
    # deferred: the policy loads while the spaces models do (their querysets ask
    # it), and the change mechanism imports the audit log's models.
    from hearth.core.changes import record_refusal

    if isinstance(user, int):  # an id: the log names people by username
        user = (
            get_user_model().objects.filter(pk=user).values_list("username", flat=True).first()
            or f"#{user}"
        )
    asked = {"user": getattr(user, "username", user)} if user is not None else {}
    asked.update(details or {})
    # What was asked may come unchecked from a request: kept short.
    asked = {k: v[:150] if isinstance(v, str) else v for k, v in asked.items()}
    record_refusal(
        actor,
        action=attempt,
        target=space,
        space=space,
        after={**asked, "swapped_role": swapped},
        via=via,
    )
    raise Forbidden(SWAPPED_ROLE_MESSAGE)


@privileged
def require_change_roles_in_space(
    actor: Actor,
    space: Space,
    *,
    attempt: str,
    user: Model | str | int | None = None,
    details: dict | None = None,
    via: str = "web",
) -> None:
    """404 for a space the actor may not know, 403 in an archived one or for anyone
    who may not change roles there (``refuse_role_change``: recorded for a swapped
    role). ``attempt`` is the audit action the change would have written."""
    require_see_space(actor, space)
    require_write_in_space(actor, space)
    if not can_change_roles_in_space(actor, space):
        refuse_role_change(
            actor,
            space,
            attempt=attempt,
            user=user,
            details=details,
            via=via,
            message="Only the space's leaders can manage its members.",
        )


# -- Who may see --------------------------------------------------------------------


def actors_who_can_read_space(space: Space) -> QuerySet:
    """People who may read the space's content: the audience for notifications
    and digests about it. For an open space, every active employee."""
    people = get_user_model().objects.filter(is_active=True)
    if space.state == LifecycleState.DRAFT:
        return people.filter(memberships__space=space, memberships__role=Role.LEADER)
    if space.state == LifecycleState.PILOT:
        return people.filter(
            memberships__space=space,
            memberships__role__in=[Role.LEADER, Role.FACILITATOR, Role.CHAMPION],
        )
    if space.visibility == Visibility.OPEN:
        return people
    return people.filter(memberships__space=space)
