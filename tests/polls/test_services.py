"""Poll services: one ballot each, changeable until close, anonymity, bad input."""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry
from hearth.polls import selectors, services
from hearth.polls.models import Ballot, BallotChoice, Poll
from tests.conftest import actor_of
from tests.factories import (
    conversation_make,
    membership_make,
    person_make,
    poll_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def _options(poll):
    return list(poll.options.values_list("pk", flat=True))


def test_a_member_votes_once_and_may_change_the_vote_until_it_closes():
    leader = person_make()
    space = space_make(leader=leader)
    poll = poll_make(space=space, author=leader, closes_at=timezone.now() + timedelta(hours=1))
    monday, thursday, _ = _options(poll)
    services.poll_vote(actor=actor_of(leader), poll=poll, option_ids=[monday])
    services.poll_vote(actor=actor_of(leader), poll=poll, option_ids=[thursday])
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert list(BallotChoice.objects.values_list("option_id", flat=True)) == [thursday]
    poll.refresh_from_db()
    assert poll.voter_count == 1
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        with pytest.raises(Conflict, match="closed"):
            services.poll_vote(actor=actor_of(leader), poll=poll, option_ids=[monday])
        results = selectors.poll_results(actor=actor_of(leader), poll=poll)
    assert results.closed and [o.votes for o in results.options] == [0, 1, 0]
    assert list(BallotChoice.objects.values_list("option_id", flat=True)) == [thursday]


def test_the_database_keeps_one_ballot_per_person():
    leader = person_make()
    poll = poll_make(space=space_make(leader=leader), author=leader)
    Ballot.objects.create(poll=poll, voter=leader)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(poll=poll, voter=leader)


def test_invalid_options_are_refused_and_nothing_changes():
    leader = person_make()
    space = space_make(leader=leader)
    poll = poll_make(space=space, author=leader)
    other = poll_make(space=space, author=leader)
    actor = actor_of(leader)
    for ids, message in (
        ([], "Pick an option"),
        (_options(other)[:1], "this poll's options"),
        ([999_999], "this poll's options"),
        (_options(poll)[:2], "one choice"),
    ):
        with pytest.raises(Invalid, match=message):
            services.poll_vote(actor=actor, poll=poll, option_ids=ids)
    assert not Ballot.objects.exists()
    multi = poll_make(space=space, author=leader, multiple=True)
    services.poll_vote(actor=actor, poll=multi, option_ids=_options(multi)[:2])
    assert BallotChoice.objects.filter(poll=multi).count() == 2


def test_bad_polls_are_refused():
    leader = person_make()
    space = space_make(leader=leader)
    actor = actor_of(leader)
    for kwargs, field in (
        ({"question": "Hm"}, "question"),
        ({"options": ["Only one"]}, "options"),
        ({"options": ["Same", "same"]}, "options"),
        ({"options": [str(i) for i in range(13)]}, "options"),
        ({"closes_at": timezone.now() - timedelta(minutes=1)}, "closes_at"),
    ):
        args = {"question": "Which day?", "options": ["Mon", "Tue"], **kwargs}
        with pytest.raises(Invalid) as error:
            services.poll_create(actor=actor, space=space, **args)
        assert error.value.field == field
    elsewhere = conversation_make(space=space_make(leader=leader), author=leader)
    with pytest.raises(Invalid):
        services.poll_create(
            actor=actor,
            space=space,
            question="Which day?",
            options=["Mon", "Tue"],
            conversation=elsewhere,
        )
    assert not Poll.objects.exists()


def test_only_members_vote_and_outsiders_of_a_private_space_learn_nothing():
    leader = person_make()
    open_poll = poll_make(space=space_make(leader=leader), author=leader)
    private_poll = poll_make(space=space_make(visibility="private", leader=leader), author=leader)
    outsider = actor_of(person_make())
    with pytest.raises(Forbidden):
        services.poll_vote(actor=outsider, poll=open_poll, option_ids=_options(open_poll)[:1])
    with pytest.raises(NotFound):
        selectors.poll_get(actor=outsider, poll_id=private_poll.pk)
    assert not Ballot.objects.exists()


def test_anonymous_poll_results_never_name_voters():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    secret = poll_make(space=space, author=leader, anonymous=True)
    public = poll_make(space=space, author=leader)
    for poll in (secret, public):
        services.poll_vote(actor=actor_of(member), poll=poll, option_ids=_options(poll)[:1])
    assert all(
        not o.voters for o in selectors.poll_results(actor=actor_of(leader), poll=secret).options
    )
    named = selectors.poll_results(actor=actor_of(leader), poll=public).options[0].voters
    assert named == [member]


def test_closing_someone_elses_poll_is_for_facilitators_and_audited():
    leader, member, facilitator = person_make(), person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=facilitator, role="facilitator")
    poll = poll_make(space=space, author=member)
    with pytest.raises(Forbidden):
        services.poll_close(actor=actor_of(person_make()), poll=poll)
    services.poll_close(actor=actor_of(facilitator), poll=poll)
    assert poll.is_closed()
    entry = AuditEntry.objects.get(action="poll.close")
    assert entry.actor == facilitator and entry.as_role == ""
    own = poll_make(space=space, author=member)
    services.poll_close(actor=actor_of(member), poll=own)
    assert AuditEntry.objects.filter(action="poll.close").count() == 1
