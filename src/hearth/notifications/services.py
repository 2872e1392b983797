"""Creating notifications. The recipient's own access is checked before sending."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from hearth.notifications.models import Notification
from hearth.notifications.selectors import unread_count_forget


def notification_send(*, recipient, kind: str, text: str, actor=None, space=None,
                      url: str = "", email: bool = False) -> Notification:
    """Create an in-app notification and, if asked, queue an email about it.

    Callers pass only what the recipient may see about ``space``; the email goes
    through the outbox, after the surrounding transaction commits.
    """
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, actor=actor, space=space, text=text[:500], url=url
    )
    unread_count_forget(user_id=recipient.pk)
    if email and recipient.email:
        transaction.on_commit(lambda: send_mail(
            subject=f"[Hearth] {text[:150]}",
            message=f"{text}\n\nOpen Hearth: {settings.HEARTH_BASE_URL}{url or '/'}\n",
            from_email=None, recipient_list=[recipient.email],
        ))
    return notification


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    from django.utils import timezone

    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    unread_count_forget(user_id=user.pk)
    return rows.update(read_at=timezone.now())
