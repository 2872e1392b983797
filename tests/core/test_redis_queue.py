"""The Redis-backed queue (for organisations that outgrow one machine)."""

import socket

import pytest
from django.core import mail
from django.core.mail import send_mail

from hearth.core.models import OutboundEmail

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.skipif(not redis_is_up(), reason="Redis is not running on 127.0.0.1:6379"),
    pytest.mark.django_db(transaction=True),
]


def test_rq_worker_delivers_queued_email(settings):
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    import django_rq

    queue = django_rq.get_queue("default")
    queue.empty()
    send_mail("Through Redis", "Body", None, ["r@example.org"])
    assert queue.count == 1 and mail.outbox == []
    # SimpleWorker runs jobs in this process, so the test sees the sent email.
    worker = django_rq.get_worker(
        "default", job_class="django_tasks_rq.Job", worker_class="rq.worker.SimpleWorker"
    )
    worker.work(burst=True)
    assert [m.subject for m in mail.outbox] == ["Through Redis"]
    assert OutboundEmail.objects.get().status == "sent"
