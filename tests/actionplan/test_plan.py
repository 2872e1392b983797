"""The action plan: tasks with owner, due date and status; calendar; overdue reminders."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.access.actor import Actor
from hearth.actionplan import services
from hearth.actionplan.models import ActionTask, TaskReminder
from hearth.core.errors import Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry
from hearth.notifications.models import Notification
from tests.conftest import client_for
from tests.factories import membership_make, person_make, space_make

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


def _space(visibility="restricted"):
    leader = person_make()
    space = space_make(leader=leader, visibility=visibility)
    owner = person_make(display_name="Olga Owner")
    membership_make(space=space, user=owner)
    return space, leader, owner


@time_machine.travel(TODAY, tick=False)
def test_a_leader_plans_a_task_and_its_owner_is_told():
    space, leader, owner = _space()
    task = services.task_create(
        actor=Actor.for_user(leader),
        space=space,
        title="Invite the pilot group",
        owner=owner,
        due_on=TODAY + timedelta(days=3),
    )
    assert task.status == "open"
    assert AuditEntry.objects.get(action="action_task.create").after["owner"] == owner.username
    assert Notification.objects.get(recipient=owner, kind="action_task")


@time_machine.travel(TODAY, tick=False)
def test_tasks_without_owner_title_or_with_a_past_date_are_refused():
    space, leader, owner = _space()
    actor = Actor.for_user(leader)
    cases = [
        ({"title": "X", "owner": None, "due_on": TODAY}, "needs an owner"),
        ({"title": " ", "owner": owner, "due_on": TODAY}, "title"),
        ({"title": "X", "owner": owner, "due_on": TODAY - timedelta(days=1)}, "in the past"),
        ({"title": "X", "owner": owner, "due_on": None}, "due date"),
        ({"title": "X", "owner": person_make(), "due_on": TODAY}, "not a member"),
    ]
    for fields, message in cases:
        with pytest.raises(Invalid, match=message):
            services.task_create(actor=actor, space=space, **fields)
    assert not ActionTask.objects.exists() and not AuditEntry.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_members_cannot_plan_but_owners_move_their_own_tasks():
    space, leader, owner = _space()
    with pytest.raises(Forbidden):
        services.task_create(
            actor=Actor.for_user(owner), space=space, title="X", owner=owner, due_on=TODAY
        )
    task = services.task_create(
        actor=Actor.for_user(leader), space=space, title="X", owner=owner, due_on=TODAY
    )
    services.task_update(actor=Actor.for_user(owner), space=space, task_id=task.pk, status="doing")
    with pytest.raises(Forbidden):
        services.task_update(
            actor=Actor.for_user(owner), space=space, task_id=task.pk, title="Renamed"
        )
    other = person_make()
    membership_make(space=space, user=other)
    with pytest.raises(Forbidden):
        services.task_update(
            actor=Actor.for_user(other), space=space, task_id=task.pk, status="done"
        )
    with pytest.raises(Invalid):
        services.task_update(
            actor=Actor.for_user(leader), space=space, task_id=task.pk, status="finished"
        )
    with pytest.raises(NotFound):
        services.task_update(
            actor=Actor.for_user(leader), space=space, task_id=999_999, status="done"
        )
    task.refresh_from_db()
    assert task.status == "doing" and task.title == "X"


def test_overdue_tasks_remind_their_owners_once_a_day():
    space, leader, owner = _space()
    with time_machine.travel(TODAY, tick=False):
        late = services.task_create(
            actor=Actor.for_user(leader), space=space, title="Late", owner=owner, due_on=TODAY
        )
        done = services.task_create(
            actor=Actor.for_user(leader), space=space, title="Done", owner=owner, due_on=TODAY
        )
        services.task_update(
            actor=Actor.for_user(leader), space=space, task_id=done.pk, status="done"
        )
        services.task_create(
            actor=Actor.for_user(leader),
            space=space,
            title="Later",
            owner=owner,
            due_on=TODAY + timedelta(days=30),
        )
    with time_machine.travel(TODAY + timedelta(days=1), tick=False):
        assert services.overdue_reminders_send() == 1
        assert services.overdue_reminders_send() == 0
    with time_machine.travel(TODAY + timedelta(days=2), tick=False):
        assert services.overdue_reminders_send() == 1
    assert list(TaskReminder.objects.values_list("task_id", flat=True)) == [late.pk, late.pk]
    assert Notification.objects.filter(recipient=owner, kind="action_task_overdue").count() == 2


@time_machine.travel(TODAY, tick=False)
def test_plan_pages_access_bad_input_and_constant_queries():
    space, leader, owner = _space()
    url = f"/s/{space.slug}/plan/"
    assert Client().get(url).status_code == 302
    assert client_for(person_make()).get(url).status_code == 403
    private, _, _ = _space(visibility="private")
    assert client_for(person_make()).get(f"/s/{private.slug}/plan/").status_code == 404
    assert client_for(owner).get(url).status_code == 200
    client = client_for(leader)
    bad = client.post(url, {"title": "X", "owner": "", "due_on": "2026-03-01"})
    assert bad.status_code == 400
    past = client.post(url, {"title": "X", "owner": owner.username, "due_on": "2026-03-01"})
    assert past.status_code == 400 and b"in the past" in past.content
    member_post = client_for(owner).post(
        url, {"title": "X", "owner": owner.username, "due_on": "2026-03-20"}
    )
    assert member_post.status_code == 403
    assert not ActionTask.objects.exists()
    counts = []
    for n in (1, 6):
        for i in range(n):
            client.post(
                url, {"title": f"T{i}", "owner": owner.username, "due_on": f"2026-03-{11 + i}"}
            )
        for page in (url, f"{url}calendar/?month=2026-03"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page)
            assert response.status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:]
    calendar = client.get(f"{url}calendar/?month=2026-03").content.decode()
    assert "March 2026" in calendar and "T5" in calendar
    assert client.get(f"{url}calendar/?month=garbage").status_code == 200
    task = ActionTask.objects.first()
    htmx = client.post(f"{url}{task.pk}/status/", {"status": "done"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and 'id="task-' in htmx.content.decode()
    assert client.post(f"{url}{task.pk}/status/", {"status": "nope"}).status_code == 400
