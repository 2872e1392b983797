"""Bad input for the people and spaces endpoints not covered elsewhere: wrong types,
unknown choices, over-long fields and over-large pages are refused with a message
(JSON `detail`), and nothing changes."""

import pytest

from hearth.spaces.models import AccessRequest, Membership
from tests.conftest import ApiClient
from tests.factories import (
    access_request_make,
    membership_make,
    person_make,
    space_make,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, params",
    [
        ("/people", {"limit": "abc"}),
        ("/people", {"offset": -1}),
        ("/spaces", {"visibility": "secret"}),
        ("/spaces", {"mine": "maybe"}),
        ("/spaces", {"limit": "ten"}),
    ],
)
def test_list_filters_of_the_wrong_type_are_422_with_a_message(path, params):
    response = ApiClient(person_make()).get(path, **params)
    assert response.status_code == 422 and response.json()["detail"].startswith("Invalid input")


def test_a_role_that_does_not_exist_is_refused_when_listing_members():
    space = space_make(leader=person_make())
    response = ApiClient(person_make()).get(f"/spaces/{space.slug}/members", role="boss")
    assert response.status_code == 422 and "role" in response.json()["detail"]
    body = ApiClient(person_make()).get(f"/spaces/{space.slug}/members", role="leader").json()
    assert body["count"] == 1


def test_no_page_is_larger_than_the_maximum_and_a_larger_limit_is_explained():
    viewer = person_make()
    for _ in range(105):
        person_make()
    space = space_make(leader=viewer)
    client = ApiClient(viewer)
    body = client.get("/people", limit=100).json()
    assert body["count"] == 106 and len(body["items"]) == 100
    for path in (
        "/people",
        "/spaces",
        f"/spaces/{space.slug}/members",
        f"/spaces/{space.slug}/requests",
    ):
        response = client.get(path, limit=100_000)
        assert response.status_code == 422, path
        assert "less than or equal to 100" in response.json()["detail"], path


def test_join_and_decisions_refuse_bad_payloads_and_change_nothing():
    leader, member, person = person_make(), person_make(), person_make()
    space = space_make(visibility="restricted", leader=leader)
    membership_make(space=space, user=member)
    client = ApiClient(person)
    for payload in ({"message": 5}, {"message": "m" * 1001}):
        response = client.post(f"/spaces/{space.slug}/join", payload)
        assert response.status_code == 422 and response.json()["detail"]
    assert not AccessRequest.objects.exists()
    request = access_request_make(space=space, user=person)
    base = f"/spaces/{space.slug}/requests"
    response = ApiClient(leader).post(f"{base}/{request.pk}/approve", {"note": "n" * 501})
    assert response.status_code == 422
    assert ApiClient(leader).post(f"{base}/abc/approve").status_code == 422
    denied = ApiClient(member).post(f"{base}/{request.pk}/approve")
    assert denied.status_code == 403 and denied.json()["detail"]
    request.refresh_from_db()
    assert request.status == "pending"
    assert not Membership.objects.filter(user=person).exists()


def test_requests_of_a_private_space_are_404_for_outsiders():
    space = space_make(visibility="private", leader=person_make())
    response = ApiClient(person_make()).get(f"/spaces/{space.slug}/requests")
    assert response.status_code == 404 and response.json()["detail"]
