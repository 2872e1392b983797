"""Role swap for a day: granted by leaders, bounded, ended on time by the worker."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.access.actor import Actor
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry
from hearth.notifications.models import Notification
from hearth.spaces import services as space_services
from hearth.swaps.models import RoleSwap
from hearth.swaps.services import role_swap_create, role_swap_end, role_swaps_expire
from tests.conftest import client_for
from tests.factories import access_request_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _space(visibility="restricted"):
    leader = person_make(display_name="Leila Leader")
    space = space_make(visibility=visibility, leader=leader)
    member = person_make(display_name="Max Member")
    membership_make(space=space, user=member)
    return space, leader, member


@time_machine.travel(START, tick=False)
def test_a_leader_lets_a_member_lead_for_a_day_and_it_is_audited():
    space, leader, member = _space()
    swap = role_swap_create(
        actor=Actor.for_user(leader),
        space=space,
        user=member,
        role="leader",
        until=START + timedelta(days=1),
    )
    assert swap.usual_role == "member" and swap.granted_by == leader
    actor = Actor.for_user(member)
    assert actor.role_in(space) == "leader" and actor.swapped_roles == {space.pk: "leader"}
    entry = AuditEntry.objects.get(action="role_swap.start")
    assert entry.after["user"] == member.username and entry.after["role"] == "leader"
    assert Notification.objects.filter(recipient=member, kind="role_swap").exists()


@time_machine.travel(START, tick=False)
def test_actions_under_the_swapped_role_are_audited_as_such():
    space, leader, member = _space()
    role_swap_create(
        actor=Actor.for_user(leader),
        space=space,
        user=member,
        role="leader",
        until=START + timedelta(hours=8),
    )
    asker = person_make()
    request = access_request_make(space=space, user=asker)
    space_services.access_request_decide(
        actor=Actor.for_user(member), space=space, request_id=request.pk, approve=True
    )
    entry = AuditEntry.objects.get(action="access_request.approved")
    assert entry.actor == member and entry.as_role == "swap:leader"
    # The leader's own actions carry no swap.
    other = access_request_make(space=space, user=person_make())
    space_services.access_request_decide(
        actor=Actor.for_user(leader), space=space, request_id=other.pk, approve=False
    )
    assert AuditEntry.objects.get(action="access_request.denied").as_role == ""


@pytest.mark.parametrize(
    "delta,message",
    [
        (timedelta(days=7, seconds=1), "at most 7 days"),
        (timedelta(days=30), "at most 7 days"),
        (timedelta(seconds=-1), "in the future"),
    ],
)
@time_machine.travel(START, tick=False)
def test_a_swap_too_long_or_in_the_past_is_refused(delta, message):
    space, leader, member = _space()
    with pytest.raises(Invalid, match=message):
        role_swap_create(
            actor=Actor.for_user(leader),
            space=space,
            user=member,
            role="leader",
            until=START + delta,
        )
    assert not RoleSwap.objects.exists() and not AuditEntry.objects.exists()


@time_machine.travel(START, tick=False)
def test_exactly_seven_days_is_allowed():
    space, leader, member = _space()
    role_swap_create(
        actor=Actor.for_user(leader),
        space=space,
        user=member,
        role="facilitator",
        until=START + timedelta(days=7),
    )
    assert RoleSwap.objects.count() == 1


@time_machine.travel(START, tick=False)
def test_a_swap_to_a_non_member_or_to_a_role_already_held_is_refused():
    space, leader, member = _space()
    outsider = person_make()
    with pytest.raises(Invalid, match="not a member"):
        role_swap_create(
            actor=Actor.for_user(leader),
            space=space,
            user=outsider,
            role="leader",
            until=START + timedelta(days=1),
        )
    facilitator = person_make()
    membership_make(space=space, user=facilitator, role="facilitator")
    with pytest.raises(Invalid, match="already facilitator"):
        role_swap_create(
            actor=Actor.for_user(leader),
            space=space,
            user=facilitator,
            role="facilitator",
            until=START + timedelta(days=1),
        )
    with pytest.raises(Invalid, match="facilitator or leader"):
        role_swap_create(
            actor=Actor.for_user(leader),
            space=space,
            user=member,
            role="champion",
            until=START + timedelta(days=1),
        )
    assert not RoleSwap.objects.exists()


@time_machine.travel(START, tick=False)
def test_only_real_leaders_grant_swaps():
    space, leader, member = _space()
    facilitator = person_make()
    membership_make(space=space, user=facilitator, role="facilitator")
    until = START + timedelta(days=1)
    for who in (member, facilitator):
        with pytest.raises(Forbidden):
            role_swap_create(
                actor=Actor.for_user(who), space=space, user=member, role="leader", until=until
            )
    # A member who is leader for a day cannot hand the role on.
    role_swap_create(
        actor=Actor.for_user(leader), space=space, user=member, role="leader", until=until
    )
    with pytest.raises(Forbidden):
        role_swap_create(
            actor=Actor.for_user(member), space=space, user=facilitator, role="leader", until=until
        )
    private, *_ = _space(visibility="private")
    with pytest.raises(NotFound):
        role_swap_create(
            actor=Actor.for_user(person_make()),
            space=private,
            user=member,
            role="leader",
            until=until,
        )
    assert RoleSwap.objects.count() == 1


@time_machine.travel(START, tick=False)
def test_a_second_open_swap_for_the_same_member_conflicts():
    space, leader, member = _space()
    role_swap_create(
        actor=Actor.for_user(leader),
        space=space,
        user=member,
        role="facilitator",
        until=START + timedelta(days=1),
    )
    with pytest.raises(Conflict):
        role_swap_create(
            actor=Actor.for_user(leader),
            space=space,
            user=member,
            role="leader",
            until=START + timedelta(days=2),
        )


def test_the_actor_ignores_a_swap_from_its_exact_end_time():
    space, leader, member = _space()
    end = START + timedelta(hours=4)
    with time_machine.travel(START, tick=False):
        role_swap_create(
            actor=Actor.for_user(leader), space=space, user=member, role="leader", until=end
        )
    with time_machine.travel(end - timedelta(microseconds=1), tick=False):
        assert Actor.for_user(member).role_in(space) == "leader"
    with time_machine.travel(end, tick=False):
        actor = Actor.for_user(member)
        assert actor.role_in(space) == "member" and actor.swapped_roles == {}
        # Not yet ended by the worker, yet already without effect.
        assert RoleSwap.objects.get().ended_at is None


def test_the_actor_loads_swaps_with_memberships_in_one_query():
    space, leader, member = _space()
    with time_machine.travel(START, tick=False):
        role_swap_create(
            actor=Actor.for_user(leader),
            space=space,
            user=member,
            role="leader",
            until=START + timedelta(days=1),
        )
        actor = Actor.for_user(member)
        with CaptureQueriesContext(connection) as queries:
            actor.roles, actor.swapped_roles, actor.role_in(space)  # noqa: B018
        assert len(queries) == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_ends_the_swap_on_time_with_nobody_looking(settings):
    """The real database queue and worker: the end task waits for its time."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    space, leader, member = _space()
    end = START + timedelta(hours=6)
    with time_machine.travel(START, tick=False):
        role_swap_create(
            actor=Actor.for_user(leader), space=space, user=member, role="leader", until=end
        )
    with time_machine.travel(end - timedelta(minutes=1), tick=False):
        call_command("db_worker", batch=True, interval=0)
        assert RoleSwap.objects.get().ended_at is None
    with time_machine.travel(end + timedelta(seconds=5), tick=False):
        call_command("db_worker", batch=True, interval=0)
    swap = RoleSwap.objects.get()
    assert swap.ended_at is not None and swap.end_reason == "expired"
    assert swap.ended_at <= end + timedelta(seconds=5)
    entry = AuditEntry.objects.get(action="role_swap.end")
    assert entry.as_role == "system" and entry.via == "worker"
    # Both were told; a second sweep changes nothing.
    assert set(
        Notification.objects.filter(kind="role_swap_ended").values_list("recipient_id", flat=True)
    ) == {leader.pk, member.pk}
    with time_machine.travel(end + timedelta(hours=1), tick=False):
        call_command("community_routines")
        call_command("db_worker", batch=True, interval=0)
    assert AuditEntry.objects.filter(action="role_swap.end").count() == 1


