"""The visibility policy, rule by rule, for each kind of actor."""

import pytest

from hearth.access import policy
from hearth.core.errors import Forbidden, NotFound
from hearth.spaces.models import Space
from tests.conftest import actor_of
from tests.factories import invitation_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    leader = person_make(username="lea")
    spaces = {v: space_make(slug=f"s-{v}", visibility=v, leader=leader)
              for v in ("open", "restricted", "private")}
    return {
        "leader": leader, "spaces": spaces,
        "outsider": person_make(username="out"),
        "admin": person_make(username="adm", org_role="admin"),
        "director": person_make(username="dir", org_role="director"),
    }


def test_open_space_is_readable_and_joinable_by_every_employee(cast):
    actor = actor_of(cast["outsider"])
    space = cast["spaces"]["open"]
    assert policy.can_see_space(actor, space)
    assert policy.can_read_space(actor, space)
    assert policy.can_join_space(actor, space)
    assert not policy.can_request_access(actor, space)


def test_restricted_space_is_listed_but_its_content_is_for_members(cast):
    actor = actor_of(cast["outsider"])
    space = cast["spaces"]["restricted"]
    assert policy.can_see_space(actor, space)
    assert not policy.can_read_space(actor, space)
    assert not policy.can_join_space(actor, space)
    assert policy.can_request_access(actor, space)
    with pytest.raises(Forbidden) as raised:
        policy.require_read_space(actor, space)
    assert raised.value.request_access_space == space


def test_private_space_does_not_exist_for_outsiders(cast):
    actor = actor_of(cast["outsider"])
    space = cast["spaces"]["private"]
    assert not policy.can_see_space(actor, space)
    assert not policy.can_request_access(actor, space)
    with pytest.raises(NotFound):
        policy.require_read_space(actor, space)
    assert space not in Space.objects.visible_to(actor)


def test_pending_invitation_reveals_a_private_space_name_but_not_its_content(cast):
    space = cast["spaces"]["private"]
    invitation_make(space=space, user=cast["outsider"], invited_by=cast["leader"])
    actor = actor_of(cast["outsider"])
    assert policy.can_see_space(actor, space)
    assert not policy.can_read_space(actor, space)
    assert space in Space.objects.visible_to(actor)


@pytest.mark.parametrize("role", ["member", "champion", "facilitator", "leader"])
def test_every_member_reads_a_private_space(cast, role):
    space = cast["spaces"]["private"]
    membership_make(space=space, user=cast["outsider"], role=role)
    actor = actor_of(cast["outsider"])
    assert policy.can_read_space(actor, space)
    assert space in Space.objects.readable_by(actor)


def test_only_leaders_manage_members_and_facilitators_decide_requests(cast):
    space = cast["spaces"]["restricted"]
    expectations = {"member": (False, False), "champion": (False, False),
                    "facilitator": (False, True), "leader": (True, True)}
    for role, (manage, decide) in expectations.items():
        person = person_make()
        membership_make(space=space, user=person, role=role)
        actor = actor_of(person)
        assert policy.can_manage_members(actor, space) is manage, role
        assert policy.can_decide_access_requests(actor, space) is decide, role


def test_admin_administers_private_spaces_without_reading_their_content(cast):
    actor = actor_of(cast["admin"])
    space = cast["spaces"]["private"]
    assert policy.can_see_space(actor, space)
    assert policy.can_manage_members(actor, space)
    assert not policy.can_read_space(actor, space)
    assert space not in Space.objects.readable_by(actor)


def test_director_has_no_special_view_into_private_spaces(cast):
    actor = actor_of(cast["director"])
    assert not policy.can_see_space(actor, cast["spaces"]["private"])
    assert not policy.can_read_space(actor, cast["spaces"]["restricted"])


def test_anonymous_sees_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    actor = actor_of(AnonymousUser())
    assert not Space.objects.visible_to(actor).exists()
    assert not policy.can_see_space(actor, cast["spaces"]["open"])


def test_actors_who_can_read_space_are_members_for_private_spaces(cast):
    space = cast["spaces"]["private"]
    readers = set(policy.actors_who_can_read_space(space))
    assert readers == {cast["leader"]}
    assert cast["outsider"] in set(policy.actors_who_can_read_space(cast["spaces"]["open"]))
