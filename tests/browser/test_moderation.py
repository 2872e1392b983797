"""A troublemaker's reply, through the browser: three members report it, it is
hidden, a facilitator removes it and silences its author for a day; the author
sees why and cannot post; a day later (a controlled clock) they can again.

The clock: ``time_machine.travel`` patches the clock of the whole process, and
pytest-django's live server runs in a thread of this process, so the pages see
the travelled time (the test checks it through the page's own answer, not only
here). The silence's end is then honoured by the policy at once; the worker's
sweep is run at the travelled time too, as production's worker would.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from hearth.moderation.models import Case, Sanction
from hearth.moderation.services import sanctions_lift_expired
from tests.factories import conversation_make, membership_make, reply_make, space_make

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None

# HEARTH_SCREENSHOTS=docs/screenshots keeps the queue's pictures; by default they go
# to pytest's temporary directory, so a test run leaves the repository as it was.
SCREENSHOTS_ENV = "HEARTH_SCREENSHOTS"
BAD = "Cheap watches at my-shop dot example, click now"


def test_reports_hide_a_reply_a_facilitator_removes_it_and_silences_for_a_day(
    new_page, make_person, sign_in, tmp_path
):
    shots = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    leader = make_person("lea", "Lea Leader")
    fay = make_person("fay", "Fay Facilitator")
    troll = make_person("troll", "Tom Troll")
    starter = make_person("sam", "Sam Starter")
    reporters = [make_person(f"rep{i}", f"Reporter {i}") for i in range(3)]
    space = space_make(name="Gardening club", slug="gardening", leader=leader)
    membership_make(space=space, user=fay, role="facilitator")
    for person in reporters:
        membership_make(space=space, user=person)
    conversation = conversation_make(
        space=space, author=starter, title="When do you plant tomatoes?"
    )
    reply = reply_make(conversation=conversation, author=troll, body=BAD)
    url = f"/c/{conversation.pk}/"

    # Three members report it; the guidelines are shown while reporting.
    for i, person in enumerate(reporters):
        page = new_page()
        sign_in(page, person.username)
        page.goto(url)
        page.locator(f"#reply-{reply.pk}").get_by_role("link", name="Report").click()
        expect(
            page.get_by_role("heading", name=re.compile("moderation guidelines"))
        ).to_be_visible()
        page.get_by_role("radio", name="Spam or advertising").check()
        page.get_by_role("button", name="Send the report").click()
        expect(page.get_by_text("Thank you: the moderators will review it")).to_be_visible()
        if i == len(reporters) - 1:
            # The third report hides it from everyone but its author and moderators.
            expect(page.get_by_text(BAD)).to_have_count(0)
    assert Case.objects.get().hidden_at is not None

    # The author sees it, marked as hidden pending review.
    author = new_page()
    sign_in(author, "troll")
    author.goto(url)
    expect(author.locator(f"#reply-{reply.pk}")).to_contain_text("Hidden pending review")

    # The facilitator reviews the queue and removes it, silencing the author a day.
    moderator = new_page()
    sign_in(moderator, "fay")
    moderator.goto("/s/gardening/review/")
    expect(moderator.get_by_role("heading", name="Review queue")).to_be_visible()
    expect(moderator.get_by_text("Hidden pending review")).to_be_visible()
    shots.mkdir(parents=True, exist_ok=True)
    moderator.screenshot(path=str(shots / "review-queue-test.png"))
    moderator.get_by_role("link", name="Review", exact=True).click()
    expect(moderator.get_by_role("heading", name=re.compile("3 reports"))).to_be_visible()
    moderator.screenshot(path=str(shots / "review-case.png"), full_page=True)
    moderator.get_by_role("radio", name="Remove").check()
    moderator.get_by_label("Reason (the author sees it)", exact=True).fill(
        "Advertising is not allowed"
    )
    moderator.get_by_label("Sanction the author").select_option("silence")
    moderator.get_by_label("Sanction reason (the author sees it)").fill(
        "Advertising in the gardening club"
    )
    moderator.get_by_label("For how many days").fill("1")
    moderator.get_by_role("button", name="Decide").click()
    expect(moderator.get_by_text("Decided: Remove")).to_be_visible()
    sanction = Sanction.objects.get()
    assert sanction.kind == "silence" and sanction.space_id == space.pk

    # The author sees the reason and cannot post.
    author.goto(url)
    banner = author.locator("#moderation-banner")
    expect(banner).to_contain_text("You are silenced in Gardening club")
    expect(banner).to_contain_text("Advertising in the gardening club")
    expect(author.locator("#cannot-post")).to_be_visible()
    expect(author.get_by_role("textbox", name="Your reply")).to_have_count(0)
    expect(author.locator(f"#reply-{reply.pk}")).to_contain_text("This reply was removed")
    author.goto("/moderation/mine/")
    expect(author.get_by_text("Reason: Advertising is not allowed")).to_be_visible()

    # A day later they can post again: the live server sees the travelled clock.
    later = timezone.now() + timedelta(days=1, minutes=5)
    with time_machine.travel(later, tick=True):
        author.goto(url)
        expect(author.locator("#moderation-banner")).to_have_count(0)
        reply_box = author.get_by_role("textbox", name="Your reply")
        expect(reply_box).to_be_visible()
        assert sanctions_lift_expired() == 1  # the worker's sweep, at the travelled time
        reply_box.fill("Sorry about that. I plant mine in May.")
        author.get_by_role("button", name="Post reply").click()
        expect(author.get_by_text("I plant mine in May.")).to_be_visible()
    sanction.refresh_from_db()
    assert sanction.lifted_at is not None
