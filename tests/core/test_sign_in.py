"""Sign-in: the login page, its rate limit, password reset by queued email."""

import re

import pytest
from django.test import Client

from hearth.core.models import OutboundEmail
from tests.factories import PASSWORD, person_make

pytestmark = pytest.mark.django_db


def test_sign_in_and_out():
    person = person_make(username="nadia")
    client = Client()
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"username": "nadia", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302
    assert person.pk


def test_wrong_password_gets_a_clear_message():
    person_make(username="nadia")
    response = Client().post("/accounts/login/", {"username": "nadia", "password": "nope"})
    assert response.status_code == 200
    assert b"correct username and password" in response.content


def test_login_is_locked_after_five_failures_even_with_the_right_password():
    person_make(username="target")
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "target", "password": "guess"})
    response = client.post("/accounts/login/", {"username": "target", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many sign-in attempts" in response.content
    assert client.get("/").status_code == 302  # still signed out


def test_password_reset_sends_a_working_link_through_the_outbox(
    deliver_outbox, django_capture_on_commit_callbacks
):
    person_make(username="nadia")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password-reset/", {"email": "nadia@example.org"})
    assert response.status_code == 302
    assert OutboundEmail.objects.filter(status="queued").count() == 1
    [message] = deliver_outbox()
    link = re.search(r"http://\S+/accounts/reset/\S+/", message.body).group(0)
    path = link.split("testserver", 1)[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    response = client.get(path, follow=True)
    assert b"Choose a new password" in response.content
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "A-new-long-secret-9", "new_password2": "A-new-long-secret-9"}
    )
    assert response.status_code == 302
    fresh = Client()
    ok = fresh.post("/accounts/login/", {"username": "nadia", "password": "A-new-long-secret-9"})
    assert ok.status_code == 302


def test_password_reset_for_an_unknown_address_reveals_nothing():
    response = Client().post("/accounts/password-reset/", {"email": "ghost@example.org"})
    assert response.status_code == 302
    assert not OutboundEmail.objects.exists()


def test_health_check_needs_no_sign_in():
    assert Client().get("/healthz").json() == {"status": "ok"}
