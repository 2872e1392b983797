"""The home page: a reader's feed, spaces and invitations, with the strips other
apps add (``HOME_STRIPS``, hearth.core.extensions). It lives above the apps it
shows, so that none of them, and not core, imports it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hearth.conversations.selectors import feed, unanswered_in_my_spaces
from hearth.core.errors import Invalid
from hearth.people.selectors import profile_completeness
from hearth.spaces.models import Space
from hearth.spaces.selectors import invitation_list_for, my_spaces, space_cards


def home(request: HttpRequest) -> HttpResponse:
    """The home feed: what is new in my spaces and followed tags."""
    actor = request.actor
    order = "top" if request.GET.get("order") == "top" else "new"
    cursor = request.GET.get("cursor", "")
    try:
        items, next_cursor = feed(actor=actor, order=order, cursor=cursor, with_tags=False)
    except Invalid:
        items, next_cursor = feed(actor=actor, order=order, with_tags=False)
    context = {"items": items, "next_cursor": next_cursor, "order": order}
    if request.headers.get("HX-Request") and cursor:
        return render(request, "home/_feed_items.html", context)
    context.update(
        {
            "my_spaces": my_spaces(actor=actor, limit=12),
            "suggested": []
            if actor.roles
            else space_cards(
                actor=actor,
                spaces=Space.objects.visible_to(actor)
                .filter(visibility="open")
                .order_by("-member_count", "name")[:6],
            ),
            # The actor's pending invitations are known already (the space listing
            # reads them): the list is read only when there are some.
            "invitations": invitation_list_for(actor=actor)[:5] if actor.invited_space_ids else [],
            "unanswered": unanswered_in_my_spaces(actor=actor, limit=5),
            "completeness": profile_completeness(request.user),
        }
    )
    return render(request, "home/home.html", context)
