"""The invitations page: accept (join) and decline, for the invitee only."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.spaces.models import Invitation, Membership
from tests.conftest import client_for
from tests.factories import invitation_make, person_make, space_make

pytestmark = pytest.mark.django_db


def test_invitee_sees_accepts_and_declines_invitations_from_the_page():
    leader, person = person_make(display_name="Leila Leader"), person_make()
    falcon = space_make(visibility="private", leader=leader, name="Project Falcon")
    heron = space_make(visibility="private", leader=leader, name="Project Heron")
    accept = invitation_make(space=falcon, user=person, invited_by=leader)
    decline = invitation_make(space=heron, user=person, invited_by=leader)
    client = client_for(person)
    page = client.get("/invitations/").content.decode()
    assert "Project Falcon" in page and "Project Heron" in page and "Leila Leader" in page
    assert f"/invitations/{decline.pk}/decline/" in page
    # Accepting is joining; the private space's home offers the same choice.
    assert b"Accept the invitation" in client.get(f"/s/{falcon.slug}/").content
    assert client.post(f"/s/{falcon.slug}/join/").status_code == 302
    assert Membership.objects.filter(space=falcon, user=person).exists()
    accept.refresh_from_db()
    assert accept.status == "accepted"
    response = client.post(f"/invitations/{decline.pk}/decline/")
    assert response.status_code == 302 and response["Location"] == "/invitations/"
    decline.refresh_from_db()
    assert decline.status == "declined"
    assert not Membership.objects.filter(space=heron, user=person).exists()
    assert client.get(f"/s/{heron.slug}/").status_code == 404
    assert b"No pending invitations" in client.get("/invitations/").content


def test_no_one_else_can_decline_an_invitation_and_the_page_needs_sign_in():
    leader, person, other = person_make(), person_make(), person_make()
    space = space_make(visibility="private", leader=leader, name="Project Falcon")
    invitation = invitation_make(space=space, user=person, invited_by=leader)
    response = client_for(other).post(f"/invitations/{invitation.pk}/decline/")
    assert response.status_code == 404 and b"Project Falcon" not in response.content
    assert b"Project Falcon" not in client_for(other).get("/invitations/").content
    assert client_for(person).get(f"/invitations/{invitation.pk}/decline/").status_code == 405
    assert client_for(person).post("/invitations/999999/decline/").status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).status == "pending"
    assert Client().get("/invitations/").status_code == 302


def test_invitations_page_runs_constant_queries():
    person = person_make()
    client = client_for(person)
    counts = []
    for size in (1, 8):
        for _ in range(size):
            leader = person_make()
            invitation_make(
                space=space_make(visibility="private", leader=leader),
                user=person,
                invited_by=leader,
            )
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/invitations/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
