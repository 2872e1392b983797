"""The access reads written out as SQL give, row for row, what their querysets give;
and the role map kept in a shared cache follows every change of roles."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from hearth.access import sql
from hearth.access.actor import Actor, _roles_and_invitations
from hearth.spaces import services as space_services
from hearth.swaps.models import RoleSwap
from hearth.swaps.services import role_swap_create, role_swap_end
from tests.factories import invitation_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    """A person with every kind of row the roles read: memberships, a swap in force,
    one ended, one to come, one of somebody else, and pending and answered
    invitations."""
    now = timezone.now()
    leader, ana, ben = person_make(username="lea"), person_make(username="ana"), person_make()
    spaces = [space_make(leader=leader) for _ in range(5)]
    for space in spaces[:3]:
        membership_make(space=space, user=ana, role="member")
        membership_make(space=space, user=ben, role="member")
    swap = {"granted_by": leader, "usual_role": "member", "role": "facilitator"}
    RoleSwap.objects.create(
        space=spaces[0],
        user=ana,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
        **swap,
    )
    RoleSwap.objects.create(
        space=spaces[1],
        user=ana,
        starts_at=now - timedelta(hours=3),
        ends_at=now + timedelta(hours=1),
        ended_at=now - timedelta(hours=2),
        **swap,
    )
    RoleSwap.objects.create(
        space=spaces[2],
        user=ana,
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        **swap,
    )
    RoleSwap.objects.create(
        space=spaces[1],
        user=ben,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
        **swap,
    )
    invitation_make(space=spaces[3], user=ana, invited_by=leader)
    answered = invitation_make(space=spaces[4], user=ana, invited_by=leader)
    answered.status = "declined"
    answered.save()
    return now, leader, ana, ben, spaces


def test_the_roles_read_as_sql_are_the_querysets_rows(cast):
    now, leader, ana, ben, _ = cast
    for person in (leader, ana, ben, person_make(username="nobody")):
        for moment in (now, now + timedelta(minutes=90), now - timedelta(hours=5)):
            expected = sorted(_roles_and_invitations(person.pk, moment))
            assert sorted(sql.roles_and_invitations(person.pk, moment)) == expected
    assert "invited" in {role for _, role, _ in sql.roles_and_invitations(ana.pk, now)}
    assert {swap for _, _, swap in sql.roles_and_invitations(ana.pk, now)} == {"facilitator", None}


def test_the_person_read_as_sql_is_the_querysets_row(cast):
    _, leader, *_ = cast
    from django.contrib.auth import get_user_model

    expected = get_user_model().objects.get(pk=leader.pk)
    read = sql.person(leader.pk)
    fields = [f.attname for f in get_user_model()._meta.concrete_fields]
    assert [getattr(read, f) for f in fields] == [getattr(expected, f) for f in fields]
    assert sql.person(10**9) is None
    assert sql.person(2**63) is None


def test_the_session_read_as_sql_is_the_querysets_row(cast):
    from django.contrib.sessions.backends.db import SessionStore

    now = timezone.now()
    live, expired = SessionStore(), SessionStore()
    live["n"], expired["n"] = 1, 2
    live.save()
    expired.set_expiry(1)
    expired.save()
    for store, moment in ((live, now), (expired, now), (expired, now + timedelta(seconds=5))):
        rows = Session.objects.filter(session_key=store.session_key, expire_date__gt=moment)
        expected = rows[0].session_data if rows else None
        assert sql.session_data(store.session_key, moment) == expected
    assert sql.session_data("no-such-key", now) is None


def test_a_missing_session_gives_up_its_key_as_djangos_store_does():
    from hearth.access.sessions import SessionStore

    store = SessionStore("k" * 32)
    assert store.load() == {}
    assert store.session_key is None
    store["n"] = 1
    store.save()
    assert store.session_key not in (None, "k" * 32)
    assert SessionStore(store.session_key).load() == {"n": 1}


def _roles(user) -> tuple:
    actor = Actor.for_user(user)
    return actor.roles, actor.own_roles, actor.swapped_roles, actor.invited_space_ids


def test_the_cached_role_map_is_the_one_read_from_the_database(cast, settings):
    now, leader, ana, ben, _ = cast
    read = {person.pk: _roles(person) for person in (leader, ana, ben)}
    settings.HEARTH_ROLE_MAP_CACHE = True
    for _ in range(2):  # read, then from the cache
        assert {person.pk: _roles(person) for person in (leader, ana, ben)} == read


def test_the_cached_role_map_follows_every_change_of_roles(
    cast, settings, django_capture_on_commit_callbacks
):
    _, leader, ana, _, spaces = cast
    settings.HEARTH_ROLE_MAP_CACHE = True
    by_leader = Actor.for_user(leader)
    neo = person_make(username="neo")
    assert _roles(neo)[0] == {}  # now cached
    space = spaces[0]

    def change(service, **arguments):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**arguments)

    change(space_services.invitation_create, actor=by_leader, space=space, user=neo)
    assert _roles(neo)[3] == frozenset({space.pk})
    change(space_services.member_add, actor=by_leader, space=spaces[4], user=neo)
    assert _roles(neo)[0] == {spaces[4].pk: "member"}
    change(
        space_services.member_change_role,
        actor=by_leader,
        space=spaces[4],
        user_id=neo.pk,
        role="facilitator",
    )
    assert _roles(neo)[0] == {spaces[4].pk: "facilitator"}
    change(space_services.member_remove, actor=by_leader, space=spaces[4], user_id=neo.pk)
    assert _roles(neo)[0] == {}

    swap = change(
        role_swap_create,
        actor=by_leader,
        space=spaces[1],
        user=ana,
        role="leader",
        until=timezone.now() + timedelta(days=1),
    )
    assert _roles(ana)[0][spaces[1].pk] == "leader"
    change(role_swap_end, actor=by_leader, space=spaces[1], swap_id=swap.pk)
    assert _roles(ana)[0][spaces[1].pk] == "member"
    change(space_services.space_leave, actor=Actor.for_user(ana), space=spaces[1])
    assert spaces[1].pk not in _roles(ana)[0]


def test_a_swap_starts_and_ends_at_its_times_from_the_cached_rows(cast, settings, time_machine):
    now, _, ana, _, spaces = cast
    settings.HEARTH_ROLE_MAP_CACHE = True
    time_machine.move_to(now, tick=False)
    assert _roles(ana)[2] == {spaces[0].pk: "facilitator"}
    time_machine.move_to(now + timedelta(minutes=90), tick=False)  # one ended, one began
    assert _roles(ana)[2] == {spaces[2].pk: "facilitator"}
