"""Who may do what with events, on top of the space's policy (hearth.access.policy)."""

from __future__ import annotations

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import Forbidden


def can_create_event(actor: Actor, space) -> bool:
    """Members of the space organise events."""
    return policy.can_read_space(actor, space) and policy.can_post_in_space(actor, space)


def can_rsvp(actor: Actor, event) -> bool:
    """Members answer until the event is over."""
    return (
        policy.can_read_space(actor, event.space)
        and policy.can_post_in_space(actor, event.space)
        and not event.is_over()
        and not event.is_cancelled
    )


def can_edit_event(actor: Actor, event) -> bool:
    """The host and the organiser (still members), the space's facilitators and leaders."""
    space = event.space
    if not policy.can_read_space(actor, space):
        return False
    own = actor.user_id is not None and actor.user_id in (event.host_id, event.created_by_id)
    return (own and policy.can_post_in_space(actor, space)) or policy.can_moderate_space(
        actor, space
    )


def require_edit_event(actor: Actor, event) -> None:
    policy.require_read_space(actor, event.space)
    if not can_edit_event(actor, event):
        raise Forbidden("Only the event's host and the space's facilitators can change it.")


# Changing someone else's event is a facilitator's or leader's act (audited by the services).
PRIVILEGED_CHECKS = ("can_edit_event", "require_edit_event")
