"""What every page of a space shows around its own content: the space's header,
its tabs, and what the reader may do there."""

from django.http import HttpRequest

from hearth.access import policy
from hearth.spaces import selectors
from hearth.spaces.models import Space


def space_page_context(request: HttpRequest, space: Space) -> dict:
    """The context a space's page starts from (``spaces/_header.html`` reads it):
    the reader's role and what they may do here, from the actor's cached roles, and
    the number of pending access requests for those who decide them (one query)."""
    actor = request.actor
    context = {
        "space": space,
        "my_role": actor.role_in(space),
        "can_read": policy.can_read_space(actor, space),
        "can_join": policy.can_join_space(actor, space),
        "can_request": policy.can_request_access(actor, space),
        "can_manage": policy.can_manage_members(actor, space),
        "can_decide": policy.can_decide_access_requests(actor, space),
        "can_invite": policy.can_invite(actor, space),
        "can_edit": policy.can_edit_space(actor, space),
    }
    if context["can_decide"]:
        context["pending_count"] = selectors.access_request_list(actor=actor, space=space).count()
    return context
