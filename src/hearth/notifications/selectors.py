"""Reads of notifications, through the visibility policy."""

from django.db.models import Q, QuerySet

from hearth.access.policy import space_content_q
from hearth.notifications.models import Notification

# Kinds about a space's content that carry no conversation (ideas, events): shown
# only while the recipient may still read the space.
SPACE_CONTENT_KINDS = ("idea_status", "event_reminder")


def _readable(actor) -> Q:
    about_space = Q(kind__in=SPACE_CONTENT_KINDS)
    return (
        (Q(conversation__isnull=True) & ~about_space)
        | (Q(conversation__isnull=True) & about_space & space_content_q(actor, "space"))
        | space_content_q(actor, "conversation__space")
    )


def notification_list(*, actor) -> QuerySet:
    """The actor's notifications, newest first, less those about content they may no
    longer read (they left the space, or it became members-only): the policy is
    asked again for the recipient each time."""
    return (Notification.objects.filter(recipient_id=actor.user_id).filter(_readable(actor))
            .select_related("actor", "space").order_by("-created_at", "-id"))


def unread_visible_count(*, actor) -> int:
    return (Notification.objects.filter(recipient_id=actor.user_id, read_at__isnull=True)
            .filter(_readable(actor)).count())
