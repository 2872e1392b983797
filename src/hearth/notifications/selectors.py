"""Reads of notifications, through the visibility policy."""

from django.db.models import Q, QuerySet

from hearth.access.policy import hidden_q, space_content_q, space_listing_q
from hearth.notifications.models import Notification


def _readable(actor) -> Q:
    # Notifications about a space alone follow who may see it (a draft or pilot
    # space hides them from those its state leaves out). About content: only
    # while the recipient may read it, and not while it is hidden pending review
    # (unless they wrote it or moderate there).
    about_space = Q(space__isnull=True) | space_listing_q(actor, "space")
    return (Q(conversation__isnull=True) & about_space) | (
        space_content_q(actor, "conversation__space")
        & hidden_q(actor, "conversation", space_field="conversation__space"))


def notification_list(*, actor) -> QuerySet:
    """The actor's notifications, newest first, less those about content they may no
    longer read (they left the space, or it became members-only): the policy is
    asked again for the recipient each time."""
    return (Notification.objects.filter(recipient_id=actor.user_id).filter(_readable(actor))
            .select_related("actor", "space").order_by("-created_at", "-id"))


def unread_visible_count(*, actor) -> int:
    return (Notification.objects.filter(recipient_id=actor.user_id, read_at__isnull=True)
            .filter(_readable(actor)).count())
