"""Space pages as anonymous, outsider, member and leader; bad input; query counts."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.core.models import AuditEntry
from hearth.spaces.models import AccessRequest, Membership, Space
from tests.conftest import client_for
from tests.factories import (
    access_request_make,
    business_unit_make,
    membership_make,
    person_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> tuple[int, int]:
    """Queries of an uncached request: the worst case."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


@pytest.mark.parametrize("url", ["/", "/spaces/", "/spaces/new/", "/people/", "/s/any/"])
def test_every_page_asks_anonymous_visitors_to_sign_in(url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_outsider_gets_404_for_every_page_of_a_private_space():
    space = space_make(visibility="private", leader=person_make(), name="Project Falcon")
    client = client_for(person_make())
    for suffix in ("", "members/", "requests/", "settings/", "request-access/"):
        response = client.get(f"/s/{space.slug}/{suffix}")
        assert response.status_code == 404, suffix
        assert b"Project Falcon" not in response.content
    assert client.post(f"/s/{space.slug}/join/").status_code == 404
    assert b"Project Falcon" not in client.get("/spaces/").content


def test_outsider_gets_403_with_request_access_in_a_restricted_space():
    leader = person_make(display_name="Leila Leader")
    space = space_make(visibility="restricted", leader=leader, name="Finance Circle")
    client = client_for(person_make())
    home = client.get(f"/s/{space.slug}/")
    assert home.status_code == 200  # the name, description and a request form
    assert b"Request access" in home.content and b"Leila Leader" not in home.content
    members = client.get(f"/s/{space.slug}/members/")
    assert members.status_code == 403
    assert b"Request access" in members.content and b"Leila Leader" not in members.content
    assert client.get(f"/s/{space.slug}/requests/").status_code == 403


def test_request_access_then_approve_through_pages():
    leader, person = person_make(), person_make()
    space = space_make(visibility="restricted", leader=leader)
    response = client_for(person).post(
        f"/s/{space.slug}/request-access/", {"message": "I work on budgets."}
    )
    assert response.status_code == 302
    request = AccessRequest.objects.get(space=space, user=person)
    leader_client = client_for(leader)
    page = leader_client.get(f"/s/{space.slug}/requests/")
    assert b"I work on budgets." in page.content
    response = leader_client.post(
        f"/s/{space.slug}/requests/{request.pk}/approve/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and b"approved" in response.content
    assert Membership.objects.filter(space=space, user=person).exists()
    assert client_for(person).get(f"/s/{space.slug}/members/").status_code == 200


def test_request_access_with_an_over_long_message_is_refused():
    space = space_make(visibility="restricted", leader=person_make())
    person = person_make()
    response = client_for(person).post(f"/s/{space.slug}/request-access/", {"message": "x" * 1001})
    assert response.status_code == 400
    assert b"at most 1000 characters" in response.content or b"1,000" in response.content
    assert not AccessRequest.objects.exists()


def test_decision_must_be_approve_or_deny():
    leader = person_make()
    space = space_make(visibility="restricted", leader=leader)
    request = access_request_make(space=space, user=person_make())
    response = client_for(leader).post(f"/s/{space.slug}/requests/{request.pk}/maybe/")
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == "pending"


def test_member_cannot_approve_through_the_page():
    leader, member = person_make(), person_make()
    space = space_make(visibility="restricted", leader=leader)
    membership_make(space=space, user=member)
    request = access_request_make(space=space, user=person_make())
    response = client_for(member).post(f"/s/{space.slug}/requests/{request.pk}/approve/")
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == "pending"


def test_create_space_page_with_bad_and_taken_input():
    person = person_make()
    client = client_for(person)
    space_make(slug="taken")
    response = client.post("/spaces/new/", {"name": "", "visibility": "open"})
    assert response.status_code == 400 and b"This field is required" in response.content
    response = client.post("/spaces/new/", {"name": "Mine", "slug": "taken", "visibility": "open"})
    assert response.status_code == 400 and b"already taken" in response.content
    response = client.post("/spaces/new/", {"name": "Mine", "visibility": "galactic"})
    assert response.status_code == 400
    assert Space.objects.count() == 1
    unit = business_unit_make()
    response = client.post(
        "/spaces/new/",
        {"name": "Plant Safety", "visibility": "restricted", "business_unit": unit.pk},
    )
    assert response.status_code == 302
    assert Space.objects.get(slug="plant-safety").business_unit == unit


def test_role_change_in_place_and_its_refusals():
    leader, person = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=person)
    client = client_for(leader)
    url = f"/s/{space.slug}/members/{person.pk}/role/"
    response = client.post(url, {"role": "champion"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"is now champion" in response.content
    response = client.post(url, {"role": "king"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and response["HX-Retarget"] == "#htmx-alerts"
    assert Membership.objects.get(space=space, user=person).role == "champion"
    assert client_for(person).post(url, {"role": "leader"}).status_code == 403
    assert AuditEntry.objects.filter(action="membership.role_change").count() == 1


def test_state_changing_pages_require_csrf():
    space = space_make()
    client = Client(enforce_csrf_checks=True)
    client.force_login(person_make())
    assert client.post(f"/s/{space.slug}/join/").status_code == 403
    assert not Membership.objects.filter(space=space).exists()


def test_invite_unknown_username_says_so():
    leader = person_make()
    space = space_make(leader=leader)
    response = client_for(leader).post(
        f"/s/{space.slug}/members/invite/", {"username": "ghost", "role": "member"}, follow=True
    )
    assert b"No one has that username" in response.content


def _grow(n_spaces: int, viewer):
    unit = business_unit_make()
    for i in range(n_spaces):
        leader = person_make()
        space = space_make(
            visibility=("open", "restricted", "private")[i % 3], leader=leader, business_unit=unit
        )
        membership_make(space=space, user=viewer, role="member")
        for _ in range(2):
            membership_make(space=space, user=person_make())
    return space


def test_space_directory_home_and_people_run_constant_queries():
    viewer = person_make()
    client = client_for(viewer)
    counts = []
    for n in (3, 15):
        space = _grow(n, viewer)
        counts.append(
            [
                count_queries(client, url)
                for url in (
                    "/spaces/",
                    f"/s/{space.slug}/",
                    "/people/",
                    "/",
                    f"/s/{space.slug}/members/",
                )
            ]
        )
    small, large = counts
    assert all(status == 200 for status, _ in small + large)
    assert [q for _, q in small] == [q for _, q in large]
    # The budget: a page is a handful of indexed queries, whatever the data size.
    assert max(q for _, q in large) <= 12
