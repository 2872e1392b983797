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
from hearth.spaces.models import ROLE_RANK, Invitation, Role, Visibility

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
        and actor.restriction_in(space, kinds=("ban",)) is None
    )


def can_request_access(actor: Actor, space) -> bool:
    return (
        actor.is_authenticated
        and space.visibility == Visibility.RESTRICTED
        and actor.role_in(space) is None
        and actor.restriction_in(space, kinds=("ban",)) is None
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
    """Start conversations, reply, edit one's posts and like: members of the space
    who are not silenced there (or platform-wide) nor banned from it."""
    return actor.role_in(space) is not None and actor.restriction_in(space) is None


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
    prefix = f"{item}__" if item else ""
    moderated = [pk for pk, role in actor.roles.items()
                 if ROLE_RANK[Role(role)] >= ROLE_RANK[Role.FACILITATOR]]
    visible = (Q(**{f"{prefix}hidden_at__isnull": True})
               | Q(**{f"{space_field}_id__in": moderated}))
    if actor.user_id is not None:
        visible |= Q(**{f"{prefix}author_id": actor.user_id})
    return visible


def can_see_item(actor: Actor, item, space) -> bool:
    """A conversation or reply hidden pending review reaches only its author and
    the space's moderators; anything else, whoever may read the space."""
    if getattr(item, "hidden_at", None) is None:
        return True
    own = item.author_id is not None and item.author_id == actor.user_id
    return own or can_see_hidden(actor, space)


def can_read_conversation(actor: Actor, conversation) -> bool:
    return (can_read_space(actor, conversation.space)
            and can_see_item(actor, conversation, conversation.space))


def can_moderate_space(actor: Actor, space) -> bool:
    """Edit or remove others' posts, accept answers for others: facilitators and leaders."""
    return actor.has_role(space, Role.FACILITATOR)


def can_edit_post(actor: Actor, post, space) -> bool:
    if post.removed_at is not None:
        return False
    own = post.author_id is not None and post.author_id == actor.user_id
    return (own and can_post_in_space(actor, space)) or can_moderate_space(actor, space)


def can_remove_post(actor: Actor, post, space) -> bool:
    return can_edit_post(actor, post, space)


def can_accept_answer(actor: Actor, conversation) -> bool:
    if conversation.kind != "question" or conversation.removed_at is not None:
        return False
    asker = conversation.author_id is not None and conversation.author_id == actor.user_id
    return asker or can_moderate_space(actor, conversation.space)


def require_read_conversation(actor: Actor, conversation) -> None:
    require_read_space(actor, conversation.space)
    if not can_see_item(actor, conversation, conversation.space):
        raise NotFound("No such conversation.")


def require_post_in_space(actor: Actor, space) -> None:
    """Members post; a silence or ban says why not, with its reason and end."""
    require_read_space(actor, space)
    sanction = actor.restriction_in(space)
    if sanction is not None:
        raise Forbidden(restriction_message(sanction))
    if not can_post_in_space(actor, space):
        raise Forbidden("Join this space to take part in its conversations.")


def restriction_message(sanction) -> str:
    """What a silenced or banned person is told when they try to post."""
    where = "in this space" if sanction.space_id else "anywhere in Hearth"
    what = "banned from this space" if sanction.kind == "ban" else "silenced"
    until = (f" until {sanction.ends_at:%d %b %Y, %H:%M} UTC" if sanction.ends_at
             else "")
    return (f"You are {what}{until}: you can read but cannot post {where}. "
            f"Reason: {sanction.reason}")


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
