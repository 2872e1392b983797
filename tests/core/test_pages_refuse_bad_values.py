"""Pages given numbers no column holds, or text no column stores, in their address
answer a page (400, 404 or a clamped list), never a server error.

The walk takes every page the URL configuration names (outside the API, which has its
own walk in tests/api), with the ids of a space that has content of every kind, and
sends the parameters pages read as numbers (``page``, ``offset``, ``cursor``,
``campaign``, ``days``, ``from``, ``to``, ``month``) with values past 64 bits and
digits ``int`` refuses; then each page with a huge id in its address. (All the
parameters go in one request a value, so that the walk stays quick; the pages that
read more than ``page`` are also asked one parameter at a time below.)
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hearth.access.actor import Actor
from hearth.conversations.models import Conversation
from hearth.ideas.services import campaign_create
from hearth.search.services import search_index_conversation
from tests.factories import (
    conversation_make,
    document_make,
    event_make,
    idea_make,
    person_make,
    poll_make,
    reply_make,
    space_make,
    story_make,
)

pytestmark = pytest.mark.django_db

HUGE = str(2**64)
VALUES = (HUGE, "9" * 5000, "²")
NUMBER_PARAMS = ("page", "offset", "cursor", "campaign", "days", "from", "to", "month")
# Addresses that are not pages read in a browser: downloads and feeds are answered
# as files, sign-in flows need their own tokens.
SKIP = re.compile(r"^(api/|accounts/|calendar/|healthz|media/|static/)")


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


@pytest.fixture
def site():
    admin = person_make(org_role="platform_admin")
    member = person_make()
    space = space_make(leader=admin)
    question = conversation_make(
        space=space, author=admin, kind="question", title="Where is the handbook kept?"
    )
    reply = reply_make(conversation=question, author=member)
    document = document_make(space=space, owner=admin)
    campaign_create(
        actor=Actor.for_user(admin), space=space, question="What would make Mondays lighter?"
    )
    search_index_conversation(question)
    values = {
        "slug": space.slug,
        "username": member.username,
        "conversation_id": question.pk,
        "reply_id": reply.pk,
        "document_id": document.pk,
        "poll_id": poll_make(space=space, author=admin).pk,
        "idea_id": idea_make(space=space, author=admin).pk,
        "event_id": event_make(space=space, host=admin).pk,
        "story_id": story_make(space=space, author=admin).pk,
    }
    # Every failure is collected (raise_request_exception=False), not only the first.
    client = Client(raise_request_exception=False)
    client.force_login(admin)
    return client, values


def _pages(values, *, huge=None):
    """Every page's address, its parameters filled with the site's values (or, for
    ``huge``, each int parameter in turn set past 64 bits)."""
    for route in _patterns(get_resolver()):
        if SKIP.match(route):
            continue
        names = re.findall(r"<(?:(\w+):)?(\w+)>", route)
        if huge and not any(kind == "int" for kind, _ in names):
            continue
        path = route
        for kind, name in names:
            value = (
                HUGE if huge and kind == "int" else values.get(name, 1 if kind == "int" else "x")
            )
            path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path, count=1)
        yield "/" + path


def test_every_page_answers_numbers_past_any_column_without_a_server_error(site):
    client, values = site
    pages = list(_pages(values))
    assert len(pages) > 80
    failures = []
    for path in pages:
        for value in VALUES:
            response = client.get(path, dict.fromkeys(NUMBER_PARAMS, value))
            if response.status_code >= 500:
                failures.append(f"{path}?...={value[:24]}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_pages_that_read_a_number_answer_one_past_any_column_with_a_page(site):
    client, values = site
    slug = values["slug"]
    pages = [
        ("/", "cursor", {"order": "top"}),
        ("/", "cursor", {}),
        ("/search/", "page", {"q": "handbook"}),
        (f"/s/{slug}/ideas/", "campaign", {}),
        (f"/s/{slug}/gardening/", "days", {}),
        (f"/s/{slug}/plan/calendar/", "month", {}),
        (f"/d/{values['document_id']}/diff/", "from", {}),
        (f"/d/{values['document_id']}/diff/", "to", {}),
        (f"/c/{values['conversation_id']}/", "page", {}),
    ]
    for path, name, params in pages:
        for value in VALUES:
            response = client.get(path, {**params, name: value})
            assert response.status_code in (200, 400), f"{path}?{name}={value[:24]}"


def test_a_vote_for_an_option_past_any_column_is_refused_with_a_page(site):
    client, values = site
    for option in VALUES:
        response = client.post(f"/polls/{values['poll_id']}/vote/", {"option": option})
        assert response.status_code in (302, 400), option


def test_every_page_with_an_id_past_64_bits_is_not_found(site):
    client, values = site
    failures = []
    for path in _pages(values, huge=True):
        response = client.get(path)
        if response.status_code >= 500:
            failures.append(f"{path}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_a_list_page_far_past_its_end_shows_its_last_page(site):
    client, values = site
    for path in (
        "/people/",
        "/spaces/",
        "/stories/",
        "/audit/",
        "/notifications/",
        f"/s/{values['slug']}/conversations/",
        "/search/?q=handbook&x=1",
    ):
        response = client.get(path, {"page": HUGE})
        assert response.status_code == 200, path


def test_an_address_with_a_nul_character_is_refused_with_a_page(site):
    client, values = site
    for path in (
        "/people/?q=a%00b",
        "/search/?q=hand%00book",
        "/people/a%00b/",
        f"/s/{values['slug']}/conversations/?tag=a%00b",
    ):
        response = client.get(path)
        assert response.status_code == 400, path
        assert b"NUL" in response.content, path


def test_a_form_with_the_bytes_of_a_lone_surrogate_saves_readable_text(site):
    client, values = site
    # A lone surrogate cannot be written in UTF-8; a client that writes it anyway
    # sends these bytes (ED A0 80). Forms decode each as a replacement character.
    response = client.post(
        f"/s/{values['slug']}/conversations/new/",
        b"kind=discussion&title=Lunch+%ED%A0%80+plans&body=Who+comes%3F",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 302)
    conversation = Conversation.objects.get(title__startswith="Lunch")
    assert conversation.title == "Lunch \ufffd\ufffd\ufffd plans"
