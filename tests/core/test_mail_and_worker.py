"""Email goes through the outbox and the worker; a rerun sends nothing twice."""

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from hearth.core.mail import outbound_email_deliver
from hearth.core.models import OutboundEmail

pytestmark = pytest.mark.django_db


def test_send_mail_queues_instead_of_sending(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_mail("Hello", "Body", None, ["a@example.org"])
    assert len(mail.outbox) == 0
    assert OutboundEmail.objects.get().status == "queued"
    assert len(callbacks) == 1  # the delivery task, enqueued after commit


def test_delivery_is_idempotent():
    send_mail("Hello", "Body", None, ["a@example.org"])
    row = OutboundEmail.objects.get()
    assert outbound_email_deliver(email_id=row.pk) is True
    assert outbound_email_deliver(email_id=row.pk) is False
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == "sent" and row.sent_at is not None


def test_failed_delivery_stays_queued_with_the_error(settings):
    settings.HEARTH_DELIVERY_EMAIL_BACKEND = "tests.core.test_mail_and_worker.BrokenBackend"
    send_mail("Hello", "Body", None, ["a@example.org"])
    row = OutboundEmail.objects.get()
    with pytest.raises(ConnectionError):
        outbound_email_deliver(email_id=row.pk)
    row.refresh_from_db()
    assert row.status == "queued" and row.attempts == 1 and "refused" in row.last_error


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("connection refused")


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_delivers_queued_email(settings):
    """The real queue and worker loop: enqueue in the database, run `db_worker`."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    # (django_tasks resets its backends when the TASKS setting changes.)
    send_mail("From the worker", "Body", None, ["w@example.org"])
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", batch=True, interval=0)
    assert [m.subject for m in mail.outbox] == ["From the worker"]
    assert OutboundEmail.objects.get().status == "sent"
    call_command("db_worker", batch=True, interval=0)
    assert len(mail.outbox) == 1
