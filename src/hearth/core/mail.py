"""The outbox: every email Hearth sends is stored, then delivered by the worker.

Hearth's own emails are about something a person may or may not read, so they are
queued by ``hearth.notifications.services`` (``notification_send``, ``email_send``)
through ``outbox_queue`` with their kind and what they are about; the worker asks
the policy again for the recipient when it delivers (``outbound_email_deliver``).
Django's own code (the admin's error mails, if configured) may still call
``send_mail``: this backend stores those rows without a kind. No request ever waits
on an SMTP server. A test (``tests/notifications/test_registry.py``) holds that no
other module of Hearth sends or queues email.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from hearth.core.models import OutboundEmail


def outbox_queue(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    kind: str = "",
    about: dict | None = None,
    cc=(),
    bcc=(),
    from_email: str | None = None,
    headers: dict | None = None,
) -> OutboundEmail:
    """Store one email and queue its delivery once the surrounding transaction
    commits (the row commits, or rolls back, with the change it tells of).

    ``kind`` and ``about`` (the recipient's and the subject's ids) are set by
    ``hearth.notifications``, which checks the policy before queueing; the worker
    checks again before it delivers.
    """
    # deferred: hearth.core.tasks imports this module to run outbound_email_deliver.
    from hearth.core.tasks import deliver_email

    row = OutboundEmail.objects.create(
        to=list(to),
        cc=list(cc),
        bcc=list(bcc),
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        subject=subject,
        body=body,
        html_body=html_body,
        headers=dict(headers or {}),
        kind=kind,
        about=about or {},
    )
    transaction.on_commit(lambda pk=row.pk: deliver_email.enqueue(pk))
    return row


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            html = ""
            for content, mimetype in getattr(message, "alternatives", []) or []:
                if mimetype == "text/html":
                    html = content
            outbox_queue(
                to=message.to,
                cc=message.cc,
                bcc=message.bcc,
                from_email=message.from_email,
                subject=message.subject,
                body=message.body,
                html_body=html,
                headers=message.extra_headers,
            )
            count += 1
        return count


# Whether an email about something may still go out is for the app that declares
# the kinds (notifications): it installs its check when it is ready, so that core,
# below every app, imports none of them.
_deliverability_checks: list[Callable[..., bool]] = []


def deliverability_check_install(check: Callable[..., bool]) -> None:
    """Install ``check(kind=..., about=...) -> bool``, asked before an email that has
    a kind is delivered (the notifications app installs its own)."""
    _deliverability_checks[:] = [check]


def _still_deliverable(*, kind: str, about: dict) -> bool:
    # No check installed: nothing can say the recipient may still read it.
    return bool(_deliverability_checks) and _deliverability_checks[0](kind=kind, about=about)


def outbound_email_deliver(*, email_id: int) -> bool:
    """Deliver one queued email through the configured backend. Idempotent.

    The row is claimed with a conditional update so that two workers racing on
    the same id cannot both send it. An email about something is delivered only
    if its recipient may still receive it now (they may have left the space, or
    the space changed state, since it was queued); otherwise it is ``withheld``.
    """
    claimed = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.QUEUED)
    row = claimed.first()
    if row is None:
        return False
    if row.kind and not _still_deliverable(kind=row.kind, about=row.about):
        claimed.update(status=OutboundEmail.Status.WITHHELD)
        return False
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=row.to,
        cc=row.cc,
        bcc=row.bcc,
        headers=row.headers,
    )
    if row.html_body:
        message.attach_alternative(row.html_body, "text/html")
    connection = get_connection(settings.HEARTH_DELIVERY_EMAIL_BACKEND)
    try:
        connection.send_messages([message])
    except Exception as error:  # a delivery failure is recorded, then retried by a rerun
        OutboundEmail.objects.filter(pk=row.pk).update(
            attempts=row.attempts + 1,
            last_error=str(error)[:2000],
            status=(
                OutboundEmail.Status.FAILED if row.attempts >= 4 else OutboundEmail.Status.QUEUED
            ),
        )
        raise
    return bool(
        claimed.update(
            status=OutboundEmail.Status.SENT, sent_at=timezone.now(), attempts=row.attempts + 1
        )
    )
