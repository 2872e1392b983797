"""Pilot feedback and the charter: who may write, bad input, metrics from real data."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from hearth.access.actor import Actor
from hearth.conversations.models import Conversation
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry
from hearth.lifecycle.metrics import CATALOGUE, metric_value
from hearth.lifecycle.models import Charter, PilotFeedback
from hearth.lifecycle.services import (
    charter_update,
    pilot_feedback_create,
    pilot_feedback_resolve,
)
from hearth.notifications.models import Notification
from tests.conftest import ApiClient, client_for
from tests.factories import (
    conversation_make,
    membership_make,
    person_make,
    reply_make,
    space_in_state_make,
    space_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot():
    leader, champion, member = person_make(), person_make(), person_make()
    space = space_in_state_make(state="pilot", leader=leader)
    membership_make(space=space, user=champion, role="champion")
    membership_make(space=space, user=member)
    return space, leader, champion, member


def test_a_champion_gives_feedback_and_a_leader_resolves_it(pilot):
    space, leader, champion, _ = pilot
    item = pilot_feedback_create(
        actor=Actor.for_user(champion), space=space, text="The welcome text is too long."
    )
    resolved = pilot_feedback_resolve(
        actor=Actor.for_user(leader), space=space, feedback_id=item.pk, note="Shortened it."
    )
    assert resolved.status == "resolved" and resolved.resolution_note == "Shortened it."
    assert AuditEntry.objects.filter(action="pilot_feedback.resolve").exists()
    assert Notification.objects.filter(recipient=champion, kind="feedback_resolved").exists()
    with pytest.raises(Conflict):
        pilot_feedback_resolve(
            actor=Actor.for_user(leader), space=space, feedback_id=item.pk, note="Again"
        )


def test_pilot_feedback_bad_input_and_wrong_people(pilot):
    space, leader, champion, member = pilot
    with pytest.raises(NotFound):  # a plain member does not see a pilot space
        pilot_feedback_create(actor=Actor.for_user(member), space=space, text="Hello there")
    with pytest.raises(Invalid):
        pilot_feedback_create(actor=Actor.for_user(champion), space=space, text=" ")
    with pytest.raises(Invalid):
        pilot_feedback_create(actor=Actor.for_user(champion), space=space, text="x" * 2001)
    item = pilot_feedback_create(actor=Actor.for_user(champion), space=space, text="Fine")
    with pytest.raises(Forbidden):
        pilot_feedback_resolve(
            actor=Actor.for_user(champion), space=space, feedback_id=item.pk, note="Done"
        )
    with pytest.raises(Invalid):
        pilot_feedback_resolve(
            actor=Actor.for_user(leader), space=space, feedback_id=item.pk, note=""
        )
    with pytest.raises(NotFound):
        pilot_feedback_resolve(
            actor=Actor.for_user(leader), space=space, feedback_id=item.pk + 99, note="Done"
        )
    assert PilotFeedback.objects.get().status == "open"
    live = space_make(leader=leader)
    membership_make(space=live, user=champion, role="champion")
    with pytest.raises(Invalid):
        pilot_feedback_create(actor=Actor.for_user(champion), space=live, text="Too late")


def test_pilot_page_and_api(pilot):
    space, leader, champion, member = pilot
    page = client_for(champion)
    assert page.post(f"/s/{space.slug}/pilot/", {"text": ""}).status_code == 400
    assert page.post(f"/s/{space.slug}/pilot/", {"text": "Add a FAQ."}).status_code == 302
    item = PilotFeedback.objects.get()
    response = client_for(leader).post(
        f"/s/{space.slug}/pilot/{item.pk}/resolve/", {"note": "FAQ added."}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and b"FAQ added." in response.content
    assert client_for(member).get(f"/s/{space.slug}/pilot/").status_code == 404
    api = ApiClient(champion)
    assert api.post(f"/spaces/{space.slug}/pilot-feedback", {"text": "More"}).status_code == 201
    listed = api.get(f"/spaces/{space.slug}/pilot-feedback").json()
    assert {f["text"] for f in listed} == {"Add a FAQ.", "More"}


# -- Charter ---------------------------------------------------------------------------

TARGETS = [
    {"metric": "monthly_active_members", "target": 3},
    {"metric": "answered_within_24h", "target": 80},
    {"metric": "median_first_response_hours", "target": 6},
    {"metric": "new_members_per_month", "target": 2},
]


def test_leaders_write_the_charter_audited():
    leader = person_make()
    space = space_make(leader=leader)
    charter_update(
        actor=Actor.for_user(leader),
        space=space,
        vision="Share what works.",
        audience="Every engineer.",
        targets=TARGETS,
    )
    charter = Charter.objects.get(space=space)
    assert [t.metric for t in charter.targets.all()] == [t["metric"] for t in TARGETS]
    entry = AuditEntry.objects.get(action="charter.update")
    assert entry.before["vision"] == "" and entry.after["vision"] == "Share what works."


@pytest.mark.parametrize(
    "targets,message",
    [
        ([{"metric": "happiness", "target": 3}], "Unknown metric"),
        ([{"metric": "answered_within_24h", "target": 120}], "percentage"),
        ([{"metric": "new_members_per_month", "target": -1}], "between 0"),
        ([{"metric": "new_members_per_month", "target": "many"}], "must be a number"),
        ([{"metric": "new_members_per_month", "target": float("nan")}], "between 0"),
        ([{"metric": "new_members_per_month", "target": 1}] * 2, "twice"),
    ],
)
def test_bad_charter_targets_are_refused_and_nothing_changes(targets, message):
    leader = person_make()
    space = space_make(leader=leader)
    with pytest.raises(Invalid) as raised:
        charter_update(
            actor=Actor.for_user(leader), space=space, vision="V", audience="A", targets=targets
        )
    assert message in raised.value.message
    assert not Charter.objects.exists()


def test_members_cannot_write_the_charter():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    with pytest.raises(Forbidden):
        charter_update(
            actor=Actor.for_user(member), space=space, vision="Mine", audience="", targets=[]
        )


NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def _at(moment):
    return time_machine.travel(moment, tick=False)


def test_every_catalogue_metric_is_computed_from_real_activity():
    leader, asker, helper, late = person_make(), person_make(), person_make(), person_make()
    with _at(NOW - timedelta(days=90)):
        space = space_make(leader=leader)
    with _at(NOW - timedelta(days=60)):
        membership_make(space=space, user=late)
    with _at(NOW - timedelta(days=10)):
        membership_make(space=space, user=asker)
        membership_make(space=space, user=helper)
        quick = conversation_make(space=space, author=asker, kind="question")
    with _at(NOW - timedelta(days=10) + timedelta(hours=2)):
        reply_make(conversation=quick, author=helper)
    with _at(NOW - timedelta(days=5)):
        slow = conversation_make(space=space, author=asker, kind="question")
    with _at(NOW - timedelta(days=3)):  # 48 hours later
        reply_make(conversation=slow, author=helper)
    with _at(NOW - timedelta(days=40)):
        conversation_make(space=space, author=late, kind="discussion")
    Conversation.objects.filter(pk=quick.pk).update(accepted_reply=quick.replies.first())
    with _at(NOW):
        values = {key: metric_value(space=space, key=key) for key in CATALOGUE}
    assert values["monthly_active_members"] == 2  # asker, helper (late is older)
    assert values["answered_within_24h"] == 50.0  # quick yes, slow no
    assert values["median_first_response_hours"] == 25.0  # median of 2 h and 48 h
    assert values["new_members_per_month"] == 2  # asker, helper (not the leader, nor late)
    assert values["conversations_per_month"] == 2
    assert values["accepted_answer_share"] == 50.0


def test_metrics_without_data_say_so():
    space = space_make()
    assert metric_value(space=space, key="answered_within_24h") is None
    assert metric_value(space=space, key="median_first_response_hours") is None


def test_charter_on_the_home_page_and_api():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    api = ApiClient(leader)
    response = api.client.put(
        f"/api/v1/spaces/{space.slug}/charter",
        {"vision": "Learn together.", "audience": "All", "targets": TARGETS[:1]},
        content_type="application/json",
        headers=api.headers,
    )
    assert response.status_code == 200, response.content
    card = response.json()["scorecard"][0]
    assert card["metric"] == "monthly_active_members" and card["target"] == 3
    assert card["value"] == 0 and card["met"] is False
    bad = api.client.put(
        f"/api/v1/spaces/{space.slug}/charter",
        {"vision": "x", "targets": [{"metric": "nope", "target": 1}]},
        content_type="application/json",
        headers=api.headers,
    )
    assert bad.status_code == 400 and "Unknown metric" in bad.json()["detail"]
    assert (
        ApiClient(member).get(f"/spaces/{space.slug}/charter").json()["vision"] == "Learn together."
    )
    forbidden = ApiClient(member).client.put(
        f"/api/v1/spaces/{space.slug}/charter",
        {"vision": "Mine"},
        content_type="application/json",
        headers=ApiClient(member).headers,
    )
    assert forbidden.status_code == 403
    home = client_for(member).get(f"/s/{space.slug}/").content
    assert b"Learn together." in home and b"Monthly active members" in home
