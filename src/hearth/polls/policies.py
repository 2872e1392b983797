"""Who may do what with polls, on top of the space's policy (hearth.access.policy)."""

from __future__ import annotations

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import Forbidden


def can_create_poll(actor: Actor, space) -> bool:
    """Members of the space ask polls."""
    return policy.can_read_space(actor, space) and policy.can_post_in_space(actor, space)


def can_vote(actor: Actor, poll) -> bool:
    """Members vote while the poll is open."""
    return (
        policy.can_read_space(actor, poll.space)
        and policy.can_post_in_space(actor, poll.space)
        and not poll.is_closed()
    )


def can_close_poll(actor: Actor, poll) -> bool:
    """Its author (still a member), or the space's facilitators and leaders."""
    if poll.is_closed():
        return False
    own = poll.created_by_id is not None and poll.created_by_id == actor.user_id
    return (own and policy.can_post_in_space(actor, poll.space)) or policy.can_moderate_space(
        actor, poll.space
    )


def require_close_poll(actor: Actor, poll) -> None:
    policy.require_read_space(actor, poll.space)
    if not can_close_poll(actor, poll):
        raise Forbidden("Only the poll's author and the space's facilitators can close it.")


# Closing someone else's poll is a facilitator's act (audited by the service).
PRIVILEGED_CHECKS = ("can_close_poll", "require_close_poll")
