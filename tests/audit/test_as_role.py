"""One rule for the role an action is recorded under, whichever app records it.

Moderation once recorded a leader's own role ("leader") where the other apps
recorded "": the same person acting under the same role now leaves the same
``as_role`` in every app's entries.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from hearth.access.actor import Actor
from hearth.core.models import AuditEntry
from hearth.moderation.services import report_threshold_set, staff_note_add
from hearth.people.services import profile_update
from hearth.spaces import services as space_services
from hearth.structure.services import layout_update
from hearth.swaps.services import role_swap_create
from tests.factories import access_request_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def team():
    leader = person_make()
    space = space_make(visibility="restricted", leader=leader)
    member = person_make()
    membership_make(space=space, user=member)
    return {"space": space, "leader": leader, "member": member}


def _roles_written(person, space) -> dict[str, str]:
    """Act in ``space`` as ``person`` through moderation, spaces and structure; the
    ``as_role`` each app's entry carries."""
    actor = Actor.for_user(person)
    report_threshold_set(actor=actor, space=space, threshold=4)
    request = access_request_make(space=space, user=person_make())
    space_services.access_request_decide(
        actor=Actor.for_user(person), space=space, request_id=request.pk, approve=True
    )
    layout_update(actor=Actor.for_user(person), space=space, sections=["top", "questions"])
    entries = AuditEntry.objects.filter(actor=person)
    return {
        app: entries.filter(action__startswith=prefix).get().as_role
        for app, prefix in (
            ("moderation", "moderation.threshold"),
            ("spaces", "access_request."),
            ("structure", "space.layout_update"),
        )
    }


def test_a_leader_s_own_role_is_recorded_alike_by_moderation_and_the_other_apps(team):
    assert _roles_written(team["leader"], team["space"]) == {
        "moderation": "",
        "spaces": "",
        "structure": "",
    }


@time_machine.travel(START, tick=False)
def test_a_swapped_role_is_recorded_alike_by_moderation_and_the_other_apps(team):
    role_swap_create(
        actor=Actor.for_user(team["leader"]),
        space=team["space"],
        user=team["member"],
        role="leader",
        until=START + timedelta(hours=8),
    )
    assert _roles_written(team["member"], team["space"]) == {
        "moderation": "swap:leader",
        "spaces": "swap:leader",
        "structure": "swap:leader",
    }


def test_an_organisation_role_is_recorded_alike_by_moderation_and_the_other_apps(team):
    admin = Actor.for_user(person_make(org_role="admin"))
    staff_note_add(actor=admin, person=team["member"], body="Asked twice to keep it civil.")
    profile_update(actor=admin, person=team["member"], display_name="Max Member")
    entries = AuditEntry.objects.filter(actor=admin.user)
    assert entries.get(action__startswith="moderation.note").as_role == "platform_admin"
    assert entries.get(action__startswith="person.profile").as_role == "platform_admin"


def test_the_rule_lives_on_the_actor(team):
    """``Actor.audit_role``: "" by one's own role (at least the action's), else the
    organisation role in scope, else ""."""
    director = person_make(org_role="director")
    membership_make(space=team["space"], user=director)
    actor = Actor.for_user(director)
    assert actor.audit_role(team["space"]) == ""
    assert actor.audit_role(team["space"], minimum="leader") == "director"
    assert actor.audit_role(None) == "director"
    assert Actor.for_user(team["member"]).audit_role(None) == ""
