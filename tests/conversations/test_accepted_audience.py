"""“Your answer was accepted” goes only to an author who may still read the question."""

import pytest

from hearth.access.actor import Actor
from hearth.conversations.services import reply_accept
from hearth.core.models import OutboundEmail
from hearth.notifications.models import Notification
from hearth.spaces.services import member_remove, space_update
from tests.factories import conversation_make, membership_make, person_make, reply_make, space_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def question():
    leader, asker = person_make(), person_make()
    space = space_make(leader=leader)  # open: every employee reads it, for now
    membership_make(space=space, user=asker)
    question = conversation_make(
        space=space, author=asker, kind="question", title="Project Aurora budget numbers?"
    )
    return leader, asker, space, question


def _accepted_told(person) -> tuple[int, int]:
    notes = Notification.objects.filter(recipient=person, kind="accepted").count()
    emails = sum(person.email in e.to for e in OutboundEmail.objects.all())
    return notes, emails


def test_no_accepted_notice_to_an_author_removed_from_a_space_now_private(
    question, deliver_outbox, django_capture_on_commit_callbacks
):
    leader, asker, space, question = question
    removed = person_make()
    answer = reply_make(conversation=question, author=removed, body="About 2 million.")
    space_update(
        actor=Actor.for_user(leader),
        space=space,
        name=space.name,
        description=space.description,
        visibility="private",
    )
    member_remove(actor=Actor.for_user(leader), space=space, user_id=removed.pk)
    OutboundEmail.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        reply_accept(actor=Actor.for_user(asker), reply=answer)
    assert _accepted_told(removed) == (0, 0)
    assert not any("Aurora" in m.subject or "Aurora" in m.body for m in deliver_outbox())


def test_a_member_still_hears_their_answer_was_accepted(
    question, deliver_outbox, django_capture_on_commit_callbacks
):
    leader, asker, space, question = question
    member = person_make()
    answer = reply_make(conversation=question, author=member, body="About 2 million.")
    space_update(
        actor=Actor.for_user(leader),
        space=space,
        name=space.name,
        description=space.description,
        visibility="private",
    )
    OutboundEmail.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        reply_accept(actor=Actor.for_user(asker), reply=answer)
    assert _accepted_told(member) == (1, 1)
    [email] = deliver_outbox()
    assert email.to == [member.email] and "Aurora" in email.subject
