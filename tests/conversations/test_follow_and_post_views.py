"""Pages for following (a space's follow control, the Following page), a space's
suggested tags, who liked a post and a reply's edit history: access for anonymous,
outsider, member and leader, bad input, in-place updates and query counts."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.conversations import services
from hearth.conversations.models import Follow, SuggestedTag
from hearth.core.models import AuditEntry
from tests.conftest import actor_of, client_for
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


@pytest.fixture
def world():
    """A restricted space with a leader, a facilitator and a member, a conversation
    with a reply, and a private space nobody else is in."""
    leader, facilitator, member = person_make(), person_make(), person_make()
    space = space_make(leader=leader, visibility="restricted", name="Finance Circle")
    membership_make(space=space, user=facilitator, role="facilitator")
    membership_make(space=space, user=member)
    conversation = conversation_make(space=space, author=leader, title="Close the books")
    reply = reply_make(conversation=conversation, author=member, body="First **draft**.")
    private = space_make(leader=person_make(), visibility="private", name="Project Falcon")
    return {
        "leader": leader,
        "facilitator": facilitator,
        "member": member,
        "space": space,
        "conversation": conversation,
        "reply": reply,
        "private": private,
    }


def urls_of(world) -> list[str]:
    space, conversation, reply = world["space"], world["conversation"], world["reply"]
    return [
        f"/s/{space.slug}/tags/",
        f"/c/{conversation.pk}/likes/",
        f"/r/{reply.pk}/likes/",
        f"/r/{reply.pk}/history/",
        "/following/",
    ]


def test_every_new_page_asks_anonymous_visitors_to_sign_in(world):
    for url in urls_of(world):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = Client().post(f"/s/{world['space'].slug}/follow/", {"level": "watching"})
    assert response.status_code == 302 and not Follow.objects.filter(space__isnull=False)


def test_outsiders_get_403_in_a_restricted_space_and_404_in_a_private_one(world):
    outsider = client_for(person_make())
    for url in urls_of(world)[:4]:
        response = outsider.get(url)
        assert response.status_code == 403, url
        assert b"Close the books" not in response.content
    assert (
        outsider.post(f"/s/{world['space'].slug}/follow/", {"level": "watching"}).status_code == 403
    )
    private = world["private"].slug
    for response in (
        outsider.get(f"/s/{private}/tags/"),
        outsider.post(f"/s/{private}/follow/", {"level": "normal"}),
    ):
        assert response.status_code == 404 and b"Project Falcon" not in response.content
    assert not Follow.objects.filter(space__isnull=False).exists()


# -- Following a space from its home -------------------------------------------------------


def test_space_home_has_a_follow_control_that_changes_the_level_in_place(world):
    member, space = world["member"], world["space"]
    client = client_for(member)
    home = client.get(f"/s/{space.slug}/")
    assert b'id="space-follow"' in home.content and b"Watching: every reply" in home.content
    assert b"Muted: out of the feed" in home.content
    response = client.post(
        f"/s/{space.slug}/follow/", {"level": "watching"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and b"Saved" in response.content
    assert b'value="watching" selected' in response.content
    assert Follow.objects.get(user=member, space=space).level == "watching"
    assert b'value="watching" selected' in client.get(f"/s/{space.slug}/").content
    response = client.post(f"/s/{space.slug}/follow/", {"level": "none"})
    assert response.status_code == 302 and response["Location"] == f"/s/{space.slug}/"
    assert not Follow.objects.filter(user=member, space=space).exists()


@pytest.mark.parametrize("level", ["", "loud", "x" * 500])
def test_a_bad_follow_level_is_refused_and_changes_nothing(world, level):
    client = client_for(world["member"])
    services.follow_set(actor=actor_of(world["member"]), space=world["space"], level="normal")
    response = client.post(
        f"/s/{world['space'].slug}/follow/", {"level": level}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400 and b"watching, normal, muted" in response.content
    assert Follow.objects.get(user=world["member"], space=world["space"]).level == "normal"
    assert client.get(f"/s/{world['space'].slug}/follow/").status_code == 405


def test_an_open_space_can_be_followed_without_joining(world):
    reader = person_make()
    space = space_make(leader=world["leader"])
    response = client_for(reader).post(f"/s/{space.slug}/follow/", {"level": "normal"})
    assert response.status_code == 302
    assert Follow.objects.get(user=reader, space=space).level == "normal"


# -- The Following page -----------------------------------------------------------------


def test_following_page_lists_spaces_conversations_and_tags_and_changes_them(world):
    member, space = world["member"], world["space"]
    actor = actor_of(member)
    services.follow_set(actor=actor, space=space, level="watching")
    tag_conversation = conversation_make(space=space, author=member, tags=["sap"])
    services.follow_set(actor=actor, tag=tag_conversation.tags.get(), level="normal")
    client = client_for(member)
    page = client.get("/following/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Finance Circle" in text and "Close the books" in text and "#sap" in text
    follow = Follow.objects.get(user=member, space=space)
    response = client.post(f"/following/{follow.pk}/", {"level": "muted"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"Saved" in response.content
    assert Follow.objects.get(pk=follow.pk).level == "muted"
    response = client.post(f"/following/{follow.pk}/", {"level": "none"}, HTTP_HX_REQUEST="true")
    assert b"No longer followed" in response.content
    assert not Follow.objects.filter(pk=follow.pk).exists()
    # The profile leads there.
    assert b'href="/following/"' in client.get(f"/people/{member.username}/").content


def test_following_change_refuses_bad_levels_and_other_peoples_follows(world):
    member, leader = world["member"], world["leader"]
    theirs = Follow.objects.get(user=leader, conversation=world["conversation"])
    client = client_for(member)
    assert client.post(f"/following/{theirs.pk}/", {"level": "muted"}).status_code == 404
    assert client.post("/following/999999/", {"level": "muted"}).status_code == 404
    mine = Follow.objects.get(user=member, conversation=world["conversation"])
    assert client.post(f"/following/{mine.pk}/", {"level": "loud"}).status_code == 400
    assert (
        Follow.objects.get(pk=theirs.pk).level == Follow.objects.get(pk=mine.pk).level == "watching"
    )


def test_following_page_hides_a_private_space_left_since(world):
    leader = person_make()
    space = space_make(leader=leader, visibility="private", name="Skunkworks")
    person = person_make()
    membership_make(space=space, user=person)
    conversation = conversation_make(space=space, author=leader, title="Stealth roadmap")
    services.follow_set(actor=actor_of(person), space=space, level="watching")
    services.follow_set(actor=actor_of(person), conversation=conversation, level="normal")
    space.memberships.filter(user=person).delete()
    page = client_for(person).get("/following/").content
    assert b"Skunkworks" not in page and b"Stealth roadmap" not in page


def test_following_page_runs_constant_queries(world):
    member = world["member"]
    client = client_for(member)
    counts = []
    for size in (2, 12):
        for i in range(size):
            space = space_make(leader=world["leader"])
            services.follow_set(actor=actor_of(member), space=space, level="normal")
            conversation = conversation_make(space=space, author=member, tags=[f"t{i}-{size}"])
            services.follow_set(
                actor=actor_of(member), tag=conversation.tags.get(), level="watching"
            )
        counts.append(queries(client, "/following/"))
    assert counts[0][0] == counts[1][0] == 200
    assert counts[0][1] == counts[1][1] <= 12


# -- Suggested tags -----------------------------------------------------------------------


def test_only_leaders_and_facilitators_reach_the_suggested_tags_page(world):
    url = f"/s/{world['space'].slug}/tags/"
    assert client_for(world["member"]).get(url).status_code == 403
    assert client_for(world["member"]).post(url, {"tags": "x"}).status_code == 403
    for who in ("leader", "facilitator"):
        assert client_for(world[who]).get(url).status_code == 200
    assert (
        b"Suggested tags" in client_for(world["leader"]).get(f"/s/{world['space'].slug}/").content
    )
    assert url.encode() not in client_for(world["member"]).get(f"/s/{world['space'].slug}/").content
    assert not SuggestedTag.objects.exists()


def test_curated_tags_are_saved_audited_and_come_first_in_the_conversation_form(world):
    space = world["space"]
    conversation_make(space=space, author=world["member"], tags=["travel"])
    client = client_for(world["facilitator"])
    response = client.post(f"/s/{space.slug}/tags/", {"tags": "Onboarding, month end"})
    assert response.status_code == 302
    assert list(SuggestedTag.objects.values_list("tag__slug", flat=True)) == [
        "onboarding",
        "month-end",
    ]
    assert AuditEntry.objects.filter(action="space.tags_suggested", via="web").count() == 1
    form = client_for(world["member"]).get(f"/s/{space.slug}/conversations/new/")
    text = form.content.decode()
    assert (
        text.index('data-tag="onboarding"')
        < text.index('data-tag="month-end"')
        < text.index('data-tag="travel"')
    )
    assert 'role="group"' in text and 'aria-label="Add tag onboarding"' in text
    assert "onboarding, month-end" in client.get(f"/s/{space.slug}/tags/").content.decode()


@pytest.mark.parametrize("tags", [", ".join(f"t{i}" for i in range(21)), "!!!, ok", "x" * 1001])
def test_bad_suggested_tags_are_refused_and_change_nothing(world, tags):
    response = client_for(world["leader"]).post(f"/s/{world['space'].slug}/tags/", {"tags": tags})
    assert response.status_code == 400 and b'class="error"' in response.content
    assert (
        not SuggestedTag.objects.exists()
        and not AuditEntry.objects.filter(action="space.tags_suggested").exists()
    )


# -- Who liked, and a reply's history -------------------------------------------------------


def test_who_liked_a_conversation_and_a_reply(world):
    conversation, reply = world["conversation"], world["reply"]
    services.like_add(actor=actor_of(world["member"]), conversation=conversation)
    services.like_add(actor=actor_of(world["facilitator"]), reply=reply)
    client = client_for(world["leader"])
    page = client.get(f"/c/{conversation.pk}/likes/")
    assert page.status_code == 200
    assert world["member"].display_name.encode() in page.content
    assert world["facilitator"].display_name.encode() not in page.content
    page = client.get(f"/r/{reply.pk}/likes/")
    assert world["facilitator"].display_name.encode() in page.content
    detail = client.get(f"/c/{conversation.pk}/").content.decode()
    assert f'href="/c/{conversation.pk}/likes/"' in detail
    assert f'href="/r/{reply.pk}/likes/"' in detail
    assert client.get("/r/999999/likes/").status_code == 404


def test_likers_page_runs_constant_queries(world):
    conversation = world["conversation"]
    client = client_for(world["leader"])
    counts = []
    for size in (2, 12):
        for _ in range(size):
            fan = person_make()
            membership_make(space=world["space"], user=fan)
            services.like_add(actor=actor_of(fan), conversation=conversation)
        counts.append(queries(client, f"/c/{conversation.pk}/likes/"))
    assert counts[0] == counts[1] and counts[0][0] == 200


def test_a_replys_edit_history_is_linked_and_shown(world):
    reply = world["reply"]
    services.reply_edit(actor=actor_of(world["member"]), reply=reply, body="Second version.")
    client = client_for(world["facilitator"])
    detail = client.get(f"/c/{world['conversation'].pk}/").content.decode()
    assert f'href="/r/{reply.pk}/history/"' in detail
    history = client.get(f"/r/{reply.pk}/history/")
    assert history.status_code == 200 and b"First **draft**." in history.content
    assert world["member"].display_name.encode() in history.content


def test_a_removed_replys_history_is_for_moderators_only(world):
    reply = world["reply"]
    services.reply_edit(actor=actor_of(world["member"]), reply=reply, body="Then this.")
    services.reply_remove(actor=actor_of(world["member"]), reply=reply)
    other = person_make()
    membership_make(space=world["space"], user=other)
    assert b"First **draft**." not in client_for(other).get(f"/r/{reply.pk}/history/").content
    assert (
        b"First **draft**."
        in client_for(world["facilitator"]).get(f"/r/{reply.pk}/history/").content
    )


def test_replies_offer_quoting_and_accept_in_place(world):
    space = world["space"]
    question = conversation_make(
        space=space, author=world["member"], kind="question", title="Where is the template?"
    )
    reply = reply_make(conversation=question, author=world["leader"])
    client = client_for(world["member"])
    text = client.get(f"/c/{question.pk}/").content.decode()
    assert 'data-quote="1"' in text and f'data-reply-to="{reply.pk}"' in text
    assert f'hx-post="/r/{reply.pk}/accept/" hx-target="#main" hx-select="#main"' in text
    response = client.post(f"/r/{reply.pk}/accept/", HTTP_HX_REQUEST="true")
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.accepted_reply_id == reply.pk


def test_the_edit_form_suggests_the_spaces_tags_too(world):
    services.space_tags_suggest(
        actor=actor_of(world["leader"]), space=world["space"], tags="budget"
    )
    page = client_for(world["leader"]).get(f"/c/{world['conversation'].pk}/edit/")
    assert page.status_code == 200 and b'data-tag="budget"' in page.content


def test_a_refused_in_place_action_shows_its_message_in_the_alert_region(world):
    question = conversation_make(
        space=world["space"], author=world["leader"], kind="question", title="Who approves travel?"
    )
    reply = reply_make(conversation=question, author=world["leader"])
    response = client_for(world["member"]).post(f"/r/{reply.pk}/accept/", HTTP_HX_REQUEST="true")
    assert response.status_code == 403 and b"Only the person who asked" in response.content
    assert response["HX-Retarget"] == "#htmx-alerts" and response["HX-Reselect"] == ".flash"
    question.refresh_from_db()
    assert question.accepted_reply_id is None


def test_joining_and_asking_to_join_happen_in_place(world):
    open_space = space_make(leader=world["leader"])
    client = client_for(person_make())
    home = client.get(f"/s/{open_space.slug}/").content.decode()
    assert f'hx-post="/s/{open_space.slug}/join/" hx-target="#main"' in home
    home = client.get(f"/s/{world['space'].slug}/").content.decode()
    assert f'hx-post="/s/{world["space"].slug}/request-access/" hx-target="#main"' in home
    response = client.post(f"/s/{open_space.slug}/join/", HTTP_HX_REQUEST="true")
    assert response.status_code == 302 and response["Location"] == f"/s/{open_space.slug}/"
