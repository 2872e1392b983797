"""Lifecycle states through the one visibility policy: who sees, reads and writes."""

import pytest

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import Conversation, Like, Reply
from hearth.notifications.selectors import notification_list
from hearth.spaces.models import Space
from tests.conftest import ApiClient, client_for
from tests.factories import (
    conversation_make,
    membership_make,
    person_make,
    reply_make,
    space_in_state_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    leader, champion, member, outsider = (person_make() for _ in range(4))
    admin = person_make(org_role="admin")
    return {
        "leader": leader,
        "champion": champion,
        "member": member,
        "outsider": outsider,
        "admin": admin,
    }


def _space(cast, state, visibility="open"):
    space = space_in_state_make(state=state, visibility=visibility, leader=cast["leader"])
    membership_make(space=space, user=cast["champion"], role="champion")
    membership_make(space=space, user=cast["member"])
    return space


SEES = {
    "draft": {"leader", "admin"},
    "pilot": {"leader", "champion", "admin"},
    "live": {"leader", "champion", "member", "outsider", "admin"},
    "archived": {"leader", "champion", "member", "outsider", "admin"},
}
READS = {
    "draft": {"leader"},
    "pilot": {"leader", "champion"},
    "live": {"leader", "champion", "member", "outsider", "admin"},
    "archived": {"leader", "champion", "member", "outsider", "admin"},
}


@pytest.mark.parametrize("state", ["draft", "pilot", "live", "archived"])
def test_each_state_decides_who_sees_and_reads_an_open_space(cast, state):
    space = _space(cast, state)
    for who, person in cast.items():
        actor = Actor.for_user(person)
        assert policy.can_see_space(actor, space) == (who in SEES[state]), (who, state)
        assert policy.can_read_space(actor, space) == (who in READS[state]), (who, state)
        listed = Space.objects.visible_to(actor).filter(pk=space.pk).exists()
        assert listed == (who in SEES[state]), (who, state)
        readable = Space.objects.readable_by(actor).filter(pk=space.pk).exists()
        assert readable == (who in READS[state]), (who, state)


@pytest.mark.parametrize("state", ["draft", "pilot"])
def test_hidden_states_answer_404_on_pages_and_api(cast, state):
    space = _space(cast, state)
    conversation = conversation_make(space=space, author=cast["leader"], title="Secret plans")
    for who in ("member", "outsider"):
        page = client_for(cast[who])
        for url in (
            f"/s/{space.slug}/",
            f"/s/{space.slug}/conversations/",
            conversation.get_absolute_url(),
            f"/s/{space.slug}/charter/",
            f"/s/{space.slug}/rules/",
        ):
            assert page.get(url).status_code == 404, (who, url)
        api = ApiClient(cast[who])
        assert api.get(f"/spaces/{space.slug}").status_code == 404
        assert api.get(f"/conversations/{conversation.pk}").status_code == 404
        assert space.name.encode() not in page.get("/spaces/").content
        assert b"Secret plans" not in page.get("/").content
        found = page.get("/search/?q=Secret").content
        assert f'href="{conversation.get_absolute_url()}'.encode() not in found
    assert client_for(cast["leader"]).get(conversation.get_absolute_url()).status_code == 200


def test_pilot_shows_a_banner_to_champions(cast):
    space = _space(cast, "pilot")
    page = client_for(cast["champion"]).get(f"/s/{space.slug}/")
    assert page.status_code == 200
    assert b"Pilot." in page.content


def test_notifications_about_a_draft_space_are_hidden_from_members(cast):
    from hearth.notifications.services import notification_send as send

    space = _space(cast, "live")
    conversation = conversation_make(space=space, author=cast["leader"])
    send(
        recipient=cast["member"],
        kind="reply",
        text="A reply",
        space=space,
        conversation=conversation,
    )
    send(recipient=cast["member"], kind="space_live", text="Live", space=space)
    assert notification_list(actor=Actor.for_user(cast["member"])).count() == 2
    Space.objects.filter(pk=space.pk).update(state="draft")
    assert notification_list(actor=Actor.for_user(cast["member"])).count() == 0


@pytest.fixture
def archived(cast):
    space = _space(cast, "live")
    question = conversation_make(
        space=space, author=cast["member"], kind="question", title="How do we archive?"
    )
    reply = reply_make(conversation=question, author=cast["champion"])
    Space.objects.filter(pk=space.pk).update(state="archived")
    space.refresh_from_db()
    question.refresh_from_db()
    reply.refresh_from_db()
    return space, question, reply


def _snapshot(space):
    return (
        list(Conversation.objects.filter(space=space).values()),
        list(Reply.objects.filter(conversation__space=space).values()),
        Like.objects.count(),
    )


def test_archived_space_stays_readable_and_searchable(cast, archived):
    space, question, _ = archived
    for who in ("member", "outsider", "leader"):
        page = client_for(cast[who])
        assert page.get(question.get_absolute_url()).status_code == 200
        found = page.get("/search/?q=archive").content
        assert f'href="{question.get_absolute_url()}'.encode() in found, who
    assert b"Archived" in client_for(cast["member"]).get(f"/s/{space.slug}/").content


def test_archive_refuses_every_write_in_services_and_changes_nothing(cast, archived):
    from hearth.conversations import services as s

    space, question, reply = archived
    before = _snapshot(space)
    member, leader = Actor.for_user(cast["member"]), Actor.for_user(cast["leader"])
    attempts = [
        lambda: s.conversation_create(
            actor=member, space=space, kind="discussion", title="A new one", body="Hello"
        ),
        lambda: s.reply_create(actor=member, conversation=question, body="More"),
        lambda: s.like_add(actor=member, reply=reply),
        lambda: s.like_add(actor=leader, conversation=question),
        lambda: s.conversation_edit(
            actor=member, conversation=question, title="Changed", body="Changed"
        ),
        lambda: s.reply_edit(actor=Actor.for_user(cast["champion"]), reply=reply, body="X"),
        lambda: s.reply_accept(actor=member, reply=reply),
        lambda: s.reply_remove(actor=leader, reply=reply),
        lambda: s.conversation_remove(actor=leader, conversation=question),
    ]
    for attempt in attempts:
        with pytest.raises(policy.Forbidden) as error:
            attempt()
        assert error.value.message == policy.ARCHIVED_MESSAGE
    assert _snapshot(space) == before


def test_archive_refuses_writes_through_pages_and_api(cast, archived):
    space, question, reply = archived
    before = _snapshot(space)
    page = client_for(cast["member"])
    for url, data in [
        (
            f"/s/{space.slug}/conversations/new/",
            {"kind": "discussion", "title": "Hello there", "body": "Hi"},
        ),
        (f"/c/{question.pk}/replies/", {"body": "More"}),
        (f"/r/{reply.pk}/like/", {}),
        (f"/c/{question.pk}/edit/", {"title": "Changed title", "body": "Changed"}),
        (f"/r/{reply.pk}/accept/", {}),
    ]:
        response = page.post(url, data)
        assert response.status_code == 403, url
        assert b"archived" in response.content, url
    api = ApiClient(cast["member"])
    for path, data in [
        (
            f"/spaces/{space.slug}/conversations",
            {"kind": "discussion", "title": "Hello there", "body": "Hi"},
        ),
        (f"/conversations/{question.pk}/replies", {"body": "More"}),
        (f"/replies/{reply.pk}/like", {}),
    ]:
        response = api.post(path, data)
        assert response.status_code == 403, (path, response.content)
        assert response.json()["detail"] == policy.ARCHIVED_MESSAGE
    assert _snapshot(space) == before


def test_archive_refuses_joining_and_membership_changes(cast, archived):
    from hearth.spaces import services as spaces

    space, _, _ = archived
    newcomer = Actor.for_user(person_make())
    with pytest.raises(policy.Forbidden):
        spaces.space_join(actor=newcomer, space=space)
    with pytest.raises(policy.Forbidden):
        spaces.member_change_role(
            actor=Actor.for_user(cast["leader"]),
            space=space,
            user_id=cast["member"].pk,
            role="champion",
        )
    assert space.memberships.count() == 3


def test_following_an_archived_conversation_is_still_allowed(cast, archived):
    from hearth.conversations.services import follow_set

    _, question, _ = archived
    follow = follow_set(
        actor=Actor.for_user(cast["outsider"]), level="watching", conversation=question
    )
    assert follow.pk
