"""Content: posting, reading conversations and replies, moderating, tending questions.

Posting needs membership of a space the lifecycle state lets one into, not
archived, and no silence or ban in force; an item hidden pending review reaches
only its author and the space's moderators.
"""

from __future__ import annotations

from django.db.models import Model, Q

from hearth.access.actor import Actor
from hearth.access.policy.organisation import (
    is_org_officer,
    org_scope_role,
    space_administered_q,
)
from hearth.access.policy.rules import on_space, privileged, rule
from hearth.access.policy.shapes import Space
from hearth.access.policy.spaces import (
    can_read_space,
    is_archived,
    require_read_space,
    require_see_space,
    require_write_in_space,
    space_content_q,
    space_role_q,
    state_admits,
)
from hearth.access.roles import Role
from hearth.core.errors import Forbidden, NotFound


def can_post_in_space(actor: Actor, space: Space) -> bool:
    """Start conversations, reply, edit one's posts and like: members of the space
    the state lets in, never in an archived space, and not silenced there (or
    platform-wide) nor banned from it."""
    return (
        actor.role_in(space) is not None
        and not is_archived(space)
        and state_admits(actor, space)
        and actor.restriction_in(space) is None
    )


def can_write_in_space(actor: Actor, space: Space) -> bool:
    """Any change to the space's content (like, edit, remove, accept): not archived."""
    return not is_archived(space) and state_admits(actor, space)


@rule(
    first=(require_read_space,),
    message="Only the space's facilitators and leaders can do this.",
    privileged=True,
)
def can_moderate_space(actor: Actor, space: Space) -> bool:
    """Edit or remove others' posts, accept answers for others: facilitators and leaders."""
    return actor.has_role(space, Role.FACILITATOR)


# Facilitators and leaders who may also read the space (moderation desks).
require_moderate_space = can_moderate_space.require


def can_see_hidden(actor: Actor, space: Space) -> bool:
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
    moderated = actor.space_ids(min_role=Role.FACILITATOR)
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


def can_see_item(actor: Actor, item: Model, space: Space) -> bool:
    """A conversation or reply hidden pending review reaches only its author and
    the space's moderators; anything else, whoever may read the space."""
    if getattr(item, "hidden_at", None) is None:
        return True
    own = item.author_id is not None and item.author_id == actor.user_id
    return own or can_see_hidden(actor, space)


@rule(first=(on_space(require_read_space),), refusal=NotFound, message="No such conversation.")
def can_read_conversation(actor: Actor, conversation: Model) -> bool:
    return can_read_space(actor, conversation.space) and can_see_item(
        actor, conversation, conversation.space
    )


require_read_conversation = can_read_conversation.require


@privileged
def can_edit_post(actor: Actor, post: Model, space: Space) -> bool:
    if post.removed_at is not None or not can_write_in_space(actor, space):
        return False
    own = post.author_id is not None and post.author_id == actor.user_id
    return (own and can_post_in_space(actor, space)) or can_moderate_space(actor, space)


@privileged
def can_remove_post(actor: Actor, post: Model, space: Space) -> bool:
    return can_edit_post(actor, post, space)


@privileged
def can_accept_answer(actor: Actor, conversation: Model) -> bool:
    if conversation.kind != "question" or conversation.removed_at is not None:
        return False
    if not can_write_in_space(actor, conversation.space):
        return False
    asker = conversation.author_id is not None and conversation.author_id == actor.user_id
    return asker or can_moderate_space(actor, conversation.space)


@rule(
    first=(require_see_space,),
    message="Only the space's leaders and facilitators choose its suggested tags.",
)
def can_curate_tags(actor: Actor, space: Space) -> bool:
    """Choose the tags a space suggests: its leaders and facilitators."""
    return actor.has_role(space, Role.FACILITATOR)


require_curate_tags = can_curate_tags.require


def require_post_in_space(actor: Actor, space: Space) -> None:
    """Members post; a silence or ban says why not, with its reason and end."""
    require_read_space(actor, space)
    require_write_in_space(actor, space)
    sanction = actor.restriction_in(space)
    if sanction is not None:
        raise Forbidden(restriction_message(sanction))
    if not can_post_in_space(actor, space):
        raise Forbidden("Join this space to take part in its conversations.")


def restriction_message(sanction: Model) -> str:
    """What a silenced or banned person is told when they try to post."""
    where = "in this space" if sanction.space_id else "anywhere in Hearth"
    what = "banned from this space" if sanction.kind == "ban" else "silenced"
    until = f" until {sanction.ends_at:%d %b %Y, %H:%M} UTC" if sanction.ends_at else ""
    return f"You are {what}{until}: you can read but cannot post {where}. Reason: {sanction.reason}"


# -- Desks: the people who tend a space's questions -------------------------------------


@rule(
    first=(require_read_space,),
    message="Only the space's facilitators and leaders can do this.",
    privileged=True,
)
def can_tend_questions(actor: Actor, space: Space) -> bool:
    """Nudge, move, close unanswered questions: the space's facilitators and
    leaders, and the organisation roles in scope — always only for a space whose
    content the actor may read (a director reads a private space as a member)."""
    if not can_read_space(actor, space):
        return False
    return actor.has_role(space, Role.FACILITATOR) or org_scope_role(actor, space) is not None


require_tend_questions = can_tend_questions.require


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
    return is_org_officer(actor) or bool(actor.space_ids(min_role=Role.FACILITATOR))


# The checks that grant a power over other people's spaces, members or posts. A
# service that calls one (directly or through a private helper) is privileged:
# it must be marked ``@audited`` (``hearth.core.audit``) and write an audit
# entry; tests/audit/test_privileged_services.py holds every service to it.
