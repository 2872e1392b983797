from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.access.policy import space_content_q
from hearth.notifications.models import Notification
from hearth.notifications.services import notifications_mark_read


def visible_notifications(actor):
    """The actor's notifications, less those about content they may no longer read
    (they left the space since): the policy is asked again for the recipient."""
    return (Notification.objects.filter(recipient_id=actor.user_id)
            .filter(Q(conversation__isnull=True)
                    | space_content_q(actor, "conversation__space")))


def inbox(request):
    rows = visible_notifications(request.actor).select_related("actor", "space")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@require_POST
def mark_read(request):
    notifications_mark_read(user=request.user)
    if request.headers.get("HX-Request"):
        return render(request, "notifications/_bell.html", {"unread_notifications": 0})
    return redirect("notifications:inbox")
