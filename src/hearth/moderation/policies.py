"""Who may review reports, decide, sanction and read a person's moderation record.

Built on ``hearth.access.policy``: a space's reports are reviewed by its
facilitators and leaders, and by platform admins where they may read the space
(admins read a members-only space's content only as its members). Profiles,
which belong to no space, are reviewed by platform admins. What may not be known
to exist is 404; what may be known but not done is 403.
"""

from __future__ import annotations

from django.db.models import Q

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import Forbidden, NotFound
from hearth.spaces.models import ROLE_RANK, Role


def can_review_space(actor: Actor, space) -> bool:
    """Review the space's reports, decide, sanction in it, edit its guidelines."""
    if policy.can_moderate_space(actor, space):
        return True
    return actor.is_platform_admin and policy.can_read_space(actor, space)


def require_review_space(actor: Actor, space) -> None:
    policy.require_see_space(actor, space)
    if not can_review_space(actor, space):
        raise Forbidden("Only this space's facilitators and leaders review its reports.")


def can_review_platform(actor: Actor) -> bool:
    """The platform-wide queue, profiles and platform-wide sanctions: platform admins."""
    return actor.is_platform_admin


def require_review_platform(actor: Actor) -> None:
    if not can_review_platform(actor):
        raise Forbidden("Only platform admins review platform-wide.")


def require_review_case(actor: Actor, case) -> None:
    """404 when the case's space may not be known to exist, 403 otherwise."""
    if case.space_id is None:
        require_review_platform(actor)
    else:
        require_review_space(actor, case.space)


def is_moderator_somewhere(actor: Actor) -> bool:
    """Facilitator or leader of any space, or platform admin (cached roles: no query)."""
    if actor.is_platform_admin:
        return True
    return any(
        ROLE_RANK[Role(role)] >= ROLE_RANK[Role.FACILITATOR] for role in actor.roles.values()
    )


def can_see_moderation_record(actor: Actor, person) -> bool:
    """A person's moderation history and staff notes: moderators only (not the
    person themselves: they see their own sanctions and decisions, not the notes)."""
    return actor.is_authenticated and is_moderator_somewhere(actor)


def require_see_moderation_record(actor: Actor, person) -> None:
    if not can_see_moderation_record(actor, person):
        raise NotFound("No such page.")


def can_see_sanction(actor: Actor, sanction) -> bool:
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
    moderated = [
        pk
        for pk, role in actor.roles.items()
        if ROLE_RANK[Role(role)] >= ROLE_RANK[Role.FACILITATOR]
    ]
    return Q(space_id__in=moderated)


def can_report(actor: Actor) -> bool:
    return actor.is_authenticated


def require_not_own(actor: Actor, author_id: int | None) -> None:
    if author_id is not None and author_id == actor.user_id:
        raise Forbidden("You cannot report your own post or profile.")


# The checks that guard moderators' and admins' powers (not reporting, which any
# member may do): a service calling one must be declared with ``@change``
# (``hearth.core.changes``; see tests/audit/test_privileged_services.py).
PRIVILEGED_CHECKS = (
    "can_review_space",
    "require_review_space",
    "can_review_platform",
    "require_review_platform",
    "require_review_case",
    "can_see_moderation_record",
    "require_see_moderation_record",
)
