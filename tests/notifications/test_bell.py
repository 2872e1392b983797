"""The bell's unread count, counted or kept in a shared cache."""

import pytest

from hearth.notifications.services import notification_send
from tests.conftest import client_for
from tests.factories import person_make

pytestmark = pytest.mark.django_db


def test_bell_counts_new_and_read_notifications(django_capture_on_commit_callbacks):
    person = person_make()
    client = client_for(person)
    assert b"unread" not in client.get("/notifications/").content
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipient=person, kind="invited", text="Join the Lean space.")
        notification_send(recipient=person, kind="invited", text="Join the Data space.")
    page = client.get("/notifications/")
    assert b"Notifications, 2 unread" in page.content and b"Join the Data space." in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/notifications/read/", HTTP_HX_REQUEST="true")
    assert b"unread" not in response.content
    assert b"unread" not in client.get("/notifications/").content


def test_notifications_are_private_to_their_recipient():
    person, other = person_make(), person_make()
    notification_send(recipient=person, kind="invited", text="Secret invitation text")
    assert b"Secret invitation text" not in client_for(other).get("/notifications/").content


def test_email_follows_the_persons_preference(django_capture_on_commit_callbacks):
    from hearth.core.models import OutboundEmail

    wants, quiet = person_make(), person_make()
    quiet.email_notifications = "none"
    quiet.save()
    with django_capture_on_commit_callbacks(execute=True):
        for person in (wants, quiet):
            notification_send(recipient=person, kind="mention", text="You were mentioned.",
                              email=True)
    assert [row.to for row in OutboundEmail.objects.all()] == [[wants.email]]
    assert quiet.notifications.count() == 1  # the bell still rings
