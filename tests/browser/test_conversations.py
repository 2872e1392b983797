"""A question in a restricted space, seen through the browser: asked, answered
with a mention, accepted, and invisible to someone outside the space.

Three people, each in their own browser context: Grace asks, Ada (who leads the
space) answers and mentions her, Linus is not a member.
"""

import re

import pytest

from hearth.access.actor import Actor
from hearth.spaces import services
from tests.factories import membership_make

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None

TITLE = "How do we forecast pallet demand in Lyon?"
SEARCH_WORD = "pallet"


def test_a_question_is_answered_accepted_and_stays_inside_its_space(new_page, make_person, sign_in):
    ada = make_person("ada", "Ada Lovelace")
    grace = make_person("grace", "Grace Hopper")
    make_person("linus", "Linus Torvalds")
    space = services.space_create(
        actor=Actor.for_user(ada),
        name="Supply chain guild",
        slug="supply-chain-guild",
        visibility="restricted",
        description="Planners compare notes.",
    )
    membership_make(space=space, user=grace)

    # Grace asks through the space's form.
    asker = new_page()
    sign_in(asker, "grace")
    asker.goto("/s/supply-chain-guild/conversations/")
    asker.get_by_role("link", name="Ask a question").click()
    expect(asker).to_have_url(re.compile(r"/s/supply-chain-guild/conversations/new/"))
    expect(asker.get_by_role("radio", name="Question")).to_be_checked()
    asker.get_by_role("textbox", name="Title").fill(TITLE)
    asker.get_by_role("textbox", name="Details").fill(
        "Our **weekly** forecast misses the peaks. What works for you?"
    )
    asker.get_by_role("textbox", name="Tags").fill("forecasting, Lyon")
    asker.get_by_role("button", name="Post").click()
    expect(asker).to_have_url(re.compile(r"/c/\d+/$"))
    question_url = asker.url
    expect(asker.get_by_role("heading", name=re.compile(re.escape(TITLE)))).to_be_visible()
    expect(asker.locator(".prose strong")).to_have_text("weekly")
    expect(asker.get_by_role("link", name="#forecasting")).to_be_visible()

    # The question waits on the unanswered list.
    asker.goto("/questions/unanswered/")
    expect(asker.get_by_role("link", name=TITLE)).to_be_visible()

    # Ada answers on the page and mentions Grace; the reply appears in place.
    answerer = new_page()
    sign_in(answerer, "ada")
    answerer.goto(question_url)
    answerer.get_by_role("textbox", name="Your reply").fill(
        "Blend the last 8 weeks with the seasonal index, @grace. It catches the peaks."
    )
    answerer.get_by_role("button", name="Post reply").click()
    reply = answerer.locator("article.reply").filter(has_text="seasonal index")
    expect(reply).to_be_visible()
    expect(reply.get_by_role("link", name="@grace")).to_have_attribute("href", "/people/grace/")
    expect(answerer.get_by_role("textbox", name="Your reply")).to_have_value("")

    # Grace is told: the bell counts it, and the notification leads to the reply.
    asker.goto("/")
    bell = asker.locator("#bell")
    expect(bell).to_have_attribute("aria-label", "Notifications, 1 unread")
    expect(bell.locator(".badge")).to_have_text("1")
    bell.click()
    expect(asker).to_have_url(re.compile(r"/notifications/$"))
    notification = asker.get_by_role("link", name=re.compile(r"Ada Lovelace mentioned you"))
    expect(notification).to_contain_text(TITLE)
    notification.click()
    expect(asker).to_have_url(re.compile(r"/c/\d+/#reply-\d+$"))

    # She accepts the answer; the question is answered.
    answer = asker.locator("article.reply").filter(has_text="seasonal index")
    answer.get_by_role("button", name="Accept answer").click()
    expect(asker.get_by_text("Answer accepted")).to_be_visible()
    answer = asker.locator("article.reply").filter(has_text="seasonal index")
    expect(answer.get_by_text("Accepted answer")).to_be_visible()
    expect(answer.get_by_role("button", name="Unaccept")).to_be_visible()
    expect(asker.get_by_role("heading", name=re.compile("Answered"))).to_be_visible()

    # ...and it leaves the unanswered list, for her and for Ada.
    for page in (asker, answerer):
        page.goto("/questions/unanswered/")
        expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
    # Ada hears that her answer was accepted.
    answerer.goto("/notifications/")
    expect(answerer.get_by_role("link", name=re.compile(r"answer .* was accepted"))).to_be_visible()

    # Linus, outside the space, finds nothing of it.
    outsider = new_page()
    sign_in(outsider, "linus")
    for query in (SEARCH_WORD, "seasonal", "forecast"):
        outsider.goto(f"/search/?q={query}")
        expect(outsider.get_by_text(re.compile(r"Nothing you can read matches"))).to_be_visible()
        expect(outsider.get_by_text(TITLE)).to_have_count(0)
        expect(outsider.locator(".search-results")).to_have_count(0)
    response = outsider.goto(question_url)
    assert response.status == 403
    expect(outsider.get_by_text(TITLE)).to_have_count(0)
    expect(outsider.get_by_text("seasonal index")).to_have_count(0)
    for url in ("/", "/questions/unanswered/", "/tags/forecasting/", "/notifications/"):
        outsider.goto(url)
        expect(outsider.get_by_text(TITLE)).to_have_count(0)

    # Grace, a member, does find it.
    asker.goto(f"/search/?q={SEARCH_WORD}")
    expect(asker.locator(".search-results").get_by_role("link", name=TITLE)).to_be_visible()
