"""A role swap lends a role for its time and never the power to change who holds one.

A member leader for a day who could change roles would make themself (or a friend)
leader for good. Every door that changes who holds a role — a member's role, an
invitation or an addition with a role, a removal, a ban of a moderator, granting
and ending swaps — refuses a swapped role, through pages and API alike, and the
audit log keeps the attempt.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import Forbidden
from hearth.core.models import AuditEntry
from hearth.launch import jobs as launch_jobs
from hearth.launch import services as launch_services
from hearth.moderation.services import sanction_create
from hearth.notifications.models import Notification
from hearth.spaces import services as space_services
from hearth.spaces.models import Invitation, Membership
from hearth.swaps.models import RoleSwap
from hearth.swaps.services import role_swap_create, role_swap_end
from tests.conftest import ApiClient, client_for
from tests.factories import (
    access_request_make,
    business_unit_make,
    membership_make,
    person_make,
    space_make,
)

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
END = START + timedelta(days=1)


@pytest.fixture
def swapped():
    """A restricted space with its leader, a champion, and a member who is leader
    for a day (from START to END)."""
    leader = person_make(username="lea", display_name="Lea Leader")
    space = space_make(slug="ops", visibility="restricted", leader=leader)
    member = person_make(username="max", display_name="Max Member")
    champion = person_make(username="cham", display_name="Cham Champion")
    membership_make(space=space, user=member)
    membership_make(space=space, user=champion, role="champion")
    with time_machine.travel(START, tick=False):
        role_swap_create(
            actor=Actor.for_user(leader), space=space, user=member, role="leader", until=END
        )
    return {"space": space, "leader": leader, "member": member, "champion": champion}


def _role(space, user) -> str | None:
    return Membership.objects.filter(space=space, user=user).values_list("role", flat=True).first()


def _refused(action: str):
    return AuditEntry.objects.filter(action=f"{action}.refused")


@time_machine.travel(START + timedelta(hours=1), tick=False)
def test_a_swapped_leader_cannot_make_themself_or_a_champion_leader(swapped):
    """The reproduction: POST /s/<slug>/members/<id>/role/ under the swap."""
    space, member, champion = swapped["space"], swapped["member"], swapped["champion"]
    client = client_for(member)
    assert Actor.for_user(member).role_in(space) == "leader"  # the swap is in force
    for person in (member, champion):
        url = f"/s/{space.slug}/members/{person.pk}/role/"
        response = client.post(url, {"role": "leader"})
        assert response.status_code == 403
        assert b"role swap does not let you change who holds a role" in response.content
        htmx = client.post(url, {"role": "leader"}, HTTP_HX_REQUEST="true")
        assert htmx.status_code == 403 and htmx["HX-Retarget"] == "#htmx-alerts"
    assert _role(space, member) == "member" and _role(space, champion) == "champion"
    assert not AuditEntry.objects.filter(action="membership.role_change").exists()
    assert not Notification.objects.filter(kind="role_changed").exists()
    # The audit log keeps each attempt: who, under which role, for whom, what.
    entries = list(_refused("membership.role_change").order_by("id"))
    assert [(e.actor, e.as_role, e.space) for e in entries] == [(member, "swap:leader", space)] * 4
    assert [e.after for e in entries][::2] == [
        {"user": "max", "role": "leader", "swapped_role": "leader"},
        {"user": "cham", "role": "leader", "swapped_role": "leader"},
    ]


def test_when_the_swap_ends_the_member_is_not_leader(swapped):
    space, member = swapped["space"], swapped["member"]
    with time_machine.travel(START + timedelta(hours=1), tick=False):
        client_for(member).post(f"/s/{space.slug}/members/{member.pk}/role/", {"role": "leader"})
    with time_machine.travel(END, tick=False):
        actor = Actor.for_user(member)
        assert actor.role_in(space) == "member" and not actor.has_role(space, "champion")
        assert _role(space, member) == "member"
        # Now a plain member: refused as any member is, with nothing to record.
        response = client_for(member).post(
            f"/s/{space.slug}/members/{member.pk}/role/", {"role": "leader"}
        )
        assert response.status_code == 403
        assert _refused("membership.role_change").count() == 1


@time_machine.travel(START + timedelta(hours=1), tick=False)
def test_the_attempt_shows_in_the_leaders_audit_log_page_and_api(swapped):
    space, member, leader = swapped["space"], swapped["member"], swapped["leader"]
    client_for(member).post(f"/s/{space.slug}/members/{member.pk}/role/", {"role": "leader"})
    page = client_for(leader).get("/audit/?as_role=swap:leader").content.decode()
    assert "membership.role_change.refused" in page and "leader by a role swap" in page
    rows = ApiClient(leader).get("/audit", as_role="swap:leader").json()["items"]
    assert [(r["action"], r["actor"], r["as_role"]) for r in rows] == [
        ("membership.role_change.refused", "max", "swap:leader")
    ]


@time_machine.travel(START + timedelta(hours=1), tick=False)
def test_a_swapped_leader_cannot_remove_the_real_leader_nor_anyone(swapped):
    space, member, leader = swapped["space"], swapped["member"], swapped["leader"]
    client = client_for(member)
    for person in (leader, swapped["champion"]):
        assert client.post(f"/s/{space.slug}/members/{person.pk}/remove/").status_code == 403
    assert Membership.objects.filter(space=space).count() == 3
    assert [e.after["user"] for e in _refused("membership.remove").order_by("id")] == [
        "lea",
        "cham",
    ]
    # A ban would take the real leader out of the space as well.
    with pytest.raises(Forbidden):
        sanction_create(
            actor=Actor.for_user(member),
            person=leader,
            kind="ban",
            reason="Taking over.",
            space=space,
        )
    assert _role(space, leader) == "leader"
    assert _refused("sanction.ban").get().as_role == "swap:leader"


@time_machine.travel(START + timedelta(hours=1), tick=False)
def test_a_swapped_leader_invites_members_but_never_with_a_role(swapped):
    space, member = swapped["space"], swapped["member"]
    friend, other = person_make(username="friend"), person_make(username="other")
    client = client_for(member)
    for role in ("leader", "facilitator", "champion"):
        response = client.post(
            f"/s/{space.slug}/members/invite/", {"username": "friend", "role": role}, follow=True
        )
        assert b"role swap does not let you change who holds a role" in response.content
    assert not Invitation.objects.filter(user=friend).exists()
    assert [e.after["role"] for e in _refused("invitation.create").order_by("id")] == [
        "leader",
        "facilitator",
        "champion",
    ]
    # What the swap does lend: inviting a member, as a leader would.
    client.post(f"/s/{space.slug}/members/invite/", {"username": "other", "role": "member"})
    assert Invitation.objects.get(user=other).role == "member"
    # The members page offers the swapped leader no role controls.
    page = client.get(f"/s/{space.slug}/members/").content.decode()
    champion = swapped["champion"]
    assert f"/members/{champion.pk}/role/" not in page
    assert f"/members/{champion.pk}/remove/" not in page
    assert '<input type="hidden" name="role" value="member">' in page


@time_machine.travel(START + timedelta(hours=1), tick=False)
def test_a_swapped_leader_cannot_add_someone_with_a_role_through_the_api(swapped):
    space, member = swapped["space"], swapped["member"]
    person_make(username="friend")
    api = ApiClient(member)
    for payload in (
        {"username": "friend", "role": "leader"},
        {"username": "friend", "role": "member"},
        {"username": "nobody-here", "role": "leader"},
    ):
        response = api.post(f"/spaces/{space.slug}/members", payload)
        # 403 before the username is looked up: no hint of who has an account.
        assert response.status_code == 403, payload
        assert "role swap" in response.json()["detail"]
    assert Membership.objects.filter(space=space).count() == 3
    entries = _refused("membership.add").order_by("id")
    assert [(e.after["user"], e.via) for e in entries] == [
        ("friend", "api"),
        ("friend", "api"),
        ("nobody-here", "api"),
    ]


@time_machine.travel(START + timedelta(hours=1), tick=False)
def test_a_swapped_leader_cannot_grant_end_or_replace_swaps(swapped):
    space, member, leader = swapped["space"], swapped["member"], swapped["leader"]
    other = person_make(username="other")
    membership_make(space=space, user=other)
    other_swap = role_swap_create(
        actor=Actor.for_user(leader), space=space, user=other, role="facilitator", until=END
    )
    own_swap = RoleSwap.objects.get(user=member)
    actor = Actor.for_user(member)
    with pytest.raises(Forbidden, match="role swap"):
        role_swap_create(
            actor=actor, space=space, user=swapped["champion"], role="leader", until=END
        )
    # Ending one's own swap and re-granting it longer, or ending someone else's.
    for swap in (own_swap, other_swap):
        with pytest.raises(Forbidden, match="role swap"):
            role_swap_end(actor=actor, space=space, swap_id=swap.pk)
    client = client_for(member)
    assert client.post(f"/s/{space.slug}/swaps/{other_swap.pk}/end/").status_code == 403
    assert (
        client.post(
            f"/s/{space.slug}/swaps/",
            {"username": "cham", "role": "leader", "until": "2026-03-09T09:00"},
        ).status_code
        == 403
    )
    api = ApiClient(member)
    assert api.post(f"/spaces/{space.slug}/role-swaps/{other_swap.pk}/end").status_code == 403
    assert RoleSwap.objects.filter(ended_at__isnull=True).count() == 2
    assert RoleSwap.objects.count() == 2
    assert _refused("role_swap.start").count() == 2
    assert [e.via for e in _refused("role_swap.end").order_by("id")] == ["web", "web", "web", "api"]


@time_machine.travel(START + timedelta(hours=1), tick=False)
def test_the_real_leader_still_changes_roles_invites_adds_removes_and_swaps(swapped):
    space, member, leader = swapped["space"], swapped["member"], swapped["leader"]
    client = client_for(leader)
    url = f"/s/{space.slug}/members/{swapped['champion'].pk}/role/"
    assert client.post(url, {"role": "facilitator"}).status_code == 302
    assert _role(space, swapped["champion"]) == "facilitator"
    person_make(username="friend")
    client.post(f"/s/{space.slug}/members/invite/", {"username": "friend", "role": "leader"})
    assert Invitation.objects.get(user__username="friend").role == "leader"
    person_make(username="newlead")
    added = ApiClient(leader).post(
        f"/spaces/{space.slug}/members", {"username": "newlead", "role": "leader"}
    )
    assert added.status_code == 201 and added.json()["role"] == "leader"
    role_swap_end(
        actor=Actor.for_user(leader), space=space, swap_id=RoleSwap.objects.get(user=member).pk
    )
    assert client.post(f"/s/{space.slug}/members/{member.pk}/remove/").status_code == 302
    assert not _refused("membership.role_change").exists()
    entries = AuditEntry.objects.filter(
        actor=leader,
        action__in=[
            "membership.role_change",
            "invitation.create",
            "membership.add",
            "membership.remove",
        ],
    )
    assert sorted(e.as_role for e in entries) == [""] * 4


@time_machine.travel(START + timedelta(hours=1), tick=False)
def test_a_leader_by_membership_changes_roles_even_while_holding_an_old_swap():
    """A facilitator swapped to leader, then made leader for good: the swap lends
    nothing any more, and the membership's role decides."""
    leader, facilitator = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=facilitator, role="facilitator")
    role_swap_create(
        actor=Actor.for_user(leader), space=space, user=facilitator, role="leader", until=END
    )
    with pytest.raises(Forbidden):
        space_services.member_change_role(
            actor=Actor.for_user(facilitator), space=space, user_id=leader.pk, role="member"
        )
    space_services.member_change_role(
        actor=Actor.for_user(leader), space=space, user_id=facilitator.pk, role="leader"
    )
    actor = Actor.for_user(facilitator)
    assert actor.swapped_roles == {} and actor.own_roles == {space.pk: "leader"}
    assert policy.can_change_roles_in_space(actor, space)


