from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from hearth.people.selectors import profile_completeness
from hearth.spaces.models import Space
from hearth.spaces.selectors import invitation_list_for, space_cards


def home(request):
    actor = request.actor
    my_spaces = space_cards(actor=actor, spaces=Space.objects.filter(
        pk__in=list(actor.roles)).order_by("name")[:12])
    suggested = space_cards(actor=actor, spaces=Space.objects.visible_to(actor).exclude(
        pk__in=list(actor.roles)).filter(visibility="open").order_by("-member_count", "name")[:6])
    return render(request, "core/home.html", {
        "my_spaces": my_spaces,
        "suggested": suggested,
        "invitations": invitation_list_for(actor=actor)[:5],
        "completeness": profile_completeness(request.user),
        "roles": actor.roles,
    })


@login_not_required
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
