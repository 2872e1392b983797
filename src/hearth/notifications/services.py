"""Sending notifications and emails: the one way in, and the recipient's check.

Every notification and every email Hearth sends goes through ``notification_send``
(one person), ``notifications_send`` (many, for the worker's batches) or
``email_send`` (an email with no bell notification). Each names a kind declared
in ``hearth.notifications.kinds`` and what it is about; the kind's audience is
asked of the policy *for the recipient*, as an actor of their own, at sending
time. Nothing is sent to someone who may not read what it is about, whatever the
caller checked before; an email is checked again when the worker delivers it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.core.mail import outbox_queue
from hearth.notifications.kinds import Subject, about_ref, may_receive
from hearth.notifications.models import Notification
from hearth.notifications.selectors import unread_visible_count


def _wants_email(recipient) -> bool:
    return bool(recipient.email) and recipient.email_notifications != "none"


def _email(*, recipient, kind: str, subject: Subject, text: str, url: str, body: str = "") -> None:
    # The outbox row commits (or rolls back) with the notification; the worker
    # delivers it after the commit, asking the policy again.
    link = f"Open Hearth: {settings.HEARTH_BASE_URL}{url or '/'}"
    outbox_queue(
        to=[recipient.email],
        subject=f"[Hearth] {text[:150]}",
        body="\n\n".join(part for part in (text, body, link) if part) + "\n",
        kind=kind,
        about=about_ref(recipient=recipient, subject=subject),
    )


def notification_send(
    *,
    recipient,
    kind: str,
    text: str,
    actor=None,
    space=None,
    conversation=None,
    about=None,
    url: str = "",
    email: bool = False,
    email_body: str = "",
) -> Notification | None:
    """Tell ``recipient`` in the app and, if asked and they want email, by email.

    ``kind`` is declared in ``hearth.notifications.kinds``; ``space``,
    ``conversation`` and ``about`` (a task, an event, a moderation case) say what
    the message is about. Returns None, and sends nothing, when the recipient may
    not receive it now (the kind's audience, asked for them).
    """
    subject = Subject(space=space, conversation=conversation, about=about)
    if not may_receive(recipient=recipient, kind=kind, subject=subject):
        return None
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        actor=actor,
        space=space,
        text=text[:500],
        url=url,
        conversation=conversation,
    )
    get_user_model().objects.filter(pk=recipient.pk).update(
        unread_notifications=F("unread_notifications") + 1
    )
    if email and _wants_email(recipient):
        _email(recipient=recipient, kind=kind, subject=subject, text=text, url=url, body=email_body)
    return notification


def notifications_send(
    *,
    recipients,
    kind: str,
    text: str,
    actor=None,
    space=None,
    url: str = "",
    email: bool = False,
    email_body: str = "",
) -> list:
    """``notification_send`` for many people about one space (the worker's batches):
    each recipient checked as themselves, the rows written in one statement.
    Returns the people told."""
    subject = Subject(space=space)
    told = [
        person for person in recipients if may_receive(recipient=person, kind=kind, subject=subject)
    ]
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=person, kind=kind, actor=actor, space=space, text=text[:500], url=url
            )
            for person in told
        ]
    )
    get_user_model().objects.filter(pk__in=[p.pk for p in told]).update(
        unread_notifications=F("unread_notifications") + 1
    )
    if email:
        for person in told:
            if _wants_email(person):
                _email(
                    recipient=person,
                    kind=kind,
                    subject=subject,
                    text=text,
                    url=url,
                    body=email_body,
                )
    return told


def email_send(
    *,
    recipient,
    kind: str,
    subject: str,
    body: str,
    html_body: str = "",
    space=None,
    conversation=None,
    about=None,
) -> bool:
    """Queue an email that has no bell notification (a password reset), through
    the same check as every notification. Returns whether it was queued."""
    what = Subject(space=space, conversation=conversation, about=about)
    if not recipient.email or not may_receive(recipient=recipient, kind=kind, subject=what):
        return False
    outbox_queue(
        to=[recipient.email],
        subject=subject,
        body=body,
        html_body=html_body,
        kind=kind,
        about=about_ref(recipient=recipient, subject=what),
    )
    return True


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
    for user in users:
        count = unread_visible_count(actor=Actor.for_user(user))
        get_user_model().objects.filter(pk=user.pk).update(unread_notifications=count)
