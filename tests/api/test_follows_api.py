"""The API for follows, a space's suggested tags, who liked a post and marking some
notifications read: the same policy as the pages, bad input refused with a message."""

import json

import pytest
from django.test import Client

from hearth.conversations import services
from hearth.conversations.models import Follow, SuggestedTag
from hearth.core.models import AuditEntry
from hearth.notifications.models import Notification
from hearth.notifications.services import notification_send
from tests.conftest import ApiClient, actor_of
from tests.factories import (
    conversation_make,
    membership_make,
    person_make,
    reply_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def call(client: ApiClient, method: str, path: str, data=None):
    return getattr(client.client, method)(
        f"/api/v1{path}",
        json.dumps(data) if data is not None else "",
        content_type="application/json",
        headers=client.headers,
    )


@pytest.fixture
def world():
    leader, facilitator, member = person_make(), person_make(), person_make()
    space = space_make(leader=leader, visibility="restricted", name="Finance Circle")
    membership_make(space=space, user=facilitator, role="facilitator")
    membership_make(space=space, user=member)
    conversation = conversation_make(
        space=space, author=leader, title="Close the books", tags=["month-end"]
    )
    reply = reply_make(conversation=conversation, author=member)
    private = space_make(leader=person_make(), visibility="private")
    return {
        "leader": leader,
        "facilitator": facilitator,
        "member": member,
        "space": space,
        "conversation": conversation,
        "reply": reply,
        "private": private,
    }


def test_openapi_lists_the_follow_tag_and_likers_endpoints():
    client = Client()
    client.force_login(person_make())
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, methods in {
        "/api/v1/following": {"get"},
        "/api/v1/spaces/{slug}/follow": {"put", "delete"},
        "/api/v1/conversations/{conversation_id}/follow": {"put", "delete"},
        "/api/v1/tags/{slug}/follow": {"put", "delete"},
        "/api/v1/spaces/{slug}/tags": {"get", "put"},
        "/api/v1/conversations/{conversation_id}/likes": {"get"},
        "/api/v1/replies/{reply_id}/likes": {"get"},
        "/api/v1/notifications/read": {"post"},
    }.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path


def test_the_endpoints_need_a_token(world):
    for path in (
        "/api/v1/following",
        f"/api/v1/spaces/{world['space'].slug}/tags",
        f"/api/v1/conversations/{world['conversation'].pk}/likes",
    ):
        assert Client().get(path).status_code == 401


def test_follow_a_space_a_conversation_and_a_tag_then_list_and_unfollow(world):
    member, space = world["member"], world["space"]
    client = ApiClient(member)
    response = call(client, "put", f"/spaces/{space.slug}/follow", {"level": "watching"})
    assert response.status_code == 200
    assert response.json() | {"id": 0} == {
        "id": 0,
        "kind": "space",
        "target": space.slug,
        "title": "Finance Circle",
        "level": "watching",
    }
    assert (
        call(
            client, "put", f"/conversations/{world['conversation'].pk}/follow", {"level": "muted"}
        ).json()["level"]
        == "muted"
    )
    assert (
        call(client, "put", "/tags/month-end/follow", {"level": "normal"}).json()["title"]
        == "#month-end"
    )
    assert client.get("/following").json()["items"][0]["target"] == space.slug
    body = client.get("/following", kind="conversation", limit=1).json()
    assert body["count"] == 1 and body["items"][0]["level"] == "muted"
    assert client.get("/following", kind="tag").json()["items"][0]["target"] == "month-end"
    for path in (
        f"/spaces/{space.slug}/follow",
        "/tags/month-end/follow",
        f"/conversations/{world['conversation'].pk}/follow",
    ):
        assert call(client, "delete", path).status_code == 204
    assert not Follow.objects.filter(user=member).exists()


@pytest.mark.parametrize("payload", [{}, {"level": "loud"}, {"level": 3}, {"level": None}])
def test_bad_follow_levels_are_422_and_change_nothing(world, payload):
    client = ApiClient(world["member"])
    response = call(client, "put", f"/spaces/{world['space'].slug}/follow", payload)
    assert response.status_code == 422 and "level" in response.json()["detail"]
    assert not Follow.objects.filter(space__isnull=False).exists()
    assert client.get("/following", kind="people").status_code == 422


def test_follows_respect_the_policy_and_unknown_things_are_404(world):
    someone = person_make()
    outsider = ApiClient(someone)
    response = call(outsider, "put", f"/spaces/{world['space'].slug}/follow", {"level": "normal"})
    assert response.status_code == 403 and response.json()["detail"]
    for path in (
        f"/spaces/{world['private'].slug}/follow",
        "/spaces/nope/follow",
        "/conversations/999999/follow",
        "/tags/no-such-tag/follow",
    ):
        response = call(outsider, "put", path, {"level": "normal"})
        assert response.status_code == 404 and response.json()["detail"], path
    assert (
        call(
            outsider,
            "put",
            f"/conversations/{world['conversation'].pk}/follow",
            {"level": "normal"},
        ).status_code
        == 403
    )
    assert not Follow.objects.filter(user=someone).exists()


def test_suggested_tags_read_by_readers_and_set_by_leaders_and_facilitators(world):
    space = world["space"]
    path = f"/spaces/{space.slug}/tags"
    assert ApiClient(world["member"]).get(path).json() == {
        "curated": [],
        "suggested": ["month-end"],
    }
    response = call(ApiClient(world["facilitator"]), "put", path, {"tags": ["Budget", "travel"]})
    assert response.status_code == 200
    assert response.json() == {
        "curated": ["budget", "travel"],
        "suggested": ["budget", "travel", "month-end"],
    }
    assert AuditEntry.objects.get(action="space.tags_suggested").via == "api"


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"tags": [f"t{i}" for i in range(21)]}, 400),
        ({"tags": ["!!!"]}, 400),
        ({"tags": "budget"}, 422),
        ({}, 422),
        ({"tags": [1, 2]}, 422),
    ],
)
def test_bad_suggested_tags_are_refused_and_change_nothing(world, payload, status):
    response = call(
        ApiClient(world["leader"]), "put", f"/spaces/{world['space'].slug}/tags", payload
    )
    assert response.status_code == status and response.json()["detail"]
    assert not SuggestedTag.objects.exists()


