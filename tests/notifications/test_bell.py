"""The bell's unread count, counted or kept in a shared cache."""

import pytest

from hearth.notifications.services import notification_send
from tests.conftest import client_for
from tests.factories import person_make, space_make

pytestmark = pytest.mark.django_db


def _invite(person, text: str, **fields):
    """A notification about a space the person may see (an invitation to it)."""
    return notification_send(
        recipient=person, kind="invited", space=space_make(), text=text, **fields
    )


def test_bell_counts_new_and_read_notifications(django_capture_on_commit_callbacks):
    person = person_make()
    client = client_for(person)
    assert b"unread" not in client.get("/notifications/").content
    with django_capture_on_commit_callbacks(execute=True):
        _invite(person, "Join the Lean space.")
        _invite(person, "Join the Data space.")
    page = client.get("/notifications/")
    assert b"Notifications, 2 unread" in page.content and b"Join the Data space." in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/notifications/read/", HTTP_HX_REQUEST="true")
    assert b"unread" not in response.content
    assert b"unread" not in client.get("/notifications/").content


def test_notifications_are_private_to_their_recipient():
    person, other = person_make(), person_make()
    _invite(person, "Secret invitation text")
    assert b"Secret invitation text" not in client_for(other).get("/notifications/").content


def test_email_follows_the_persons_preference(django_capture_on_commit_callbacks):
    from hearth.core.models import OutboundEmail

    wants, quiet = person_make(), person_make()
    quiet.email_notifications = "none"
    quiet.save()
    with django_capture_on_commit_callbacks(execute=True):
        for person in (wants, quiet):
            notification_send(
                recipient=person,
                kind="invited",
                space=space_make(),
                text="You are invited.",
                email=True,
            )
    assert [row.to for row in OutboundEmail.objects.all()] == [[wants.email]]
    assert quiet.notifications.count() == 1  # the bell still rings


def test_mark_one_notification_read_in_place_and_not_someone_elses():
    person, other = person_make(), person_make()
    first = _invite(person, "Join the Lean space.")
    _invite(person, "Join the Data space.")
    theirs = _invite(other, "Theirs")
    client = client_for(person)
    page = client.get("/notifications/").content.decode()
    assert f"/notifications/{first.pk}/read/" in page and "Notifications, 2 unread" in page
    response = client.post(
        f"/notifications/{first.pk}/read/",
        {"next": "/notifications/?page=1"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="main",
    )
    assert response.status_code == 302 and response["Location"] == "/notifications/?page=1"
    first.refresh_from_db()
    assert first.read_at is not None
    page = client.get("/notifications/").content.decode()
    assert "Notifications, 1 unread" in page and f"/notifications/{first.pk}/read/" not in page
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    assert client.post("/notifications/999999/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    # An address outside the inbox is not followed.
    response = client.post(f"/notifications/{first.pk}/read/", {"next": "https://evil.example/"})
    assert response["Location"] == "/notifications/"
    assert client.get(f"/notifications/{first.pk}/read/").status_code == 405


def test_mark_all_read_from_the_inbox_swaps_the_page_in_place():
    person = person_make()
    _invite(person, "Join the Lean space.")
    client = client_for(person)
    page = client.get("/notifications/").content.decode()
    assert 'hx-select="#main"' in page and 'hx-select-oob="#bell"' in page
    response = client.post("/notifications/read/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="main")
    assert response.status_code == 302
    assert "unread" not in client.get("/notifications/").content.decode()


def test_inbox_runs_constant_queries():
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = person_make()
    client = client_for(person)
    counts = []
    for size in (2, 20):
        for i in range(size):
            _invite(person, f"Note {i}", actor=person_make())
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/notifications/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_inbox_is_paginated_newest_first():
    person = person_make()
    for i in range(35):
        _invite(person, f"Invitation number {i:02d}")
    client = client_for(person)
    first = client.get("/notifications/").content.decode()
    assert "Invitation number 34" in first and "Invitation number 04" not in first
    assert "Page 1 of 2" in first
    second = client.get("/notifications/?page=2").content.decode()
    assert "Invitation number 04" in second and "Invitation number 05" not in second
