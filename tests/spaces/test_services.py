"""Space services: membership, requests, invitations, roles — with bad input."""

import pytest
from django.core import mail

from hearth.access import policy
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry
from hearth.notifications.models import Notification
from hearth.spaces import services
from hearth.spaces.models import AccessRequest, Membership, Space
from tests.conftest import actor_of
from tests.factories import (
    access_request_make,
    invitation_make,
    membership_make,
    person_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def test_create_space_makes_the_creator_its_leader_and_audits():
    person = person_make()
    space = services.space_create(
        actor=actor_of(person), name="Supply Chain Network", visibility="restricted"
    )
    assert space.slug == "supply-chain-network"
    assert Membership.objects.get(space=space, user=person).role == "leader"
    assert space.member_count == 1
    assert AuditEntry.objects.filter(action="space.create", target_id=str(space.pk)).exists()


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"name": "Ok", "slug": "Bad Slug!"}, "slug"),
        ({"name": "Ok", "slug": "-edge"}, "slug"),
        ({"name": "Ok", "slug": "new"}, "slug"),
        ({"name": "Ok", "visibility": "secret"}, "visibility"),
        ({"name": "Ok", "description": "d" * 2001}, "description"),
    ],
)
def test_create_space_refuses_bad_input_and_changes_nothing(fields, field):
    with pytest.raises(Invalid) as raised:
        services.space_create(actor=actor_of(person_make()), **fields)
    assert raised.value.field == field
    assert not Space.objects.exists()


def test_create_space_refuses_a_taken_slug():
    space_make(slug="taken")
    with pytest.raises(Conflict):
        services.space_create(actor=actor_of(person_make()), name="Other", slug="taken")
    assert Space.objects.count() == 1


def test_join_open_space_and_leave():
    space = space_make(leader=person_make())
    person = person_make()
    actor = actor_of(person)
    services.space_join(actor=actor, space=space)
    space.refresh_from_db()
    assert space.member_count == 2
    with pytest.raises(Conflict):
        services.space_join(actor=actor, space=space)
    services.space_leave(actor=actor, space=space)
    space.refresh_from_db()
    assert space.member_count == 1


def test_joining_a_restricted_space_directly_is_refused_with_a_way_in():
    space = space_make(visibility="restricted", leader=person_make())
    with pytest.raises(Forbidden) as raised:
        services.space_join(actor=actor_of(person_make()), space=space)
    assert raised.value.request_access_space == space


def test_joining_a_private_space_without_invitation_is_not_found():
    space = space_make(visibility="private", leader=person_make())
    with pytest.raises(NotFound):
        services.space_join(actor=actor_of(person_make()), space=space)
    assert space.memberships.count() == 1


def test_last_leader_cannot_leave():
    leader = person_make()
    space = space_make(leader=leader)
    with pytest.raises(Invalid):
        services.space_leave(actor=actor_of(leader), space=space)
    assert space.memberships.filter(user=leader).exists()


def test_access_request_notifies_leaders_and_approval_notifies_requester(
    deliver_outbox, django_capture_on_commit_callbacks
):
    leader, facilitator, person = person_make(), person_make(), person_make()
    space = space_make(visibility="restricted", leader=leader)
    membership_make(space=space, user=facilitator, role="facilitator")
    request = services.access_request_create(
        actor=actor_of(person), space=space, message="I run the Lyon plant."
    )
    assert set(
        Notification.objects.filter(kind="access_requested").values_list("recipient", flat=True)
    ) == {leader.pk, facilitator.pk}
    with pytest.raises(Conflict):
        services.access_request_create(actor=actor_of(person), space=space)

    with django_capture_on_commit_callbacks(execute=True):
        services.access_request_decide(
            actor=actor_of(facilitator),
            space=space,
            request_id=request.pk,
            approve=True,
            note="Welcome!",
        )
    assert Membership.objects.get(space=space, user=person).role == "member"
    assert Notification.objects.filter(recipient=person, kind="access_approved").exists()
    entry = AuditEntry.objects.get(action="access_request.approved")
    assert entry.actor == facilitator and entry.before == {"status": "pending"}
    sent = deliver_outbox()
    assert [m.to for m in sent] == [[person.email]]
    assert "approved" in sent[0].subject


