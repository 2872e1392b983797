"""Who may do what with polls, on top of the space's policy (hearth.access.policy)."""

from __future__ import annotations

from django.db.models import Model

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.access.policy.rules import on_space, rule
from hearth.access.policy.shapes import Space


def can_create_poll(actor: Actor, space: Space) -> bool:
    """Members of the space ask polls."""
    return policy.can_read_space(actor, space) and policy.can_post_in_space(actor, space)


def can_vote(actor: Actor, poll: Model) -> bool:
    """Members vote while the poll is open."""
    return (
        policy.can_read_space(actor, poll.space)
        and policy.can_post_in_space(actor, poll.space)
        and not poll.is_closed()
    )


# Closing someone else's poll is a facilitator's act (audited by the service).
@rule(
    first=(on_space(policy.require_read_space),),
    message="Only the poll's author and the space's facilitators can close it.",
    privileged=True,
)
def can_close_poll(actor: Actor, poll: Model) -> bool:
    """Its author (still a member), or the space's facilitators and leaders."""
    if poll.is_closed():
        return False
    own = poll.created_by_id is not None and poll.created_by_id == actor.user_id
    return (own and policy.can_post_in_space(actor, poll.space)) or policy.can_moderate_space(
        actor, poll.space
    )


require_close_poll = can_close_poll.require
