"""The API: token auth, people and spaces endpoints, errors as JSON."""

import pytest
from django.core.management import call_command

from hearth.core.models import AuditEntry
from hearth.spaces.models import AccessRequest, Membership, Space
from tests.conftest import ApiClient
from tests.factories import (
    access_request_make,
    business_unit_make,
    country_make,
    membership_make,
    person_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def test_requests_without_a_valid_token_are_refused_with_json():
    from django.test import Client

    response = Client().get("/api/v1/me")
    assert response.status_code == 401 and "Bearer" in response.json()["detail"]
    response = Client().get("/api/v1/me", headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401


def test_token_command_prints_a_working_token(capsys):
    person = person_make(username="nadia")
    call_command("token", "create", "nadia")
    raw = capsys.readouterr().out.strip()
    from django.test import Client

    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.json()["username"] == person.username


def test_openapi_document_lists_the_endpoints():
    from django.test import Client

    client = Client()
    client.force_login(person_make())
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/me",
        "/api/v1/people",
        "/api/v1/people/{username}",
        "/api/v1/spaces",
        "/api/v1/spaces/{slug}",
        "/api/v1/spaces/{slug}/join",
        "/api/v1/spaces/{slug}/members",
        "/api/v1/spaces/{slug}/requests",
        "/api/v1/spaces/{slug}/requests/{request_id}/approve",
        "/api/v1/spaces/{slug}/requests/{request_id}/deny",
    ):
        assert path in paths, path


def test_admin_creates_people_and_others_cannot():
    business_unit_make(slug="ops")
    country_make(code="FR")
    admin = ApiClient(person_make(org_role="admin"))
    response = admin.post(
        "/people",
        {
            "username": "jdoe",
            "email": "jdoe@example.org",
            "display_name": "Jane Doe",
            "business_unit": "ops",
            "country": "fr",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"] and body["business_unit"]["slug"] == "ops"
    assert AuditEntry.objects.filter(action="person.create", via="api").exists()
    response = ApiClient(person_make()).post(
        "/people", {"username": "x1", "email": "x@e.org", "display_name": "X"}
    )
    assert response.status_code == 403 and "admins" in response.json()["detail"]


@pytest.mark.parametrize(
    "payload, status, field",
    [
        (
            {"username": "jdoe", "email": "other@example.org", "display_name": "Dup"},
            409,
            "username",
        ),
        ({"username": "new1", "email": "not-an-email", "display_name": "N"}, 400, "email"),
        ({"username": "Bad Name!", "email": "b@example.org", "display_name": "N"}, 400, "username"),
        (
            {
                "username": "new2",
                "email": "n2@example.org",
                "display_name": "N",
                "business_unit": "nowhere",
            },
            400,
            "business_unit",
        ),
        (
            {"username": "new3", "email": "n3@example.org", "display_name": "N", "country": "ZZ"},
            400,
            "country",
        ),
    ],
)
def test_create_person_bad_input(payload, status, field):
    person_make(username="jdoe")
    admin = ApiClient(person_make(org_role="admin"))
    response = admin.post("/people", payload)
    assert response.status_code == status
    assert response.json()["field"] == field and response.json()["detail"]


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"username": 5},
        {"username": "a", "email": "b"},
        {"username": "x" * 41, "email": "a@b.c", "display_name": "x"},
    ],
)
def test_create_person_malformed_payload_is_422_with_a_message(payload):
    response = ApiClient(person_make(org_role="admin")).post("/people", payload)
    assert response.status_code == 422 and response.json()["detail"].startswith("Invalid input")


def test_people_list_is_paginated_and_filtered():
    for _ in range(5):
        person_make()
    response = ApiClient(person_make()).get("/people", limit=2)
    body = response.json()
    assert body["count"] == 6 and len(body["items"]) == 2
    assert ApiClient(person_make()).get("/people/nobody").status_code == 404


