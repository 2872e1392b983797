"""Transitions: the allowed table, who may move a space, audit, notifications."""

import pytest

from hearth.access.actor import Actor
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry, OutboundEmail
from hearth.lifecycle.jobs import lifecycle_event_tell_members
from hearth.lifecycle.models import LifecycleEvent
from hearth.lifecycle.services import space_transition
from hearth.notifications.models import Notification
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
def team():
    leader, champion, member = person_make(), person_make(), person_make()
    space = space_in_state_make(state="draft", leader=leader)
    membership_make(space=space, user=champion, role="champion")
    membership_make(space=space, user=member)
    return space, leader, champion, member


def _move(space, person, state, reason=""):
    return space_transition(actor=Actor.for_user(person), space=space, state=state, reason=reason)


def test_a_leader_walks_a_space_through_its_life_and_each_step_is_audited(team):
    space, leader, _, _ = team
    for state, reason in [("pilot", ""), ("live", ""), ("archived", "The project ended.")]:
        before = space.state
        event = _move(space, leader, state, reason)
        assert Space.objects.get(pk=space.pk).state == state
        entry = AuditEntry.objects.filter(action="space.transition").first()
        assert entry.before == {"state": before}
        assert entry.after == {"state": state, "reason": reason}
        assert entry.actor == leader
        assert event.from_state == before and event.to_state == state
    assert LifecycleEvent.objects.filter(space=space).count() == 3


def test_notifications_go_to_the_members_the_new_state_lets_in(
    team, django_capture_on_commit_callbacks
):
    space, leader, champion, member = team
    event = _move(space, leader, "pilot")
    assert lifecycle_event_tell_members(event_id=event.pk) == 1
    assert Notification.objects.filter(kind="space_pilot").get().recipient == champion
    # Told once: a rerun of the task tells nobody again.
    assert lifecycle_event_tell_members(event_id=event.pk) == 0
    event = _move(space, leader, "live")
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle_event_tell_members(event_id=event.pk)
    told = set(
        Notification.objects.filter(kind="space_live").values_list("recipient_id", flat=True)
    )
    assert told == {champion.pk, member.pk}
    assert OutboundEmail.objects.filter(subject__contains="is live").count() == 2


def test_email_follows_each_members_preference(team, django_capture_on_commit_callbacks):
    space, leader, champion, member = team
    member.email_notifications = "none"
    member.save(update_fields=["email_notifications"])
    _move(space, leader, "live")
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle_event_tell_members(event_id=LifecycleEvent.objects.first().pk)
    assert Notification.objects.filter(recipient=member, kind="space_live").exists()
    recipients = [e.to for e in OutboundEmail.objects.all()]
    assert recipients == [[champion.email]]


