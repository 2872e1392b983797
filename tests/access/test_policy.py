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
    spaces = {
        v: space_make(slug=f"s-{v}", visibility=v, leader=leader)
        for v in ("open", "restricted", "private")
    }
    return {
        "leader": leader,
        "spaces": spaces,
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
    expectations = {
        "member": (False, False),
        "champion": (False, False),
        "facilitator": (False, True),
        "leader": (True, True),
    }
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


def test_director_administers_every_space_but_reads_members_only_content_only_as_member(cast):
    actor = actor_of(cast["director"])
    for space in cast["spaces"].values():
        assert policy.can_see_space(actor, space)
        assert policy.can_edit_space(actor, space)
        assert policy.can_manage_members(actor, space)
        assert policy.can_decide_access_requests(actor, space)
        assert policy.org_scope_role(actor, space) == "director"
    assert not policy.can_read_space(actor, cast["spaces"]["restricted"])
    assert not policy.can_read_space(actor, cast["spaces"]["private"])
    assert not policy.can_tend_questions(actor, cast["spaces"]["private"])
    assert cast["spaces"]["private"] in Space.objects.visible_to(actor)
    assert cast["spaces"]["private"] not in Space.objects.readable_by(actor)
    membership_make(space=cast["spaces"]["private"], user=cast["director"])
    actor.forget_roles()
    assert policy.can_read_space(actor, cast["spaces"]["private"])


def test_unit_leader_administers_only_their_units_spaces(cast):
    from tests.factories import business_unit_make

    ops, finance = business_unit_make(), business_unit_make()
    lead = person_make(org_role="unit_leader", business_unit=ops)
    mine = space_make(visibility="private", business_unit=ops, leader=cast["leader"])
    theirs = space_make(visibility="private", business_unit=finance, leader=cast["leader"])
    restricted_theirs = space_make(visibility="restricted", business_unit=finance)
    actor = actor_of(lead)
    assert policy.org_scope_role(actor, mine) == "unit_leader"
    assert policy.can_see_space(actor, mine) and policy.can_edit_space(actor, mine)
    assert policy.can_manage_members(actor, mine)
    assert not policy.can_read_space(actor, mine)
    assert not policy.can_see_space(actor, theirs)
    assert not policy.can_edit_space(actor, restricted_theirs)
    assert not policy.can_decide_access_requests(actor, restricted_theirs)
    with pytest.raises(NotFound):
        policy.require_edit_space(actor, theirs)
    with pytest.raises(Forbidden):
        policy.require_manage_members(actor, restricted_theirs)
    listed = set(Space.objects.visible_to(actor))
    assert mine in listed and theirs not in listed
    assert actor.audit_role(mine, minimum="leader") == "unit_leader"
    # A unit leader without a unit leads nothing.
    lost = actor_of(person_make(org_role="unit_leader"))
    assert policy.org_scope_role(lost, mine) is None


def test_a_leaders_own_role_is_not_audited_as_an_organisation_role(cast):
    membership_make(space=cast["spaces"]["open"], user=cast["director"], role="leader")
    actor = actor_of(cast["director"])
    assert actor.audit_role(cast["spaces"]["open"], minimum="leader") == ""
    assert actor.audit_role(cast["spaces"]["private"], minimum="leader") == "director"


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


def test_roles_and_pending_invitations_are_read_in_one_query(cast, django_assert_num_queries):
    from hearth.access.actor import Actor
    from hearth.spaces.models import Invitation

    spaces, guest = cast["spaces"], person_make(username="guest")
    membership_make(space=spaces["open"], user=guest, role="facilitator")
    invitation_make(space=spaces["private"], user=guest)
    declined = invitation_make(space=spaces["restricted"], user=guest)
    Invitation.objects.filter(pk=declined.pk).update(status="declined")
    for first in ("roles", "invited_space_ids"):
        actor = actor_of(guest)
        with django_assert_num_queries(1):
            getattr(actor, first)
            assert actor.roles == {spaces["open"].pk: "facilitator"}
            assert actor.invited_space_ids == {spaces["private"].pk}
    # Roles given (a job's recipient): the invitations are read on their own.
    given = Actor(user=guest, _roles={spaces["open"].pk: "member"})
    with django_assert_num_queries(1):
        assert given.invited_space_ids == {spaces["private"].pk}
        assert given.roles == {spaces["open"].pk: "member"}
    assert Actor.for_user(cast["outsider"]).invited_space_ids == frozenset()
