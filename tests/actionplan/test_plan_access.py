"""The action plan is a space's content: read by the same rule as its conversations
(``can_read_space``), on every surface, and a platform admin reads and manages it
only as a member who may read the space."""

import json
from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client

from hearth.access.actor import Actor
from hearth.actionplan import policies, services
from hearth.actionplan.models import ActionTask
from hearth.spaces.models import LifecycleState
from tests.conftest import ApiClient, client_for
from tests.factories import membership_make, person_make, space_make

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)
TITLE = "Rehearse the confidential launch"


def _planned(*, visibility: str, state: str = LifecycleState.LIVE):
    """A space with a task in its plan, and a cast: an outsider, a plain member, a
    champion, a platform admin who is no member and one who is a plain member."""
    leader = person_make()
    space = space_make(leader=leader, visibility=visibility)
    member, champion = person_make(), person_make()
    membership_make(space=space, user=member)
    membership_make(space=space, user=champion, role="champion")
    admin_member = person_make(org_role="admin")
    membership_make(space=space, user=admin_member)
    task = services.task_create(
        actor=Actor.for_user(leader),
        space=space,
        title=TITLE,
        owner=member,
        due_on=TODAY + timedelta(days=5),
    )
    space.state = state
    space.save(update_fields=["state"])
    return (
        space,
        task,
        {
            "outsider": person_make(),
            "member": member,
            "champion": champion,
            "leader": leader,
            "admin": person_make(org_role="admin"),
            "admin member": admin_member,
        },
    )


def _reads(person, space) -> dict[str, int]:
    """The status of every surface that shows the plan, and that none of the refused
    ones shows the task's title."""
    client, api = client_for(person), ApiClient(person)
    responses = {
        "page": client.get(f"/s/{space.slug}/plan/"),
        "calendar": client.get(f"/s/{space.slug}/plan/calendar/?month=2026-03"),
        "api": api.get(f"/spaces/{space.slug}/tasks"),
    }
    for surface, response in responses.items():
        if response.status_code != 200:
            assert TITLE.encode() not in response.content, surface
        else:
            assert TITLE.encode() in response.content, surface
    return {surface: response.status_code for surface, response in responses.items()}


def _all(status: int) -> dict[str, int]:
    return {"page": status, "calendar": status, "api": status}


# (visibility, state): the status each person gets on every reading surface.
MATRIX = [
    (
        ("private", LifecycleState.LIVE),
        {"outsider": 404, "member": 200, "admin": 403, "admin member": 200},
    ),
    (
        ("restricted", LifecycleState.LIVE),
        {"outsider": 403, "member": 200, "admin": 403, "admin member": 200},
    ),
    (
        ("open", LifecycleState.LIVE),
        {"outsider": 403, "member": 200, "admin": 200, "admin member": 200},
    ),
    (
        ("open", LifecycleState.DRAFT),
        {"outsider": 404, "member": 404, "leader": 200, "admin": 403, "admin member": 403},
    ),
    (
        ("private", LifecycleState.PILOT),
        {"member": 404, "champion": 200, "admin": 403, "admin member": 403},
    ),
]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("where,expected", MATRIX, ids=[f"{v}-{s}" for (v, s), _ in MATRIX])
def test_the_plan_is_read_by_the_rule_of_the_spaces_content(where, expected):
    space, _, people = _planned(visibility=where[0], state=where[1])
    for who, status in expected.items():
        assert _reads(people[who], space) == _all(status), who
    assert Client().get(f"/s/{space.slug}/plan/").status_code == 302
    assert Client().get(f"/api/v1/spaces/{space.slug}/tasks").status_code == 401


def _call(api: ApiClient, method: str, path: str, data=None):
    return getattr(api.client, method)(
        f"/api/v1{path}",
        json.dumps(data) if data is not None else "",
        content_type="application/json",
        headers=api.headers,
    )


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("visibility", ["private", "restricted"])
def test_a_platform_admin_who_is_no_member_cannot_change_the_plan(visibility):
    space, task, people = _planned(visibility=visibility)
    admin = people["admin"]
    api, client = ApiClient(admin), client_for(admin)
    base = f"/spaces/{space.slug}/tasks"
    member = people["member"].username
    refused = [
        _call(api, "post", base, {"title": "X", "owner": member, "due_on": "2026-03-20"}),
        _call(api, "patch", f"{base}/{task.pk}", {"status": "done"}),
        _call(api, "patch", f"{base}/{task.pk}", {"title": "Renamed"}),
        _call(api, "delete", f"{base}/{task.pk}"),
        client.post(
            f"/s/{space.slug}/plan/", {"title": "X", "owner": member, "due_on": "2026-03-20"}
        ),
        client.post(f"/s/{space.slug}/plan/{task.pk}/status/", {"status": "done"}),
        client.post(f"/s/{space.slug}/plan/{task.pk}/delete/"),
    ]
    for response in refused:
        assert response.status_code == 403, response.content
        assert TITLE.encode() not in response.content
    assert list(ActionTask.objects.values_list("title", "status")) == [(TITLE, "open")]


@time_machine.travel(TODAY, tick=False)
def test_a_platform_admin_who_is_a_member_manages_the_plan():
    space, task, people = _planned(visibility="private")
    api = ApiClient(people["admin member"])
    base = f"/spaces/{space.slug}/tasks"
    created = _call(
        api,
        "post",
        base,
        {"title": "Book the room", "owner": people["member"].username, "due_on": "2026-03-20"},
    )
    assert created.status_code == 201
    assert _call(api, "patch", f"{base}/{task.pk}", {"status": "done"}).status_code == 200
    assert _call(api, "delete", f"{base}/{task.pk}").status_code == 204


@time_machine.travel(TODAY, tick=False)
def test_the_plan_policy_agrees_with_the_spaces_content_rule():
    from hearth.access import policy

    for visibility, state in [
        ("open", LifecycleState.LIVE),
        ("restricted", LifecycleState.ARCHIVED),
        ("private", LifecycleState.LIVE),
        ("private", LifecycleState.PILOT),
        ("open", LifecycleState.DRAFT),
    ]:
        space, _, people = _planned(visibility=visibility, state=state)
        for who, person in people.items():
            actor = Actor.for_user(person)
            if policies.can_see_plan(actor, space):
                assert policy.can_read_space(actor, space), (visibility, state, who)
            if policies.can_manage_plan(actor, space):
                assert policies.can_see_plan(actor, space), (visibility, state, who)
