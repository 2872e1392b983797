"""Gardening in the browser: a facilitator finds a duplicate in the space's
gardening queue, merges it into the original from the Garden menu, and the
duplicate's old address lands on the original, replies included.

HEARTH_SCREENSHOTS=docs/screenshots keeps the queue's picture
(gardening-queue.png); by default it goes to pytest's temporary directory.
"""

import os
from pathlib import Path

import pytest

from hearth.conversations.models import Conversation
from tests.factories import (
    conversation_make,
    document_make,
    membership_make,
    reply_make,
    space_make,
)

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None

SCREENSHOTS_ENV = "HEARTH_SCREENSHOTS"


def test_facilitator_merges_a_duplicate_and_the_old_url_lands_on_the_original(
    new_page, make_person, sign_in, tmp_path
):
    from datetime import timedelta

    from django.utils import timezone

    from hearth.library.models import Document

    shots = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    leader = make_person("lea", "Léa Marchand")
    fay = make_person("fay", "Fay Okafor")
    asker = make_person("sam", "Sam Whitfield")
    space = space_make(name="Lean practitioners", slug="lean", leader=leader)
    membership_make(space=space, user=fay, role="facilitator")
    original = conversation_make(
        space=space,
        author=leader,
        kind="question",
        title="How do we run a kaizen week?",
        tags=["kaizen"],
    )
    reply_make(conversation=original, author=fay, body="Start with a clear problem statement.")
    duplicate = conversation_make(
        space=space, author=asker, kind="question", title="Kaizen week: how to organise one?"
    )
    reply_make(conversation=duplicate, author=leader, body="Book the room for five days.")
    conversation_make(space=space, author=asker, title="Shift handover checklist ideas")
    doc = document_make(space=space, owner=leader, title="5S audit procedure")
    Document.objects.filter(pk=doc.pk).update(review_on=timezone.localdate() - timedelta(days=30))

    page = new_page()
    sign_in(page, "fay")
    page.goto("/s/lean/")
    page.get_by_role("navigation", name="Space").get_by_role("link", name="Gardening").click()
    expect(page.get_by_role("heading", name="Gardening queue")).to_be_visible()
    expect(page.get_by_role("link", name="Kaizen week: how to organise one?")).to_be_visible()
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "gardening-queue.png"))

    # Tag one in place (htmx), then go to the duplicate and merge it.
    page.get_by_label("Tags for “Shift handover checklist ideas”").fill("handover")
    page.locator("li", has_text="Shift handover checklist ideas").get_by_role(
        "button", name="Tag"
    ).click()
    expect(page.get_by_text("Tagged #handover.")).to_be_visible()

    page.goto(f"/c/{duplicate.pk}/")
    page.get_by_text("Garden", exact=True).click()
    page.get_by_role("link", name="Merge").click()
    page.get_by_label("The conversation to keep (number or link)").fill(f"/c/{original.pk}/")
    page.get_by_role("button", name="Merge").click()
    page.wait_for_url(f"**/c/{original.pk}/")
    expect(page.get_by_text("Merged into “How do we run a kaizen week?”.")).to_be_visible()
    expect(page.get_by_text("Book the room for five days.")).to_be_visible()

    # The duplicate's old address, for someone else too, lands on the original.
    other = new_page()
    sign_in(other, "sam")
    other.goto(f"/c/{duplicate.pk}/")
    assert other.url.endswith(f"/c/{original.pk}/")
    expect(other.get_by_role("heading", name="How do we run a kaizen week?")).to_be_visible()
    expect(other.get_by_text("Book the room for five days.")).to_be_visible()
    assert Conversation.objects.get(pk=duplicate.pk).merged_into_id == original.pk
