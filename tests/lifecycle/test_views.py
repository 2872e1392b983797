"""The lifecycle and rules pages as anonymous, outsider, member and leader, with
a constant number of queries whatever the data size."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.access.actor import Actor
from hearth.lifecycle.models import PilotFeedback
from hearth.lifecycle.services import charter_update
from hearth.rules.services import rules_propose, rules_vote
from tests.conftest import client_for
from tests.factories import (
    conversation_make,
    membership_make,
    person_make,
    reply_make,
    rules_make,
    space_in_state_make,
    space_make,
)

pytestmark = pytest.mark.django_db

PAGES = ["lifecycle", "pilot", "charter", "charter/edit", "playbook", "rules"]
TARGETS = [
    {"metric": key, "target": 1}
    for key in (
        "monthly_active_members",
        "answered_within_24h",
        "median_first_response_hours",
        "new_members_per_month",
        "conversations_per_month",
        "accepted_answer_share",
    )
]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_asked_to_sign_in(page):
    space = space_make()
    response = Client().get(f"/s/{space.slug}/{page}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Who gets what: (page, outsider of an open live space, member, leader).
ACCESS = [
    ("lifecycle", 403, 403, 200),
    ("charter", 200, 200, 200),
    ("charter/edit", 403, 403, 200),
    ("playbook", 403, 403, 200),
    ("rules", 200, 200, 200),
]


@pytest.mark.parametrize("page,outsider,member,leader", ACCESS)
def test_pages_by_role_in_a_live_open_space(page, outsider, member, leader):
    lead, mem = person_make(), person_make()
    space = space_make(leader=lead)
    membership_make(space=space, user=mem)
    for person, expected in ((person_make(), outsider), (mem, member), (lead, leader)):
        assert client_for(person).get(f"/s/{space.slug}/{page}/").status_code == expected


@pytest.mark.parametrize("page", PAGES)
def test_every_page_of_a_draft_space_is_404_to_non_leaders(page):
    lead, mem = person_make(), person_make()
    space = space_in_state_make(state="draft", leader=lead)
    membership_make(space=space, user=mem, role="facilitator")
    for person in (person_make(), mem):
        assert client_for(person).get(f"/s/{space.slug}/{page}/").status_code == 404


def test_pilot_page_by_role():
    lead, champion, mem = person_make(), person_make(), person_make()
    space = space_in_state_make(state="pilot", leader=lead)
    membership_make(space=space, user=champion, role="champion")
    membership_make(space=space, user=mem)
    assert client_for(champion).get(f"/s/{space.slug}/pilot/").status_code == 200
    assert client_for(lead).get(f"/s/{space.slug}/pilot/").status_code == 200
    assert client_for(mem).get(f"/s/{space.slug}/pilot/").status_code == 404
    assert client_for(person_make()).get(f"/s/{space.slug}/pilot/").status_code == 404


def test_archived_space_pages_offer_no_writing():
    lead = person_make()
    space = space_in_state_make(state="archived", leader=lead)
    rules_make_archived = client_for(lead)
    assert rules_make_archived.get(f"/s/{space.slug}/charter/edit/").status_code == 403
    charter = rules_make_archived.get(f"/s/{space.slug}/charter/").content
    assert b"Edit the charter" not in charter
    assert b"Archived" in charter


def _grow(space, leader, n):
    people = [person_make() for _ in range(n)]
    for person in people:
        membership_make(space=space, user=person, role="champion")
    for i, person in enumerate(people):
        question = conversation_make(space=space, author=person, kind="question")
        reply_make(conversation=question, author=people[(i + 1) % n])
        PilotFeedback.objects.create(space=space, author=person, text=f"Idea {i}")
        proposal = rules_propose(
            actor=Actor.for_user(person),
            space=space,
            text=f"Be kind.\nRule {i} of {n}.",
            reason="Because.",
        )
        rules_vote(
            actor=Actor.for_user(people[0]), space=space, proposal_id=proposal.pk, in_favour=True
        )


def _queries(client, url) -> tuple[int, int]:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def test_pages_run_constant_queries():
    counts = []
    for n in (2, 8):
        leader = person_make()
        space = space_in_state_make(state="pilot", leader=leader)
        charter_update(
            actor=Actor.for_user(leader),
            space=space,
            vision="Why.",
            audience="Who.",
            targets=TARGETS,
        )
        rules_make(space=space, leader=leader)
        _grow(space, leader, n)
        client = client_for(leader)
        urls = [f"/s/{space.slug}/{page}/" for page in PAGES] + [f"/s/{space.slug}/"]
        counts.append([_queries(client, url) for url in urls])
    small, large = counts
    assert all(status == 200 for status, _ in small + large), counts
    assert [q for _, q in small] == [q for _, q in large]
    assert max(q for _, q in large) <= 30, large


def test_the_home_reads_the_charter_with_the_space_and_its_targets_only_when_there():
    leader = person_make()
    space = space_in_state_make(state="live", leader=leader)

    def tables_read() -> list[str]:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client_for(leader).get(f"/s/{space.slug}/").status_code == 200
        return [
            q["sql"].split(" WHERE ")[0].split(" FROM ")[1].split()[0]
            for q in queries.captured_queries
            if " FROM " in q["sql"]
        ]

    without = tables_read()
    assert '"lifecycle_charter"' not in without  # read with the space itself
    assert '"lifecycle_chartertarget"' not in without
    charter_update(
        actor=Actor.for_user(leader),
        space=space,
        vision="Answers within a day",
        audience="Everyone",
        targets=[{"metric": "monthly_active_members", "target": 200}],
    )
    with_charter = tables_read()
    assert with_charter.count('"lifecycle_chartertarget"') == 1
    assert '"lifecycle_charter"' not in with_charter
