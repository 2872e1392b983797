"""Events API: plan, read, RSVP; bad input, capacity, unknown ids and rights."""

import pytest

from hearth.events.models import Event, Rsvp
from tests.conftest import ApiClient
from tests.factories import event_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db

GOOD = {
    "title": "Lean coffee",
    "kind": "webinar",
    "starts_at": "2030-03-15T09:00:00",
    "ends_at": "2030-03-15T10:00:00",
    "timezone": "Europe/Paris",
    "online_url": "https://meet.example.org/x",
    "capacity": 1,
}


def test_plan_read_and_rsvp_past_capacity():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    api = ApiClient(leader)
    response = api.post(f"/spaces/{space.slug}/events", GOOD)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["starts_at"].startswith("2030-03-15T08:00:00")
    assert body["timezone"] == "Europe/Paris" and body["host"] == leader.username
    assert api.post(f"/events/{body['id']}/rsvp", {"response": "going"}).json()["going_count"] == 1
    full = ApiClient(member).post(f"/events/{body['id']}/rsvp", {"response": "going"})
    assert full.status_code == 409 and "full" in full.json()["detail"]
    assert (
        ApiClient(member)
        .post(f"/events/{body['id']}/rsvp", {"response": "maybe"})
        .json()["maybe_count"]
        == 1
    )
    listing = api.get(f"/spaces/{space.slug}/events", when="all").json()
    assert listing["count"] == 1 and listing["items"][0]["going_count"] == 1


def test_bad_input_unknown_ids_and_no_rights():
    leader = person_make()
    space = space_make(leader=leader)
    private = space_make(visibility="private", leader=leader)
    hidden = event_make(space=private, host=leader)
    api, outsider = ApiClient(leader), ApiClient(person_make())
    url = f"/spaces/{space.slug}/events"
    response = api.post(url, {**GOOD, "ends_at": "2030-03-15T08:00:00"})
    assert response.status_code == 400 and response.json()["field"] == "ends_at"
    assert api.post(url, {**GOOD, "timezone": "Europe/Atlantis"}).status_code == 400
    assert api.post(url, {**GOOD, "online_url": "javascript:x"}).status_code == 400
    assert api.post(url, {**GOOD, "capacity": 0}).status_code == 400
    assert api.post(url, {**GOOD, "starts_at": "soon"}).status_code == 422
    assert api.get(url, when="someday").status_code == 400
    assert api.post("/events/999999/rsvp", {"response": "going"}).status_code == 404
    assert api.get("/events/999999").status_code == 404
    assert outsider.get(f"/events/{hidden.pk}").status_code == 404
    assert outsider.post(f"/events/{hidden.pk}/rsvp", {"response": "going"}).status_code == 404
    assert outsider.post(url, GOOD).status_code == 403
    assert api.post(f"/events/{hidden.pk}/rsvp", {"response": "sure"}).status_code == 422
    assert Event.objects.count() == 1 and not Rsvp.objects.exists()
