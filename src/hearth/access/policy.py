"""THE visibility policy of Hearth.

Every page, API endpoint, search, feed, notification, export and analytics
drill-down asks this module — and nothing else — what an actor may see and do.

Spaces
  open        listed for everyone; content readable by every employee; anyone may join.
  restricted  listed with name and description; content for members only; joining
              by request that leaders (or facilitators) approve or deny.
  private     unlisted and invisible to non-members; joining by invitation only.

A person with a pending invitation to a private space may see its name and
description (so they can accept). Platform admins administer every space: they
see every space listed and may manage its membership, but they read the content
of a restricted or private space only as its members — privacy comes first.

``can_<verb>`` answers a question; ``require_<verb>`` raises ``NotFound`` when the
actor may not even know the thing exists, or ``Forbidden`` when they may.
"""

from __future__ import annotations

from django.db.models import Q

from hearth.access.actor import Actor
from hearth.core.errors import Forbidden, NotFound
from hearth.spaces.models import Invitation, Role, Visibility

# -- Query filters: the same rules as the checks below, for querysets ---------------


def space_listing_q(actor: Actor) -> Q:
    """Spaces the actor may know exist (directory, search, API lists)."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_platform_admin:
        return Q()
    # The actor's spaces and invitations are already loaded (one small query
    # each), so the filter is a plain id list rather than correlated subqueries.
    known = sorted({*actor.roles, *actor.invited_space_ids})
    return ~Q(visibility=Visibility.PRIVATE) | Q(pk__in=known)


def space_content_q(actor: Actor, space_field: str = "") -> Q:
    """Rows whose space's content the actor may read.

    ``space_field`` is the lookup path from the filtered model to its space
    ("" for Space itself, "space" for content that has a ``space`` foreign key).
    The membership test uses the actor's cached roles, so it adds no query.
    """
    prefix = f"{space_field}__" if space_field else ""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    member_ids = list(actor.roles)
    return Q(**{f"{prefix}visibility": Visibility.OPEN}) | Q(**{f"{prefix}pk__in": member_ids})


# -- Spaces --------------------------------------------------------------------------


def _has_pending_invitation(actor: Actor, space) -> bool:
    return Invitation.objects.filter(
        space=space, user_id=actor.user_id, status=Invitation.Status.PENDING
    ).exists()


def can_see_space(actor: Actor, space) -> bool:
    """May the actor know that this space exists (name, description)?"""
    if not actor.is_authenticated:
        return False
    if space.visibility != Visibility.PRIVATE or actor.is_platform_admin:
        return True
    return actor.role_in(space) is not None or _has_pending_invitation(actor, space)


def can_read_space(actor: Actor, space) -> bool:
    """May the actor read the space's content (conversations, members, library...)?"""
    if not actor.is_authenticated:
        return False
    return space.visibility == Visibility.OPEN or actor.role_in(space) is not None


def can_join_space(actor: Actor, space) -> bool:
    return (
        actor.is_authenticated
        and space.visibility == Visibility.OPEN
        and actor.role_in(space) is None
    )


def can_request_access(actor: Actor, space) -> bool:
    return (
        actor.is_authenticated
        and space.visibility == Visibility.RESTRICTED
        and actor.role_in(space) is None
    )


def can_leave_space(actor: Actor, space) -> bool:
    return actor.role_in(space) is not None


def can_manage_members(actor: Actor, space) -> bool:
    """Invite, remove, change roles: leaders of the space and platform admins."""
    return actor.is_platform_admin or actor.has_role(space, Role.LEADER)


def can_decide_access_requests(actor: Actor, space) -> bool:
    """Approve or deny requests: leaders, facilitators and platform admins."""
    return actor.is_platform_admin or actor.has_role(space, Role.FACILITATOR)


def can_invite(actor: Actor, space) -> bool:
    """Leaders and facilitators invite; in an open space any member may."""
    if actor.is_platform_admin or actor.has_role(space, Role.FACILITATOR):
        return True
    return space.visibility == Visibility.OPEN and actor.role_in(space) is not None


def can_edit_space(actor: Actor, space) -> bool:
    return actor.is_platform_admin or actor.has_role(space, Role.LEADER)


def can_create_space(actor: Actor) -> bool:
    """Every employee may start a community; it begins with them as its leader."""
    return actor.is_authenticated


def can_see_members(actor: Actor, space) -> bool:
    return can_read_space(actor, space) or can_manage_members(actor, space)


# -- Conversations -------------------------------------------------------------------


def can_post_in_space(actor: Actor, space) -> bool:
    """Start conversations and reply: members of the space."""
    return actor.role_in(space) is not None


def can_read_conversation(actor: Actor, conversation) -> bool:
    return can_read_space(actor, conversation.space)


def can_moderate_space(actor: Actor, space) -> bool:
    """Edit or remove others' posts, accept answers for others: facilitators and leaders."""
    return actor.has_role(space, Role.FACILITATOR)


def can_edit_post(actor: Actor, post, space) -> bool:
    if post.removed_at is not None:
        return False
    own = post.author_id is not None and post.author_id == actor.user_id
    return (own and actor.role_in(space) is not None) or can_moderate_space(actor, space)


def can_remove_post(actor: Actor, post, space) -> bool:
    return can_edit_post(actor, post, space)


def can_accept_answer(actor: Actor, conversation) -> bool:
    if conversation.kind != "question" or conversation.removed_at is not None:
        return False
    asker = conversation.author_id is not None and conversation.author_id == actor.user_id
    return asker or can_moderate_space(actor, conversation.space)


def can_curate_tags(actor: Actor, space) -> bool:
    """Choose the tags a space suggests: its leaders and facilitators."""
    return actor.has_role(space, Role.FACILITATOR)


def require_read_conversation(actor: Actor, conversation) -> None:
    require_read_space(actor, conversation.space)


def require_post_in_space(actor: Actor, space) -> None:
    require_read_space(actor, space)
    if not can_post_in_space(actor, space):
        raise Forbidden("Join this space to take part in its conversations.")


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


def require_manage_members(actor: Actor, space) -> None:
    _require(can_manage_members(actor, space), actor, space,
             "Only the space's leaders can manage its members.")


def require_decide_access_requests(actor: Actor, space) -> None:
    _require(can_decide_access_requests(actor, space), actor, space,
             "Only the space's leaders and facilitators can answer access requests.")


def require_invite(actor: Actor, space) -> None:
    _require(can_invite(actor, space), actor, space,
             "You cannot invite people to this space.")


def require_edit_space(actor: Actor, space) -> None:
    _require(can_edit_space(actor, space), actor, space,
             "Only the space's leaders can change its settings.")


def require_curate_tags(actor: Actor, space) -> None:
    _require(can_curate_tags(actor, space), actor, space,
             "Only the space's leaders and facilitators choose its suggested tags.")


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
    if space.visibility == Visibility.OPEN:
        return people
    return people.filter(memberships__space=space)
