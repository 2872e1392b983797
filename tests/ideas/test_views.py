"""Ideas pages: access by role and space kind, voting in place, status form, queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.ideas import services
from hearth.ideas.models import Idea, IdeaVote
from tests.conftest import actor_of, client_for
from tests.factories import idea_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


def queries(client, url) -> tuple[int, int]:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured)


@pytest.mark.parametrize(
    ("visibility", "outsider_status"), [("open", 200), ("restricted", 403), ("private", 404)]
)
def test_idea_pages_by_role(visibility, outsider_status):
    leader, member = person_make(), person_make()
    space = space_make(visibility=visibility, leader=leader)
    membership_make(space=space, user=member)
    idea = idea_make(space=space, author=member, title="Shared taxis from the airport")
    for url in (f"/ideas/{idea.pk}/", f"/s/{space.slug}/ideas/"):
        assert Client().get(url).status_code == 302
        response = client_for(person_make()).get(url)
        assert response.status_code == outsider_status
        if outsider_status != 200:
            assert b"Shared taxis" not in response.content
        for person in (member, leader):
            response = client_for(person).get(url)
            assert response.status_code == 200 and b"Shared taxis" in response.content
    detail = client_for(leader).get(f"/ideas/{idea.pk}/").content
    assert b"Change the status" in detail
    assert b"Change the status" not in client_for(member).get(f"/ideas/{idea.pk}/").content
    assert client_for(member).get(f"/s/{space.slug}/ideas/campaigns/new/").status_code == 403


def test_vote_in_place_and_undo():
    leader = person_make()
    idea = idea_make(space=space_make(leader=leader), author=leader)
    client = client_for(leader)
    response = client.post(f"/ideas/{idea.pk}/vote/", {"vote": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and b"Voted" in response.content
    response = client.post(f"/ideas/{idea.pk}/vote/", {"vote": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 409 and IdeaVote.objects.count() == 1
    response = client.post(f"/ideas/{idea.pk}/vote/", {"vote": "0"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and not IdeaVote.objects.exists()


def test_submit_comment_and_status_from_the_pages():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    client = client_for(member)
    assert client.post(f"/s/{space.slug}/ideas/new/", {"title": "Hm"}).status_code == 400
    response = client.post(
        f"/s/{space.slug}/ideas/new/", {"title": "Video calls before flights", "body": "Try it"}
    )
    idea = Idea.objects.get()
    assert response.status_code == 302
    client.post(f"/ideas/{idea.pk}/comments/", {"body": "I would use it"})
    assert (
        client.post(
            f"/ideas/{idea.pk}/status/", {"status": "accepted", "reason": "Because I say so"}
        ).status_code
        == 403
    )
    client_for(leader).post(f"/ideas/{idea.pk}/status/", {"status": "accepted", "reason": ""})
    idea.refresh_from_db()
    assert idea.status == "new" and idea.comment_count == 1
    client_for(leader).post(
        f"/ideas/{idea.pk}/status/", {"status": "accepted", "reason": "Budget found for Q3."}
    )
    idea.refresh_from_db()
    assert idea.status == "accepted"
    assert b"Budget found for Q3." in client.get(f"/ideas/{idea.pk}/").content


def test_campaign_from_the_page_and_bad_input():
    leader = person_make()
    space = space_make(leader=leader)
    client = client_for(leader)
    url = f"/s/{space.slug}/ideas/campaigns/new/"
    assert client.post(url, {"question": "Hm"}).status_code == 400
    response = client.post(url, {"question": "How could we cut travel costs?"})
    assert response.status_code == 302
    board = client.get(f"/s/{space.slug}/ideas/").content
    assert b"How could we cut travel costs?" in board


def test_idea_pages_run_a_constant_number_of_queries():
    leader = person_make()
    space = space_make(leader=leader)
    idea = idea_make(space=space, author=leader)
    client = client_for(leader)
    urls = [f"/ideas/{idea.pk}/", f"/s/{space.slug}/ideas/", f"/s/{space.slug}/ideas/?sort=newest"]
    small = [queries(client, url) for url in urls]
    for _ in range(4):
        person = person_make()
        membership_make(space=space, user=person)
        services.idea_vote(actor=actor_of(person), idea=idea)
        services.idea_comment(actor=actor_of(person), idea=idea, body="Good one")
        other = idea_make(space=space, author=person)
        services.idea_vote(actor=actor_of(leader), idea=other)
    services.idea_status_set(
        actor=actor_of(leader), idea=idea, status="under_review", reason="Looking into it"
    )
    big = [queries(client, url) for url in urls]
    assert small == big and all(status == 200 for status, _ in big)


def test_the_board_opens_on_the_running_campaign_and_can_show_every_idea():
    from hearth.ideas.services import campaign_create

    leader = person_make()
    space = space_make(leader=leader)
    idea_make(space=space, author=leader, title="An idea before any campaign")
    campaign = campaign_create(
        actor=actor_of(leader), space=space, question="How could we cut travel costs?"
    )
    idea_make(space=space, author=leader, title="Trains under four hours", campaign=campaign)
    client = client_for(leader)
    board = client.get(f"/s/{space.slug}/ideas/").content
    assert b"Trains under four hours" in board and b"before any campaign" not in board
    every = client.get(f"/s/{space.slug}/ideas/?campaign=all&sort=newest").content
    assert b"Trains under four hours" in every and b"before any campaign" in every
