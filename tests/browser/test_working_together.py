"""Voting in a poll, voting for an idea and answering an event, in place (htmx):
the page is not reloaded, and the server has the answer."""

import re

import pytest

from hearth.events.models import Rsvp
from hearth.ideas.models import IdeaVote
from hearth.polls.models import BallotChoice
from tests.factories import event_make, idea_make, poll_make, space_make

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None


def test_vote_and_rsvp_in_place(new_page, make_person, sign_in):
    ada = make_person("ada", "Ada Lovelace")
    space = space_make(leader=ada, slug="guild")
    poll = poll_make(
        space=space,
        author=ada,
        question="Which day suits the workshop?",
        options=["Tuesday", "Thursday"],
    )
    idea = idea_make(space=space, author=ada, title="Trains under four hours")
    event = event_make(space=space, host=ada, title="Lean coffee", capacity=10)

    page = new_page()
    sign_in(page, "ada")
    page.goto(f"/polls/{poll.pk}/")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("radio", name="Thursday").check()
    page.get_by_role("button", name="Vote").click()
    expect(page.get_by_role("button", name="Change my vote")).to_be_visible()
    expect(page.get_by_text("1 voter")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    assert BallotChoice.objects.get().option.label == "Thursday"

    page.goto(f"/s/{space.slug}/ideas/")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name=re.compile(r"Vote · 0")).click()
    expect(page.get_by_role("button", name=re.compile(r"Voted · 1"))).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    assert IdeaVote.objects.filter(idea=idea).count() == 1

    page.goto(f"/events/{event.pk}/")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Going", exact=True).click()
    expect(page.get_by_text("9 of 10 places left")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    assert Rsvp.objects.get().response == "going"