def test_create_space_and_get_it_back():
    client = ApiClient(person_make())
    response = client.post("/spaces", {"name": "Data Guild", "visibility": "restricted"})
    assert response.status_code == 201
    body = response.json()
    assert body["id"] and body["slug"] == "data-guild" and body["my_role"] == "leader"
    assert client.get("/spaces/data-guild").json()["name"] == "Data Guild"
    taken = client.post("/spaces", {"name": "Data Guild"})
    assert taken.status_code == 409 and taken.json()["field"] == "slug"
    bad = client.post("/spaces", {"name": "X", "visibility": "secret"})
    assert bad.status_code == 400 and bad.json()["field"] == "visibility"
    assert client.post("/spaces", {"name": ""}).status_code == 422
    assert Space.objects.count() == 1


def test_private_space_is_404_and_unlisted_for_outsiders_in_the_api():
    space = space_make(visibility="private", leader=person_make(), name="Falcon")
    client = ApiClient(person_make())
    assert client.get(f"/spaces/{space.slug}").status_code == 404
    assert client.get(f"/spaces/{space.slug}/members").status_code == 404
    assert client.post(f"/spaces/{space.slug}/join").status_code == 404
    assert "Falcon" not in client.get("/spaces").content.decode()


def test_join_open_space_and_request_restricted_space_through_the_api():
    open_space = space_make(leader=person_make())
    leader = person_make()
    restricted = space_make(visibility="restricted", leader=leader)
    person = person_make()
    client = ApiClient(person)
    assert client.post(f"/spaces/{open_space.slug}/join").json()["status"] == "member"
    response = client.post(f"/spaces/{restricted.slug}/join", {"message": "Hello"})
    assert response.status_code == 202 and response.json()["status"] == "requested"
    assert client.get(f"/spaces/{restricted.slug}/members").status_code == 403
    assert client.post(f"/spaces/{restricted.slug}/join").status_code == 409

    leader_client = ApiClient(leader)
    requests = leader_client.get(f"/spaces/{restricted.slug}/requests").json()
    assert requests["count"] == 1
    request_id = requests["items"][0]["id"]
    assert client.get(f"/spaces/{restricted.slug}/requests").status_code == 403
    approved = leader_client.post(f"/spaces/{restricted.slug}/requests/{request_id}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert client.get(f"/spaces/{restricted.slug}/members").json()["count"] == 2
    again = leader_client.post(f"/spaces/{restricted.slug}/requests/{request_id}/deny")
    assert again.status_code == 409


def test_deny_through_the_api_and_unknown_request_is_404():
    leader = person_make()
    space = space_make(visibility="restricted", leader=leader)
    request = access_request_make(space=space, user=person_make())
    client = ApiClient(leader)
    assert client.post(f"/spaces/{space.slug}/requests/999999/approve").status_code == 404
    response = client.post(f"/spaces/{space.slug}/requests/{request.pk}/deny", {"note": "Sorry"})
    assert response.json()["status"] == "denied"
    assert AccessRequest.objects.get(pk=request.pk).decision_note == "Sorry"


def test_leaders_add_members_with_a_role_and_others_cannot():
    leader, member = person_make(), person_make()
    space = space_make(visibility="private", leader=leader)
    membership_make(space=space, user=member)
    target = person_make(username="newbie")
    response = ApiClient(leader).post(
        f"/spaces/{space.slug}/members", {"username": "newbie", "role": "champion"}
    )
    assert response.status_code == 201 and response.json()["role"] == "champion"
    assert response.json()["id"]
    for payload, status in (
        ({"username": "ghost"}, 400),
        ({"username": "newbie"}, 409),
        ({"username": target.username, "role": "boss"}, 400),
    ):
        assert (
            ApiClient(leader).post(f"/spaces/{space.slug}/members", payload).status_code == status
        )
    other = person_make()
    denied = ApiClient(member).post(f"/spaces/{space.slug}/members", {"username": other.username})
    assert denied.status_code == 403
    assert not Membership.objects.filter(user=other).exists()


def test_api_list_queries_do_not_grow_with_data(django_assert_max_num_queries):
    viewer = person_make()
    client = ApiClient(viewer)
    for _ in range(20):
        space = space_make(leader=person_make())
        membership_make(space=space, user=viewer)
    with django_assert_max_num_queries(6):
        assert client.get("/spaces", limit=50).json()["count"] == 20
    with django_assert_max_num_queries(6):
        client.get(f"/spaces/{space.slug}/members")
