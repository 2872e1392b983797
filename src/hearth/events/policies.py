"""Who may do what with events, on top of the space's policy (hearth.access.policy)."""

from __future__ import annotations

from django.db.models import Model

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.access.policy.rules import on_space, rule
from hearth.access.policy.shapes import Space


def can_create_event(actor: Actor, space: Space) -> bool:
    """Members of the space organise events."""
    return policy.can_read_space(actor, space) and policy.can_post_in_space(actor, space)


def can_rsvp(actor: Actor, event: Model) -> bool:
    """Members answer until the event is over."""
    return (
        policy.can_read_space(actor, event.space)
        and policy.can_post_in_space(actor, event.space)
        and not event.is_over()
        and not event.is_cancelled
    )


# Changing someone else's event is a facilitator's or leader's act (audited by the services).
@rule(
    first=(on_space(policy.require_read_space),),
    message="Only the event's host and the space's facilitators can change it.",
    privileged=True,
)
def can_edit_event(actor: Actor, event: Model) -> bool:
    """The host and the organiser (still members), the space's facilitators and leaders."""
    space = event.space
    if not policy.can_read_space(actor, space):
        return False
    own = actor.user_id is not None and actor.user_id in (event.host_id, event.created_by_id)
    return (own and policy.can_post_in_space(actor, space)) or policy.can_moderate_space(
        actor, space
    )


require_edit_event = can_edit_event.require
