"""Polls API: create, vote, change, close; bad input and rights; counts only."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from hearth.polls.models import Ballot, Poll
from tests.conftest import ApiClient
from tests.factories import membership_make, person_make, poll_make, space_make

pytestmark = pytest.mark.django_db


def test_create_vote_change_and_read_results():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    api = ApiClient(leader)
    response = api.post(
        f"/spaces/{space.slug}/polls",
        {"question": "Which day for the retro?", "options": ["Mon", "Fri"], "anonymous": True},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["voter_count"] == 0 and [o["label"] for o in body["options"]] == ["Mon", "Fri"]
    mon, fri = (o["id"] for o in body["options"])
    voter = ApiClient(member)
    assert voter.post(f"/polls/{body['id']}/vote", {"options": [mon]}).status_code == 200
    response = voter.post(f"/polls/{body['id']}/vote", {"options": [fri]})
    assert response.status_code == 200
    assert response.json()["my_choices"] == [fri]
    assert [o["votes"] for o in response.json()["options"]] == [0, 1]
    assert "voters" not in str(response.json())
    listing = api.get(f"/spaces/{space.slug}/polls", limit=10).json()
    assert listing["count"] == 1 and listing["items"][0]["voter_count"] == 1


def test_a_vote_on_a_closed_poll_is_refused_with_409_and_nothing_changes():
    leader = person_make()
    poll = poll_make(
        space=space_make(leader=leader),
        author=leader,
        closes_at=timezone.now() + timedelta(minutes=5),
    )
    api = ApiClient(leader)
    option = poll.options.first().pk
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        response = api.post(f"/polls/{poll.pk}/vote", {"options": [option]})
        assert response.status_code == 409 and "closed" in response.json()["detail"]
        assert api.get(f"/polls/{poll.pk}").json()["closed"] is True
    assert not Ballot.objects.exists()


def test_bad_input_unknown_ids_and_no_rights():
    leader = person_make()
    space = space_make(leader=leader)
    private = space_make(visibility="private", leader=leader)
    poll = poll_make(space=space, author=leader)
    hidden = poll_make(space=private, author=leader)
    api, outsider = ApiClient(leader), ApiClient(person_make())
    assert (
        api.post(
            f"/spaces/{space.slug}/polls", {"question": "Which?", "options": ["One"]}
        ).status_code
        == 400
    )
    assert api.post(f"/spaces/{space.slug}/polls", {"question": 5}).status_code == 422
    assert (
        api.post(
            f"/spaces/{space.slug}/polls",
            {"question": "Which day?", "options": ["A", "B"], "conversation_id": 999999},
        ).json()["field"]
        == "conversation_id"
    )
    response = api.post(f"/polls/{poll.pk}/vote", {"options": [999999]})
    assert response.status_code == 400 and response.json()["field"] == "options"
    assert api.post("/polls/999999/vote", {"options": [1]}).status_code == 404
    assert api.get("/polls/999999").status_code == 404
    assert outsider.get(f"/polls/{hidden.pk}").status_code == 404
    assert (
        outsider.post(
            f"/polls/{hidden.pk}/vote", {"options": [hidden.options.first().pk]}
        ).status_code
        == 404
    )
    response = outsider.post(f"/polls/{poll.pk}/vote", {"options": [poll.options.first().pk]})
    assert response.status_code == 403
    assert outsider.post(f"/polls/{poll.pk}/close").status_code == 403
    assert (
        outsider.post(
            f"/spaces/{space.slug}/polls", {"question": "Which day?", "options": ["A", "B"]}
        ).status_code
        == 403
    )
    assert Poll.objects.count() == 2 and not Ballot.objects.exists()


def test_polls_are_in_the_openapi_document():
    paths = ApiClient(person_make()).client
    leader = person_make()
    paths.force_login(leader)
    schema = paths.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/spaces/{slug}/polls",
        "/api/v1/polls/{poll_id}/vote",
        "/api/v1/spaces/{slug}/ideas",
        "/api/v1/ideas/{idea_id}/status",
        "/api/v1/spaces/{slug}/events",
        "/api/v1/events/{event_id}/rsvp",
    ):
        assert path in schema, path
