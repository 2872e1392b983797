"""The audit log: append-only in code and in the database, read in scope on a
page, as CSV and through the API; no path edits it."""

import csv
import io

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from hearth.access.actor import Actor
from hearth.core.audit import audit_record
from hearth.core.models import AuditEntry, AuditLogIsAppendOnly
from hearth.spaces import services as space_services
from tests.conftest import ApiClient, client_for
from tests.factories import (
    business_unit_make,
    conversation_make,
    membership_make,
    person_make,
    space_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    ops, fin = (
        business_unit_make(name="Operations", slug="ops"),
        business_unit_make(name="Finance", slug="fin"),
    )
    leader = person_make(username="lea")
    admin = person_make(username="adm", org_role="admin")
    ops_space = space_make(slug="ops-s", business_unit=ops, leader=leader)
    fin_space = space_make(slug="fin-s", business_unit=fin, leader=person_make())
    private_fin = space_make(
        slug="fin-p",
        visibility="private",
        business_unit=fin,
        leader=person_make(username="secretkeeper"),
    )
    member = person_make(username="mem")
    membership_make(space=ops_space, user=member)
    membership_make(space=fin_space, user=member)
    space_services.member_change_role(
        actor=Actor.for_user(leader), space=ops_space, user_id=member.pk, role="champion"
    )
    space_services.member_change_role(
        actor=Actor.for_user(admin), space=fin_space, user_id=member.pk, role="facilitator"
    )
    secret = conversation_make(
        space=private_fin,
        author=person_make(),
        title="Marker-Secret-Title",
        body="Marker-Secret-Body",
    )
    from hearth.conversations.services import conversation_edit

    keeper = private_fin.memberships.get(role="leader").user
    conversation_edit(
        actor=Actor.for_user(keeper),
        conversation=secret,
        title="Marker-Secret-Title",
        body="Marker-Secret-Edited",
    )
    return {
        "ops": ops,
        "fin": fin,
        "leader": leader,
        "admin": admin,
        "member": member,
        "ops_space": ops_space,
        "fin_space": fin_space,
        "private_fin": private_fin,
        "director": person_make(username="dir", org_role="director"),
        "unitlead": person_make(username="ul", org_role="unit_leader", business_unit=ops),
        "outsider": person_make(username="out"),
    }


def test_model_refuses_changes_and_deletion(org):
    entry = AuditEntry.objects.first()
    entry.action = "forged"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.bulk_update([entry], ["action"])
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.update_or_create(pk=entry.pk, defaults={"action": "forged"})
    assert AuditEntry.objects.filter(action="forged").count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_database_refuses_update_and_delete(org):
    entry = AuditEntry.objects.first()
    for sql in (
        f"UPDATE core_auditentry SET action = 'forged' WHERE id = {entry.pk}",
        f"UPDATE core_auditentry SET after = '{{}}' WHERE id = {entry.pk}",
        f"UPDATE core_auditentry SET actor_id = {org['outsider'].pk} WHERE id = {entry.pk}",
        f"DELETE FROM core_auditentry WHERE id = {entry.pk}",
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    entry_again = AuditEntry.objects.get(pk=entry.pk)
    assert entry_again.action == entry.action


def test_deleting_an_account_keeps_its_entries(org):
    count = AuditEntry.objects.count()
    actor = person_make(org_role="admin")
    audit_record(actor=actor, action="test.kept", target=org["ops_space"])
    actor.delete()
    kept = AuditEntry.objects.get(action="test.kept")
    assert kept.actor is None and AuditEntry.objects.count() == count + 1


def _actions(user, query: str = "") -> list[str]:
    response = client_for(user).get(f"/audit/{query}")
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


def test_scopes_on_the_page(org):
    everything = _actions(org["director"])
    assert "ops-s" in everything and "fin-s" in everything
    assert "as platform admin" in everything
    assert "ops-s" in _actions(org["admin"])
    unit_view = _actions(org["unitlead"])
    assert "/s/ops-s/" in unit_view and "/s/fin-s/" not in unit_view
    leader_view = _actions(org["leader"])
    assert "/s/ops-s/" in leader_view and "/s/fin-s/" not in leader_view


def test_content_of_members_only_spaces_is_redacted_for_non_members(org):
    page = _actions(org["director"], "?space=fin-p")
    assert "conversation.edit" in page
    assert "Marker-Secret" not in page and "content of a members-only space" in page
    keeper = org["private_fin"].memberships.get(role="leader").user
    assert "Marker-Secret-Body" in _actions(keeper, "?space=fin-p")


def test_no_audit_for_ordinary_members(org, client):
    assert client_for(org["member"]).get("/audit/").status_code == 403
    assert client_for(org["outsider"]).get("/audit/export.csv").status_code == 403
    assert ApiClient(org["outsider"]).get("/audit").status_code == 403
    assert client.get("/audit/").status_code == 302


def test_filters(org):
    page = _actions(org["director"], "?action=membership.role_change&as_role=platform_admin")
    assert "fin-s" in page and "/s/ops-s/" not in page
    assert "/s/ops-s/" in _actions(org["director"], "?actor=lea")
    assert "/s/fin-s/" not in _actions(org["director"], "?unit=ops")
    assert "No entry matches" in _actions(org["director"], "?since=2999-01-01")


@pytest.mark.parametrize(
    "query",
    [
        "since=yesterday",
        "until=2026-13-45",
        "as_role=king",
        "since=2026-02-02&until=2026-01-01",
        "q=" + "x" * 101,
        "actor=%00bad",
    ],
)
def test_garbage_filters_are_refused_everywhere(org, query):
    client = client_for(org["director"])
    page = client.get(f"/audit/?{query}")
    assert page.status_code == 400 and b'role="alert"' in page.content
    assert client.get(f"/audit/export.csv?{query}").status_code == 400
    response = ApiClient(org["director"]).client.get(
        f"/api/v1/audit?{query}", headers=ApiClient(org["director"]).headers
    )
    assert response.status_code == 400 and "detail" in response.json()


def test_csv_export_streams_the_filtered_scope(org):
    response = client_for(org["unitlead"]).get("/audit/export.csv")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows and {r["space"] for r in rows} == {"ops-s"}
    assert rows[0]["actor"] == "lea" and "champion" in rows[0]["after"]
    director_rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(
                    client_for(org["director"])
                    .get("/audit/export.csv?space=fin-p")
                    .streaming_content
                ).decode()
            )
        )
    )
    assert director_rows and all("Marker-Secret" not in str(r) for r in director_rows)


