"""THE visibility policy of Hearth.

Every page, API endpoint, search, feed, notification, export and analytics
drill-down asks this module — and nothing else — what an actor may see and do.

Spaces
  open        listed for everyone; content readable by every employee; anyone may join.
  restricted  listed with name and description; content for members only; joining
              by request that leaders (or facilitators) approve or deny.
  private     unlisted and invisible to non-members; joining by invitation only.

A person with a pending invitation to a private space may see its name and
description (so they can accept).

Organisation roles administer spaces without reading them:
  platform admin        (the IT solution manager) every space; accounts, org roles.
  director              every space: settings, members, access requests, metrics.
  unit leader           (business collaboration leader) the same, for the spaces of
                        their own business unit only.
Administering means seeing the space listed, changing its settings and managing
its members; the content of a restricted or private space (conversations,
replies, anything posted) stays for its members — an administrator reads it
only as a member. ``Actor.audit_role`` names the role an action is taken under,
for the audit log (``as_role``).

Lifecycle states narrow who may see a space, whatever its visibility:

  draft       leaders only (platform admins see it listed, to administer it);
  pilot       leaders, facilitators and champions (and platform admins, listed);
  live        as its visibility says;
  archived    as its visibility says, but read-only for everyone: no post, reply,
              like, edit, removal, accepted answer, join or membership change.

``can_<verb>`` answers a question; ``require_<verb>`` raises ``NotFound`` when the
actor may not even know the thing exists, or ``Forbidden`` when they may.
"""

from __future__ import annotations

from typing import NoReturn

from django.db.models import Q

from hearth.access.actor import Actor
from hearth.core.errors import Forbidden, NotFound
from hearth.spaces.models import ROLE_RANK, LifecycleState, Role, Visibility

OPEN_STATES = (LifecycleState.LIVE, LifecycleState.ARCHIVED)
ARCHIVED_MESSAGE = "This space is archived: its content is read-only."


def _state_q(actor: Actor, prefix: str) -> Q:
    """Spaces whose lifecycle state lets the actor in (roles from the cached map)."""
    pilot_ids = sorted(s for s, r in actor.roles.items() if r != Role.MEMBER)
    leader_ids = sorted(s for s, r in actor.roles.items() if r == Role.LEADER)
    return (
        Q(**{f"{prefix}state__in": OPEN_STATES})
        | Q(**{f"{prefix}state": LifecycleState.PILOT, f"{prefix}pk__in": pilot_ids})
        | Q(**{f"{prefix}state": LifecycleState.DRAFT, f"{prefix}pk__in": leader_ids})
    )


def state_admits(actor: Actor, space) -> bool:
    """Does the space's lifecycle state let this actor (as a member) in?"""
    if space.state in OPEN_STATES:
        return True
    if space.state == LifecycleState.PILOT:
        return actor.has_role(space, Role.CHAMPION)
    return actor.has_role(space, Role.LEADER)


def is_archived(space) -> bool:
    return space.state == LifecycleState.ARCHIVED


# -- Organisation roles -------------------------------------------------------------

ORG_PLATFORM_ADMIN = "platform_admin"
ORG_DIRECTOR = "director"
ORG_UNIT_LEADER = "unit_leader"


def org_scope_role(actor: Actor, space) -> str | None:
    """The organisation role under which the actor administers ``space``, if any:
    "platform_admin", "director", "unit_leader" (only for a space of their own
    business unit), or None."""
    return actor.org_role_over(space)


def space_administered_q(actor: Actor, space_field: str = "") -> Q:
    """Spaces the actor administers through an organisation role (every space
    for admins and directors, their unit's for a unit leader, none otherwise)."""
    prefix = f"{space_field}__" if space_field else ""
    if not actor.is_authenticated:
        return Q(**{f"{prefix}pk__in": []})
    if actor.is_platform_admin or actor.is_director:
        # Not Q(): an empty Q vanishes when combined with "|".
        return Q(**{f"{prefix}pk__isnull": False})
    if actor.unit_led_id is not None:
        return Q(**{f"{prefix}business_unit_id": actor.unit_led_id})
    return Q(**{f"{prefix}pk__in": []})


def space_role_q(actor: Actor, minimum: Role, space_field: str = "") -> Q:
    """Spaces where the actor's own role is at least ``minimum`` (no query: the
    roles are cached on the actor)."""
    prefix = f"{space_field}__" if space_field else ""
    ids = sorted(
        sid for sid, role in actor.roles.items() if ROLE_RANK[Role(role)] >= ROLE_RANK[minimum]
    )
    return Q(**{f"{prefix}pk__in": ids})


