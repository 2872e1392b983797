"""Conversation pages: access, posting with bad input, in-place actions, query counts."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.conversations.models import Conversation, Follow, Like, Reply
from tests.conftest import client_for
from tests.factories import (
    conversation_make,
    membership_make,
    person_make,
    reply_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def queries(client, url) -> tuple[int, int]:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured)


def test_conversation_page_is_404_in_a_private_space_and_403_in_a_restricted_one():
    leader = person_make()
    private = conversation_make(
        space=space_make(visibility="private", leader=leader),
        author=leader,
        title="Merger plans for 2027",
    )
    restricted = conversation_make(
        space=space_make(visibility="restricted", leader=leader),
        author=leader,
        title="Budget tips for leads",
    )
    outsider = client_for(person_make())
    response = outsider.get(f"/c/{private.pk}/")
    assert response.status_code == 404 and b"Merger" not in response.content
    response = outsider.get(f"/c/{restricted.pk}/")
    assert response.status_code == 403 and b"Request access" in response.content
    assert b"Budget tips" not in response.content
    assert outsider.get(f"/s/{restricted.space.slug}/conversations/").status_code == 403
    assert outsider.get("/c/999999/").status_code == 404


def test_member_starts_a_conversation_and_bad_input_is_refused():
    leader = person_make()
    space = space_make(leader=leader)
    client = client_for(leader)
    url = f"/s/{space.slug}/conversations/new/"
    assert client.get(url).status_code == 200
    for data in (
        {"kind": "question", "title": "", "body": "x"},
        {"kind": "question", "title": "Long enough", "body": ""},
        {"kind": "question", "title": "Long enough", "body": "b" * 20_001},
        {"kind": "poem", "title": "Long enough", "body": "x"},
        {
            "kind": "question",
            "title": "Long enough",
            "body": "x",
            "tags": ", ".join(f"t{i}" for i in range(9)),
        },
    ):
        assert client.post(url, data).status_code == 400, data
    assert not Conversation.objects.exists()
    response = client.post(
        url,
        {
            "kind": "question",
            "title": "Where is the template?",
            "body": "For the **charter**.",
            "tags": "Charter, how-to",
        },
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/c/{conversation.pk}/"
    assert sorted(conversation.tags.values_list("slug", flat=True)) == ["charter", "how-to"]
    page = client.get(f"/c/{conversation.pk}/")
    assert b"<strong>charter</strong>" in page.content


def test_non_member_of_an_open_space_reads_but_cannot_post():
    leader = person_make()
    space = space_make(leader=leader)
    conversation = conversation_make(space=space, author=leader, title="Open for all readers")
    reader = client_for(person_make())
    page = reader.get(f"/c/{conversation.pk}/")
    assert page.status_code == 200 and b"to reply" in page.content
    assert reader.post(f"/c/{conversation.pk}/replies/", {"body": "Hi"}).status_code == 403
    assert reader.get(f"/s/{space.slug}/conversations/new/").status_code == 403
    assert not Reply.objects.exists()


def test_reply_in_place_like_and_unlike_and_follow_level():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    conversation = conversation_make(space=space, author=leader)
    client = client_for(member)
    response = client.post(
        f"/c/{conversation.pk}/replies/", {"body": "Count me in @nobody"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and b"Count me in" in response.content
    assert response["HX-Trigger"] == "reply-posted"
    empty = client.post(f"/c/{conversation.pk}/replies/", {"body": ""}, HTTP_HX_REQUEST="true")
    assert empty.status_code == 400 and empty["HX-Retarget"] == "#htmx-alerts"
    assert Reply.objects.count() == 1
    like = client.post(f"/c/{conversation.pk}/like/", {"like": "1"}, HTTP_HX_REQUEST="true")
    assert b"Liked" in like.content and Like.objects.count() == 1
    twice = client.post(f"/c/{conversation.pk}/like/", {"like": "1"}, HTTP_HX_REQUEST="true")
    assert twice.status_code == 409 and Like.objects.count() == 1
    client.post(f"/c/{conversation.pk}/like/", {"like": "0"}, HTTP_HX_REQUEST="true")
    assert Like.objects.count() == 0
    client.post(f"/c/{conversation.pk}/follow/", {"level": "muted"}, HTTP_HX_REQUEST="true")
    assert Follow.objects.get(user=member, conversation=conversation).level == "muted"
    bad = client.post(f"/c/{conversation.pk}/follow/", {"level": "loud"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400


def test_accept_through_the_page_takes_the_question_off_the_unanswered_list():
    asker, expert = person_make(), person_make()
    space = space_make(leader=asker)
    question = conversation_make(
        space=space, author=asker, kind="question", title="Which KPI for adoption?"
    )
    reply = reply_make(conversation=question, author=expert, body="Monthly active members.")
    client = client_for(asker)
    assert b"Which KPI" in client.get("/questions/unanswered/").content
    assert client_for(expert).post(f"/r/{reply.pk}/accept/").status_code == 403
    client.post(f"/r/{reply.pk}/accept/")
    assert b"Which KPI" not in client.get("/questions/unanswered/").content
    assert b"Accepted answer" in client.get(f"/c/{question.pk}/").content


def test_removed_conversation_is_shown_as_removed_and_its_text_kept():
    author = person_make()
    space = space_make(leader=author)
    conversation = conversation_make(space=space, author=author, body="Secret-ish draft text")
    client = client_for(author)
    client.post(f"/c/{conversation.pk}/remove/")
    page = client.get(f"/c/{conversation.pk}/")
    assert b"was removed" in page.content and b"Secret-ish" not in page.content
    conversation.refresh_from_db()
    assert conversation.body == "Secret-ish draft text"


def test_tag_page_lists_only_readable_conversations_and_can_be_followed():
    leader = person_make()
    conversation_make(
        space=space_make(leader=leader), author=leader, title="Open sap tips", tags="sap"
    )
    conversation_make(
        space=space_make(visibility="private", leader=leader),
        author=leader,
        title="Private sap secrets",
        tags="sap",
    )
    viewer = person_make()
    client = client_for(viewer)
    page = client.get("/tags/sap/")
    assert b"Open sap tips" in page.content and b"Private sap secrets" not in page.content
    client.post("/tags/sap/follow/", {"follow": "1"})
    assert Follow.objects.filter(user=viewer, tag__slug="sap").exists()
    assert b"Open sap tips" in client.get("/").content  # followed tag reaches the feed
    assert client.get("/tags/unknown-tag/").status_code == 404


def test_feed_is_cursor_paginated_and_a_broken_cursor_starts_over():
    leader = person_make()
    space = space_make(leader=leader)
    for i in range(25):
        conversation_make(space=space, author=leader, title=f"Feed item number {i:02d}")
    client = client_for(leader)
    first = client.get("/")
    assert b"Feed item number 24" in first.content and b"Load more" in first.content
    cursor = first.content.decode().split("cursor=")[1].split('"')[0]
    more = client.get(f"/?cursor={cursor}", HTTP_HX_REQUEST="true")
    assert b"Feed item number 00" in more.content and b"number 24" not in more.content
    assert client.get("/?cursor=%%%garbage").status_code == 200


def test_conversation_page_feed_and_lists_run_constant_queries():
    leader = person_make()
    space = space_make(leader=leader)
    repliers = [person_make() for _ in range(5)]
    small, large = [], []
    for size, bucket in ((3, small), (50, large)):
        conversation = conversation_make(space=space, author=leader, tags="a, b")
        for i in range(size):
            reply_make(conversation=conversation, author=repliers[i % 5])
        client = client_for(leader)
        bucket.extend(
            queries(client, url)
            for url in (
                f"/c/{conversation.pk}/",
                "/",
                f"/s/{space.slug}/conversations/",
                "/questions/unanswered/",
                "/tags/a/",
                f"/s/{space.slug}/",
            )
        )
    assert all(status == 200 for status, _ in small + large)
    assert [n for _, n in small] == [n for _, n in large]
    assert max(n for _, n in large) <= 14


def test_replies_are_paged_and_the_first_page_needs_no_count_when_it_holds_them_all(monkeypatch):
    from hearth.conversations import views

    monkeypatch.setattr(views, "REPLIES_PER_PAGE", 3)
    leader = person_make()
    space = space_make(leader=leader)
    conversation = conversation_make(space=space, author=leader)
    replies = [
        reply_make(conversation=conversation, author=leader, body=f"Reply-{i}-marker")
        for i in range(5)
    ]
    client = client_for(leader)
    url = f"/c/{conversation.pk}/"

    def shown(page: str) -> list[int]:
        content = client.get(url + page).content.decode()
        return [i for i in range(5) if f"Reply-{i}-marker" in content]

    assert shown("") == [0, 1, 2] and shown("?page=1") == [0, 1, 2]
    # "last" is where a reply just posted lands.
    assert shown("?page=2") == [3, 4] and shown("?page=last") == [3, 4]
    assert shown("?page=99") == [3, 4] and shown("?page=x") == [0, 1, 2]
    # Three replies fit the first page: it is read whole, with no count.
    Reply.objects.filter(pk__in=[r.pk for r in replies[3:]]).delete()
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        content = client.get(url).content.decode()
    assert all(f"Reply-{i}-marker" in content for i in range(3))
    assert 'href="?page=2"' not in content
    assert not [
        q
        for q in captured
        if q["sql"].startswith("SELECT COUNT(*)") and "conversations_reply" in q["sql"]
    ]


def test_the_conversation_page_reads_polls_files_and_outcome_only_when_there():
    from hearth.library.models import Attachment
    from hearth.polls.models import Poll

    leader = person_make()
    space = space_make(leader=leader)
    conversation = conversation_make(space=space, author=leader)
    client = client_for(leader)

    def tables_read() -> set[str]:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/c/{conversation.pk}/").status_code == 200
        return {
            table
            for q in captured
            for table in ("polls_poll", "library_attachment")
            if q["sql"].startswith(f'SELECT "{table}"')
        }

    assert tables_read() == set()
    Poll.objects.create(
        space=space, conversation=conversation, question="Which day?", created_by=leader
    )
    Attachment.objects.create(
        conversation=conversation,
        file="x.txt",
        name="notes.txt",
        content_type="text/plain",
        size=3,
        uploaded_by=leader,
    )
    assert tables_read() == {"polls_poll", "library_attachment"}
    page = client.get(f"/c/{conversation.pk}/").content.decode()
    assert "Which day?" in page and "notes.txt" in page
