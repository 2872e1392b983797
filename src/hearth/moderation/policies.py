"""Who may review reports, decide, sanction and read a person's moderation record.

Built on ``hearth.access.policy``: a space's reports are reviewed by its
facilitators and leaders, and by platform admins where they may read the space
(admins read a members-only space's content only as its members). Profiles,
which belong to no space, are reviewed by platform admins. What may not be known
to exist is 404; what may be known but not done is 403.
"""

from __future__ import annotations

from django.db.models import Model, Q

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.access.policy.rules import privileged, rule
from hearth.access.policy.shapes import Space
from hearth.access.roles import Role
from hearth.core.errors import Forbidden, NotFound


# The moderators' and admins' powers (not reporting, which any member may do) are
# privileged: a service asking one must be marked ``@audited`` (see
# tests/audit/test_privileged_services.py).
@rule(
    first=(policy.require_see_space,),
    message="Only this space's facilitators and leaders review its reports.",
    privileged=True,
)
def can_review_space(actor: Actor, space: Space) -> bool:
    """Review the space's reports, decide, sanction in it, edit its guidelines."""
    if policy.can_moderate_space(actor, space):
        return True
    return actor.is_platform_admin and policy.can_read_space(actor, space)


require_review_space = can_review_space.require


@rule(message="Only platform admins review platform-wide.", privileged=True)
def can_review_platform(actor: Actor) -> bool:
    """The platform-wide queue, profiles and platform-wide sanctions: platform admins."""
    return actor.is_platform_admin


require_review_platform = can_review_platform.require


@privileged
def require_review_case(actor: Actor, case: Model) -> None:
    """404 when the case's space may not be known to exist, 403 otherwise."""
    if case.space_id is None:
        require_review_platform(actor)
    else:
        require_review_space(actor, case.space)


def is_moderator_somewhere(actor: Actor) -> bool:
    """Facilitator or leader of any space, or platform admin (cached roles: no query)."""
    if actor.is_platform_admin:
        return True
    return bool(actor.space_ids(min_role=Role.FACILITATOR))


@rule(refusal=NotFound, message="No such page.", privileged=True)
def can_see_moderation_record(actor: Actor, person: Model) -> bool:
    """A person's moderation history and staff notes: moderators only (not the
    person themselves: they see their own sanctions and decisions, not the notes)."""
    return actor.is_authenticated and is_moderator_somewhere(actor)


require_see_moderation_record = can_see_moderation_record.require


def can_see_sanction(actor: Actor, sanction: Model) -> bool:
    """Whether the actor may know of this sanction: the moderators of its space (and
    platform admins who may read it), or platform admins for a platform-wide one."""
    if sanction.space_id is None:
        return can_review_platform(actor)
    return can_review_space(actor, sanction.space)


def staff_notes_q(actor: Actor) -> Q:
    """Staff notes the actor may read: those of the spaces they moderate; all of
    them for platform admins (cached roles: no query)."""
    if actor.is_platform_admin:
        return Q()
    return Q(space_id__in=actor.space_ids(min_role=Role.FACILITATOR))


def acting_role(actor: Actor, space: Space | None) -> str:
    """The role an action is taken under, for the audit log."""
    if space is not None:
        role = actor.role_in(space)
        if role in (Role.LEADER, Role.FACILITATOR):
            return role
    return "platform_admin" if actor.is_platform_admin else (actor.role_in(space) or "")


def can_report(actor: Actor) -> bool:
    return actor.is_authenticated


def require_not_own(actor: Actor, author_id: int | None) -> None:
    if author_id is not None and author_id == actor.user_id:
        raise Forbidden("You cannot report your own post or profile.")