def space_deciding_q(actor: Actor, space_field: str = "") -> Q:
    """Spaces whose access requests the actor may decide: their own as leader or
    facilitator, plus those in their organisation role's scope."""
    return space_role_q(actor, Role.FACILITATOR, space_field) | space_administered_q(
        actor, space_field
    )


def is_org_officer(actor: Actor) -> bool:
    """Holds an organisation role that administers spaces."""
    return actor.is_authenticated and (
        actor.is_platform_admin or actor.is_director or actor.unit_led_id is not None
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


def can_see_space(actor: Actor, space) -> bool:
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


def can_read_space(actor: Actor, space) -> bool:
    """May the actor read the space's content (conversations, members, library...)?"""
    if not actor.is_authenticated or not state_admits(actor, space):
        return False
    return space.visibility == Visibility.OPEN or actor.role_in(space) is not None


def can_join_space(actor: Actor, space) -> bool:
    return (
        actor.is_authenticated
        and space.state == LifecycleState.LIVE
        and space.visibility == Visibility.OPEN
        and actor.role_in(space) is None
        and actor.restriction_in(space, kinds=("ban",)) is None
    )


def can_request_access(actor: Actor, space) -> bool:
    return (
        actor.is_authenticated
        and space.state == LifecycleState.LIVE
        and space.visibility == Visibility.RESTRICTED
        and actor.role_in(space) is None
        and actor.restriction_in(space, kinds=("ban",)) is None
    )


def can_leave_space(actor: Actor, space) -> bool:
    return actor.role_in(space) is not None


def can_manage_members(actor: Actor, space) -> bool:
    """Add, remove, change roles, invite with a role: each changes who holds a role,
    so this is ``can_change_roles_in_space`` (leaders by membership, never by a
    swap, and the organisation roles in scope; not in an archived space)."""
    return can_change_roles_in_space(actor, space)


def can_decide_access_requests(actor: Actor, space) -> bool:
    """Approve or deny requests: leaders, facilitators and the organisation roles
    whose scope holds the space (not in an archived space)."""
    if is_archived(space):
        return False
    return actor.has_role(space, Role.FACILITATOR) or org_scope_role(actor, space) is not None


def can_invite(actor: Actor, space) -> bool:
    """Leaders and facilitators invite (and organisation roles in scope); in an
    open space any member may. Nobody invites into an archived space."""
    if is_archived(space):
        return False
    if actor.has_role(space, Role.FACILITATOR) or org_scope_role(actor, space):
        return True
    return space.visibility == Visibility.OPEN and actor.role_in(space) is not None


def can_edit_space(actor: Actor, space) -> bool:
    """Settings: the space's leaders and the organisation roles in scope (not
    while the space is archived)."""
    if is_archived(space):
        return False
    return actor.has_role(space, Role.LEADER) or org_scope_role(actor, space) is not None


def can_administer_space(actor: Actor, space) -> bool:
    """Steer the space's life (transitions, charter, rules decisions, export, desks,
    audit): its leaders and the organisation roles whose scope holds it. Unlike
    settings, this stays possible in an archived space (reopening is decided by
    the transition table)."""
    return actor.has_role(space, Role.LEADER) or org_scope_role(actor, space) is not None


def can_create_space(actor: Actor) -> bool:
    """Every employee may start a community; it begins with them as its leader."""
    return actor.is_authenticated


def can_see_members(actor: Actor, space) -> bool:
    return can_read_space(actor, space) or can_manage_members(actor, space)


# -- Who holds a role ----------------------------------------------------------------
#
# A role swap lends a member a role for a bounded time: what the role lets one see
# and do (moderate, answer access requests, invite members, steer the space), never
# the power to change who holds a role, for that would outlast the swap — a member
# leader for a day who made themself leader would stay one. Every way of changing
# who holds a role (a member's role, adding or inviting someone with a role,
# removing a member, banning a moderator, granting or ending role swaps) asks the
# actor's own role by membership (``Actor.own_roles``), here.

SWAPPED_ROLE_MESSAGE = (
    "A role taken by a role swap does not let you change who holds a "
    "role in this space: ask one of its leaders."
)


def can_change_roles_in_space(actor: Actor, space) -> bool:
    """Change who holds a role in ``space``: its leaders by membership (a swapped
    role never counts) and the organisation roles whose scope holds it (admins,
    directors, the unit's leader); not in an archived space, whose membership is
    kept as it was."""
    if is_archived(space):
        return False
    return actor.has_own_role(space, Role.LEADER) or org_scope_role(actor, space) is not None


def can_grant_role(actor: Actor, space, role: str) -> bool:
    """Give ``role`` to someone coming in (an invitation, an addition): a plain
    member's place is for whoever may invite or add (the caller's own check); any
    role above it only for those who change roles (``can_change_roles_in_space``)."""
    return role == Role.MEMBER or can_change_roles_in_space(actor, space)


def refuse_role_change(
    actor: Actor,
    space,
    *,
    attempt: str,
    message: str,
    user=None,
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
    from hearth.core.changes import record_refusal

    if isinstance(user, int):  # an id: the log names people by username
        from django.contrib.auth import get_user_model

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


def require_change_roles_in_space(
    actor: Actor, space, *, attempt: str, user=None, details: dict | None = None, via: str = "web"
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


# -- Conversations -------------------------------------------------------------------


def can_post_in_space(actor: Actor, space) -> bool:
    """Start conversations, reply, edit one's posts and like: members of the space
    the state lets in, never in an archived space, and not silenced there (or
    platform-wide) nor banned from it."""
    return (
        actor.role_in(space) is not None
        and not is_archived(space)
        and state_admits(actor, space)
        and actor.restriction_in(space) is None
    )


def can_write_in_space(actor: Actor, space) -> bool:
    """Any change to the space's content (like, edit, remove, accept): not archived."""
    return not is_archived(space) and state_admits(actor, space)


def can_see_hidden(actor: Actor, space) -> bool:
    """May the actor see others' items hidden pending review in ``space``? Its
    moderators, and platform admins (who review platform-wide)."""
    return actor.is_platform_admin or can_moderate_space(actor, space)


def hidden_q(actor: Actor, item: str = "", space_field: str = "space") -> Q:
    """Rows not hidden pending review, or hidden but the actor's own, or in a space
    the actor moderates: the same rule as ``can_see_item``, for querysets.

    ``item`` is the path to the conversation or reply ("" for the row itself,
    "conversation" for a reply's conversation); ``space_field`` the path from the
    row to its space. Uses the cached roles: no query.
    """
    if actor.is_platform_admin:
        return Q()
    moderated = [
        pk
        for pk, role in actor.roles.items()
        if ROLE_RANK[Role(role)] >= ROLE_RANK[Role.FACILITATOR]
    ]
    return unhidden_q(actor.user_id, item) | Q(**{f"{space_field}_id__in": moderated})


def hidden_in_space_q(user_id: int | None, sees_hidden: bool) -> Q:
    """``hidden_q`` for rows all in one space, given ``can_see_hidden`` for that space:
    every row for those who may see its hidden items, ``unhidden_q`` for the others."""
    return Q() if sees_hidden else unhidden_q(user_id)


def unhidden_q(user_id: int | None, item: str = "") -> Q:
    """Rows not hidden pending review, or hidden but ``user_id``'s own: what someone
    who may not see a space's hidden items (``can_see_hidden``) sees of its rows."""
    prefix = f"{item}__" if item else ""
    visible = Q(**{f"{prefix}hidden_at__isnull": True})
    if user_id is not None:
        visible |= Q(**{f"{prefix}author_id": user_id})
    return visible


def can_see_item(actor: Actor, item, space) -> bool:
    """A conversation or reply hidden pending review reaches only its author and
    the space's moderators; anything else, whoever may read the space."""
    if getattr(item, "hidden_at", None) is None:
        return True
    own = item.author_id is not None and item.author_id == actor.user_id
    return own or can_see_hidden(actor, space)


def can_read_conversation(actor: Actor, conversation) -> bool:
    return can_read_space(actor, conversation.space) and can_see_item(
        actor, conversation, conversation.space
    )


def can_moderate_space(actor: Actor, space) -> bool:
    """Edit or remove others' posts, accept answers for others: facilitators and leaders."""
    return actor.has_role(space, Role.FACILITATOR)


def can_edit_post(actor: Actor, post, space) -> bool:
    if post.removed_at is not None or not can_write_in_space(actor, space):
        return False
    own = post.author_id is not None and post.author_id == actor.user_id
    return (own and can_post_in_space(actor, space)) or can_moderate_space(actor, space)


def can_remove_post(actor: Actor, post, space) -> bool:
    return can_edit_post(actor, post, space)


def can_accept_answer(actor: Actor, conversation) -> bool:
    if conversation.kind != "question" or conversation.removed_at is not None:
        return False
    if not can_write_in_space(actor, conversation.space):
        return False
    asker = conversation.author_id is not None and conversation.author_id == actor.user_id
    return asker or can_moderate_space(actor, conversation.space)


def can_curate_tags(actor: Actor, space) -> bool:
    """Choose the tags a space suggests: its leaders and facilitators."""
    return actor.has_role(space, Role.FACILITATOR)


def require_read_conversation(actor: Actor, conversation) -> None:
    require_read_space(actor, conversation.space)
    if not can_see_item(actor, conversation, conversation.space):
        raise NotFound("No such conversation.")


def require_write_in_space(actor: Actor, space) -> None:
    """Refuse any change inside an archived space, with the reason."""
    if is_archived(space):
        raise Forbidden(ARCHIVED_MESSAGE)


def require_post_in_space(actor: Actor, space) -> None:
    """Members post; a silence or ban says why not, with its reason and end."""
    require_read_space(actor, space)
    require_write_in_space(actor, space)
    sanction = actor.restriction_in(space)
    if sanction is not None:
        raise Forbidden(restriction_message(sanction))
    if not can_post_in_space(actor, space):
        raise Forbidden("Join this space to take part in its conversations.")


def restriction_message(sanction) -> str:
    """What a silenced or banned person is told when they try to post."""
    where = "in this space" if sanction.space_id else "anywhere in Hearth"
    what = "banned from this space" if sanction.kind == "ban" else "silenced"
    until = f" until {sanction.ends_at:%d %b %Y, %H:%M} UTC" if sanction.ends_at else ""
    return f"You are {what}{until}: you can read but cannot post {where}. Reason: {sanction.reason}"


# -- People --------------------------------------------------------------------------


def can_create_person(actor: Actor) -> bool:
    return actor.is_platform_admin


def can_edit_profile(actor: Actor, person) -> bool:
    return actor.is_authenticated and (actor.user_id == person.pk or actor.is_platform_admin)


# -- Raising twins -------------------------------------------------------------------


def require_see_space(actor: Actor, space) -> None:
    if not can_see_space(actor, space):
        raise NotFound()


def require_read_space(actor: Actor, space) -> None:
    """404 for a private space the actor is not in; 403 with a way in otherwise."""
    require_see_space(actor, space)
    if not can_read_space(actor, space):
        raise Forbidden(
            "This space's content is for its members. Ask to join to see it.",
            request_access_space=space if can_request_access(actor, space) else None,
        )


def _require(allowed: bool, actor: Actor, space, message: str) -> None:
    require_see_space(actor, space)
    if not allowed:
        raise Forbidden(message)


def require_administer_space(actor: Actor, space) -> None:
    _require(
        can_administer_space(actor, space), actor, space, "Only the space's leaders can do this."
    )


def require_manage_members(actor: Actor, space) -> None:
    """The raising twin of ``can_manage_members``, recording nothing; the services
    that change who holds a role ask ``require_change_roles_in_space``, which
    records a swapped role's attempt."""
    require_see_space(actor, space)
    require_write_in_space(actor, space)
    _require(
        can_manage_members(actor, space),
        actor,
        space,
        "Only the space's leaders can manage its members.",
    )


def require_decide_access_requests(actor: Actor, space) -> None:
    require_see_space(actor, space)
    require_write_in_space(actor, space)
    _require(
        can_decide_access_requests(actor, space),
        actor,
        space,
        "Only the space's leaders and facilitators can answer access requests.",
    )


def require_invite(actor: Actor, space) -> None:
    require_see_space(actor, space)
    require_write_in_space(actor, space)
    _require(can_invite(actor, space), actor, space, "You cannot invite people to this space.")


def require_edit_space(actor: Actor, space) -> None:
    require_see_space(actor, space)
    require_write_in_space(actor, space)
    _require(
        can_edit_space(actor, space),
        actor,
        space,
        "Only the space's leaders can change its settings.",
    )


def require_moderate_space(actor: Actor, space) -> None:
    """Facilitators and leaders who may also read the space (moderation desks)."""
    require_read_space(actor, space)
    if not can_moderate_space(actor, space):
        raise Forbidden("Only the space's facilitators and leaders can do this.")


# -- Organisation ----------------------------------------------------------------------


def can_change_org_roles(actor: Actor) -> bool:
    """Name platform admins, directors and unit leaders: platform admins only."""
    return actor.is_platform_admin


def require_change_org_roles(actor: Actor) -> None:
    if not can_change_org_roles(actor):
        raise Forbidden("Only platform admins can change organisation roles.")


def can_see_org_roles(actor: Actor) -> bool:
    """The platform permission page: the organisation roles themselves."""
    return is_org_officer(actor)


def can_see_unit(actor: Actor, unit) -> bool:
    """A business unit's permission page: admins, directors, its own leaders."""
    return actor.is_authenticated and (
        actor.is_platform_admin or actor.is_director or actor.unit_led_id == unit.pk
    )


def require_see_unit(actor: Actor, unit) -> None:
    if not can_see_unit(actor, unit):
        raise Forbidden(
            "Only platform admins, directors and the unit's collaboration "
            "leaders can see this unit's permissions."
        )


# -- Audit log -------------------------------------------------------------------------


def audit_scope_q(actor: Actor) -> Q | None:
    """Audit entries the actor may read: admins and directors all (None = no
    filter), a unit leader those of their unit's spaces, a space leader those of
    the spaces they lead. Anyone else: nothing."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_platform_admin or actor.is_director:
        return None
    q = space_role_q(actor, Role.LEADER, "space")
    if actor.unit_led_id is not None:
        q |= Q(space__business_unit_id=actor.unit_led_id)
    return q


def can_see_audit(actor: Actor) -> bool:
    """Has an audit log page at all: organisation roles and space leaders."""
    return is_org_officer(actor) or any(role == Role.LEADER for role in actor.roles.values())


def require_curate_tags(actor: Actor, space) -> None:
    _require(
        can_curate_tags(actor, space),
        actor,
        space,
        "Only the space's leaders and facilitators choose its suggested tags.",
    )


def require_create_person(actor: Actor) -> None:
    if not can_create_person(actor):
        raise Forbidden("Only platform admins can create accounts.")


def require_edit_profile(actor: Actor, person) -> None:
    if not can_edit_profile(actor, person):
        raise Forbidden("You can only edit your own profile.")


# -- Who may see --------------------------------------------------------------------


def actors_who_can_read_space(space):
    """People who may read the space's content: the audience for notifications
    and digests about it. For an open space, every active employee."""
    from django.contrib.auth import get_user_model

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


# -- Desks: the people who tend a space's questions -------------------------------------


def can_tend_questions(actor: Actor, space) -> bool:
    """Nudge, move, close unanswered questions: the space's facilitators and
    leaders, and the organisation roles in scope — always only for a space whose
    content the actor may read (a director reads a private space as a member)."""
    if not can_read_space(actor, space):
        return False
    return actor.has_role(space, Role.FACILITATOR) or org_scope_role(actor, space) is not None


def require_tend_questions(actor: Actor, space) -> None:
    require_read_space(actor, space)
    if not can_tend_questions(actor, space):
        raise Forbidden("Only the space's facilitators and leaders can do this.")


def questions_tended_q(actor: Actor, space_field: str = "space") -> Q:
    """The same rule as ``can_tend_questions``, for querysets of content."""
    return space_content_q(actor, space_field) & (
        space_role_q(actor, Role.FACILITATOR, space_field)
        | space_administered_q(actor, space_field)
    )


def has_desks(actor: Actor) -> bool:
    """Whether the actor has the leaders' desks (nav): an organisation role or a
    leader/facilitator role somewhere (the roles are already cached)."""
    if not actor.is_authenticated:
        return False
    return is_org_officer(actor) or any(
        ROLE_RANK[Role(role)] >= ROLE_RANK[Role.FACILITATOR] for role in actor.roles.values()
    )


# The checks that grant a power over other people's spaces, members or posts. A
# service that calls one (directly or through a private helper) is privileged:
# it must be declared with ``@change`` (``hearth.core.changes``) and record its
# change; tests/audit/test_privileged_services.py holds every service to it.
PRIVILEGED_CHECKS = (
    "require_manage_members",
    "can_manage_members",
    "can_change_roles_in_space",
    "require_change_roles_in_space",
    "can_grant_role",
    "refuse_role_change",
    "require_decide_access_requests",
    "can_decide_access_requests",
    "require_invite",
    "require_edit_space",
    "can_edit_space",
    "require_create_person",
    "can_moderate_space",
    "can_edit_post",
    "can_remove_post",
    "can_accept_answer",
    "require_moderate_space",
    "require_tend_questions",
    "can_tend_questions",
    "require_change_org_roles",
    "can_change_org_roles",
    "can_administer_space",
    "require_administer_space",
    # One's own profile, or anyone's for a platform admin (audited when not one's own).
    "require_edit_profile",
)
