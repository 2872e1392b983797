import pytest

from hearth.library.models import Document, DocumentRevision
from hearth.spaces.models import Visibility
from tests.conftest import ApiClient
from tests.factories import document_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader, slug="handbook")
    membership_make(space=space, user=member)
    return space, leader, member


def put(api: ApiClient, path: str, data: dict):
    return api.client.put(
        f"/api/v1{path}", data, content_type="application/json", headers=api.headers
    )


def test_create_and_read_carry_the_revision(setup):
    space, leader, member = setup
    api = ApiClient(member)
    response = api.post(
        "/spaces/handbook/documents",
        {
            "title": "Travel policy",
            "body": "# Travel\n\nBook early.",
            "status": "published",
            "tags": ["travel"],
            "review_on": "2027-06-01",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["revision"] == 1 and body["tags"] == ["travel"]
    assert "<h1>Travel</h1>" in body["body_html"]
    got = api.get(f"/documents/{body['id']}").json()
    assert got["revision"] == 1 and got["space"] == "handbook"
    listed = api.get("/spaces/handbook/documents").json()
    assert listed["count"] == 1 and listed["items"][0]["revision"] == 1


def test_put_with_current_base_saves_a_revision(setup):
    space, leader, member = setup
    document = document_make(space=space, owner=member, body="a\n")
    response = put(
        ApiClient(leader),
        f"/documents/{document.pk}",
        {"base_revision": 1, "title": document.title, "body": "a\nb\n"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["revision"] == 2


def test_put_with_stale_base_is_409_with_the_current_revision(setup):
    space, leader, member = setup
    document = document_make(space=space, owner=member, body="a\n")
    put(
        ApiClient(leader),
        f"/documents/{document.pk}",
        {"base_revision": 1, "title": document.title, "body": "theirs\n"},
    )
    response = put(
        ApiClient(member),
        f"/documents/{document.pk}",
        {"base_revision": 1, "title": document.title, "body": "mine\n"},
    )
    assert response.status_code == 409
    body = response.json()
    assert body["revision"]["number"] == 2 and body["revision"]["body"] == "theirs\n"
    assert "revision 2" in body["detail"]
    assert Document.objects.get(pk=document.pk).body == "theirs\n"


@pytest.mark.parametrize(
    "payload,status",
    [
        ({"title": "Fine title", "body": "x"}, 422),  # no base_revision
        ({"base_revision": "one", "title": "Fine title", "body": "x"}, 422),
        ({"base_revision": 1, "title": "", "body": "x"}, 400),
        ({"base_revision": 1, "title": "Fine title", "body": ""}, 400),
        ({"base_revision": 1, "title": "Fine title", "body": "x", "status": "secret"}, 422),
        ({"base_revision": 1, "title": "Fine title", "body": "x", "review_on": "soon"}, 400),
        ({"base_revision": 99, "title": "Fine title", "body": "x"}, 400),
    ],
)
def test_put_refuses_bad_input_with_a_message(setup, payload, status):
    space, leader, member = setup
    document = document_make(space=space, owner=member, body="keep\n")
    response = put(ApiClient(member), f"/documents/{document.pk}", payload)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert Document.objects.get(pk=document.pk).body == "keep\n"
    assert DocumentRevision.objects.filter(document=document).count() == 1


def test_put_by_an_outsider_is_403_and_changes_nothing(setup):
    space, leader, member = setup
    document = document_make(space=space, owner=member, body="keep\n")
    response = put(
        ApiClient(person_make()),
        f"/documents/{document.pk}",
        {"base_revision": 1, "title": document.title, "body": "vandal"},
    )
    assert response.status_code == 403
    assert Document.objects.get(pk=document.pk).body == "keep\n"


def test_private_space_document_is_404_for_outsiders():
    leader = person_make()
    space = space_make(leader=leader, visibility=Visibility.PRIVATE, slug="secret")
    document = document_make(space=space, owner=leader)
    api = ApiClient(person_make())
    assert api.get(f"/documents/{document.pk}").status_code == 404
    assert api.get("/spaces/secret/documents").status_code == 404
    assert api.get(f"/documents/{document.pk}/revisions").status_code == 404


def test_create_refuses_bad_input(setup):
    space, leader, member = setup
    api = ApiClient(member)
    assert api.post("/spaces/handbook/documents", {"title": "x", "body": "y"}).status_code == 400
    assert api.post("/spaces/handbook/documents", {"body": "y"}).status_code == 422
    assert (
        api.post(
            "/spaces/handbook/documents",
            {"title": "Good title", "body": "y", "collection": "missing"},
        ).status_code
        == 400
    )
    assert (
        api.post(
            "/spaces/handbook/documents", {"title": "Good title", "body": "y", "status": "official"}
        ).status_code
        == 403
    )
    assert not Document.objects.exists()


def test_revisions_diff_and_restore(setup):
    space, leader, member = setup
    document = document_make(space=space, owner=member, body="a\nb\n")
    api = ApiClient(member)
    put(
        api,
        f"/documents/{document.pk}",
        {"base_revision": 1, "title": document.title, "body": "a\nc\n"},
    )
    revisions = api.get(f"/documents/{document.pk}/revisions").json()
    assert revisions["count"] == 2
    assert [r["number"] for r in revisions["items"]] == [2, 1]
    assert api.get(f"/documents/{document.pk}/revisions/1").json()["body"] == "a\nb\n"
    assert api.get(f"/documents/{document.pk}/revisions/9").status_code == 404
    diff = api.get(f"/documents/{document.pk}/diff", **{"from": 1, "to": 2}).json()
    assert "-b\n+c\n" in diff["diff"]
    assert api.get(f"/documents/{document.pk}/diff", **{"from": 1, "to": 5}).status_code == 404
    assert api.get(f"/documents/{document.pk}/diff", **{"from": "x", "to": 2}).status_code == 422
    stale = api.post(f"/documents/{document.pk}/restore", {"number": 1, "base_revision": 1})
    assert stale.status_code == 409 and stale.json()["revision"]["number"] == 2
    restored = api.post(f"/documents/{document.pk}/restore", {"number": 1, "base_revision": 2})
    assert restored.status_code == 200 and restored.json()["revision"] == 3
    assert restored.json()["body"] == "a\nb\n"


def test_list_is_paginated_and_filtered(setup):
    space, leader, member = setup
    for n in range(3):
        document_make(space=space, owner=member, title=f"Doc number {n}")
    document_make(space=space, owner=member, title="A draft", status="draft")
    api = ApiClient(member)
    page = api.get("/spaces/handbook/documents", limit=2).json()
    assert page["count"] == 4 and len(page["items"]) == 2
    drafts = api.get("/spaces/handbook/documents", status="draft").json()
    assert [d["title"] for d in drafts["items"]] == ["A draft"]
    assert api.get("/spaces/handbook/documents", status="nonsense").status_code == 422
    # A draft is not listed for someone else in the space.
    other = person_make()
    membership_make(space=space, user=other)
    assert ApiClient(other).get("/spaces/handbook/documents").json()["count"] == 3


def test_openapi_lists_the_library_endpoints(setup):
    space, leader, member = setup
    from django.test import Client

    client = Client()
    client.force_login(member)
    schema = client.get("/api/v1/openapi.json").json()
    for path in [
        "/api/v1/spaces/{slug}/documents",
        "/api/v1/documents/{document_id}",
        "/api/v1/documents/{document_id}/revisions",
        "/api/v1/documents/{document_id}/diff",
    ]:
        assert path in schema["paths"]
    put_op = schema["paths"]["/api/v1/documents/{document_id}"]["put"]
    assert "409" in put_op["responses"]
