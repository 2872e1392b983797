"""The conversations API: conversations, replies, answers, likes, the feed,
unanswered questions and notifications, with the space's policy on every one."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.conversations import services
from hearth.conversations.models import Conversation, Like, Reply
from hearth.conversations.selectors import tag_get
from hearth.notifications.models import Notification
from hearth.notifications.services import notification_send
from hearth.spaces.services import space_leave, space_update
from tests.conftest import ApiClient, actor_of
from tests.factories import (
    conversation_make,
    membership_make,
    person_make,
    reply_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def delete(client: ApiClient, path: str):
    return client.client.delete(f"/api/v1{path}", headers=client.headers)


def post_raw(client: ApiClient, path: str, raw: str):
    return client.client.post(
        f"/api/v1{path}", raw, content_type="application/json", headers=client.headers
    )


def member_of(space, **fields):
    person = person_make(**fields)
    membership_make(space=space, user=person)
    return person


def question_with_reply(*, space=None):
    """An asked question with one reply: (question, reply, asker, replier)."""
    space = space or space_make(leader=person_make())
    asker, replier = member_of(space), member_of(space)
    question = conversation_make(
        space=space, author=asker, kind="question", title="How do we close the books faster?"
    )
    return question, reply_make(conversation=question, author=replier), asker, replier


# -- The document and authentication ----------------------------------------------------


def test_openapi_document_lists_the_conversation_endpoints():
    client = Client()
    client.force_login(person_make())
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, methods in {
        "/api/v1/spaces/{slug}/conversations": {"get", "post"},
        "/api/v1/conversations/{conversation_id}": {"get"},
        "/api/v1/conversations/{conversation_id}/replies": {"get", "post"},
        "/api/v1/conversations/{conversation_id}/like": {"post", "delete"},
        "/api/v1/replies/{reply_id}/accept": {"post"},
        "/api/v1/replies/{reply_id}/like": {"post", "delete"},
        "/api/v1/feed": {"get"},
        "/api/v1/questions/unanswered": {"get"},
        "/api/v1/notifications": {"get"},
        "/api/v1/notifications/read": {"post"},
    }.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path
    # The space endpoints are still there beside the conversations mounted on /spaces.
    assert "/api/v1/spaces/{slug}" in paths


def test_conversation_endpoints_need_a_token():
    conversation = conversation_make(space=space_make(), author=person_make())
    for path in (
        f"/api/v1/conversations/{conversation.pk}",
        "/api/v1/feed",
        "/api/v1/notifications",
        "/api/v1/questions/unanswered",
    ):
        response = Client().get(path)
        assert response.status_code == 401 and "Bearer" in response.json()["detail"]


# -- Starting a conversation ---------------------------------------------------------------


def test_start_a_question_and_read_it_back():
    space = space_make(leader=person_make(), slug="finance")
    author = member_of(space, username="amira")
    client = ApiClient(author)
    response = client.post(
        "/spaces/finance/conversations",
        {
            "kind": "question",
            "title": "How do we close the books faster?",
            "body": "We take **ten days**. Ideas?",
            "tags": ["Month End", "close", "close"],
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["id"] and created["unreachable_mentions"] == []
    assert created["tags"] == ["close", "month-end"]

    body = client.get(f"/conversations/{created['id']}").json()
    assert body["title"] == "How do we close the books faster?"
    assert body["kind"] == "question" and body["space"] == "finance"
    assert body["body"] == "We take **ten days**. Ideas?"
    assert "<strong>ten days</strong>" in body["body_html"]
    assert body["author"]["username"] == "amira"
    assert body["created_at"] and body["tags"] == ["close", "month-end"]
    assert (body["reply_count"], body["like_count"], body["accepted_reply_id"]) == (0, 0, None)
    assert body["is_answered"] is False and body["removed"] is False
    assert body["liked_by_me"] is False


def test_a_body_of_exactly_the_limit_is_accepted():
    space = space_make(leader=person_make())
    client = ApiClient(member_of(space))
    response = client.post(
        f"/spaces/{space.slug}/conversations", {"title": "A long read", "body": "x" * 20_000}
    )
    assert response.status_code == 201 and response.json()["kind"] == "discussion"


@pytest.mark.parametrize(
    "fields, status, field",
    [
        ({"title": ""}, 400, "title"),
        ({"title": "Hey"}, 400, "title"),
        ({"title": "x" * 201}, 400, "title"),
        ({"body": ""}, 400, "body"),
        ({"body": "   \n "}, 400, "body"),
        ({"body": "x" * 20_001}, 400, "body"),
        ({"tags": [f"tag{i}" for i in range(9)]}, 400, "tags"),
        ({"tags": ["!!!"]}, 400, "tags"),
    ],
)
def test_start_a_conversation_with_bad_input_is_refused_and_creates_nothing(fields, status, field):
    space = space_make(leader=person_make())
    client = ApiClient(member_of(space))
    payload = {"kind": "discussion", "title": "Fine title", "body": "Fine body", **fields}
    response = client.post(f"/spaces/{space.slug}/conversations", payload)
    assert response.status_code == status
    assert response.json()["field"] == field and response.json()["detail"]
    assert not Conversation.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"title": "Fine title"},
        {"title": 5, "body": "Fine body"},
        {"title": "Fine title", "body": ["a", "list"]},
        {"title": "Fine title", "body": "Fine body", "kind": "rant"},
        {"title": "Fine title", "body": "Fine body", "tags": "a,b"},
        {"title": "Fine title", "body": "Fine body", "tags": [1, 2]},
    ],
)
def test_malformed_conversation_payload_is_422_with_a_message(payload):
    space = space_make(leader=person_make())
    response = ApiClient(member_of(space)).post(f"/spaces/{space.slug}/conversations", payload)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Invalid input")
    assert not Conversation.objects.exists()


def test_a_body_that_is_not_json_is_refused():
    space = space_make(leader=person_make())
    response = post_raw(
        ApiClient(member_of(space)),
        f"/spaces/{space.slug}/conversations",
        '{"title": "Fine title", "body": ',
    )
    assert response.status_code == 400 and response.json()["detail"]
    assert not Conversation.objects.exists()


def test_only_members_start_conversations():
    leader = person_make()
    open_space = space_make(leader=leader)
    restricted = space_make(visibility="restricted", leader=leader)
    private = space_make(visibility="private", leader=leader)
    client = ApiClient(person_make())
    payload = {"title": "Hello everyone", "body": "Hi"}
    response = client.post(f"/spaces/{open_space.slug}/conversations", payload)
    assert response.status_code == 403 and "Join this space" in response.json()["detail"]
    response = client.post(f"/spaces/{restricted.slug}/conversations", payload)
    assert response.status_code == 403 and "members" in response.json()["detail"]
    assert client.post(f"/spaces/{private.slug}/conversations", payload).status_code == 404
    assert client.post("/spaces/nowhere/conversations", payload).status_code == 404
    assert not Conversation.objects.exists()


def test_mentions_of_unknown_people_are_plain_text_and_non_members_are_reported():
    space = space_make(visibility="restricted", leader=person_make())
    author = member_of(space)
    inside = member_of(space, username="inside")
    outside = person_make(username="outside")
    response = ApiClient(author).post(
        f"/spaces/{space.slug}/conversations",
        {"title": "Budget review", "body": "Thoughts @inside, @outside and @ghost?"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["unreachable_mentions"] == ["outside"]
    assert 'href="/people/inside/"' in body["body_html"]
    assert "@ghost" in body["body_html"] and "/people/ghost/" not in body["body_html"]
    assert "/people/outside/" not in body["body_html"]
    assert Notification.objects.filter(recipient=inside, kind="mention").exists()
    assert not Notification.objects.filter(recipient=outside).exists()


# -- Listing a space's conversations ----------------------------------------------------------


def test_space_conversations_are_filtered_and_paginated():
    space = space_make(leader=person_make())
    author = member_of(space)
    discussion = conversation_make(space=space, author=author, tags=["budget"])
    question, reply, asker, _ = question_with_reply(space=space)
    services.reply_accept(actor=actor_of(asker), reply=reply)
    open_question = conversation_make(space=space, author=author, kind="question")
    removed = conversation_make(space=space, author=author)
    services.conversation_remove(actor=actor_of(author), conversation=removed)
    client = ApiClient(person_make())

    def ids(**params):
        body = client.get(f"/spaces/{space.slug}/conversations", **params).json()
        return {item["id"] for item in body["items"]}, body["count"]

    assert ids() == ({discussion.pk, question.pk, open_question.pk}, 3)
    assert ids(kind="question") == ({question.pk, open_question.pk}, 2)
    assert ids(tag="budget") == ({discussion.pk}, 1)
    assert ids(answered="true") == ({question.pk}, 1)
    assert ids(answered="false") == ({open_question.pk}, 1)
    page = client.get(f"/spaces/{space.slug}/conversations", limit=2, offset=2).json()
    assert page["count"] == 3 and len(page["items"]) == 1
    item = page["items"][0]
    assert "body" not in item and item["space"] == space.slug and "tags" in item
    assert client.get(f"/spaces/{space.slug}/conversations", kind="rant").status_code == 422
    assert client.get(f"/spaces/{space.slug}/conversations", limit=0).status_code == 422


# -- One conversation and its replies -------------------------------------------------------


def test_unknown_ids_are_404_with_a_message():
    client = ApiClient(person_make())
    for response in (
        client.get("/conversations/999999"),
        client.get("/conversations/999999/replies"),
        client.post("/conversations/999999/replies", {"body": "Hi"}),
        client.post("/conversations/999999/like"),
        delete(client, "/conversations/999999/like"),
        client.post("/replies/999999/accept"),
        client.post("/replies/999999/like"),
        delete(client, "/replies/999999/like"),
    ):
        assert response.status_code == 404 and response.json()["detail"]
    assert client.get("/conversations/not-a-number").status_code == 422


def test_reply_and_read_the_replies_oldest_first():
    question, first, asker, replier = question_with_reply()
    client = ApiClient(replier)
    response = client.post(
        f"/conversations/{question.pk}/replies", {"body": "And *also* this.", "reply_to": first.pk}
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["id"] and created["reply_to_id"] == first.pk
    assert "<em>also</em>" in created["body_html"] and created["unreachable_mentions"] == []
    third = reply_make(conversation=question, author=asker, body="Thanks!")

    body = ApiClient(asker).get(f"/conversations/{question.pk}/replies").json()
    assert body["count"] == 3
    assert [r["id"] for r in body["items"]] == [first.pk, created["id"], third.pk]
    item = body["items"][1]
    assert item["author"]["username"] == replier.username
    assert item["body"] == "And *also* this." and item["created_at"]
    assert (item["like_count"], item["liked_by_me"], item["is_accepted"], item["removed"]) == (
        0,
        False,
        False,
        False,
    )
    page = ApiClient(asker).get(f"/conversations/{question.pk}/replies", limit=1, offset=1).json()
    assert page["count"] == 3 and [r["id"] for r in page["items"]] == [created["id"]]
    assert ApiClient(asker).get(f"/conversations/{question.pk}").json()["reply_count"] == 3


@pytest.mark.parametrize(
    "payload, status, field",
    [
        ({"body": ""}, 400, "body"),
        ({"body": "  "}, 400, "body"),
        ({"body": "x" * 20_001}, 400, "body"),
    ],
)
def test_reply_with_bad_input_is_refused(payload, status, field):
    question, _, asker, _ = question_with_reply()
    response = ApiClient(asker).post(f"/conversations/{question.pk}/replies", payload)
    assert response.status_code == status and response.json()["field"] == field
    assert Reply.objects.filter(conversation=question).count() == 1


@pytest.mark.parametrize(
    "payload", [{}, {"body": 5}, {"body": "Hi", "reply_to": "first"}, {"body": None}]
)
def test_malformed_reply_payload_is_422(payload):
    question, _, asker, _ = question_with_reply()
    response = ApiClient(asker).post(f"/conversations/{question.pk}/replies", payload)
    assert response.status_code == 422 and response.json()["detail"].startswith("Invalid")


def test_reply_to_a_reply_of_another_conversation_is_refused():
    question, reply, asker, _ = question_with_reply()
    other = conversation_make(space=question.space, author=asker)
    response = ApiClient(asker).post(
        f"/conversations/{other.pk}/replies", {"body": "Yes", "reply_to": reply.pk}
    )
    assert response.status_code == 400 and response.json()["field"] == "reply_to"
    assert not Reply.objects.filter(conversation=other).exists()


def test_replying_needs_membership_and_a_private_space_is_not_found():
    leader = person_make()
    open_conversation = conversation_make(space=space_make(leader=leader), author=leader)
    private_conversation = conversation_make(
        space=space_make(visibility="private", leader=leader), author=leader
    )
    client = ApiClient(person_make())
    response = client.post(f"/conversations/{open_conversation.pk}/replies", {"body": "Hi"})
    assert response.status_code == 403
    assert response.json()["detail"] == "Join this space to take part in its conversations."
    response = client.post(f"/conversations/{private_conversation.pk}/replies", {"body": "Hi"})
    assert response.status_code == 404
    assert not Reply.objects.exists()


def test_replying_mentions_a_non_member_reports_them_and_does_not_notify():
    space = space_make(visibility="restricted", leader=person_make())
    author = member_of(space)
    conversation = conversation_make(space=space, author=author)
    stranger = person_make(username="stranger")
    response = ApiClient(member_of(space)).post(
        f"/conversations/{conversation.pk}/replies", {"body": "Ask @stranger or @nobody."}
    )
    assert response.status_code == 201
    assert response.json()["unreachable_mentions"] == ["stranger"]
    assert not Notification.objects.filter(recipient=stranger).exists()


def test_a_removed_conversation_and_reply_keep_their_place_without_their_body():
    question, reply, asker, replier = question_with_reply()
    services.reply_remove(actor=actor_of(replier), reply=reply)
    services.conversation_remove(actor=actor_of(asker), conversation=question)
    client = ApiClient(person_make())
    body = client.get(f"/conversations/{question.pk}").json()
    assert body["removed"] is True and body["body"] is None and body["body_html"] is None
    assert body["title"] == question.title
    item = client.get(f"/conversations/{question.pk}/replies").json()["items"][0]
    assert item["removed"] is True and item["body"] is None and item["body_html"] is None
    response = ApiClient(asker).post(f"/conversations/{question.pk}/replies", {"body": "Hi"})
    assert response.status_code == 400 and "removed" in response.json()["detail"]


# -- Accepting an answer ------------------------------------------------------------------


def test_the_asker_accepts_an_answer():
    question, reply, asker, _ = question_with_reply()
    client = ApiClient(asker)
    response = client.post(f"/replies/{reply.pk}/accept")
    assert response.status_code == 200
    assert response.json() == {
        "conversation_id": question.pk,
        "accepted_reply_id": reply.pk,
        "is_answered": True,
    }
    body = client.get(f"/conversations/{question.pk}").json()
    assert body["accepted_reply_id"] == reply.pk and body["is_answered"] is True
    assert (
        client.get(f"/conversations/{question.pk}/replies").json()["items"][0]["is_accepted"]
        is True
    )


def test_accepting_a_reply_of_another_question_is_refused_and_changes_nothing():
    mine, _, asker, _ = question_with_reply()
    theirs, their_reply, _, _ = question_with_reply(space=mine.space)
    response = ApiClient(asker).post(f"/replies/{their_reply.pk}/accept")
    assert response.status_code == 403 and "asked" in response.json()["detail"]
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.accepted_reply_id is None and theirs.accepted_reply_id is None


def test_only_the_asker_accepts_and_only_in_a_question():
    question, reply, asker, replier = question_with_reply()
    assert ApiClient(replier).post(f"/replies/{reply.pk}/accept").status_code == 403
    discussion = conversation_make(space=question.space, author=asker)
    answer = reply_make(conversation=discussion, author=replier)
    response = ApiClient(asker).post(f"/replies/{answer.pk}/accept")
    assert response.status_code == 400 and "question" in response.json()["detail"]
    question.refresh_from_db()
    discussion.refresh_from_db()
    assert question.accepted_reply_id is None and discussion.accepted_reply_id is None


# -- Likes ------------------------------------------------------------------------------


def test_like_a_conversation_once_and_take_it_back():
    question, _, asker, replier = question_with_reply()
    client = ApiClient(replier)
    path = f"/conversations/{question.pk}/like"
    assert client.post(path).json() == {"like_count": 1}
    again = client.post(path)
    assert again.status_code == 409 and "already" in again.json()["detail"]
    assert client.get(f"/conversations/{question.pk}").json()["liked_by_me"] is True
    assert ApiClient(asker).get(f"/conversations/{question.pk}").json()["liked_by_me"] is False
    assert delete(client, path).json() == {"like_count": 0}
    gone = delete(client, path)
    assert gone.status_code == 404 and gone.json()["detail"] == "You do not like this."
    assert not Like.objects.exists()


def test_like_a_reply_once_and_take_it_back():
    question, reply, asker, _ = question_with_reply()
    client = ApiClient(asker)
    path = f"/replies/{reply.pk}/like"
    assert client.post(path).json() == {"like_count": 1}
    assert client.post(path).status_code == 409
    item = client.get(f"/conversations/{question.pk}/replies").json()["items"][0]
    assert item["liked_by_me"] is True and item["like_count"] == 1
    assert delete(client, path).json() == {"like_count": 0}
    assert delete(client, path).status_code == 404
    reply.refresh_from_db()
    assert reply.like_count == 0


def test_likes_in_spaces_one_cannot_read_are_refused():
    leader = person_make()
    private_question, private_reply, _, _ = question_with_reply(
        space=space_make(visibility="private", leader=leader)
    )
    restricted_question, restricted_reply, _, _ = question_with_reply(
        space=space_make(visibility="restricted", leader=leader)
    )
    client = ApiClient(person_make())
    assert client.post(f"/conversations/{private_question.pk}/like").status_code == 404
    assert client.post(f"/replies/{private_reply.pk}/like").status_code == 404
    assert client.post(f"/conversations/{restricted_question.pk}/like").status_code == 403
    assert client.post(f"/replies/{restricted_reply.pk}/like").status_code == 403
    assert not Like.objects.exists()


# -- The feed -----------------------------------------------------------------------------


def _age(conversation, hours: float) -> None:
    """Set a conversation back in time (the services stamp "now")."""
    moment = timezone.now() - timedelta(hours=hours)
    Conversation.objects.filter(pk=conversation.pk).update(
        created_at=moment, last_activity_at=moment
    )


def test_feed_pages_with_a_cursor_newest_first():
    space = space_make(leader=person_make())
    reader = member_of(space)
    made = []
    for hours in range(5, 0, -1):
        conversation = conversation_make(space=space, author=member_of(space))
        _age(conversation, hours)
        made.append(conversation.pk)
    client = ApiClient(reader)
    first = client.get("/feed", limit=2).json()
    second = client.get("/feed", limit=2, cursor=first["next_cursor"]).json()
    third = client.get("/feed", limit=2, cursor=second["next_cursor"]).json()
    seen = [item["id"] for page in (first, second, third) for item in page["items"]]
    assert seen == made[::-1] and third["next_cursor"] is None


def test_feed_top_orders_by_likes():
    space = space_make(leader=person_make())
    reader = member_of(space)
    quiet = conversation_make(space=space, author=member_of(space))
    liked = conversation_make(space=space, author=member_of(space))
    services.like_add(actor=actor_of(reader), conversation=liked)
    body = ApiClient(reader).get("/feed", order="top").json()
    assert [item["id"] for item in body["items"]] == [liked.pk, quiet.pk]
    assert body["next_cursor"] is None


def test_feed_bad_order_or_cursor_is_refused():
    client = ApiClient(person_make())
    assert client.get("/feed", order="random").status_code == 422
    response = client.get("/feed", cursor="not-a-cursor")
    assert response.status_code == 400 and response.json()["field"] == "cursor"
    assert client.get("/feed", limit=500).status_code == 422


# -- Unanswered questions ------------------------------------------------------------------


def test_unanswered_questions_oldest_first_with_their_age():
    space, other_space = space_make(leader=person_make()), space_make(leader=person_make())
    old = conversation_make(space=space, author=member_of(space), kind="question")
    _age(old, 30)
    newer = conversation_make(space=other_space, author=member_of(other_space), kind="question")
    _age(newer, 2)
    answered, reply, asker, _ = question_with_reply(space=space)
    services.reply_accept(actor=actor_of(asker), reply=reply)
    conversation_make(space=space, author=asker)  # a discussion is not a question
    client = ApiClient(person_make())
    body = client.get("/questions/unanswered").json()
    assert body["count"] == 2
    assert [(q["id"], q["age_hours"]) for q in body["items"]] == [(old.pk, 30), (newer.pk, 2)]
    in_space = client.get("/questions/unanswered", space=other_space.slug).json()
    assert [q["id"] for q in in_space["items"]] == [newer.pk]
    assert client.get("/questions/unanswered", space="nowhere").status_code == 404


# -- Notifications -----------------------------------------------------------------------


def test_notifications_newest_first_paginated_and_marked_read(worker):
    with worker():
        question, _, asker, replier = question_with_reply()
    with worker():
        reply_make(conversation=question, author=replier, body="One more thing.")
    client = ApiClient(asker)
    body = client.get("/notifications").json()
    assert body["count"] == 2
    first, second = body["items"]
    assert first["id"] > second["id"] and first["kind"] == "reply"
    assert first["conversation_id"] == question.pk and first["space"] == question.space.slug
    assert first["actor"]["username"] == replier.username and first["read_at"] is None
    assert len(client.get("/notifications", limit=1).json()["items"]) == 1
    assert client.post("/notifications/read").json() == {"marked": 2}
    assert all(n["read_at"] for n in client.get("/notifications").json()["items"])
    assert client.post("/notifications/read").json() == {"marked": 0}
    asker.refresh_from_db()
    assert asker.unread_notifications == 0


def test_notifications_about_a_space_one_left_are_hidden_and_not_counted():
    leader = person_make()
    space = space_make(visibility="restricted", leader=leader)
    reader = member_of(space, username="reader")
    conversation_make(space=space, author=leader, body="Over to you, @reader.")
    client = ApiClient(reader)
    assert client.get("/notifications").json()["count"] == 1
    space_leave(actor=actor_of(reader), space=space)
    body = client.get("/notifications").json()
    assert body == {"items": [], "count": 0}


# -- Privacy across every surface -------------------------------------------------------


def test_outsiders_never_see_members_only_conversations_anywhere():
    leader = person_make()
    spaces = {
        visibility: space_make(visibility=visibility, leader=leader)
        for visibility in ("open", "restricted", "private")
    }
    questions = {}
    for visibility, space in spaces.items():
        questions[visibility] = conversation_make(
            space=space,
            author=leader,
            kind="question",
            tags=["secret-plans"],
            title=f"The {visibility} question",
        )
    outsider = person_make()
    # Following the tag must not pull members-only conversations into the feed.
    services.follow_set(
        actor=actor_of(outsider),
        level="normal",
        tag=tag_get(actor=actor_of(outsider), slug="secret-plans"),
    )
    client = ApiClient(outsider)

    for visibility, status in (("restricted", 403), ("private", 404)):
        conversation, space = questions[visibility], spaces[visibility]
        assert client.get(f"/conversations/{conversation.pk}").status_code == status
        assert client.get(f"/conversations/{conversation.pk}/replies").status_code == status
        assert client.get(f"/spaces/{space.slug}/conversations").status_code == status
        assert client.get("/questions/unanswered", space=space.slug).status_code == status
    restricted = client.get(f"/conversations/{questions['restricted'].pk}").json()
    assert restricted["detail"].startswith("This space's content is for its members")
    # A private conversation reads exactly like one that does not exist.
    assert (
        client.get(f"/conversations/{questions['private'].pk}").json()
        == client.get("/conversations/999999").json()
        == {"detail": "No such conversation."}
    )

    open_only = [questions["open"].pk]
    feed = client.get("/feed").json()
    assert [item["id"] for item in feed["items"]] == open_only
    unanswered = client.get("/questions/unanswered").json()
    assert [item["id"] for item in unanswered["items"]] == open_only
    assert unanswered["count"] == 1
    for page in (
        client.get("/feed"),
        client.get("/questions/unanswered"),
        client.get("/notifications"),
    ):
        text = page.content.decode()
        assert "restricted question" not in text and "private question" not in text

    # A member of each sees all three, and the counts include them.
    insider = member_of(spaces["restricted"])
    membership_make(space=spaces["private"], user=insider)
    assert ApiClient(insider).get("/questions/unanswered").json()["count"] == 3


def test_notifications_hide_a_conversation_whose_space_turned_members_only():
    leader = person_make()
    space = space_make(leader=leader)
    reader = person_make(username="reader")  # not a member: the open space was readable
    conversation_make(
        space=space, author=leader, title="Quarterly plans", body="What do you think, @reader?"
    )
    other = person_make()
    theirs = space_make(leader=other)
    membership_make(space=theirs, user=reader)
    notification_send(recipient=reader, kind="invited", space=theirs, text="Join us.", actor=other)
    client = ApiClient(reader)
    assert client.get("/notifications").json()["count"] == 2
    space_update(
        actor=actor_of(leader),
        space=space,
        name=space.name,
        description=space.description,
        visibility="private",
    )
    body = client.get("/notifications").json()
    assert body["count"] == 1 and [n["kind"] for n in body["items"]] == ["invited"]
    assert "Quarterly plans" not in client.get("/notifications").content.decode()


# -- Query counts ----------------------------------------------------------------------


def _queries(client: ApiClient, path: str, **params) -> int:
    client.get(path, **params)  # the first request touches the token; not counted
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **params)
    assert response.status_code == 200
    return len(captured)


def test_replies_list_runs_the_same_queries_at_two_sizes():
    # Members-only, so that the reader's roles are read too.
    question, reply, asker, _ = question_with_reply(
        space=space_make(visibility="restricted", leader=person_make())
    )
    client = ApiClient(asker)
    path = f"/conversations/{question.pk}/replies"
    services.like_add(actor=actor_of(asker), reply=reply)
    small = _queries(client, path)
    space = question.space
    for i in range(25):
        extra = reply_make(conversation=question, author=member_of(space), body=f"Idea {i}")
        if i % 3 == 0:
            services.like_add(actor=actor_of(asker), reply=extra)
    services.reply_accept(actor=actor_of(asker), reply=extra)
    large = _queries(client, path)
    assert client.get(path).json()["count"] == 26
    assert small == large and large <= 6


def test_feed_runs_the_same_queries_at_two_sizes():
    reader = person_make()
    spaces = [space_make(leader=person_make()) for _ in range(3)]
    for space in spaces:
        membership_make(space=space, user=reader)
        conversation_make(space=space, author=member_of(space), tags=["ops"])
    services.follow_set(
        actor=actor_of(reader), level="normal", tag=tag_get(actor=actor_of(reader), slug="ops")
    )
    client = ApiClient(reader)
    small = _queries(client, "/feed")
    for space in spaces:
        for _ in range(10):
            conversation_make(space=space, author=member_of(space), tags=["ops", "budget"])
    large = _queries(client, "/feed")
    assert len(client.get("/feed").json()["items"]) == 20
    assert small == large and large <= 8
    assert _queries(client, "/feed", order="top") <= 8