@time_machine.travel(START + timedelta(hours=1), tick=False)
def test_one_rule_for_who_changes_roles(swapped):
    space, member, leader = swapped["space"], swapped["member"], swapped["leader"]
    unit = business_unit_make()
    space.business_unit = unit
    space.save()
    swapped_actor = Actor.for_user(member)
    assert swapped_actor.has_role(space, "leader") and not swapped_actor.has_own_role(
        space, "champion"
    )
    assert not policy.can_change_roles_in_space(swapped_actor, space)
    assert not policy.can_manage_members(swapped_actor, space)
    assert policy.can_grant_role(swapped_actor, space, "member")
    assert not policy.can_grant_role(swapped_actor, space, "champion")
    # What the swap still lends: the leader's other powers.
    assert policy.can_edit_space(swapped_actor, space)
    assert policy.can_decide_access_requests(swapped_actor, space)
    assert policy.can_invite(swapped_actor, space)
    for person in (
        leader,
        person_make(org_role="director"),
        person_make(org_role="admin"),
        person_make(org_role="unit_leader", business_unit=unit),
    ):
        actor = Actor.for_user(person)
        assert policy.can_change_roles_in_space(actor, space), person
        assert policy.can_grant_role(actor, space, "leader"), person
    space.state = "archived"
    assert not policy.can_change_roles_in_space(Actor.for_user(leader), space)