def test_deny_keeps_the_requester_out_and_tells_them():
    leader, person = person_make(), person_make()
    space = space_make(visibility="restricted", leader=leader)
    request = access_request_make(space=space, user=person)
    services.access_request_decide(
        actor=actor_of(leader), space=space, request_id=request.pk, approve=False
    )
    assert not Membership.objects.filter(space=space, user=person).exists()
    assert Notification.objects.filter(recipient=person, kind="access_denied").exists()
    with pytest.raises(Conflict):
        services.access_request_decide(
            actor=actor_of(leader), space=space, request_id=request.pk, approve=True
        )


def test_members_without_the_right_cannot_decide_requests():
    leader, member, person = person_make(), person_make(), person_make()
    space = space_make(visibility="restricted", leader=leader)
    membership_make(space=space, user=member, role="champion")
    request = access_request_make(space=space, user=person)
    with pytest.raises(Forbidden):
        services.access_request_decide(
            actor=actor_of(member), space=space, request_id=request.pk, approve=True
        )
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.PENDING
    assert not AuditEntry.objects.exists()


def test_request_from_another_space_is_not_found():
    leader = person_make()
    space, other = (
        space_make(visibility="restricted", leader=leader),
        space_make(visibility="restricted"),
    )
    request = access_request_make(space=other, user=person_make())
    with pytest.raises(NotFound):
        services.access_request_decide(
            actor=actor_of(leader), space=space, request_id=request.pk, approve=True
        )


def test_invitation_lets_a_person_into_a_private_space_with_the_invited_role():
    leader, person = person_make(), person_make()
    space = space_make(visibility="private", leader=leader)
    services.invitation_create(actor=actor_of(leader), space=space, user=person, role="champion")
    assert len(mail.outbox) == 0  # queued in the outbox, not sent in the request
    services.space_join(actor=actor_of(person), space=space)
    assert Membership.objects.get(space=space, user=person).role == "champion"


def test_invitation_with_an_unknown_role_is_refused():
    leader = person_make()
    space = space_make(leader=leader)
    with pytest.raises(Invalid):
        services.invitation_create(
            actor=actor_of(leader), space=space, user=person_make(), role="emperor"
        )


def test_role_change_is_audited_with_before_and_after():
    leader, person = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=person)
    services.member_change_role(
        actor=actor_of(leader), space=space, user_id=person.pk, role="facilitator"
    )
    entry = AuditEntry.objects.get(action="membership.role_change")
    assert entry.before["role"] == "member" and entry.after["role"] == "facilitator"


@pytest.mark.parametrize("role", ["", "owner", "LEADER"])
def test_role_change_to_unknown_role_changes_nothing(role):
    leader, person = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=person)
    with pytest.raises(Invalid):
        services.member_change_role(
            actor=actor_of(leader), space=space, user_id=person.pk, role=role
        )
    assert Membership.objects.get(space=space, user=person).role == "member"


def test_the_only_leader_cannot_be_demoted_or_removed():
    leader = person_make()
    space = space_make(leader=leader)
    with pytest.raises(Invalid):
        services.member_change_role(
            actor=actor_of(leader), space=space, user_id=leader.pk, role="member"
        )
    with pytest.raises(Invalid):
        services.member_remove(actor=actor_of(leader), space=space, user_id=leader.pk)


def test_a_member_cannot_remove_others():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    with pytest.raises(Forbidden):
        services.member_remove(actor=actor_of(member), space=space, user_id=leader.pk)
    assert space.memberships.count() == 2


def test_remove_member_updates_count_and_audits():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    services.member_remove(actor=actor_of(leader), space=space, user_id=member.pk)
    space.refresh_from_db()
    assert space.member_count == 1
    assert AuditEntry.objects.filter(action="membership.remove").count() == 1


def test_pending_invitation_shows_in_decline_only_for_the_invitee():
    leader, person, other = person_make(), person_make(), person_make()
    space = space_make(visibility="private", leader=leader)
    invitation = invitation_make(space=space, user=person, invited_by=leader)
    with pytest.raises(NotFound):
        services.invitation_decline(actor=actor_of(other), invitation_id=invitation.pk)
    actor = actor_of(person)
    assert policy.can_see_space(actor, space)  # invited: the private space is known
    services.invitation_decline(actor=actor, invitation_id=invitation.pk)
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    # Declined: at once not even for the rest of the same request.
    assert not policy.can_see_space(actor, space)
