"""Poll pages: access by role and space kind, voting in place, constant queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.polls import services
from hearth.polls.models import Ballot, Poll
from tests.conftest import actor_of, client_for
from tests.factories import membership_make, person_make, poll_make, space_make

pytestmark = pytest.mark.django_db


def queries(client, url) -> tuple[int, int]:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured)


@pytest.mark.parametrize(
    ("visibility", "outsider_status"), [("open", 200), ("restricted", 403), ("private", 404)]
)
def test_poll_pages_by_role(visibility, outsider_status):
    leader, member = person_make(), person_make()
    space = space_make(visibility=visibility, leader=leader)
    membership_make(space=space, user=member)
    poll = poll_make(space=space, author=leader, question="Secret lunch plans?")
    urls = [f"/polls/{poll.pk}/", f"/s/{space.slug}/polls/"]
    anonymous = Client()
    for url in urls:
        assert anonymous.get(url).status_code == 302
        response = client_for(person_make()).get(url)
        assert response.status_code == outsider_status
        if outsider_status != 200:
            assert b"Secret lunch" not in response.content
        for person in (member, leader):
            response = client_for(person).get(url)
            assert response.status_code == 200 and b"Secret lunch" in response.content
    assert client_for(member).get(f"/s/{space.slug}/polls/new/").status_code == 200
    assert client_for(person_make()).get(f"/s/{space.slug}/polls/new/").status_code in (403, 404)


def test_voting_in_place_with_htmx_and_refusals_show_a_message():
    leader = person_make()
    space = space_make(leader=leader)
    poll = poll_make(space=space, author=leader)
    client = client_for(leader)
    first = poll.options.first()
    response = client.post(
        f"/polls/{poll.pk}/vote/", {"option": first.pk}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert b"Change my vote" in response.content and b"1 voter" in response.content
    response = client.post(
        f"/polls/{poll.pk}/vote/", {"option": "999999"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400 and b"this poll&#x27;s options" in response.content
    assert Ballot.objects.get().choices.get().option == first
    outsider = client_for(person_make())
    assert outsider.post(f"/polls/{poll.pk}/vote/", {"option": first.pk}).status_code == 403


def test_creating_a_poll_from_the_page_and_bad_input():
    leader = person_make()
    space = space_make(leader=leader)
    client = client_for(leader)
    url = f"/s/{space.slug}/polls/new/"
    assert client.post(url, {"question": "Which day?", "options": "Only one"}).status_code == 400
    assert client.post(url, {"question": "", "options": "A\nB"}).status_code == 400
    assert not Poll.objects.exists()
    response = client.post(
        url, {"question": "Which day?", "options": "Mon\nTue\n\n", "anonymous": "on"}
    )
    poll = Poll.objects.get()
    assert response.status_code == 302 and poll.anonymous
    assert list(poll.options.values_list("label", flat=True)) == ["Mon", "Tue"]


def test_anonymous_poll_page_shows_counts_but_no_names():
    leader, member = person_make(), person_make(display_name="Zoé Quietvoter")
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    poll = poll_make(space=space, author=leader, anonymous=True)
    services.poll_vote(actor=actor_of(member), poll=poll, option_ids=[poll.options.first().pk])
    page = client_for(leader).get(f"/polls/{poll.pk}/").content
    assert b"1 voter" in page and "Zoé Quietvoter".encode() not in page
    open_poll = poll_make(space=space, author=leader)
    services.poll_vote(
        actor=actor_of(member), poll=open_poll, option_ids=[open_poll.options.first().pk]
    )
    assert "Zoé Quietvoter".encode() in client_for(leader).get(f"/polls/{open_poll.pk}/").content


def test_poll_pages_run_a_constant_number_of_queries():
    leader = person_make()
    space = space_make(leader=leader)
    poll = poll_make(space=space, author=leader)
    client = client_for(leader)
    small = [queries(client, f"/polls/{poll.pk}/"), queries(client, f"/s/{space.slug}/polls/")]
    for _ in range(5):
        voter = person_make()
        membership_make(space=space, user=voter)
        services.poll_vote(actor=actor_of(voter), poll=poll, option_ids=[poll.options.last().pk])
        poll_make(space=space, author=voter)
    big = [queries(client, f"/polls/{poll.pk}/"), queries(client, f"/s/{space.slug}/polls/")]
    assert small == big
    assert all(status == 200 for status, _ in big)


def test_a_poll_asked_in_a_conversation_shows_on_its_page():
    from tests.factories import conversation_make

    leader = person_make()
    space = space_make(leader=leader)
    conversation = conversation_make(space=space, author=leader)
    client = client_for(leader)
    page = client.get(f"/c/{conversation.pk}/").content
    assert f"?conversation={conversation.pk}".encode() in page
    response = client.post(
        f"/s/{space.slug}/polls/new/?conversation={conversation.pk}",
        {
            "question": "Shall we meet on site?",
            "options": "Yes\nNo",
            "conversation": conversation.pk,
        },
    )
    assert response.status_code == 302
    assert Poll.objects.get().conversation == conversation
    assert b"Shall we meet on site?" in client.get(f"/c/{conversation.pk}/").content
