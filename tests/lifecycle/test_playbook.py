"""The playbook: each detector proven false, then true from real data; hand ticks."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.actionplan.services import task_create
from hearth.core.errors import Forbidden, Invalid
from hearth.core.models import AuditEntry
from hearth.events.models import Event
from hearth.lifecycle.models import PilotFeedback
from hearth.lifecycle.playbook import ITEM_BY_KEY, ITEMS, STEPS, playbook_for
from hearth.lifecycle.services import charter_update, playbook_tick, space_transition
from hearth.spaces.models import Space
from tests.conftest import ApiClient, client_for
from tests.factories import (
    conversation_make,
    event_make,
    invitation_make,
    membership_make,
    person_make,
    reply_make,
    rules_make,
    space_in_state_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    leader = person_make()
    return space_in_state_make(state="draft", leader=leader), leader


def detect(key, space) -> bool:
    space = Space.objects.get(pk=space.pk)
    return ITEM_BY_KEY[key].detect(space)


def test_the_eight_steps_are_all_there(draft):
    space, _ = draft
    steps = playbook_for(space)
    assert [s["key"] for s in steps] == [key for key, _ in STEPS]
    assert len(steps) == 8
    assert all(step["items"] for step in steps)


def test_charter_written_detector(draft):
    space, leader = draft
    assert not detect("charter_written", space)
    charter_update(
        actor=Actor.for_user(leader), space=space, vision="Why we exist.", audience="", targets=[]
    )
    assert not detect("charter_written", space)  # a vision alone is not measurable
    charter_update(
        actor=Actor.for_user(leader),
        space=space,
        vision="Why we exist.",
        audience="",
        targets=[{"metric": "new_members_per_month", "target": 5}],
    )
    assert detect("charter_written", space)


def test_champion_named_detector(draft):
    space, _ = draft
    assert not detect("champion_named", space)
    membership_make(space=space, user=person_make(), role="champion")
    assert detect("champion_named", space)


def test_rules_adopted_detector(draft):
    space, leader = draft
    assert not detect("rules_adopted", space)
    rules_make(space=space, leader=leader)
    assert detect("rules_adopted", space)


def test_pilot_held_detector_needs_feedback_all_resolved(draft):
    space, leader = draft
    champion = person_make()
    membership_make(space=space, user=champion, role="champion")
    space_transition(actor=Actor.for_user(leader), space=space, state="pilot")
    assert not detect("pilot_held", space)  # no feedback yet
    item = PilotFeedback.objects.create(space=space, author=champion, text="Too many tags")
    assert not detect("pilot_held", space)  # still open
    PilotFeedback.objects.filter(pk=item.pk).update(status="resolved")
    assert detect("pilot_held", space)


def test_launched_detector(draft):
    space, leader = draft
    assert not detect("launched", space)
    space_transition(actor=Actor.for_user(leader), space=space, state="live")
    assert detect("launched", space)


def test_invitations_sent_detector(draft):
    space, leader = draft
    assert not detect("invitations_sent", space)
    invitation_make(space=space, user=person_make(), invited_by=leader)
    assert detect("invitations_sent", space)


def test_questions_answered_and_conversations_active_detectors(draft):
    space, leader = draft
    Space.objects.filter(pk=space.pk).update(state="live")
    space.refresh_from_db()
    assert not detect("conversations_active", space)
    assert not detect("questions_answered", space)
    with time_machine.travel(timezone.now() - timedelta(days=45)):
        old = conversation_make(space=space, author=leader, kind="question")
    assert not detect("conversations_active", space)  # older than 30 days
    reply = reply_make(conversation=old, author=person_make())
    old.accepted_reply = reply
    old.save(update_fields=["accepted_reply"])
    assert detect("questions_answered", space)
    conversation_make(space=space, author=leader)
    assert detect("conversations_active", space)


def test_wrapped_up_detector(draft):
    space, leader = draft
    space_transition(actor=Actor.for_user(leader), space=space, state="live")
    assert not detect("wrapped_up", space)
    space_transition(
        actor=Actor.for_user(leader), space=space, state="archived", reason="Project over."
    )
    assert detect("wrapped_up", space)


def test_action_plan_and_first_event_detectors(draft):
    space, leader = draft
    Space.objects.filter(pk=space.pk).update(state="live")
    space.refresh_from_db()
    assert not detect("action_plan_made", space)
    assert not detect("first_event", space)
    task_create(
        actor=Actor.for_user(leader),
        space=space,
        title="Plan the first webinar",
        owner=leader,
        due_on=timezone.localdate() + timedelta(days=7),
    )
    assert detect("action_plan_made", space)
    event = event_make(space=space, host=leader)
    assert not detect("first_event", space)  # planned, not held yet
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=2)
    )
    assert detect("first_event", space)


def test_every_detected_item_has_a_test_above():
    detected = {item.key for item in ITEMS if item.detect is not None}
    tested = {
        "charter_written",
        "champion_named",
        "rules_adopted",
        "pilot_held",
        "launched",
        "invitations_sent",
        "questions_answered",
        "conversations_active",
        "wrapped_up",
        "action_plan_made",
        "first_event",
    }
    assert detected == tested


def test_hand_ticks_are_audited_and_the_health_review_lasts_a_month(draft):
    space, leader = draft
    actor = Actor.for_user(leader)
    with time_machine.travel("2026-10-15 10:00Z", tick=False):
        playbook_tick(actor=actor, space=space, item="health_reviewed", ticked=True)
        row = _row(space, "health_reviewed")
        assert row["done"] and row["source"] == "hand"
    with time_machine.travel("2026-11-02 10:00Z", tick=False):
        assert not _row(space, "health_reviewed")["done"]  # a new month asks again
    playbook_tick(actor=actor, space=space, item="first_meeting", ticked=True)
    assert _row(space, "first_meeting")["done"]
    playbook_tick(actor=actor, space=space, item="first_meeting", ticked=False)
    assert not _row(space, "first_meeting")["done"]
    assert AuditEntry.objects.filter(action="playbook.tick").count() == 3


def test_detected_items_cannot_be_ticked_and_members_cannot_tick(draft):
    space, leader = draft
    with pytest.raises(Invalid):
        playbook_tick(actor=Actor.for_user(leader), space=space, item="launched", ticked=True)
    with pytest.raises(Invalid):
        playbook_tick(actor=Actor.for_user(leader), space=space, item="nonsense", ticked=True)
    Space.objects.filter(pk=space.pk).update(state="live")
    space.refresh_from_db()
    member = person_make()
    membership_make(space=space, user=member)
    with pytest.raises(Forbidden):
        playbook_tick(actor=Actor.for_user(member), space=space, item="first_meeting", ticked=True)


def _row(space, key):
    for step in playbook_for(space):
        for item in step["items"]:
            if item["key"] == key:
                return item
    raise KeyError(key)


def test_playbook_page_and_api(draft):
    space, leader = draft
    page = client_for(leader)
    response = page.get(f"/s/{space.slug}/playbook/")
    assert response.status_code == 200 and b"Wrap up" in response.content
    assert b'id="action-plan"' in response.content
    response = page.post(
        f"/s/{space.slug}/playbook/first_meeting/", {"ticked": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and b"Untick" in response.content
    steps = ApiClient(leader).get(f"/spaces/{space.slug}/playbook").json()
    prepare = steps[0]["items"]
    assert {
        "key": "first_meeting",
        "label": ITEM_BY_KEY["first_meeting"].label,
        "done": True,
        "source": "hand",
    } in prepare
    outsider = person_make()
    assert ApiClient(outsider).get(f"/spaces/{space.slug}/playbook").status_code == 404
