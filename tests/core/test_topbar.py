"""The top bar of every page: its links for each person, the current section, the
search box and signing out."""

import re

import pytest
from django.test import Client

from tests.conftest import client_for
from tests.factories import person_make, space_make

pytestmark = pytest.mark.django_db

TOPBAR = re.compile(r'<header class="topbar">.*?</header>', re.S)


def _topbar(client, path="/spaces/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    found = TOPBAR.search(response.content.decode())
    assert found, f"no top bar on {path}"
    return found.group(0)


def test_a_member_sees_the_sections_and_the_current_one_marked():
    person = person_make(display_name="Ada <Lovelace>")
    bar = _topbar(client_for(person), "/spaces/")
    assert '<a href="/spaces/" aria-current="page">Spaces</a>' in bar
    assert '<a href="/">Home</a>' in bar and '<a href="/people/">People</a>' in bar
    assert bar.count("aria-current") == 1
    # Their name is text, and the links for leaders and admins are not there.
    assert "Ada &lt;Lovelace&gt;" in bar and "<Lovelace>" not in bar
    assert ">Desks<" not in bar and ">Review<" not in bar and ">Audit<" not in bar
    assert f'href="/people/{person.username}/"' in bar


def test_the_home_page_marks_home_and_the_gallery_marks_stories():
    client = client_for(person_make())
    assert '<a href="/" aria-current="page">Home</a>' in _topbar(client, "/")
    assert 'aria-current="page">Stories</a>' in _topbar(client, "/stories/")


def test_leaders_get_their_desks_and_platform_admins_the_review_queue():
    leader, admin = person_make(), person_make(org_role="admin")
    space_make(leader=leader)
    assert ">Desks</a>" in _topbar(client_for(leader))
    bar = _topbar(client_for(admin))
    assert ">Review</a>" in bar and ">Desks</a>" in bar
    assert 'aria-current="page">Review</a>' in _topbar(client_for(admin), "/moderation/")


def test_the_search_box_keeps_the_query_on_the_search_page_only_and_as_text():
    client = client_for(person_make())
    bar = _topbar(client, '/search/?q="><script>alert(1)</script>')
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in bar
    assert "<script>" not in bar
    assert 'name="q" maxlength="200" placeholder="Search Hearth" value=""' in _topbar(
        client, "/people/?q=ada"
    )


def test_the_bell_shows_the_unread_count():
    person = person_make()
    person.unread_notifications = 3
    person.save(update_fields=["unread_notifications"])
    bar = _topbar(client_for(person))
    assert 'aria-label="Notifications, 3 unread"' in bar and '<span class="badge">3</span>' in bar


def test_signing_out_from_the_top_bar_carries_the_csrf_token():
    person = person_make()
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    bar = _topbar(client)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', bar).group(1)
    assert client.post("/accounts/logout/").status_code == 403  # without it: refused
    assert client.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get("/spaces/").status_code == 302  # signed out: to the sign-in page


def test_no_top_bar_before_signing_in():
    response = Client().get("/accounts/login/")
    assert response.status_code == 200 and not TOPBAR.search(response.content.decode())
