"""Signing in works from the keyboard alone."""

import re

import pytest

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None


def test_the_login_form_is_filled_and_sent_with_the_keyboard(new_page, make_person):
    make_person("ada", "Ada Lovelace")
    page = new_page()
    page.goto("/accounts/login/")

    username = page.get_by_role("textbox", name="Username", exact=True)
    expect(username).to_be_focused()
    page.keyboard.type("ada")
    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox", name="Password", exact=True)).to_be_focused()
    page.keyboard.type("a-long-browser-test-passphrase")
    page.keyboard.press("Enter")

    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("Ada Lovelace").first).to_be_visible()


def test_a_wrong_password_keeps_the_person_on_the_login_page(new_page, make_person):
    make_person("ada", "Ada Lovelace")
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_role("textbox", name="Username", exact=True).fill("ada")
    page.get_by_role("textbox", name="Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("textbox", name="Username", exact=True)).to_have_value("ada")
    expect(page.get_by_role("textbox", name="Password", exact=True)).to_have_value("")
