import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from hearth.access.actor import Actor
from hearth.core.mail import outbound_email_deliver
from hearth.core.models import OutboundEmail
from tests.factories import token_make


@pytest.fixture(autouse=True)
def _media_and_outbox(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Django's test set-up swaps EMAIL_BACKEND for locmem; Hearth's outbox is
    # put back so tests see what production does (locmem only behind the worker).
    settings.EMAIL_BACKEND = "hearth.core.mail.OutboxEmailBackend"
    cache.clear()  # cached directory pages and choices must not leak between tests


def actor_of(user) -> Actor:
    return Actor.for_user(user)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class ApiClient:
    """Calls the API with a bearer token, as an integration would."""

    def __init__(self, user):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token_make(user=user)}"}

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path, data=None):
        return self.client.post(
            f"/api/v1{path}",
            data if data is not None else {},
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def worker(django_capture_on_commit_callbacks):
    """A block after which the worker runs, as it would in production.

    ``with worker(): reply_make(...)`` runs the block's commit callbacks (which
    queue tasks), then every task queued, then the commit callbacks those tasks
    left (their emails into the outbox).
    """
    from contextlib import contextmanager

    from django_tasks import task_backends

    backend = task_backends["default"]

    @contextmanager
    def run():
        backend.clear()
        with django_capture_on_commit_callbacks(execute=True):
            yield
        while backend.results:
            queued = list(backend.results)
            backend.clear()
            with django_capture_on_commit_callbacks(execute=True):
                for result in queued:
                    result.task.call(*result.args, **result.kwargs)

    return run


@pytest.fixture
def deliver_outbox():
    """Run the worker's email delivery for everything queued, as the worker would."""

    def run():
        for pk in OutboundEmail.objects.filter(status="queued").values_list("pk", flat=True):
            outbound_email_deliver(email_id=pk)
        return list(mail.outbox)

    return run
