"""The stories API: the gallery and its totals, a space's stories, one story,
writing and promoting — through the policy, with JSON errors."""

import pytest

from hearth.stories.models import Story
from tests.conftest import ApiClient
from tests.factories import (
    conversation_make,
    membership_make,
    person_make,
    space_make,
    story_make,
)

pytestmark = pytest.mark.django_db

STORY = {
    "title": "Returns handled in one call",
    "body": "The checklist did it.",
    "outcome_kind": "customer_satisfaction",
    "hours_saved": 35,
    "money_saved": 1200,
    "currency": "GBP",
    "beneficiaries": "Customer service",
}


@pytest.fixture
def org():
    leader, member, outsider = person_make(), person_make(), person_make()
    open_space = space_make(slug="voice", leader=leader)
    hidden = space_make(slug="aurora", visibility="private", leader=leader)
    restricted = space_make(slug="finance", visibility="restricted", leader=leader)
    for space in (open_space, hidden, restricted):
        membership_make(space=space, user=member)
    return {
        "leader": leader,
        "member": member,
        "outsider": outsider,
        "open": open_space,
        "hidden": hidden,
        "restricted": restricted,
        "public": story_make(space=open_space, author=member, title="Public win", hours_saved=10),
        "secret": story_make(
            space=hidden,
            author=member,
            title="Secret win",
            outcome_kind="revenue",
            money_saved=99,
            currency="EUR",
        ),
    }


def test_gallery_and_totals_only_what_the_caller_may_read(org):
    member, outsider = ApiClient(org["member"]), ApiClient(org["outsider"])
    assert {s["title"] for s in member.get("/stories").json()["items"]} == {
        "Public win",
        "Secret win",
    }
    body = outsider.get("/stories")
    assert [s["title"] for s in body.json()["items"]] == ["Public win"]
    assert b"Secret win" not in body.content
    assert outsider.get("/stories/totals").json() == {"count": 1, "hours_saved": 10.0, "money": {}}
    totals = member.get("/stories/totals").json()
    assert totals["count"] == 2 and totals["money"] == {"EUR": 99.0}
    assert [s["title"] for s in member.get("/stories", kind="revenue").json()["items"]] == [
        "Secret win"
    ]
    assert member.get("/stories", space="voice").json()["count"] == 1
    error = member.get("/stories", kind="luck")
    assert error.status_code == 400 and "kind" in error.json()["detail"]


def test_one_story_and_a_space_list_follow_the_space(org):
    outsider, member = ApiClient(org["outsider"]), ApiClient(org["member"])
    assert outsider.get(f"/stories/{org['secret'].pk}").status_code == 404
    assert outsider.get("/stories/987654").json() == {"detail": "No such story."}
    assert member.get(f"/stories/{org['secret'].pk}").json()["money_saved"] == "99.00"
    assert outsider.get("/spaces/aurora/stories").status_code == 404
    assert outsider.get("/spaces/finance/stories").status_code == 403
    assert member.get("/spaces/aurora/stories").json()["items"][0]["title"] == "Secret win"


def test_write_a_story_and_get_its_id(org):
    response = ApiClient(org["member"]).post("/spaces/finance/stories", STORY)
    assert response.status_code == 201
    story = Story.objects.get(pk=response.json()["id"])
    assert story.space == org["restricted"] and str(story.money_saved) == "1200.00"


@pytest.mark.parametrize(
    "changes, status",
    [
        ({"hours_saved": -1}, 400),
        ({"money_saved": 10**12}, 400),
        ({"outcome_kind": "x"}, 400),
        ({"title": "t" * 300}, 400),
        ({"currency": ""}, 400),
        ({"hours_saved": "many"}, 422),
        ({"title": None}, 422),
    ],
)
def test_bad_input_is_refused_in_json(org, changes, status):
    response = ApiClient(org["member"]).post("/spaces/voice/stories", {**STORY, **changes})
    assert response.status_code == status and response.json()["detail"]
    assert not Story.objects.filter(title=STORY["title"]).exists()


def test_outsiders_cannot_write(org):
    outsider = ApiClient(org["outsider"])
    assert outsider.post("/spaces/finance/stories", STORY).status_code == 403
    assert outsider.post("/spaces/aurora/stories", STORY).status_code == 404
    assert outsider.post("/spaces/nowhere/stories", STORY).status_code == 404
    assert not Story.objects.filter(title=STORY["title"]).exists()


def test_promote_once_by_a_moderator(org):
    conversation = conversation_make(space=org["restricted"], author=org["member"])
    assert (
        ApiClient(org["member"])
        .post(f"/conversations/{conversation.pk}/promote", STORY)
        .status_code
        == 403
    )
    assert (
        ApiClient(org["outsider"])
        .post(f"/conversations/{conversation.pk}/promote", STORY)
        .status_code
        == 403
    )
    leader = ApiClient(org["leader"])
    response = leader.post(f"/conversations/{conversation.pk}/promote", STORY)
    assert response.status_code == 201
    assert response.json()["source_conversation_id"] == conversation.pk
    again = leader.post(f"/conversations/{conversation.pk}/promote", STORY)
    assert again.status_code == 409 and "already" in again.json()["detail"]
    assert leader.post("/conversations/999999/promote", STORY).status_code == 404
    assert Story.objects.filter(source_conversation=conversation).count() == 1


def test_edit_through_the_api(org):
    story = org["public"]
    assert (
        ApiClient(org["outsider"])
        .client.put(
            f"/api/v1/stories/{story.pk}",
            STORY,
            content_type="application/json",
            headers=ApiClient(org["outsider"]).headers,
        )
        .status_code
        == 403
    )
    leader = ApiClient(org["leader"])
    response = leader.client.put(
        f"/api/v1/stories/{story.pk}",
        STORY,
        content_type="application/json",
        headers=leader.headers,
    )
    assert response.status_code == 200 and response.json()["title"] == STORY["title"]


def test_the_endpoints_are_in_the_openapi_document(org):
    from django.test import Client

    client = Client()
    client.force_login(org["member"])
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/stories",
        "/api/v1/stories/{story_id}",
        "/api/v1/stories/totals",
        "/api/v1/spaces/{slug}/stories",
        "/api/v1/conversations/{conversation_id}/promote",
    ):
        assert path in paths


def test_marking_a_business_outcome_through_the_api(org):
    from hearth.core.models import AuditEntry
    from hearth.stories.models import BusinessOutcome

    conversation = conversation_make(
        space=org["hidden"], author=org["member"], title="Hush-hush month end"
    )
    url = f"/conversations/{conversation.pk}/business-outcome"
    leader, member, outsider = (ApiClient(org[k]) for k in ("leader", "member", "outsider"))
    assert outsider.post(url, {"note": "Mine"}).status_code == 404  # a private space
    assert member.post(url, {"note": "Mine"}).status_code == 403  # not a facilitator
    assert leader.post(url, {"note": "x" * 1000}).status_code == 400
    assert not BusinessOutcome.objects.exists()
    marked = leader.post(url, {"note": "Cut the month-end close by a day"})
    assert marked.status_code == 201 and marked.json()["conversation_id"] == conversation.pk
    assert leader.post(url, {"note": "Again"}).status_code == 409
    unmark = leader.client.delete(f"/api/v1{url}", headers=leader.headers)
    assert unmark.status_code == 204 and not BusinessOutcome.objects.exists()
    assert leader.client.delete(f"/api/v1{url}", headers=leader.headers).status_code == 409
    assert AuditEntry.objects.filter(action__startswith="story.outcome", via="api").count() == 2
