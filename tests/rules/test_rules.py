"""Co-created rules: first version, proposals, votes within a period, decisions,
versions with diffs, acknowledgement; pages and API."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from hearth.access.actor import Actor
from hearth.core.errors import Conflict, Forbidden, Invalid
from hearth.core.models import AuditEntry
from hearth.rules import services
from hearth.rules.models import RulesDocument, RulesProposal, RulesVersion, RulesVote
from hearth.rules.selectors import rules_diff, rules_needs_acknowledgement, rules_overview
from hearth.spaces.models import Space
from tests.conftest import ApiClient, client_for
from tests.factories import membership_make, person_make, rules_make, space_make

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def space_with_rules():
    leader, alice, bob = person_make(), person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=alice)
    membership_make(space=space, user=bob)
    rules_make(space=space, leader=leader, text="Be kind.\nShare what you learn.")
    return space, leader, alice, bob


def _propose(space, person, text="Be kind.\nShare what you learn.\nNo sales pitches.", days=7):
    return services.rules_propose(
        actor=Actor.for_user(person),
        space=space,
        text=text,
        reason="Vendors keep posting adverts.",
        days=days,
    )


def _vote(space, person, proposal, in_favour):
    return services.rules_vote(
        actor=Actor.for_user(person), space=space, proposal_id=proposal.pk, in_favour=in_favour
    )


def test_members_propose_vote_and_a_leader_adopts_a_new_version(space_with_rules):
    space, leader, alice, bob = space_with_rules
    with time_machine.travel(START, tick=False):
        proposal = _propose(space, alice)
        _vote(space, alice, proposal, True)
        _vote(space, bob, proposal, False)
    with time_machine.travel(START + timedelta(days=7, minutes=1), tick=False):
        services.rules_decide(
            actor=Actor.for_user(leader),
            space=space,
            proposal_id=proposal.pk,
            adopt=True,
            comment="Agreed.",
        )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.votes_for, proposal.votes_against) == ("adopted", 1, 1)
    document = RulesDocument.objects.get(space=space)
    assert document.current_number == 2
    assert RulesVersion.objects.get(document=document, number=2).proposal == proposal
    assert AuditEntry.objects.get(action="rules.adopted").after["version"] == 2
    overview = rules_overview(actor=Actor.for_user(bob), space=space)
    assert [v.number for v in overview["versions"]] == [2, 1]
    assert ("add", "No sales pitches.") in overview["versions"][0].diff


def test_a_second_vote_changes_the_vote_and_counts_stay_right(space_with_rules):
    space, _, alice, _ = space_with_rules
    proposal = _propose(space, alice)
    _vote(space, alice, proposal, True)
    _vote(space, alice, proposal, True)  # the same vote again: nothing changes
    _vote(space, alice, proposal, False)  # a change of mind
    proposal.refresh_from_db()
    assert (proposal.votes_for, proposal.votes_against) == (0, 1)
    assert RulesVote.objects.filter(proposal=proposal).count() == 1


def test_votes_after_the_period_are_refused(space_with_rules):
    space, _, alice, bob = space_with_rules
    with time_machine.travel(START, tick=False):
        proposal = _propose(space, alice, days=3)
    with (
        time_machine.travel(START + timedelta(days=3), tick=False),
        pytest.raises(Conflict) as raised,
    ):
        _vote(space, bob, proposal, True)
    assert "closed" in raised.value.message
    assert not RulesVote.objects.exists()


def test_leaders_decide_only_after_the_vote_and_only_once(space_with_rules):
    space, leader, alice, _ = space_with_rules
    with time_machine.travel(START, tick=False):
        proposal = _propose(space, alice, days=2)
        with pytest.raises(Conflict):
            services.rules_decide(
                actor=Actor.for_user(leader),
                space=space,
                proposal_id=proposal.pk,
                adopt=True,
                comment="Yes",
            )
    with time_machine.travel(START + timedelta(days=2), tick=False):
        with pytest.raises(Invalid):
            services.rules_decide(
                actor=Actor.for_user(leader),
                space=space,
                proposal_id=proposal.pk,
                adopt=False,
                comment="",
            )
        with pytest.raises(Forbidden):
            services.rules_decide(
                actor=Actor.for_user(alice),
                space=space,
                proposal_id=proposal.pk,
                adopt=True,
                comment="Mine!",
            )
        services.rules_decide(
            actor=Actor.for_user(leader),
            space=space,
            proposal_id=proposal.pk,
            adopt=False,
            comment="Not now.",
        )
        with pytest.raises(Conflict):
            services.rules_decide(
                actor=Actor.for_user(leader),
                space=space,
                proposal_id=proposal.pk,
                adopt=True,
                comment="Changed mind",
            )
        with pytest.raises(Conflict):
            _vote(space, alice, proposal, True)
    assert RulesDocument.objects.get(space=space).current_number == 1


def test_adopting_a_proposal_written_against_an_older_version_is_refused(space_with_rules):
    space, leader, alice, bob = space_with_rules
    with time_machine.travel(START, tick=False):
        first = _propose(space, alice)
        second = _propose(space, bob, text="Be kind.\nAsk before you post links.")
    with time_machine.travel(START + timedelta(days=8), tick=False):
        services.rules_decide(
            actor=Actor.for_user(leader),
            space=space,
            proposal_id=first.pk,
            adopt=True,
            comment="Yes",
        )
        with pytest.raises(Conflict) as raised:
            services.rules_decide(
                actor=Actor.for_user(leader),
                space=space,
                proposal_id=second.pk,
                adopt=True,
                comment="Yes",
            )
    assert "changed since" in raised.value.message
    assert RulesDocument.objects.get(space=space).current_number == 2


@pytest.mark.parametrize(
    "text,reason,days,field",
    [
        ("short", "Because.", 7, "text"),
        ("Be kind.\nShare what you learn.", "Because.", 7, "text"),  # unchanged
        ("A whole new set of rules.", "", 7, "reason"),
        ("A whole new set of rules.", "Because.", 0, "days"),
        ("A whole new set of rules.", "Because.", 31, "days"),
    ],
)
def test_bad_proposals_are_refused(space_with_rules, text, reason, days, field):
    space, _, alice, _ = space_with_rules
    with pytest.raises(Invalid) as raised:
        services.rules_propose(
            actor=Actor.for_user(alice), space=space, text=text, reason=reason, days=days
        )
    assert raised.value.field == field
    assert not RulesProposal.objects.exists()


def test_outsiders_and_archived_spaces_take_no_proposal_or_vote(space_with_rules):
    space, _, alice, _ = space_with_rules
    with pytest.raises(Forbidden):
        _propose(space, person_make())
    proposal = _propose(space, alice)
    Space.objects.filter(pk=space.pk).update(state="archived")
    space.refresh_from_db()
    with pytest.raises(Forbidden):
        _vote(space, alice, proposal, True)
    with pytest.raises(Forbidden):
        _propose(space, alice, text="Something else entirely.")


def test_the_first_version_is_written_once_by_leaders():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    with pytest.raises(Forbidden):
        services.rules_publish_first(
            actor=Actor.for_user(member), space=space, text="My own rules here."
        )
    rules_make(space=space, leader=leader)
    with pytest.raises(Conflict):
        services.rules_publish_first(
            actor=Actor.for_user(leader), space=space, text="Other rules entirely."
        )


def test_members_acknowledge_the_current_version(space_with_rules):
    space, leader, alice, _ = space_with_rules
    actor = Actor.for_user(alice)
    assert rules_needs_acknowledgement(actor=actor, space=space)
    assert b"acknowledge the rules" in client_for(alice).get(f"/s/{space.slug}/").content
    client_for(alice).post(f"/s/{space.slug}/rules/acknowledge/")
    assert not rules_needs_acknowledgement(actor=actor, space=space)
    # A new version asks again.
    with time_machine.travel(START, tick=False):
        proposal = _propose(space, alice)
    with time_machine.travel(START + timedelta(days=8), tick=False):
        services.rules_decide(
            actor=Actor.for_user(leader),
            space=space,
            proposal_id=proposal.pk,
            adopt=True,
            comment="Yes",
        )
    assert rules_needs_acknowledgement(actor=actor, space=space)
    services.rules_configure(
        actor=Actor.for_user(leader), space=space, require_acknowledgement=False
    )
    assert not rules_needs_acknowledgement(actor=actor, space=space)
    assert AuditEntry.objects.filter(action="rules.configure").exists()


def test_diff_of_two_texts():
    assert rules_diff("a\nb\nc", "a\nc\nd") == [
        ("same", "a"),
        ("del", "b"),
        ("same", "c"),
        ("add", "d"),
    ]
    long = "\n".join(str(i) for i in range(10))
    assert rules_diff(long, long.replace("8", "eight"))[:2] == [("hunk", "…"), ("same", "6")]


def test_rules_api_propose_vote_decide(space_with_rules):
    space, leader, alice, bob = space_with_rules
    with time_machine.travel(START, tick=False):
        api = ApiClient(alice)
        response = api.post(
            f"/spaces/{space.slug}/rules/proposals",
            {"text": "Be kind.\nCite sources.", "reason": "Less rumours.", "days": 2},
        )
        assert response.status_code == 201, response.content
        pid = response.json()["id"]
        vote = api.post(
            f"/spaces/{space.slug}/rules/proposals/{pid}/votes", {"in_favour": True}
        ).json()
        assert (vote["votes_for"], vote["votes_against"]) == (1, 0)
        vote = api.post(
            f"/spaces/{space.slug}/rules/proposals/{pid}/votes", {"in_favour": False}
        ).json()
        assert (vote["votes_for"], vote["votes_against"]) == (0, 1)
        assert (
            api.post(
                f"/spaces/{space.slug}/rules/proposals", {"text": "x", "reason": "y"}
            ).status_code
            == 400
        )
        assert (
            api.post(
                f"/spaces/{space.slug}/rules/proposals/{pid}/votes", {"in_favour": "maybe"}
            ).status_code
            == 422
        )
    with time_machine.travel(START + timedelta(days=3), tick=False):
        late = ApiClient(bob).post(
            f"/spaces/{space.slug}/rules/proposals/{pid}/votes", {"in_favour": True}
        )
        assert late.status_code == 409 and "closed" in late.json()["detail"]
        assert (
            ApiClient(alice)
            .post(
                f"/spaces/{space.slug}/rules/proposals/{pid}/decision",
                {"adopt": True, "comment": "ok"},
            )
            .status_code
            == 403
        )
        decided = ApiClient(leader).post(
            f"/spaces/{space.slug}/rules/proposals/{pid}/decision",
            {"adopt": True, "comment": "Adopted."},
        )
        assert decided.status_code == 200 and decided.json()["status"] == "adopted"
    rules = ApiClient(bob).get(f"/spaces/{space.slug}/rules").json()
    assert rules["current"]["number"] == 2 and rules["current"]["text"] == "Be kind.\nCite sources."
    paths = client_for(leader).get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/spaces/{slug}/rules/proposals/{proposal_id}/votes" in paths


def test_rules_page_forms(space_with_rules):
    space, leader, alice, _ = space_with_rules
    page = client_for(alice)
    response = page.post(
        f"/s/{space.slug}/rules/", {"form": "propose", "text": "tiny", "reason": "", "days": 7}
    )
    assert response.status_code == 400
    response = page.post(
        f"/s/{space.slug}/rules/",
        {"form": "propose", "text": "Be kind.\nShare code.", "reason": "Code helps.", "days": 7},
    )
    assert response.status_code == 302
    proposal = RulesProposal.objects.get()
    assert (
        page.post(
            f"/s/{space.slug}/rules/proposals/{proposal.pk}/vote/", {"vote": "for"}
        ).status_code
        == 302
    )
    assert (
        page.post(
            f"/s/{space.slug}/rules/proposals/{proposal.pk}/vote/", {"vote": "perhaps"}
        ).status_code
        == 400
    )
    content = page.get(f"/s/{space.slug}/rules/").content
    assert b"Share code." in content and b"(now: for)" in content