@time_machine.travel(START + timedelta(hours=1), tick=False)
def test_the_actor_reads_own_and_swapped_roles_in_its_one_query(swapped):
    actor = Actor.for_user(swapped["member"])
    with CaptureQueriesContext(connection) as queries:
        assert actor.own_roles == {swapped["space"].pk: "member"}
        assert actor.swapped_roles == {swapped["space"].pk: "leader"}
        assert actor.roles == {swapped["space"].pk: "leader"}
    assert len(queries) == 1


@time_machine.travel(START + timedelta(hours=1), tick=False)
def test_what_a_swapped_leader_hands_out_in_bulk_or_by_approval_is_membership_only(swapped):
    space, member = swapped["space"], swapped["member"]
    actor = Actor.for_user(member)
    people = [person_make(username=f"p{i}") for i in range(2)]
    batch = launch_services.batch_preview_people(actor=actor, space=space, usernames=["p0", "p1"])
    launch_services.batch_send(actor=actor, space=space, batch_id=batch.pk)
    launch_jobs.invitation_batch_run(batch_id=batch.pk)
    assert set(Invitation.objects.filter(user__in=people).values_list("role", flat=True)) == {
        "member"
    }
    asker = person_make()
    request = access_request_make(space=space, user=asker)
    space_services.access_request_decide(
        actor=actor, space=space, request_id=request.pk, approve=True
    )
    assert _role(space, asker) == "member"
