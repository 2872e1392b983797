"""The nav's desk links, for the people who have desks."""

from django.utils.functional import SimpleLazyObject

from hearth.access import policy


def desks(request) -> dict:
    """``desk_nav``: whether to show the desks and the audit log in the nav.

    Lazy, and computed from the actor's organisation role and cached space roles
    (no query beyond the roles the page loads anyway)."""
    actor = getattr(request, "actor", None)
    if actor is None or not getattr(request.user, "is_authenticated", False):
        return {}

    def compute() -> dict:
        return {
            "desks": policy.has_desks(actor),
            "audit": policy.can_see_audit(actor),
            "org": policy.can_see_org_roles(actor),
        }

    return {"desk_nav": SimpleLazyObject(compute)}
