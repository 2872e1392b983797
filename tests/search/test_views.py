"""The search page, the top bar's search box and the API: access, bad input, privacy,
safe snippets and a constant number of queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.conversations.services import conversation_remove
from hearth.search.services import search_index_space
from tests.conftest import ApiClient, actor_of, client_for
from tests.factories import (
    conversation_make,
    membership_make,
    person_make,
    reply_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def queries(call) -> tuple[object, int]:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = call()
    return response, len(captured)


@pytest.fixture
def heron():
    leader = person_make()
    open_space = space_make(leader=leader, slug="birds")
    restricted = space_make(visibility="restricted", leader=leader, slug="heron-team")
    private = space_make(
        visibility="private",
        leader=leader,
        slug="heron-board",
        name="Heron board",
        description="Heron oversight.",
    )
    search_index_space(private)
    public = conversation_make(
        space=open_space, author=leader, title="Heron sightings", body="Heron seen by the lake."
    )
    secret = conversation_make(
        space=restricted,
        author=leader,
        title="Heron budget",
        body="Heron costs <script>alert(1)</script> a lot.",
    )
    reply_make(conversation=secret, author=leader, body="Heron needs more.")
    return {
        "leader": leader,
        "public": public,
        "secret": secret,
        "restricted": restricted,
        "private": private,
    }


# -- The page --------------------------------------------------------------------------


def test_the_page_asks_anonymous_visitors_to_sign_in():
    response = Client().get("/search/?q=heron")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_every_page_has_a_labelled_search_box_in_the_top_bar():
    content = client_for(person_make()).get("/spaces/").content.decode()
    assert 'action="/search/"' in content and 'name="q"' in content
    assert '<label class="visually-hidden" for="topbar-q">Search Hearth</label>' in content


def test_without_a_query_the_page_invites_a_search():
    response = client_for(person_make()).get("/search/")
    assert response.status_code == 200
    assert b"You only ever find what you may read" in response.content


@pytest.mark.parametrize(
    "url, message",
    [
        ("/search/?q=" + "x" * 201, "at most 200 characters"),
        ("/search/?q=heron&kind=poll", "The kind is one of"),
        ("/search/?q=heron&date_from=soon", "YYYY-MM-DD"),
    ],
)
def test_bad_input_is_explained(url, message):
    response = client_for(person_make()).get(url)
    assert response.status_code == 400 and message in response.content.decode()


def test_an_outsider_sees_only_what_they_may_read(heron):
    content = client_for(person_make()).get("/search/?q=heron").content.decode()
    assert "1 result for" in content
    assert "<mark>Heron</mark> sightings" in content
    assert "budget" not in content and "Heron board" not in content
    assert "Heron needs more" not in content


def test_a_member_sees_more_with_marked_and_escaped_snippets(heron):
    member = person_make()
    membership_make(space=heron["restricted"], user=member)
    content = client_for(member).get("/search/?q=heron").content.decode()
    assert "3 results for" in content
    assert f'href="/c/{heron["secret"].pk}/"' in content
    assert "<mark>Heron</mark>" in content
    assert "<script>alert" not in content
    assert "Replies 1</a>" in content and "Discussions 2</a>" in content


def test_kind_pills_filter_and_keep_the_query(heron):
    content = client_for(heron["leader"]).get("/search/?q=heron&kind=reply").content.decode()
    assert "1 result for" in content and 'aria-current="true">Replies 1' in content
    assert "?q=heron&amp;kind=discussion" in content


def test_pages_past_the_end_show_the_last_page(heron):
    response = client_for(heron["leader"]).get("/search/?q=heron&page=9")
    assert response.status_code == 200 and "sightings" in response.content.decode()


def test_a_removed_conversation_leaves_the_page(heron):
    conversation_remove(actor=actor_of(heron["leader"]), conversation=heron["public"])
    content = client_for(person_make()).get("/search/?q=heron").content.decode()
    assert "sightings" not in content and "Nothing you can read matches" in content


def _fill(*, space, author, n: int) -> None:
    for i in range(n):
        conversation = conversation_make(
            space=space,
            author=author,
            title=f"Plover report {i}",
            body="Plover counts by region.",
            tags=["birds"],
        )
        reply_make(conversation=conversation, author=author, body="Plover numbers are up.")


def test_the_page_costs_the_same_queries_at_any_size():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    client = client_for(member)
    url = "/search/?q=plover&tag=birds"
    _fill(space=space, author=leader, n=3)
    small_response, small = queries(lambda: client.get(url))
    _fill(space=space, author=leader, n=30)
    large_response, large = queries(lambda: client.get(url))
    assert "6 results" in small_response.content.decode()
    assert "66 results" in large_response.content.decode()
    assert small == large, f"{small} queries with 6 results, {large} with 66"
    assert large <= 6  # session, user, roles, invitations, ranked page with counts, rows


# -- The API ---------------------------------------------------------------------------


def test_the_api_needs_a_token():
    response = Client().get("/api/v1/search", {"q": "heron"})
    assert response.status_code == 401 and "detail" in response.json()


@pytest.mark.parametrize(
    "params, field",
    [
        ({"q": ""}, "q"),
        ({}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "a", "kind": "poll"}, "kind"),
        ({"q": "a", "answered": "maybe"}, "answered"),
        ({"q": "a", "date_to": "x"}, "date_to"),
    ],
)
def test_the_api_refuses_bad_input_with_a_json_400(params, field):
    response = ApiClient(person_make()).get("/search", **params)
    assert response.status_code == 400
    assert response.json()["field"] == field and response.json()["detail"]


def test_the_api_refuses_bad_paging_as_malformed():
    response = ApiClient(person_make()).get("/search", q="heron", limit=0)
    assert response.status_code == 422 and response.json()["detail"]


def test_the_api_returns_items_and_a_count_of_what_the_caller_may_read(heron):
    outsider = ApiClient(person_make())
    body = outsider.get("/search", q="heron").json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["kind"] == "discussion" and item["id"] == heron["public"].pk
    assert item["url"] == f"/c/{heron['public'].pk}/" and item["space"] == "birds"
    assert item["title"] == "Heron sightings" and "<mark>" in item["snippet"]
    assert item["score"] > 0 and item["created_at"]
    assert outsider.get("/search", q="heron", space="heron-team").json() == {
        "items": [],
        "count": 0,
        "count_capped": False,
    }
    leader = ApiClient(heron["leader"])
    body = leader.get("/search", q="heron", limit=2, offset=0).json()
    assert body["count"] == 4 and len(body["items"]) == 2  # the private space's own row too
    rest = leader.get("/search", q="heron", limit=2, offset=2).json()["items"]
    kinds = {(i["kind"], i["id"]) for i in body["items"] + rest}
    assert ("space", heron["private"].pk) in kinds and len(kinds) == 4
    reply = leader.get("/search", q="heron", kind="reply").json()["items"][0]
    assert reply["url"] == f"/c/{heron['secret'].pk}/#reply-{reply['id']}"
    assert "<script" not in reply["snippet"]
    body = leader.get("/search", q="heron", kind="discussion", space="heron-team").json()
    assert "<script" not in body["items"][0]["snippet"]
    assert "<" not in body["items"][0]["snippet"].replace("<mark>", "").replace("</mark>", "")


def test_the_api_costs_the_same_queries_at_any_size():
    leader = person_make()
    space = space_make(leader=leader)
    api = ApiClient(leader)
    _fill(space=space, author=leader, n=3)
    api.get("/search", q="plover")  # the token's first use of the minute writes its time
    _, small = queries(lambda: api.get("/search", q="plover"))
    _fill(space=space, author=leader, n=30)
    response, large = queries(lambda: api.get("/search", q="plover"))
    assert response.json()["count"] == 66 and len(response.json()["items"]) == 20
    assert small == large


def test_beyond_the_cap_the_page_and_the_api_say_more(monkeypatch):
    from hearth.search import selectors

    monkeypatch.setattr(selectors, "CANDIDATES", 2)
    author = person_make()
    space = space_make(leader=author)
    for n in range(4):
        conversation_make(space=space, author=author, title=f"Egret {n}")
    page = client_for(author).get("/search/", {"q": "egret"}).content.decode()
    assert "2+ results for" in page and "Discussions 2+" in page
    body = ApiClient(author).get("/search", q="egret").json()
    assert body["count"] == 2 and body["count_capped"] is True and len(body["items"]) == 2


def test_what_was_typed_comes_back_escaped_in_the_form_and_the_counts(heron):
    attack = '"><script>alert(1)</script>'
    response = client_for(heron["leader"]).get(
        "/search/",
        {"q": f"heron {attack}", "tag": attack, "author": attack, "space": attack, "page": "2"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in content and '"><script' not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    # The chosen kind stays chosen in the form.
    response = client_for(heron["leader"]).get("/search/", {"q": "heron", "kind": "reply"})
    assert 'value="reply" selected' in response.content.decode()