def test_the_sweep_ends_only_swaps_whose_time_is_up():
    space, leader, member = _space()
    other = person_make()
    membership_make(space=space, user=other)
    with time_machine.travel(START, tick=False):
        role_swap_create(
            actor=Actor.for_user(leader),
            space=space,
            user=member,
            role="leader",
            until=START + timedelta(hours=1),
        )
        role_swap_create(
            actor=Actor.for_user(leader),
            space=space,
            user=other,
            role="leader",
            until=START + timedelta(days=2),
        )
    with time_machine.travel(START + timedelta(hours=2), tick=False):
        assert role_swaps_expire() == 1
        assert role_swaps_expire() == 0
    assert RoleSwap.objects.filter(ended_at__isnull=True).get().user == other


@time_machine.travel(START, tick=False)
def test_a_leader_ends_a_swap_early():
    space, leader, member = _space()
    swap = role_swap_create(
        actor=Actor.for_user(leader),
        space=space,
        user=member,
        role="leader",
        until=START + timedelta(days=1),
    )
    role_swap_end(actor=Actor.for_user(leader), space=space, swap_id=swap.pk)
    assert Actor.for_user(member).role_in(space) == "member"
    with pytest.raises(Conflict):
        role_swap_end(actor=Actor.for_user(leader), space=space, swap_id=swap.pk)


