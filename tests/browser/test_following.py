"""In place, in Chromium: following a space from its home, quoting a reply,
suggested tags in the conversation form, and marking a notification read."""

import re

import pytest

from hearth.access.actor import Actor
from hearth.conversations import services as conversation_services
from hearth.conversations.models import Follow
from hearth.spaces import services
from tests.factories import conversation_make, membership_make, reply_make

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None


def test_follow_a_space_quote_a_reply_pick_a_tag_and_mark_read(
    new_page, make_person, sign_in, run_worker
):
    ada = make_person("ada", "Ada Lovelace")
    grace = make_person("grace", "Grace Hopper")
    space = services.space_create(
        actor=Actor.for_user(ada),
        name="Supply chain guild",
        slug="supply-chain-guild",
        visibility="open",
        description="Planners compare notes.",
    )
    membership_make(space=space, user=grace)
    conversation_services.space_tags_suggest(
        actor=Actor.for_user(ada), space=space, tags="forecasting, lyon"
    )
    conversation = conversation_make(space=space, author=ada, title="Pallet forecasts")
    reply_make(conversation=conversation, author=ada, body="Use the **seasonal** index.")

    page = new_page()
    sign_in(page, "grace")
    page.goto("/s/supply-chain-guild/")
    page.get_by_label("Follow this space").select_option("watching")
    expect(page.locator("#space-follow").get_by_role("status")).to_have_text("Saved")
    assert Follow.objects.get(user=grace, space=space).level == "watching"

    # Suggested tags: the curated ones, added to the field by keyboard.
    page.goto("/s/supply-chain-guild/conversations/new/")
    page.get_by_role("button", name="Add tag lyon").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("textbox", name="Tags")).to_have_value("lyon")

    # Quoting a reply fills the reply box with the quoted text and points at it.
    page.goto(f"/c/{conversation.pk}/")
    page.locator("article.reply").get_by_role("button", name="Quote Ada Lovelace").click()
    box = page.get_by_role("textbox", name="Your reply")
    expect(box).to_be_focused()
    expect(box).to_have_value(
        re.compile(
            r"^> \*\*Ada Lovelace\*\* wrote:\n>\n> Use the "
            r"seasonal index\.\n\n$"
        )
    )
    box.press_sequentially("Agreed.")
    page.get_by_role("button", name="Post reply").click()
    quoted = page.locator("article.reply").filter(has_text="Agreed.")
    expect(quoted.locator("blockquote").filter(has_text="Use the seasonal index.")).to_be_visible()
    expect(quoted.get_by_role("link", name="In reply to Ada Lovelace")).to_be_visible()

    # The worker tells Ada; she marks it read in place and the bell follows.
    run_worker()
    other = new_page()
    sign_in(other, "ada")
    other.goto("/notifications/")
    expect(other.locator("#bell")).to_have_attribute("aria-label", "Notifications, 1 unread")
    other.get_by_role("button", name=re.compile(r"^Mark “.* as read$")).click()
    expect(other.locator("#bell")).to_have_attribute("aria-label", "Notifications")
    expect(other.get_by_role("button", name=re.compile(r"^Mark “.* as read$"))).to_have_count(0)
