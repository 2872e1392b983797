"""Reads of notifications, through the visibility policy."""

from django.db.models import Q, QuerySet

from hearth.access.policy import hidden_q, space_content_q, space_listing_q
from hearth.notifications.models import Notification

# Kinds about a space's content that carry no conversation (ideas, events): shown
# only while the recipient may still read the space.
SPACE_CONTENT_KINDS = ("idea_status", "event_reminder", "event_change")


def _readable(actor) -> Q:
    # Notifications about a space alone follow who may see it (a draft or pilot
    # space hides them from those its state leaves out); those about a space's
    # content without a conversation (ideas, events) need its content readable.
    # About a conversation: only while the recipient may read it, and not while
    # it is hidden pending review (unless they wrote it or moderate there).
    about_content = Q(kind__in=SPACE_CONTENT_KINDS)
    about_space = Q(space__isnull=True) | space_listing_q(actor, "space")
    return (
        (Q(conversation__isnull=True) & ~about_content & about_space)
        | (Q(conversation__isnull=True) & about_content & space_content_q(actor, "space"))
        | (
            space_content_q(actor, "conversation__space")
            & hidden_q(actor, "conversation", space_field="conversation__space")
        )
    )


def notification_list(*, actor) -> QuerySet:
    """The actor's notifications, newest first, less those about content they may no
    longer read (they left the space, or it became members-only): the policy is
    asked again for the recipient each time."""
    return (
        Notification.objects.filter(recipient_id=actor.user_id)
        .filter(_readable(actor))
        .select_related("actor", "space")
        .order_by("-created_at", "-id")
    )


def unread_visible_count(*, actor) -> int:
    return (
        Notification.objects.filter(recipient_id=actor.user_id, read_at__isnull=True)
        .filter(_readable(actor))
        .count()
    )
