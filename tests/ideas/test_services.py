"""Ideas: submit, vote once (undoable), comment, statuses with a reason, notices."""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry
from hearth.ideas import selectors, services
from hearth.ideas.models import Idea, IdeaStatusChange, IdeaVote
from hearth.notifications.models import Notification
from hearth.notifications.selectors import notification_list
from hearth.spaces.models import Membership
from tests.conftest import actor_of
from tests.factories import idea_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


def test_one_vote_each_and_it_can_be_taken_back():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    idea = idea_make(space=space, author=leader)
    assert services.idea_vote(actor=actor_of(member), idea=idea) == 1
    with pytest.raises(Conflict, match="already"):
        services.idea_vote(actor=actor_of(member), idea=idea)
    assert IdeaVote.objects.count() == 1 and Idea.objects.get().vote_count == 1
    assert services.idea_unvote(actor=actor_of(member), idea=idea) == 0
    assert services.idea_unvote(actor=actor_of(member), idea=idea) == 0
    assert not IdeaVote.objects.exists()
    IdeaVote.objects.create(idea=idea, voter=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        IdeaVote.objects.create(idea=idea, voter=member)


def test_status_change_needs_a_facilitator_and_a_reason_and_is_audited_and_notified():
    leader, author, voter, facilitator = (person_make() for _ in range(4))
    space = space_make(visibility="restricted", leader=leader)
    membership_make(space=space, user=facilitator, role="facilitator")
    membership_make(space=space, user=voter)
    idea = idea_make(space=space, author=author)
    services.idea_vote(actor=actor_of(voter), idea=idea)
    with pytest.raises(Forbidden):
        services.idea_status_set(
            actor=actor_of(voter), idea=idea, status="accepted", reason="I like it a lot"
        )
    for status, reason, field in (
        ("accepted", "ok", "reason"),
        ("great", "Because.", "status"),
        ("new", "Still new here", "status"),
    ):
        with pytest.raises(Invalid) as error:
            services.idea_status_set(
                actor=actor_of(facilitator), idea=idea, status=status, reason=reason
            )
        assert error.value.field == field
    assert not IdeaStatusChange.objects.exists() and not AuditEntry.objects.exists()
    services.idea_status_set(
        actor=actor_of(facilitator),
        idea=idea,
        status="under_review",
        reason="The travel team will cost it.",
    )
    idea.refresh_from_db()
    assert idea.status == "under_review" and idea.status_reason.startswith("The travel")
    entry = AuditEntry.objects.get(action="idea.status")
    assert entry.before == {"status": "new"} and entry.as_role == ""
    told = set(
        Notification.objects.filter(kind="idea_status").values_list("recipient_id", flat=True)
    )
    assert told == {author.pk, voter.pk}
    # The voter leaves the restricted space: the inbox no longer shows the notice.
    Membership.objects.filter(space=space, user=voter).delete()
    assert not notification_list(actor=actor_of(voter)).filter(kind="idea_status").exists()
    assert notification_list(actor=actor_of(author)).filter(kind="idea_status").exists()


def test_a_campaign_is_time_boxed():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    with pytest.raises(Forbidden):
        services.campaign_create(
            actor=actor_of(member), space=space, question="How could we cut travel costs?"
        )
    with pytest.raises(Invalid):
        services.campaign_create(
            actor=actor_of(leader),
            space=space,
            question="How could we cut travel costs?",
            ends_at=timezone.now() - timedelta(days=1),
        )
    campaign = services.campaign_create(
        actor=actor_of(leader),
        space=space,
        question="How could we cut travel costs?",
        ends_at=timezone.now() + timedelta(days=7),
    )
    assert AuditEntry.objects.filter(action="idea_campaign.create").exists()
    idea = idea_make(space=space, author=member, campaign=campaign)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        with pytest.raises(Conflict):
            services.idea_submit(
                actor=actor_of(member), space=space, title="Late idea here", campaign=campaign
            )
        with pytest.raises(Conflict):
            services.idea_vote(actor=actor_of(leader), idea=idea)
    assert Idea.objects.count() == 1


def test_board_sorts_by_votes_or_newest_and_hides_private_ideas():
    leader, a, b = person_make(), person_make(), person_make()
    space = space_make(leader=leader)
    first = idea_make(space=space, author=a, title="Older but popular")
    second = idea_make(space=space, author=b, title="Newer and quiet")
    for person in (a, b):
        services.idea_vote(actor=actor_of(person), idea=first)
    by_votes = selectors.idea_list(actor=actor_of(leader), space=space, sort="votes")
    assert list(by_votes) == [first, second]
    newest = selectors.idea_list(actor=actor_of(leader), space=space, sort="newest")
    assert list(newest) == [second, first]
    private = space_make(visibility="private", leader=leader)
    hidden = idea_make(space=private, author=leader)
    with pytest.raises(NotFound):
        selectors.idea_get(actor=actor_of(person_make()), idea_id=hidden.pk)


def test_bad_ideas_and_comments_are_refused():
    leader = person_make()
    space = space_make(leader=leader)
    actor = actor_of(leader)
    with pytest.raises(Invalid):
        services.idea_submit(actor=actor, space=space, title="Hm")
    with pytest.raises(Invalid):
        services.idea_submit(actor=actor, space=space, title="Fine title", body="x" * 10_001)
    idea = idea_make(space=space, author=leader)
    with pytest.raises(Invalid):
        services.idea_comment(actor=actor, idea=idea, body="   ")
    with pytest.raises(Forbidden):
        services.idea_comment(actor=actor_of(person_make()), idea=idea, body="Nice")
    services.idea_comment(actor=actor, idea=idea, body="Let us **try** it")
    idea.refresh_from_db()
    assert idea.comment_count == 1 and Idea.objects.count() == 1