def test_csv_cells_cannot_start_a_formula(org):
    audit_record(
        actor=org["admin"],
        action="space.update",
        target=org["ops_space"],
        space=org["ops_space"],
        after={"name": "x"},
        before={},
    )
    from hearth.audit.views import _csv_value

    assert _csv_value("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _csv_value("plain") == "plain"


def test_page_and_export_run_constant_queries(org):
    client = client_for(org["director"])

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        return len(ctx.captured_queries)

    few_page, few_csv = count("/audit/"), count("/audit/export.csv")
    for _ in range(8):
        audit_record(
            actor=org["admin"],
            action="space.update",
            target=org["ops_space"],
            space=org["ops_space"],
            after={"name": "x"},
        )
    assert count("/audit/") == few_page
    assert count("/audit/export.csv") == few_csv


def test_api_lists_in_scope_with_pagination(org):
    body = ApiClient(org["unitlead"]).get("/audit", limit=1).json()
    assert body["count"] >= 1 and len(body["items"]) == 1
    assert {i["space"] for i in ApiClient(org["unitlead"]).get("/audit").json()["items"]} == {
        "ops-s"
    }
    items = ApiClient(org["director"]).get("/audit", space="fin-p").json()["items"]
    assert items and "Marker-Secret" not in str(items)
    assert ApiClient(org["director"]).get("/audit", limit=0).status_code == 422


def test_no_path_writes_the_log(org):
    count = AuditEntry.objects.count()
    entry = AuditEntry.objects.first()
    api = ApiClient(org["admin"])
    for method in ("post", "put", "patch", "delete"):
        response = getattr(api.client, method)(f"/api/v1/audit/{entry.pk}", headers=api.headers)
        assert response.status_code in (404, 405)
        response = getattr(api.client, method)("/api/v1/audit", headers=api.headers)
        assert response.status_code in (404, 405)
    client = client_for(org["admin"])
    assert client.post("/audit/", {"action": "forged"}).status_code == 405
    assert client.post("/audit/export.csv").status_code == 405
    assert AuditEntry.objects.count() == count


def test_openapi_document_lists_the_desks_and_the_audit_log(org):
    document = client_for(org["outsider"]).get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/audit",
        "/api/v1/desk/access-requests",
        "/api/v1/desk/access-requests/{request_id}/approve",
        "/api/v1/desk/unanswered",
    ):
        assert path in document["paths"], path
    assert set(document["paths"]["/api/v1/audit"]) == {"get"}


def test_stories_events_and_featured_items_of_a_private_space_are_redacted(org):
    """Every entry about what members wrote is redacted for a reader outside the
    space, not only conversations; and a search of labels does not find them."""
    from hearth.events.services import event_update
    from hearth.stories.services import StoryFields, story_update
    from hearth.structure.services import featured_add
    from tests.factories import event_make, story_make

    private, keeper = org["private_fin"], org["private_fin"].memberships.get(role="leader").user
    writer = person_make()
    story = story_make(space=private, author=writer, title="Marker-Story-Title")
    story_update(
        actor=Actor.for_user(keeper),
        story=story,
        fields=StoryFields(
            title="Marker-Story-Title", body="Marker-Story-Body", outcome_kind="quality"
        ),
    )
    event = event_make(space=private, host=writer, title="Marker-Event-Title")
    start = event.starts_at.replace(tzinfo=None)
    event_update(
        actor=Actor.for_user(keeper),
        event=event,
        title="Marker-Event-Renamed",
        starts_at=start,
        ends_at=start + (event.ends_at - event.starts_at),
        timezone_name="UTC",
        place="Marker-Event-Room",
    )
    featured_add(actor=Actor.for_user(keeper), space=private, kind="story", item_id=story.pk)
    assert (
        AuditEntry.objects.filter(action__in=["story.edit", "event.update", "featured.add"]).count()
        == 3
    )
    director = org["director"]
    page = _actions(director, "?space=fin-p")
    export = b"".join(client_for(director).get("/audit/export.csv").streaming_content).decode()
    api = ApiClient(director).get("/audit", space="fin-p").content.decode()
    for seen in (page, export, api):
        assert "Marker-Story" not in seen and "Marker-Event" not in seen
    assert "No entry matches" in _actions(director, "?q=Marker-Story")
    # Those who may read the space see it all.
    assert "Marker-Event-Room" in _actions(keeper, "?space=fin-p")
