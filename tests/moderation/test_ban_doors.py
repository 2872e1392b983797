"""A ban from a space holds at every door: an invitation, being added, an old access
request approved, an invitation accepted, and invitations in bulk."""

import pytest

from hearth.core.errors import Conflict, Forbidden
from hearth.launch import services as launch
from hearth.moderation.services import sanction_create
from hearth.spaces import services as spaces
from hearth.spaces.models import AccessRequest, Invitation, Membership
from tests.conftest import actor_of
from tests.factories import access_request_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def banned():
    leader, troll = person_make(), person_make(username="troll")
    space = space_make(visibility="restricted", leader=leader)
    membership_make(space=space, user=troll)
    sanction_create(
        actor=actor_of(leader), person=troll, kind="ban", reason="Spam, again.", space=space
    )
    assert not Membership.objects.filter(space=space, user=troll).exists()
    request = access_request_make(space=space, user=troll)
    return space, leader, troll, request


def test_a_banned_person_is_not_invited_added_or_approved(banned):
    space, leader, troll, request = banned
    with pytest.raises(Conflict, match="banned from this space"):
        spaces.invitation_create(actor=actor_of(leader), space=space, user=troll)
    with pytest.raises(Conflict, match="banned from this space"):
        spaces.member_add(actor=actor_of(leader), space=space, user=troll)
    with pytest.raises(Conflict, match="banned from this space"):
        spaces.access_request_decide(
            actor=actor_of(leader), space=space, request_id=request.pk, approve=True
        )
    assert not Invitation.objects.filter(user=troll).exists()
    assert not Membership.objects.filter(space=space, user=troll).exists()
    assert AccessRequest.objects.get(pk=request.pk).status == "pending"
    # Denying stays possible.
    spaces.access_request_decide(
        actor=actor_of(leader), space=space, request_id=request.pk, approve=False
    )


def test_an_invitation_sent_before_the_ban_cannot_be_accepted(banned):
    space, leader, troll, _ = banned
    Invitation.objects.create(space=space, user=troll, invited_by=leader)
    with pytest.raises(Forbidden, match="banned"):
        spaces.space_join(actor=actor_of(troll), space=space)
    assert not Membership.objects.filter(space=space, user=troll).exists()


def test_bulk_invitations_leave_the_banned_out_and_say_so(banned):
    space, leader, troll, _ = banned
    newcomer = person_make(username="newcomer")
    batch = launch.batch_preview_people(
        actor=actor_of(leader), space=space, usernames=["troll", "newcomer"]
    )
    assert batch.total == 1
    assert [e["value"] for e in batch.errors] == ["troll"]
    csv = launch.batch_preview_csv(
        actor=actor_of(leader), space=space, data=b"username\ntroll\nnewcomer\n"
    )
    assert csv.total == 1
    assert {e["value"]: e["error"] for e in csv.errors} == {"troll": "Banned from this space."}
    assert list(csv.items.values_list("user_id", flat=True)) == [newcomer.pk]


def test_a_plain_member_inviting_is_not_told_of_the_ban():
    leader, troll, member = person_make(), person_make(username="troll2"), person_make()
    space = space_make(leader=leader)  # open: any member may invite
    membership_make(space=space, user=member)
    sanction_create(
        actor=actor_of(leader), person=troll, kind="ban", reason="Spam, again.", space=space
    )
    with pytest.raises(Conflict) as refused:
        spaces.invitation_create(actor=actor_of(member), space=space, user=troll)
    assert "cannot be invited" in refused.value.message
    assert "banned" not in refused.value.message
    assert not Invitation.objects.filter(user=troll).exists()
