"""Who may garden a space's content: retitle, retag, move, merge, split, mark
outdated, notify people, and undo any of these.

The space's facilitators and leaders, and the organisation roles that administer
it (admins, directors, the unit's leader) — but only where they may also read
the space: gardening is done on content, and an administrator reads a
members-only space only as a member. The rule is ``policy.can_tend_questions``
(the desks' rule for tending questions), so a person who tends a space's
questions gardens it too. No change in an archived space: its content is
read-only. Every check reads the actor's cached roles: no query, so the
conversation page can ask it for every reader.
"""

from __future__ import annotations

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.access.policy.rules import rule
from hearth.access.policy.shapes import Space


# Gardening grants power over other people's posts: a service asking it must be
# ``@audited`` (tests/audit/test_privileged_services.py).
@rule(
    first=(policy.require_read_space, policy.require_write_in_space),
    message="Only the space's facilitators and leaders can garden its content.",
    privileged=True,
)
def can_garden(actor: Actor, space: Space) -> bool:
    """May the actor garden this space's content now? (No query.)"""
    return (
        actor.is_authenticated
        and not policy.is_archived(space)
        and policy.can_tend_questions(actor, space)
    )


# 404 for a space the actor may not know of, 403 with the reason otherwise.
require_garden = can_garden.require


@rule(
    first=(policy.require_read_space,),
    message="The gardening queue is for the space's facilitators and leaders.",
)
def can_see_gardening_queue(actor: Actor, space: Space) -> bool:
    """The queue stays readable in an archived space (nothing to act on there)."""
    return actor.is_authenticated and policy.can_tend_questions(actor, space)


require_see_gardening_queue = can_see_gardening_queue.require
