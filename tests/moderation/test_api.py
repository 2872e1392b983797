"""The moderation API: reports, review queues, decisions, sanctions; bad input."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hearth.core.models import AuditEntry
from hearth.moderation.models import Case, Report, Sanction
from tests.conftest import ApiClient, client_for
from tests.factories import person_make, report_make


def _report(client, target_type, target_id, reason="spam", text=""):
    return client.post(
        "/reports",
        {"target_type": target_type, "target_id": target_id, "reason": reason, "text": text},
    )


def test_report_through_the_api(community):
    c = community
    response = _report(ApiClient(c.reporters[0]), "reply", c.reply.pk, "other", "Selling")
    assert response.status_code == 201
    body = response.json()
    assert body["reason"] == "other" and body["hidden"] is False
    assert Report.objects.get().text == "Selling"


@pytest.mark.parametrize(
    "payload, status, field",
    [
        ({"target_type": "document", "target_id": 1, "reason": "spam"}, 400, "target_type"),
        ({"target_type": "reply", "target_id": 999999, "reason": "spam"}, 404, None),
        ({"target_type": "reply", "target_id": "x", "reason": "spam"}, 422, None),
        ({"target_type": "reply", "reason": "spam"}, 422, None),
        ({"target_type": "reply", "target_id": 1, "reason": "rude"}, 422, None),
        ({"target_type": "reply", "target_id": 1, "reason": "other", "text": ""}, 400, "text"),
        ({"target_type": "reply", "target_id": 1, "reason": "spam", "text": "x" * 1001}, 422, None),
    ],
)
def test_bad_reports_get_a_clear_message_and_change_nothing(community, payload, status, field):
    c = community
    if payload.get("target_id") == 1:
        payload = {**payload, "target_id": c.reply.pk}
    response = ApiClient(c.reporters[0]).post("/reports", payload)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    if field:
        assert response.json()["field"] == field
    assert not Report.objects.exists()


def test_own_and_twice_are_refused(community):
    c = community
    own = _report(ApiClient(c.author), "reply", c.reply.pk)
    assert own.status_code == 403 and "own" in own.json()["detail"]
    client = ApiClient(c.reporters[0])
    assert _report(client, "reply", c.reply.pk).status_code == 201
    twice = _report(client, "reply", c.reply.pk)
    assert twice.status_code == 409 and "already" in twice.json()["detail"]


def test_the_api_needs_a_token(community):
    response = Client().post("/api/v1/reports", {}, content_type="application/json")
    assert response.status_code == 401


def test_the_review_queue_for_moderators_only(community):
    c = community
    for person in c.reporters:
        report_make(reporter=person, target=c.reply)
    queue = ApiClient(c.facilitator).get("/spaces/garden/review-queue")
    assert queue.status_code == 200
    items = queue.json()["items"]
    assert len(items) == 1 and items[0]["hidden"] is True and len(items[0]["reports"]) == 3
    assert items[0]["author"] == "troll" and items[0]["space"] == "garden"
    assert "reporter" not in items[0]["reports"][0]
    assert ApiClient(c.reporters[0]).get("/spaces/garden/review-queue").status_code == 403
    assert ApiClient(c.other_facilitator).get("/spaces/garden/review-queue").status_code == 403
    assert ApiClient(c.facilitator).get("/spaces/nowhere/review-queue").status_code == 404
    assert ApiClient(c.admin).get("/review-queue").json()["count"] == 1
    assert ApiClient(c.facilitator).get("/review-queue").status_code == 403


def test_decide_through_the_api_with_a_sanction(community):
    c = community
    for person in c.reporters:
        report_make(reporter=person, target=c.reply)
    case = Case.objects.get()
    until = (timezone.now() + timedelta(days=1)).isoformat()
    response = ApiClient(c.facilitator).post(
        f"/review-queue/{case.pk}/decide",
        {
            "decision": "remove",
            "reason": "Spam",
            "sanction": {"kind": "silence", "reason": "Spam", "until": until},
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "decided" and body["seconds_to_decision"] >= 0
    assert Sanction.objects.get().kind == "silence"
    assert AuditEntry.objects.get(action="moderation.remove").via == "api"


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"decision": "destroy"}, 422),
        ({}, 422),
        ({"decision": "edit", "body": "New text"}, 400),
        ({"decision": "keep", "sanction": {"kind": "silence", "reason": "x"}}, 400),
        (
            {
                "decision": "keep",
                "sanction": {"kind": "silence", "reason": "x", "until": "2001-01-01T00:00:00Z"},
            },
            400,
        ),
    ],
)
def test_bad_decisions_change_nothing(community, payload, status):
    c = community
    report_make(reporter=c.reporters[0], target=c.reply)
    case = Case.objects.get()
    response = ApiClient(c.facilitator).post(f"/review-queue/{case.pk}/decide", payload)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    case.refresh_from_db()
    assert case.is_open and not Sanction.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="moderation.keep").exists()


def test_deciding_outside_ones_space_is_refused(community):
    c = community
    report_make(reporter=c.reporters[0], target=c.reply)
    case = Case.objects.get()
    response = ApiClient(c.other_facilitator).post(
        f"/review-queue/{case.pk}/decide", {"decision": "keep"}
    )
    assert response.status_code == 403
    assert (
        ApiClient(c.facilitator)
        .post("/review-queue/99999/decide", {"decision": "keep"})
        .status_code
        == 404
    )


def test_sanctions_through_the_api(community):
    c = community
    until = (timezone.now() + timedelta(days=1)).isoformat()
    response = ApiClient(c.facilitator).post(
        "/people/troll/sanctions",
        {"kind": "silence", "reason": "Cool down", "until": until, "space": "garden"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["space"] == "garden" and response.json()["person"] == "troll"
    # The silenced person's API posting is refused with the reason.
    reply = ApiClient(c.author).post(
        f"/conversations/{c.conversation.pk}/replies", {"body": "Let me"}
    )
    assert reply.status_code == 403 and "Cool down" in reply.json()["detail"]
    platform = ApiClient(c.admin).post(
        "/people/troll/sanctions", {"kind": "suspension", "reason": "Threats", "until": until}
    )
    assert platform.status_code == 201 and platform.json()["space"] is None
    assert ApiClient(c.author).get("/me").status_code == 401


@pytest.mark.parametrize(
    "payload, status, field",
    [
        ({"kind": "silence", "reason": "x", "space": "garden"}, 400, "until"),
        (
            {"kind": "silence", "reason": "x", "until": "2001-01-01T00:00:00Z", "space": "garden"},
            400,
            "until",
        ),
        ({"kind": "silence", "reason": "x", "until": "soon", "space": "garden"}, 422, None),
        ({"kind": "mute", "reason": "x", "space": "garden"}, 422, None),
        ({"kind": "warning", "reason": "", "space": "garden"}, 400, "reason"),
        ({"kind": "warning", "reason": "x", "space": ""}, 400, "space"),
        ({"kind": "warning", "reason": "x", "space": "nowhere"}, 404, None),
        ({"kind": "warning", "reason": "x"}, 403, None),
        (
            {
                "kind": "suspension",
                "reason": "x",
                "until": "2099-01-01T00:00:00Z",
                "space": "garden",
            },
            400,
            "space",
        ),
    ],
)
def test_bad_sanctions_get_a_clear_message_and_change_nothing(community, payload, status, field):
    response = ApiClient(community.facilitator).post("/people/troll/sanctions", payload)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    if field:
        assert response.json().get("field") == field
    assert not Sanction.objects.exists()


def test_sanctioning_nobody_is_404(community):
    response = ApiClient(community.admin).post(
        "/people/ghost/sanctions", {"kind": "warning", "reason": "x"}
    )
    assert response.status_code == 404


def test_the_endpoints_are_in_the_openapi_document(community):
    document = client_for(person_make()).get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/reports",
        "/api/v1/spaces/{slug}/review-queue",
        "/api/v1/review-queue/{case_id}/decide",
        "/api/v1/people/{username}/sanctions",
    ):
        assert path in document["paths"], path
    assert "429" in document["paths"]["/api/v1/reports"]["post"]["responses"]


def test_a_sanction_is_lifted_early_through_the_api_by_its_moderators_only(community):
    c = community
    until = (timezone.now() + timedelta(days=3)).isoformat()
    silence = (
        ApiClient(c.facilitator)
        .post(
            "/people/troll/sanctions",
            {"kind": "silence", "reason": "Cool down", "until": until, "space": "garden"},
        )
        .json()
    )
    warning = (
        ApiClient(c.facilitator)
        .post(
            "/people/troll/sanctions",
            {"kind": "warning", "reason": "Mind the tone", "space": "garden"},
        )
        .json()
    )
    url = f"/sanctions/{silence['id']}/lift"
    # Not theirs to lift: the author, a reporter, a moderator of another space.
    assert ApiClient(c.author).post(url).status_code == 404
    assert ApiClient(c.reporters[0]).post(url).status_code == 404
    assert ApiClient(c.other_facilitator).post(url).status_code == 404
    assert ApiClient(c.facilitator).post("/sanctions/999999/lift").status_code == 404
    assert Sanction.objects.get(pk=silence["id"]).lifted_at is None
    lifted = ApiClient(c.facilitator).post(url)
    assert lifted.status_code == 200 and lifted.json()["lifted_at"] is not None
    assert AuditEntry.objects.filter(action="sanction.lift", via="api").count() == 1
    # The author may post again; a second lift, or lifting a warning, is refused.
    reply = ApiClient(c.author).post(
        f"/conversations/{c.conversation.pk}/replies", {"body": "Sorry, all."}
    )
    assert reply.status_code == 201
    assert ApiClient(c.facilitator).post(url).status_code == 409
    assert ApiClient(c.facilitator).post(f"/sanctions/{warning['id']}/lift").status_code == 409