def test_suggested_tags_refuse_members_and_outsiders(world):
    path = f"/spaces/{world['space'].slug}/tags"
    assert call(ApiClient(world["member"]), "put", path, {"tags": ["x"]}).status_code == 403
    outsider = ApiClient(person_make())
    assert outsider.get(path).status_code == 403
    assert outsider.get(f"/spaces/{world['private'].slug}/tags").status_code == 404
    assert not SuggestedTag.objects.exists()


def test_who_liked_paginated_and_through_the_policy(world):
    conversation, reply = world["conversation"], world["reply"]
    for who in ("member", "facilitator"):
        services.like_add(actor=actor_of(world[who]), conversation=conversation)
    services.like_add(actor=actor_of(world["leader"]), reply=reply)
    client = ApiClient(world["member"])
    body = client.get(f"/conversations/{conversation.pk}/likes", limit=1).json()
    assert body["count"] == 2
    assert body["items"][0]["user"]["username"] == world["facilitator"].username
    assert "liked_at" in body["items"][0]
    body = client.get(f"/replies/{reply.pk}/likes").json()
    assert [i["user"]["username"] for i in body["items"]] == [world["leader"].username]
    outsider = ApiClient(person_make())
    assert outsider.get(f"/conversations/{conversation.pk}/likes").status_code == 403
    assert outsider.get("/replies/999999/likes").status_code == 404
    assert client.get(f"/replies/{reply.pk}/likes", limit="many").status_code == 422


def test_mark_some_notifications_read_by_id(world):
    person = world["member"]
    first = notification_send(recipient=person, kind="invited", space=space_make(), text="One")
    second = notification_send(recipient=person, kind="invited", space=space_make(), text="Two")
    others = notification_send(
        recipient=world["leader"], kind="invited", space=space_make(), text="Theirs"
    )
    client = ApiClient(person)
    assert client.post("/notifications/read", {"ids": [first.pk, others.pk]}).json() == {
        "marked": 1
    }
    assert Notification.objects.get(pk=second.pk).read_at is None
    assert Notification.objects.get(pk=others.pk).read_at is None
    person.refresh_from_db()
    assert person.unread_notifications == 1
    response = client.post("/notifications/read", {"ids": []})
    assert response.status_code == 400 and response.json()["field"] == "ids"
    assert client.post("/notifications/read", {"ids": ["x"]}).status_code == 422
    assert Notification.objects.get(pk=second.pk).read_at is None