@time_machine.travel(START, tick=False)
def test_both_see_the_banner_on_the_space_home():
    space, leader, member = _space()
    role_swap_create(
        actor=Actor.for_user(leader),
        space=space,
        user=member,
        role="leader",
        until=START + timedelta(days=1),
    )
    mine = client_for(member).get(f"/s/{space.slug}/").content.decode()
    assert "You are <strong>leader</strong> of this space" in mine
    theirs = client_for(leader).get(f"/s/{space.slug}/").content.decode()
    assert "Max Member</strong> is leader of this space" in theirs
    other = person_make()
    membership_make(space=space, user=other)
    assert "role swap" not in client_for(other).get(f"/s/{space.slug}/").content.decode()


@time_machine.travel(START, tick=False)
def test_swaps_page_access_and_form_errors():
    space, leader, member = _space()
    url = f"/s/{space.slug}/swaps/"
    assert Client().get(url).status_code == 302
    assert client_for(person_make()).get(url).status_code == 403
    assert client_for(member).get(url).status_code == 403
    private, private_leader, _ = _space(visibility="private")
    assert client_for(person_make()).get(f"/s/{private.slug}/swaps/").status_code == 404
    client = client_for(leader)
    assert client.get(url).status_code == 200
    too_long = client.post(
        url, {"username": member.username, "role": "leader", "until": "2026-03-20T09:00"}
    )
    assert too_long.status_code == 400 and b"at most 7 days" in too_long.content
    nobody = client.post(url, {"username": "nobody", "role": "leader", "until": "2026-03-03T09:00"})
    assert nobody.status_code == 400 and b"No one has that username" in nobody.content
    assert not RoleSwap.objects.exists()
    ok = client.post(
        url, {"username": member.username, "role": "leader", "until": "2026-03-03T09:00"}
    )
    assert ok.status_code == 302 and RoleSwap.objects.count() == 1


@time_machine.travel(START, tick=False)
def test_swaps_page_runs_constant_queries():
    space, leader, member = _space()
    client = client_for(leader)
    counts = []
    for n in (1, 6):
        for _ in range(n):
            person = person_make()
            membership_make(space=space, user=person)
            role_swap_create(
                actor=Actor.for_user(leader),
                space=space,
                user=person,
                role="facilitator",
                until=START + timedelta(days=1),
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/s/{space.slug}/swaps/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
