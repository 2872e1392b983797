"""API for bulk invitations, action-plan tasks and role swaps; in the OpenAPI document."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from hearth.actionplan.models import ActionTask
from hearth.launch import jobs as launch_jobs
from hearth.launch.models import InvitationBatch
from hearth.spaces.models import Invitation
from hearth.swaps.models import RoleSwap
from tests.conftest import ApiClient, client_for
from tests.factories import (
    business_unit_make,
    country_make,
    membership_make,
    person_make,
    space_make,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)


def _space():
    leader = person_make(username="lead")
    space = space_make(leader=leader, visibility="restricted", slug="pilot")
    member = person_make(username="mem")
    membership_make(space=space, user=member)
    return space, leader, member


def _send(api, method, path, data):
    return getattr(api.client, method)(
        f"/api/v1{path}", json.dumps(data), content_type="application/json", headers=api.headers
    )


def test_the_document_lists_the_new_endpoints():
    doc = client_for(person_make()).get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/spaces/{slug}/invitations/bulk",
        "/api/v1/spaces/{slug}/invitations/batches/{batch_id}",
        "/api/v1/spaces/{slug}/tasks",
        "/api/v1/spaces/{slug}/tasks/{task_id}",
        "/api/v1/spaces/{slug}/role-swaps",
        "/api/v1/spaces/{slug}/role-swaps/{swap_id}/end",
    ):
        assert path in doc["paths"], path


def test_bulk_invitations_preview_send_and_poll(django_capture_on_commit_callbacks):
    space, leader, _ = _space()
    people = [person_make(username=f"p{i}") for i in range(3)]
    api = ApiClient(leader)
    preview = api.post(
        "/spaces/pilot/invitations/bulk", {"csv": "p0\np1\nghost\np1\n", "message": "Join us"}
    )
    assert preview.status_code == 201
    body = preview.json()
    assert (body["status"], body["total"], body["error_count"]) == ("preview", 2, 2)
    assert [e["line"] for e in body["errors"]] == [3, 4]
    assert not Invitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=False):
        sent = api.post(f"/spaces/pilot/invitations/batches/{body['id']}/send")
    assert sent.status_code == 202 and sent.json()["status"] == "queued"
    launch_jobs.invitation_batch_run(batch_id=body["id"])
    polled = api.get(f"/spaces/pilot/invitations/batches/{body['id']}").json()
    assert (polled["status"], polled["done"], polled["invited"], polled["percent"]) == (
        "done",
        2,
        2,
        100,
    )
    again = api.post(f"/spaces/pilot/invitations/batches/{body['id']}/send")
    assert again.status_code == 409 and "detail" in again.json()
    direct = api.post(
        "/spaces/pilot/invitations/bulk", {"usernames": [people[2].username], "send": True}
    )
    assert direct.status_code == 202


def test_bulk_invitations_bad_input_and_access():
    space, leader, member = _space()
    unit = business_unit_make()
    country_make(code="FR", name="France")
    person_make(business_unit=unit)
    api = ApiClient(leader)
    both = api.post("/spaces/pilot/invitations/bulk", {"usernames": ["x"], "csv": "x"})
    assert both.status_code == 400 and "exactly one" in both.json()["detail"]
    unknown = api.post("/spaces/pilot/invitations/bulk", {"business_unit": "nope"})
    assert unknown.status_code == 400 and unknown.json()["field"] == "business_unit"
    by_unit = api.post(
        "/spaces/pilot/invitations/bulk", {"business_unit": unit.slug, "country": "fr"}
    )
    assert by_unit.status_code == 201 and by_unit.json()["total"] == 0
    assert (
        ApiClient(member).post("/spaces/pilot/invitations/bulk", {"usernames": ["x"]}).status_code
        == 403
    )
    secret = space_make(visibility="private", leader=leader)
    outsider = ApiClient(person_make())
    assert (
        outsider.post(f"/spaces/{secret.slug}/invitations/bulk", {"usernames": ["x"]}).status_code
        == 404
    )
    assert InvitationBatch.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_tasks_api_create_update_list_delete_and_bad_input():
    space, leader, member = _space()
    api = ApiClient(leader)
    created = api.post(
        "/spaces/pilot/tasks", {"title": "Plan the launch", "owner": "mem", "due_on": "2026-04-03"}
    )
    assert created.status_code == 201 and created.json()["owner"] == "mem"
    task_id = created.json()["id"]
    no_owner = api.post("/spaces/pilot/tasks", {"title": "X", "due_on": "2026-04-03"})
    assert no_owner.status_code == 400 and no_owner.json()["field"] == "owner"
    past = api.post("/spaces/pilot/tasks", {"title": "X", "owner": "mem", "due_on": "2026-03-01"})
    assert past.status_code == 400 and "past" in past.json()["detail"]
    bad_date = api.post("/spaces/pilot/tasks", {"title": "X", "owner": "mem", "due_on": "soon"})
    assert bad_date.status_code == 422
    mine = ApiClient(member)
    assert (
        _send(mine, "patch", f"/spaces/pilot/tasks/{task_id}", {"status": "doing"}).json()["status"]
        == "doing"
    )
    assert (
        _send(mine, "patch", f"/spaces/pilot/tasks/{task_id}", {"title": "Mine now"}).status_code
        == 403
    )
    assert [t["title"] for t in mine.get("/spaces/pilot/tasks").json()] == ["Plan the launch"]
    assert ApiClient(person_make()).get("/spaces/pilot/tasks").status_code == 403
    assert _send(mine, "delete", f"/spaces/pilot/tasks/{task_id}", {}).status_code == 403
    assert _send(api, "delete", f"/spaces/pilot/tasks/{task_id}", {}).status_code == 204
    assert not ActionTask.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_role_swaps_api():
    space, leader, member = _space()
    api = ApiClient(leader)
    until = (NOW + timedelta(days=1)).isoformat()
    created = api.post(
        "/spaces/pilot/role-swaps", {"username": "mem", "role": "leader", "until": until}
    )
    assert created.status_code == 201 and created.json()["usual_role"] == "member"
    too_long = api.post(
        "/spaces/pilot/role-swaps",
        {"username": "lead", "role": "leader", "until": (NOW + timedelta(days=8)).isoformat()},
    )
    assert too_long.status_code == 400 and "7 days" in too_long.json()["detail"]
    outsider = person_make(username="out")
    not_member = api.post(
        "/spaces/pilot/role-swaps", {"username": "out", "role": "leader", "until": until}
    )
    assert not_member.status_code == 400 and "not a member" in not_member.json()["detail"]
    assert (
        ApiClient(outsider)
        .post("/spaces/pilot/role-swaps", {"username": "mem", "role": "leader", "until": until})
        .status_code
        == 403
    )
    # The swapped member may not grant swaps, though the API now sees them as leader.
    assert (
        ApiClient(member)
        .post("/spaces/pilot/role-swaps", {"username": "mem", "role": "leader", "until": until})
        .status_code
        == 403
    )
    swap_id = created.json()["id"]
    assert [s["username"] for s in api.get("/spaces/pilot/role-swaps").json()] == ["mem"]
    ended = api.post(f"/spaces/pilot/role-swaps/{swap_id}/end")
    assert ended.status_code == 200 and ended.json()["end_reason"] == "ended_early"
    assert RoleSwap.objects.get().ended_at is not None
