"""Permission pages: the platform's organisation roles and each business unit;
only platform admins change organisation roles (audited), refused on the server
for everyone else. And the nav's desk links."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.access.actor import Actor
from hearth.core.errors import Forbidden, Invalid
from hearth.core.models import AuditEntry
from hearth.desks.services import org_role_set
from tests.conftest import client_for
from tests.factories import business_unit_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    ops, fin = (
        business_unit_make(name="Operations", slug="ops"),
        business_unit_make(name="Finance", slug="fin"),
    )
    leader = person_make(username="lea", display_name="Lea Leader")
    space = space_make(slug="ops-s", name="Ops Space", business_unit=ops, leader=leader)
    secret = space_make(
        slug="ops-p", name="Ops Secret", visibility="private", business_unit=ops, leader=leader
    )
    return {
        "ops": ops,
        "fin": fin,
        "leader": leader,
        "space": space,
        "secret": secret,
        "admin": person_make(username="adm", org_role="admin"),
        "director": person_make(username="dir", org_role="director", display_name="Dora Director"),
        "unitlead": person_make(
            username="ul", org_role="unit_leader", business_unit=ops, display_name="Uli Unit"
        ),
        "employee": person_make(username="emp", business_unit=fin),
    }


def test_platform_page_shows_who_holds_what(org):
    for who in ("admin", "director", "unitlead"):
        response = client_for(org[who]).get("/org/")
        assert response.status_code == 200
        assert b"Dora Director" in response.content and b"Uli Unit" in response.content
    assert b"Change someone" in client_for(org["admin"]).get("/org/").content
    assert b"Change someone" not in client_for(org["director"]).get("/org/").content


def test_only_admins_change_org_roles(org, client):
    for who in ("director", "unitlead", "employee", "leader"):
        response = client_for(org[who]).post("/org/", {"username": "emp", "org_role": "director"})
        assert response.status_code == 403, who
    assert client.post("/org/", {"username": "emp", "org_role": "director"}).status_code == 302
    org["employee"].refresh_from_db()
    assert org["employee"].org_role == "employee"
    assert client_for(org["employee"]).get("/org/").status_code == 403
    response = client_for(org["admin"]).post(
        "/org/", {"username": "emp", "org_role": "unit_leader"}
    )
    assert response.status_code == 302
    org["employee"].refresh_from_db()
    assert org["employee"].org_role == "unit_leader"
    entry = AuditEntry.objects.get(action="person.org_role")
    assert entry.as_role == "platform_admin"
    assert entry.before["org_role"] == "employee" and entry.after["org_role"] == "unit_leader"


def test_org_role_bad_input(org):
    client = client_for(org["admin"])
    assert client.post("/org/", {"username": "nobody", "org_role": "director"}).status_code == 400
    assert client.post("/org/", {"username": "emp", "org_role": "king"}).status_code == 400
    assert client.post("/org/", {"username": "", "org_role": "director"}).status_code == 400
    no_unit = person_make(username="nounit")
    response = client.post("/org/", {"username": "nounit", "org_role": "unit_leader"})
    assert response.status_code == 400 and b"business unit" in response.content
    no_unit.refresh_from_db()
    assert no_unit.org_role == "employee"
    with pytest.raises(Invalid):  # the last platform admin stays one
        org_role_set(actor=Actor.for_user(org["admin"]), person=org["admin"], org_role="employee")
    with pytest.raises(Forbidden):
        org_role_set(
            actor=Actor.for_user(org["director"]), person=org["employee"], org_role="admin"
        )
    assert not AuditEntry.objects.filter(action="person.org_role").exists()


def test_unit_page_scopes(org):
    page = client_for(org["unitlead"]).get("/org/units/ops/")
    assert page.status_code == 200
    assert b"Uli Unit" in page.content and b"Ops Space" in page.content
    assert b"Ops Secret" in page.content  # administered: listed with its leaders
    assert b"Lea Leader" in page.content and b"/s/ops-s/members/" in page.content
    assert client_for(org["unitlead"]).get("/org/units/fin/").status_code == 403
    assert client_for(org["director"]).get("/org/units/fin/").status_code == 200
    assert client_for(org["employee"]).get("/org/units/fin/").status_code == 403
    assert client_for(org["admin"]).get("/org/units/nope/").status_code == 404


def test_admin_names_a_unit_leader_from_the_unit_page(org):
    response = client_for(org["admin"]).post(
        "/org/units/fin/", {"username": "lea", "org_role": "unit_leader"}
    )
    assert response.status_code == 302
    org["leader"].refresh_from_db()
    assert (org["leader"].org_role, org["leader"].business_unit) == ("unit_leader", org["fin"])
    assert (
        client_for(org["unitlead"])
        .post("/org/units/ops/", {"username": "emp", "org_role": "unit_leader"})
        .status_code
        == 403
    )


def test_permission_pages_constant_queries(org):
    client = client_for(org["director"])

    def count(url) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few_org, few_unit = count("/org/"), count("/org/units/ops/")
    for _ in range(4):
        space_make(business_unit=org["ops"], leader=person_make())
        person_make(org_role="unit_leader", business_unit=org["ops"])
    assert count("/org/") == few_org
    assert count("/org/units/ops/") == few_unit


def test_nav_shows_desks_to_those_who_have_them(org):
    assert b'href="/desk/access-requests/"' in client_for(org["leader"]).get("/spaces/").content
    assert b'href="/desk/access-requests/"' in client_for(org["director"]).get("/").content
    assert (
        b'href="/desk/access-requests/"' not in client_for(org["employee"]).get("/spaces/").content
    )
    facilitator = person_make()
    membership_make(space=org["space"], user=facilitator, role="facilitator")
    assert b'href="/desk/access-requests/"' in client_for(facilitator).get("/").content


def test_unit_leader_settings_keep_the_space_in_their_unit(org):
    client = client_for(org["unitlead"])
    response = client.post(
        "/s/ops-s/settings/",
        {"name": "Ops Space", "visibility": "open", "business_unit": org["fin"].pk},
    )
    assert response.status_code == 400
    org["space"].refresh_from_db()
    assert org["space"].business_unit == org["ops"]
    response = client.post(
        "/s/ops-s/settings/",
        {"name": "Ops Space 2", "visibility": "open", "business_unit": org["ops"].pk},
    )
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="space.update").as_role == "unit_leader"
