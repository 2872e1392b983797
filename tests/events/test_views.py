"""Event pages: access by role and space kind, RSVP in place, form input, queries."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.events import services
from hearth.events.models import Event, Rsvp
from tests.conftest import actor_of, client_for
from tests.factories import event_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


def queries(client, url) -> tuple[int, int]:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured)


@pytest.mark.parametrize(
    ("visibility", "outsider_status"), [("open", 200), ("restricted", 403), ("private", 404)]
)
def test_event_pages_by_role(visibility, outsider_status):
    leader, member = person_make(), person_make()
    space = space_make(visibility=visibility, leader=leader)
    membership_make(space=space, user=member)
    event = event_make(space=space, host=leader, title="Secret offsite planning")
    for url in (
        f"/events/{event.pk}/",
        f"/s/{space.slug}/events/",
        f"/events/{event.pk}/event.ics",
    ):
        assert Client().get(url).status_code == 302
        response = client_for(person_make()).get(url)
        assert response.status_code == outsider_status
        if outsider_status != 200:
            assert b"Secret offsite" not in response.content
        for person in (member, leader):
            response = client_for(person).get(url)
            assert response.status_code == 200 and b"Secret offsite" in response.content


def test_rsvp_in_place_and_a_full_event_says_so():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    event = event_make(space=space, host=leader, capacity=1)
    response = client_for(leader).post(
        f"/events/{event.pk}/rsvp/", {"response": "going"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and b"0 of 1 place" in response.content
    response = client_for(member).post(
        f"/events/{event.pk}/rsvp/", {"response": "going"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 409 and b"full" in response.content
    assert Rsvp.objects.count() == 1


def test_planning_an_event_from_the_page_reads_local_time_in_its_zone():
    leader = person_make()
    space = space_make(leader=leader)
    client = client_for(leader)
    url = f"/s/{space.slug}/events/new/"
    assert client.get(url).status_code == 200
    good = {
        "title": "Lean coffee",
        "kind": "chat",
        "starts_at": "2030-07-01T09:00",
        "ends_at": "2030-07-01T10:00",
        "timezone": "America/New_York",
        "online_url": "https://meet.example.org/lean",
    }
    for bad in (
        {"ends_at": "2030-07-01T08:00"},
        {"online_url": "javascript:alert(1)"},
        {"timezone": "Nowhere/Land"},
        {"starts_at": "tomorrow"},
    ):
        response = client.post(url, {**good, **bad})
        assert response.status_code == 400, bad
    assert not Event.objects.exists()
    assert client.post(url, good).status_code == 302
    event = Event.objects.get()
    assert event.starts_at.hour == 13 and event.time_zone == "America/New_York"
    page = client.get(f"/events/{event.pk}/").content
    assert b"09:00" in page and b"America/New_York" in page


def test_notes_form_appears_for_the_host_once_the_event_started():
    leader = person_make()
    space = space_make(leader=leader)
    past = event_make(space=space, host=leader, starts_at=timezone.now() - timedelta(hours=3))
    client = client_for(leader)
    assert b"Notes and recording" in client.get(f"/events/{past.pk}/").content
    client.post(
        f"/events/{past.pk}/notes/",
        {"notes": "Decided on *Q3*.", "recording_url": "https://v.example.org/1"},
    )
    page = client.get(f"/events/{past.pk}/").content
    assert b"Watch the recording" in page and b"<em>Q3</em>" in page
    assert b"Past" in client.get(f"/s/{space.slug}/events/?when=past").content


def test_event_pages_run_a_constant_number_of_queries():
    leader = person_make()
    space = space_make(leader=leader)
    event = event_make(space=space, host=leader)
    client = client_for(leader)
    urls = [f"/events/{event.pk}/", f"/s/{space.slug}/events/", "/events/calendar/"]
    small = [queries(client, url) for url in urls]
    for _ in range(4):
        person = person_make()
        membership_make(space=space, user=person)
        services.event_rsvp(actor=actor_of(person), event=event, response="going")
        event_make(space=space, host=person)
    services.calendar_feed_token_issue(actor=actor_of(leader))
    big = [queries(client, url) for url in urls]
    assert small == big and all(status == 200 for status, _ in big)
