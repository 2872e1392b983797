"""The outbox: every email Hearth sends is stored, then delivered by the worker.

Django code anywhere (password reset, services) calls ``send_mail`` as usual; this
backend turns each message into an ``OutboundEmail`` row and queues its delivery
after the transaction commits. No request ever waits on an SMTP server.
"""

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from hearth.core.models import OutboundEmail


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        from hearth.core.tasks import deliver_email

        count = 0
        for message in email_messages:
            html = ""
            for content, mimetype in getattr(message, "alternatives", []) or []:
                if mimetype == "text/html":
                    html = content
            row = OutboundEmail.objects.create(
                to=list(message.to),
                cc=list(message.cc),
                bcc=list(message.bcc),
                from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
                subject=message.subject,
                body=message.body,
                html_body=html,
                headers=dict(message.extra_headers or {}),
            )
            transaction.on_commit(lambda pk=row.pk: deliver_email.enqueue(pk))
            count += 1
        return count


def outbound_email_deliver(*, email_id: int) -> bool:
    """Deliver one queued email through the configured backend. Idempotent.

    The row is claimed with a conditional update so that two workers racing on
    the same id cannot both send it.
    """
    claimed = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.QUEUED)
    row = claimed.first()
    if row is None:
        return False
    message = EmailMultiAlternatives(
        subject=row.subject, body=row.body, from_email=row.from_email,
        to=row.to, cc=row.cc, bcc=row.bcc, headers=row.headers,
    )
    if row.html_body:
        message.attach_alternative(row.html_body, "text/html")
    connection = get_connection(settings.HEARTH_DELIVERY_EMAIL_BACKEND)
    try:
        connection.send_messages([message])
    except Exception as error:  # a delivery failure is recorded, then retried by a rerun
        OutboundEmail.objects.filter(pk=row.pk).update(
            attempts=row.attempts + 1, last_error=str(error)[:2000],
            status=(OutboundEmail.Status.FAILED if row.attempts >= 4
                    else OutboundEmail.Status.QUEUED),
        )
        raise
    return bool(
        claimed.update(status=OutboundEmail.Status.SENT, sent_at=timezone.now(),
                       attempts=row.attempts + 1)
    )
