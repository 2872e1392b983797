"""Under the Content-Security-Policy, in a real browser: the confirmations and the
filters that send themselves still work, htmx still swaps, the API's docs load,
and the browser reports no violation of the policy on any of these pages."""

import pytest

from tests.factories import conversation_make, membership_make, reply_make, space_make

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None

# Listens before any of the page's own scripts run, on every page the tab opens, and
# hands each violation to the test (an exposed function outlives navigations).
WATCH = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.hearthViolation(e.violatedDirective + " " + (e.blockedURI || "inline") + " on "
                         + document.location.pathname);
});
"""


def _watched(page) -> list[str]:
    """Every violation of the policy, and every console line about it, on any page."""
    seen: list[str] = []
    page.expose_function("hearthViolation", lambda text: seen.append(text))
    page.add_init_script(WATCH)
    page.on(
        "console",
        lambda message: (
            seen.append(message.text)
            if "Content Security Policy" in message.text or "htmx:eval" in message.text
            else None
        ),
    )
    return seen


def test_confirmations_and_filters_work_with_no_policy_violation(new_page, make_person, sign_in):
    leader = make_person("lea", "Lea Leader")
    member = make_person("max", "Max Member")
    space = space_make(name="Gardening club", slug="gardening", leader=leader)
    membership_make(space=space, user=member)
    conversation = conversation_make(space=space, author=member, title="When do you plant?")
    reply_make(conversation=conversation, author=member, body="After the last frost.")

    page = new_page()
    violations = _watched(page)
    sign_in(page, "lea")
    page.goto(f"/c/{conversation.pk}/")
    remove = page.locator("article", has_text="After the last frost.").get_by_role(
        "button", name="Remove"
    )

    # Saying no to the confirmation sends nothing; saying yes removes the reply.
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    remove.click()
    expect(page.get_by_text("After the last frost.")).to_be_visible()
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    remove.click()
    page.wait_for_load_state()
    expect(page.get_by_text("After the last frost.")).to_have_count(0)
    assert questions == ["Remove this reply?", "Remove this reply?"]

    # The members' role filter sends its form when a role is picked.
    page.goto("/s/gardening/members/")
    page.get_by_label("Role", exact=True).select_option("leader")
    page.wait_for_url("**/members/?role=leader")
    expect(page.locator("#members")).to_contain_text("Lea Leader")
    expect(page.locator("#members")).not_to_contain_text("Max Member")

    # htmx, with eval turned off, still filters the directory as one types.
    page.goto("/spaces/")
    page.locator("#id_q").fill("garden")
    page.wait_for_url("**/spaces/?q=garden**")
    expect(page.locator("#results")).to_contain_text("Gardening club")

    # The API's interactive docs come from Hearth's own static files.
    page.goto("/api/v1/docs")
    expect(page.get_by_text("Hearth API").first).to_be_visible()

    page.wait_for_load_state("networkidle")
    assert violations == []


def test_the_browser_blocks_an_inline_script_on_a_hearth_page(new_page, make_person, sign_in):
    """The policy is in force: a script injected into a page does not run."""
    make_person("lea", "Lea Leader")
    page = new_page()
    violations = _watched(page)
    sign_in(page, "lea")
    page.goto("/")
    page.evaluate("""() => {
        const s = document.createElement("script");
        s.textContent = "window.injectedRan = true";
        document.body.appendChild(s);
    }""")
    assert page.evaluate("window.injectedRan === true") is False
    page.wait_for_function("1")  # let the violation's report arrive
    assert any(v.startswith("script-src") and "on /" in v for v in violations), violations
