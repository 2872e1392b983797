from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hearth.core.errors import NotFound
from hearth.notifications.models import Notification
from hearth.notifications.selectors import notification_list
from hearth.notifications.services import notifications_mark_read


def inbox(request):
    rows = notification_list(actor=request.actor)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


def _done(request):
    """The inbox's htmx forms swap the page's main part (and, out of band, the bell)
    from the inbox they are redirected to; other htmx calls get the bell alone."""
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") != "main":
        return render(
            request,
            "notifications/_bell.html",
            {"unread_notifications": request.user.unread_notifications},
        )
    back = request.POST.get("next", "")
    if back.startswith("/notifications/") and url_has_allowed_host_and_scheme(back, None):
        return redirect(back)
    return redirect("notifications:inbox")


@require_POST
def mark_read(request):
    notifications_mark_read(user=request.user)
    return _done(request)


@require_POST
def mark_one_read(request, notification_id: int):
    """Mark one of the person's notifications read (again: no change)."""
    if not Notification.objects.filter(pk=notification_id, recipient=request.user).exists():
        raise NotFound("No such notification.")
    notifications_mark_read(user=request.user, ids=[notification_id])
    return _done(request)
