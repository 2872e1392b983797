"""An action plan's reminders reach a task's owner only while they may read the plan."""

from datetime import date, timedelta

import pytest
import time_machine

from hearth.access.actor import Actor
from hearth.actionplan import services
from hearth.actionplan.models import TaskReminder
from hearth.core.models import OutboundEmail
from hearth.notifications.models import Notification
from hearth.spaces.models import Space
from tests.factories import membership_make, person_make, space_in_state_make

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


def _planned(state: str):
    """A space in ``state`` whose leader gave a plain member a task due today."""
    leader, owner = person_make(), person_make(display_name="Olga Owner")
    space = space_in_state_make(state=state, leader=leader)
    membership_make(space=space, user=owner)
    with time_machine.travel(TODAY, tick=False):
        task = services.task_create(
            actor=Actor.for_user(leader),
            space=space,
            title="Secret launch plan for Aurora",
            owner=owner,
            due_on=TODAY,
        )
    return space, owner, task


def _told(owner) -> tuple[list[str], list[str]]:
    notes = list(Notification.objects.filter(recipient=owner).values_list("text", flat=True))
    emails = [e.body for e in OutboundEmail.objects.all() if owner.email in e.to]
    return notes, emails


@pytest.mark.parametrize("state", ["draft", "pilot"])
def test_overdue_reminder_never_reaches_an_owner_the_space_state_leaves_out(
    state, django_capture_on_commit_callbacks
):
    space, owner, task = _planned(state)
    with (
        time_machine.travel(TODAY + timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.overdue_reminders_send() == 0
    notes, emails = _told(owner)
    assert notes == [] and emails == []  # neither the task given nor the reminder
    assert not TaskReminder.objects.filter(task=task).exists()  # tried again tomorrow


def test_the_same_owner_is_reminded_once_the_space_is_live(
    deliver_outbox, django_capture_on_commit_callbacks
):
    space, owner, task = _planned("draft")
    Space.objects.filter(pk=space.pk).update(state="live")
    with (
        time_machine.travel(TODAY + timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.overdue_reminders_send() == 1
        assert services.overdue_reminders_send() == 0
    notes, _ = _told(owner)
    assert notes == [
        f"Your task “Secret launch plan for Aurora” in {space.name} was due 10 Mar 2026."
    ]
    [email] = deliver_outbox()
    assert email.to == [owner.email] and "Secret launch plan" in email.subject


def test_a_reminder_queued_before_the_space_went_back_to_draft_is_withheld(
    deliver_outbox, django_capture_on_commit_callbacks
):
    space, owner, task = _planned("live")
    with (
        time_machine.travel(TODAY + timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.overdue_reminders_send() == 1
    Space.objects.filter(pk=space.pk).update(state="draft")
    assert deliver_outbox() == []
    assert OutboundEmail.objects.get().status == "withheld"
