"""A restricted space seen through the browser: create, ask to join, approve.

Two people, each in their own browser context: Ada leads, Grace asks to join.
"""

import re

import pytest

from hearth.access.actor import Actor
from hearth.spaces import services

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None


def test_a_restricted_space_opens_to_a_requester_once_a_leader_approves(
    new_page, make_person, sign_in
):
    make_person("ada", "Ada Lovelace")
    make_person("grace", "Grace Hopper")

    # Ada creates a restricted space through the form.
    ada = new_page()
    sign_in(ada, "ada")
    ada.goto("/spaces/new/")
    ada.get_by_role("textbox", name="Name", exact=True).fill("Supply chain guild")
    ada.get_by_label("Web address").fill("supply-chain-guild")
    ada.get_by_label("What is this space for?").fill("Planners compare notes on forecasting.")
    ada.get_by_label("Restricted", exact=True).check()
    ada.get_by_role("button", name="Create space").click()
    expect(ada).to_have_url(re.compile(r"/s/supply-chain-guild/$"))
    expect(ada.get_by_role("heading", name="Supply chain guild")).to_be_visible()

    # Grace sees the space's name and description, not its content.
    grace = new_page()
    sign_in(grace, "grace")
    grace.goto("/s/supply-chain-guild/")
    expect(grace.get_by_role("heading", name="Supply chain guild")).to_be_visible()
    expect(grace.get_by_text("Planners compare notes on forecasting.")).to_be_visible()
    expect(grace.get_by_role("heading", name="About this space")).to_have_count(0)
    response = grace.goto("/s/supply-chain-guild/members/")
    assert response.status == 403
    expect(grace.get_by_role("heading", name="Supply chain guild")).to_be_visible()
    expect(grace.get_by_text("Ada Lovelace")).to_have_count(0)

    # ...and asks to join from the 403 page.
    grace.get_by_role("link", name="Request access").click()
    expect(grace).to_have_url(re.compile(r"/s/supply-chain-guild/request-access/$"))
    grace.get_by_label("Why would you like to join?").fill("I plan the Lyon warehouse.")
    grace.get_by_role("button", name="Request access").click()
    expect(grace).to_have_url(re.compile(r"/s/supply-chain-guild/$"))
    expect(grace.get_by_text("Your request is sent")).to_be_visible()
    expect(grace.get_by_text("You asked to join")).to_be_visible()

    # Ada sees the request with its message and approves it.
    ada.goto("/s/supply-chain-guild/requests/")
    expect(ada.get_by_text("Grace Hopper")).to_be_visible()
    expect(ada.get_by_text("I plan the Lyon warehouse.")).to_be_visible()
    ada.get_by_role("button", name="Approve").click()
    expect(ada.get_by_text(re.compile(r"Grace Hopper.*approved")).first).to_be_visible()

    # Grace reloads and now reads the space: its home and members list open.
    response = grace.reload()
    assert response.status == 200
    expect(grace.get_by_role("heading", name="About this space")).to_be_visible()
    expect(grace.get_by_text("You asked to join")).to_have_count(0)
    response = grace.goto("/s/supply-chain-guild/members/")
    assert response.status == 200
    expect(grace.get_by_text("Ada Lovelace")).to_be_visible()
    expect(grace.get_by_text("Grace Hopper").first).to_be_visible()


def test_a_private_space_is_not_found_for_an_outsider(new_page, make_person, sign_in):
    ada = make_person("ada", "Ada Lovelace")
    make_person("grace", "Grace Hopper")
    services.space_create(
        actor=Actor.for_user(ada),
        name="Board succession",
        slug="board-succession",
        visibility="private",
    )

    grace = new_page()
    sign_in(grace, "grace")
    response = grace.goto("/s/board-succession/")
    assert response.status == 404
    expect(grace.get_by_role("heading", name="Not found")).to_be_visible()
    expect(grace.get_by_text("Board succession")).to_have_count(0)
    expect(grace.get_by_role("link", name="Request access")).to_have_count(0)

    grace.goto("/spaces/")
    expect(grace.get_by_text("Board succession")).to_have_count(0)