@pytest.mark.parametrize(
    "path,state,error",
    [
        (["live", "archived"], "pilot", Invalid),  # archived → pilot: not in the table
        (["live", "archived"], "draft", Invalid),
        (["live"], "draft", Invalid),  # live → draft: back through pilot
        (["live", "archived"], "live", Forbidden),  # only a platform admin reopens
        (["pilot"], "pilot", Conflict),
        ([], "vanished", Invalid),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(team, path, state, error):
    space, leader, _, _ = team
    for step in path:
        _move(space, leader, step, "Because we are done.")
    before = (
        Space.objects.get(pk=space.pk).state,
        LifecycleEvent.objects.count(),
        AuditEntry.objects.count(),
    )
    with pytest.raises(error) as raised:
        _move(space, leader, state, "Some reason")
    assert raised.value.message
    assert (
        Space.objects.get(pk=space.pk).state,
        LifecycleEvent.objects.count(),
        AuditEntry.objects.count(),
    ) == before


def test_archived_to_pilot_says_what_is_allowed(team):
    space, leader, _, _ = team
    _move(space, leader, "live")
    _move(space, leader, "archived", "Wrapped up.")
    with pytest.raises(Invalid) as raised:
        _move(space, leader, "pilot")
    assert "cannot become pilot" in raised.value.message


def test_archiving_needs_a_reason(team):
    space, leader, _, _ = team
    with pytest.raises(Invalid) as raised:
        _move(space, leader, "archived", " ")
    assert raised.value.field == "reason"


def test_only_leaders_and_admins_move_a_space(team):
    space, leader, champion, member = team
    _move(space, leader, "pilot")
    with pytest.raises(Forbidden):
        _move(space, champion, "live")
    with pytest.raises(NotFound):  # a member does not even see a pilot space
        _move(space, member, "live")
    with pytest.raises(NotFound):
        _move(space, person_make(), "live")


def test_a_platform_admin_reopens_an_archived_space(team):
    space, leader, _, _ = team
    admin = person_make(org_role="admin")
    _move(space, leader, "live")
    _move(space, leader, "archived", "Paused for the summer.")
    _move(space, admin, "live")
    assert Space.objects.get(pk=space.pk).state == "live"
    assert AuditEntry.objects.filter(action="space.transition").first().as_role == "platform_admin"


def test_moving_back_and_forth_loses_nothing(team):
    space, leader, champion, member = team
    _move(space, leader, "live")
    conversation = conversation_make(space=space, author=member)
    reply_make(conversation=conversation, author=champion)
    snapshot = (
        list(space.conversations.values()),
        space.memberships.count(),
        list(space.memberships.values_list("user_id", "role").order_by("user_id")),
    )
    for state in ("pilot", "draft", "pilot", "live", "archived"):
        _move(space, leader, state, "Trying things out.")
    admin = person_make(org_role="admin")
    _move(space, admin, "live")
    assert (
        list(space.conversations.values()),
        space.memberships.count(),
        list(space.memberships.values_list("user_id", "role").order_by("user_id")),
    ) == snapshot
    assert client_for(member).get(conversation.get_absolute_url()).status_code == 200


def test_api_transition_and_its_errors(team):
    space, leader, champion, member = team
    api = ApiClient(leader)
    response = api.post(f"/spaces/{space.slug}/lifecycle", {"state": "pilot"})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "pilot"
    assert response.json()["history"][0]["to_state"] == "pilot"
    response = api.post(f"/spaces/{space.slug}/lifecycle", {"state": "archived"})
    assert response.status_code == 400
    assert "why" in response.json()["detail"]
    assert (
        ApiClient(champion).post(f"/spaces/{space.slug}/lifecycle", {"state": "live"}).status_code
        == 403
    )
    assert (
        ApiClient(member).post(f"/spaces/{space.slug}/lifecycle", {"state": "live"}).status_code
        == 404
    )
    assert api.post(f"/spaces/{space.slug}/lifecycle", {"nope": 1}).status_code == 422
    assert Space.objects.get(pk=space.pk).state == "pilot"
    assert (
        "/api/v1/spaces/{slug}/lifecycle"
        in client_for(leader).get("/api/v1/openapi.json").json()["paths"]
    )


def test_lifecycle_page_changes_the_state_and_shows_errors(team):
    space, leader, _, member = team
    page = client_for(leader)
    response = page.post(f"/s/{space.slug}/lifecycle/", {"state": "archived", "reason": ""})
    assert response.status_code == 400
    assert b"Say why the space is archived" in response.content
    response = page.post(f"/s/{space.slug}/lifecycle/", {"state": "pilot"})
    assert response.status_code == 302
    assert Space.objects.get(pk=space.pk).state == "pilot"
    assert client_for(member).get(f"/s/{space.slug}/lifecycle/").status_code == 404
    # The selector offers the next step first: a pilot goes live.
    shown = page.get(f"/s/{space.slug}/lifecycle/").content.decode()
    assert '<option value="live" selected>' in shown


def test_a_director_steers_a_space_and_is_audited_as_director(team):
    space, leader, _, _ = team
    director = person_make(org_role="director")
    _move(space, leader, "live")
    _move(space, director, "archived", "Merged into the plant network.")
    assert Space.objects.get(pk=space.pk).state == "archived"
    entry = AuditEntry.objects.filter(action="space.transition").first()
    assert (entry.actor_id, entry.as_role) == (director.pk, "director")


def test_the_space_header_names_a_state_other_than_live(team):
    space, leader, _, _ = team
    page = client_for(leader).get(f"/s/{space.slug}/").content.decode()
    assert '<span class="pill pill-state">Draft</span>' in page and "once live" in page
    _move(space, leader, "live")
    page = client_for(leader).get(f"/s/{space.slug}/").content.decode()
    assert "pill-state" not in page and "once live" not in page
