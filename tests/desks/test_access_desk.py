"""The access requests desk: every pending request the person may decide, across
spaces and organisation scopes; one-click decisions through the space service."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.core.models import AuditEntry
from hearth.spaces.models import AccessRequest, Membership
from tests.conftest import ApiClient, client_for
from tests.factories import (
    access_request_make,
    business_unit_make,
    membership_make,
    person_make,
    space_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    ops, fin = business_unit_make(name="Operations"), business_unit_make(name="Finance")
    leader = person_make(username="lea")
    facilitator = person_make(username="fac")
    ops_space = space_make(slug="ops-r", visibility="restricted", business_unit=ops, leader=leader)
    membership_make(space=ops_space, user=facilitator, role="facilitator")
    fin_space = space_make(
        slug="fin-r", visibility="restricted", business_unit=fin, leader=person_make()
    )
    other = space_make(slug="other-r", visibility="restricted", leader=person_make())
    requests = {
        "ops": access_request_make(
            space=ops_space,
            user=person_make(username="asker1"),
            message="I moved to the Pune site.",
        ),
        "fin": access_request_make(space=fin_space, user=person_make(username="asker2")),
        "other": access_request_make(space=other, user=person_make(username="asker3")),
    }
    return {
        "ops": ops,
        "fin": fin,
        "leader": leader,
        "facilitator": facilitator,
        "ops_space": ops_space,
        "fin_space": fin_space,
        "requests": requests,
        "director": person_make(username="dir", org_role="director"),
        "unitlead": person_make(username="ul", org_role="unit_leader", business_unit=ops),
        "outsider": person_make(username="out"),
    }


def _listed(user) -> set[str]:
    content = client_for(user).get("/desk/access-requests/").content.decode()
    return {name for name in ("asker1", "asker2", "asker3") if f"/people/{name}/" in content}


def test_each_person_sees_the_requests_they_may_decide(org):
    assert _listed(org["leader"]) == {"asker1"}
    assert _listed(org["facilitator"]) == {"asker1"}
    assert _listed(org["unitlead"]) == {"asker1"}
    assert _listed(org["director"]) == {"asker1", "asker2", "asker3"}


def test_page_shows_profile_message_and_waiting_time(org):
    response = client_for(org["leader"]).get("/desk/access-requests/")
    assert response.status_code == 200
    assert b"I moved to the Pune site." in response.content
    assert b"waiting" in response.content
    assert b'id="note-' in response.content  # the optional reason


def test_outsider_and_anonymous_have_no_desk(org, client):
    assert client_for(org["outsider"]).get("/desk/access-requests/").status_code == 403
    response = client.get("/desk/access-requests/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_approve_in_one_click_with_htmx(org):
    r = org["requests"]["ops"]
    response = client_for(org["facilitator"]).post(
        f"/desk/access-requests/{r.pk}/approve/", {"note": "Welcome!"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and b"now a member" in response.content
    r.refresh_from_db()
    assert r.status == "approved" and r.decision_note == "Welcome!"
    assert Membership.objects.filter(space=org["ops_space"], user=r.user).exists()
    entry = AuditEntry.objects.get(action="access_request.approved")
    assert entry.as_role == "" and entry.actor == org["facilitator"]


def test_unit_leader_decides_in_their_unit_audited_as_unit_leader(org):
    r = org["requests"]["ops"]
    response = client_for(org["unitlead"]).post(
        f"/desk/access-requests/{r.pk}/deny/", {"note": "Not this quarter"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="access_request.denied")
    assert entry.as_role == "unit_leader" and entry.after["note"] == "Not this quarter"


def test_director_decision_is_audited_as_director(org):
    r = org["requests"]["fin"]
    client_for(org["director"]).post(f"/desk/access-requests/{r.pk}/approve/")
    assert AuditEntry.objects.get(action="access_request.approved").as_role == "director"


def test_facilitator_cannot_decide_outside_their_space(org):
    r = org["requests"]["fin"]
    response = client_for(org["facilitator"]).post(f"/desk/access-requests/{r.pk}/approve/")
    assert response.status_code == 403
    r.refresh_from_db()
    assert r.status == "pending" and not AuditEntry.objects.exists()


def test_unit_leader_cannot_touch_another_units_space(org):
    r = org["requests"]["fin"]
    response = client_for(org["unitlead"]).post(
        f"/desk/access-requests/{r.pk}/approve/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    assert AccessRequest.objects.get(pk=r.pk).status == "pending"
    # Nor its settings or members.
    client = client_for(org["unitlead"])
    assert client.get("/s/fin-r/settings/").status_code == 403
    assert client.post(
        f"/s/fin-r/members/{org['leader'].pk}/role/", {"role": "member"}
    ).status_code in (403, 404)


def test_bad_decisions(org):
    r = org["requests"]["ops"]
    client = client_for(org["leader"])
    assert client.post(f"/desk/access-requests/{r.pk}/maybe/").status_code == 400
    assert (
        client.post(f"/desk/access-requests/{r.pk}/approve/", {"note": "x" * 501}).status_code
        == 400
    )
    assert client.post("/desk/access-requests/999999/approve/").status_code == 404
    assert client.get(f"/desk/access-requests/{r.pk}/approve/").status_code == 405
    assert AccessRequest.objects.get(pk=r.pk).status == "pending"
    client.post(f"/desk/access-requests/{r.pk}/approve/")
    assert client.post(f"/desk/access-requests/{r.pk}/deny/").status_code == 409


def test_request_in_a_private_space_is_not_found_for_outsiders(org):
    private = space_make(visibility="private", leader=org["leader"])
    r = AccessRequest.objects.create(space=private, user=person_make())
    response = client_for(org["outsider"]).post(f"/desk/access-requests/{r.pk}/approve/")
    assert response.status_code == 404


def test_desk_runs_constant_queries(org):
    client = client_for(org["director"])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/desk/access-requests/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for _ in range(6):
        access_request_make(
            space=space_make(visibility="restricted", leader=person_make()), user=person_make()
        )
    assert count() == few


def test_api_desk_lists_and_decides_in_scope(org):
    api = ApiClient(org["unitlead"])
    body = api.get("/desk/access-requests").json()
    assert [item["user"]["username"] for item in body["items"]] == ["asker1"]
    assert body["items"][0]["space"]["slug"] == "ops-r"
    fin = org["requests"]["fin"]
    refused = api.post(f"/desk/access-requests/{fin.pk}/approve", {})
    assert refused.status_code == 403 and "detail" in refused.json()
    bad = api.post(f"/desk/access-requests/{org['requests']['ops'].pk}/deny", {"note": "x" * 600})
    assert bad.status_code == 422
    ok = api.post(f"/desk/access-requests/{org['requests']['ops'].pk}/deny", {"note": "No"})
    assert ok.status_code == 200 and ok.json()["status"] == "denied"
    assert AuditEntry.objects.get(action="access_request.denied").via == "api"
    assert ApiClient(org["outsider"]).get("/desk/access-requests").status_code == 403
