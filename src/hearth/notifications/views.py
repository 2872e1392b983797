from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.notifications.selectors import notification_list
from hearth.notifications.services import notifications_mark_read


def inbox(request):
    rows = notification_list(actor=request.actor)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@require_POST
def mark_read(request):
    notifications_mark_read(user=request.user)
    if request.headers.get("HX-Request"):
        return render(request, "notifications/_bell.html", {"unread_notifications": 0})
    return redirect("notifications:inbox")
