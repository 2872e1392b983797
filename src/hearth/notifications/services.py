"""Creating notifications. The recipient's own access is checked before sending."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hearth.notifications.models import Notification


def notification_send(*, recipient, kind: str, text: str, actor=None, space=None,
                      url: str = "", email: bool = False, conversation=None) -> Notification:
    """Create an in-app notification and, if asked, queue an email about it.

    Callers pass only what the recipient may see about ``space``; the email goes
    through the outbox, after the surrounding transaction commits.
    """
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, actor=actor, space=space, text=text[:500], url=url,
        conversation=conversation,
    )
    get_user_model().objects.filter(pk=recipient.pk).update(
        unread_notifications=F("unread_notifications") + 1)
    if email and recipient.email and recipient.email_notifications != "none":
        transaction.on_commit(lambda: send_mail(
            subject=f"[Hearth] {text[:150]}",
            message=f"{text}\n\nOpen Hearth: {settings.HEARTH_BASE_URL}{url or '/'}\n",
            from_email=None, recipient_list=[recipient.email],
        ))
    return notification


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark some or all of a person's notifications read and recount the bell."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    rows = unread if ids is None else unread.filter(pk__in=ids)
    with transaction.atomic():
        marked = rows.update(read_at=timezone.now())
        remaining = 0 if ids is None else unread.count()
        get_user_model().objects.filter(pk=user.pk).update(unread_notifications=remaining)
    user.unread_notifications = remaining
    return marked


def unread_recount(*, users) -> None:
    """Set the bell's number of each person to what they may still read.

    Called when people lose access to content (they leave or are removed from a
    space, or a space becomes members-only), since the counter only ever grew
    with notifications they could see when they were sent.
    """
    from hearth.access.actor import Actor
    from hearth.notifications.selectors import unread_visible_count

    for user in users:
        count = unread_visible_count(actor=Actor.for_user(user))
        get_user_model().objects.filter(pk=user.pk).update(unread_notifications=count)
