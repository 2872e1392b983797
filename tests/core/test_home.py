"""The home page's side lists: my spaces and the questions waiting in them, each
through the policy (a draft space reaches only its leaders, a question hidden for
review only its author and the space's moderators)."""

import pytest
from django.utils import timezone

from hearth.conversations.models import Conversation
from hearth.conversations.selectors import unanswered_in_my_spaces
from hearth.spaces.models import Space
from hearth.spaces.selectors import my_spaces
from tests.conftest import actor_of, client_for
from tests.factories import conversation_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


def test_my_spaces_lists_by_name_what_the_member_may_see():
    leader, member = person_make(), person_make()
    spaces = {
        name: space_make(leader=leader, name=name)
        for name in ("Delta", "Alpha", "Charlie", "Bravo")
    }
    for space in spaces.values():
        membership_make(space=space, user=member)
    Space.objects.filter(pk=spaces["Bravo"].pk).update(state="draft")
    assert [s.name for s in my_spaces(actor=actor_of(member), limit=12)] == [
        "Alpha",
        "Charlie",
        "Delta",
    ]
    assert [s.name for s in my_spaces(actor=actor_of(member), limit=2)] == ["Alpha", "Charlie"]
    # The leader of the draft sees it.
    assert [s.name for s in my_spaces(actor=actor_of(leader), limit=12)] == [
        "Alpha",
        "Bravo",
        "Charlie",
        "Delta",
    ]
    assert my_spaces(actor=actor_of(person_make()), limit=12) == []


def test_waiting_questions_leave_out_what_is_hidden_for_review_except_for_moderators():
    leader, member, asker = person_make(), person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    membership_make(space=space, user=asker)
    questions = [
        conversation_make(space=space, author=asker, kind="question", title=f"Question {i}")
        for i in range(3)
    ]
    Conversation.objects.filter(pk=questions[0].pk).update(hidden_at=timezone.now())
    assert unanswered_in_my_spaces(actor=actor_of(member), limit=5) == questions[1:]
    assert unanswered_in_my_spaces(actor=actor_of(leader), limit=5) == questions
    assert unanswered_in_my_spaces(actor=actor_of(asker), limit=5) == questions  # their own


def test_waiting_questions_stay_full_when_the_oldest_are_all_hidden():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    hidden = [conversation_make(space=space, author=leader, kind="question") for _ in range(10)]
    shown = [
        conversation_make(space=space, author=leader, kind="question", title=f"Visible {i}")
        for i in range(6)
    ]
    Conversation.objects.filter(pk__in=[c.pk for c in hidden]).update(hidden_at=timezone.now())
    assert unanswered_in_my_spaces(actor=actor_of(member), limit=5) == shown[:5]


def test_the_home_page_shows_both_lists():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader, name="Field engineers")
    membership_make(space=space, user=member)
    conversation_make(space=space, author=leader, kind="question", title="Which torque spec?")
    page = client_for(member).get("/").content.decode()
    assert "Field engineers" in page and "Which torque spec?" in page
