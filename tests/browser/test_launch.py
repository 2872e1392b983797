"""Launching a space through the browser: a leader shapes its home, uploads a CSV
with one bad row, sees the preview with the error, sends, watches the progress
bar complete while the worker runs, and an invitee accepts. Then the onboarding
checklist, the action plan calendar and a role swap banner.

With ``HEARTH_SCREENSHOT_DIR`` set (e.g. ``docs/screenshots``) each page is saved there.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.actionplan.services import task_create
from hearth.conversations.services import conversation_create
from hearth.launch.services import welcome_update
from hearth.spaces import services as space_services
from hearth.spaces.models import Membership
from hearth.structure.services import key_user_add
from tests.browser.invitations import csv_invitation_preview, csv_invitation_send

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None


def _shot(page, name: str) -> None:
    folder = os.environ.get("HEARTH_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_a_leader_launches_a_space_and_an_invitee_accepts(
    new_page, make_person, sign_in, run_worker, tmp_path
):
    ada = make_person("ada", "Ada Lovelace")
    ada.title, ada.email = "Community leader", "ada@example.org"
    ada.save()
    grace = make_person("grace", "Grace Hopper")
    grace.email = "grace@example.org"
    grace.save()
    linus = make_person("linus", "Linus Torvalds")
    linus.email = "linus@example.org"
    linus.save()
    space = space_services.space_create(
        actor=Actor.for_user(ada),
        name="Pump reliability",
        slug="pumps",
        visibility="private",
        description="Engineers who keep pumps running.",
    )
    for title in (
        "Seal failures after the winter shutdown",
        "Which vibration sensor?",
        "Lessons from the Lyon overhaul",
    ):
        conversation_create(
            actor=Actor.for_user(ada),
            space=space,
            kind="discussion",
            title=title,
            body="What did you see?",
        )

    leader = new_page()
    sign_in(leader, "ada")

    # The sections editor: guidance first, then top content and conversations.
    leader.goto("/s/pumps/structure/")
    leader.get_by_role("checkbox", name="Guidance", exact=True).check()
    leader.get_by_label("Position of Guidance").fill("1")
    leader.get_by_role("checkbox", name="Top content", exact=True).check()
    leader.get_by_label("Position of Top content").fill("2")
    leader.get_by_role("checkbox", name="Library", exact=True).check()
    leader.get_by_label("Position of Library").fill("4")
    leader.get_by_label("Guidance (Markdown)").fill(
        "**Ask, then share what worked.** Questions get an accepted answer."
    )
    leader.get_by_role("button", name="Save the home page").click()
    expect(leader.get_by_text("The space's home is saved.")).to_be_visible()
    leader.get_by_label("Item to feature").select_option(label="Lessons from the Lyon overhaul")
    leader.get_by_role("button", name="Feature it").click()
    expect(
        leader.locator("#featured").get_by_role("link", name="Lessons from the Lyon overhaul")
    ).to_be_visible()
    _shot(leader, "structure-editor")
    leader.goto("/s/pumps/")
    expect(leader.get_by_text("Ask, then share what worked.")).to_be_visible()
    expect(leader.get_by_text("No document yet.")).to_be_visible()

    # A CSV with one bad row: the preview shows the error before anything is sent.
    csv = tmp_path / "pilot-group.csv"
    csv.write_bytes(b"username\ngrace\nlinus@example.org\nnobody-here\n")
    csv_invitation_preview(
        leader, slug="pumps", csv_file=csv, bad_row="nobody-here", error="Unknown person"
    )
    assert not space.invitations.exists()
    _shot(leader, "launch-preview")

    csv_invitation_send(leader, count=2, run_worker=run_worker)
    _shot(leader, "launch-progress")

    # Grace accepts from her invitations.
    invitee = new_page()
    sign_in(invitee, "grace")
    invitee.goto("/s/pumps/")
    invitee.get_by_role("button", name="Accept the invitation").click()
    expect(invitee.get_by_text("Welcome to Pump reliability!")).to_be_visible()
    assert Membership.objects.filter(space=space, user=grace).exists()

    # Her getting-started checklist shows her progress.
    welcome_update(
        actor=Actor.for_user(ada),
        space=space,
        message="Welcome! Tell us which pumps you look after.",
    )
    invitee.goto("/s/pumps/welcome/")
    expect(
        invitee.get_by_role("heading", name=re.compile("Getting started: 0 of 3"))
    ).to_be_visible()
    invitee.get_by_label("How much do you want to hear about this space?").select_option("watching")
    invitee.get_by_role("button", name="Save my choices").click()
    expect(
        invitee.get_by_role("heading", name=re.compile("Getting started: 1 of 3"))
    ).to_be_visible()
    _shot(invitee, "onboarding-checklist")

    # The action plan calendar, with a task of Grace's.
    today = timezone.localdate()
    task_create(
        actor=Actor.for_user(ada),
        space=space,
        title="Pilot feedback call",
        owner=grace,
        due_on=today + timedelta(days=1),
    )
    task_create(
        actor=Actor.for_user(ada),
        space=space,
        title="Invite the Lyon team",
        owner=ada,
        due_on=today,
    )
    leader.goto("/s/pumps/plan/calendar/")
    expect(leader.get_by_text("Pilot feedback call")).to_be_visible()
    _shot(leader, "action-plan-calendar")

    # Grace leads for a day: both see the banner.
    key_user_add(actor=Actor.for_user(ada), space=space, user=grace, kind="connector")
    leader.goto("/s/pumps/swaps/")
    leader.get_by_label("Member (username)").fill("grace")
    leader.get_by_label("Role to take").select_option("leader")
    until = timezone.now() + timedelta(days=1)
    leader.get_by_label("Until (UTC)").fill(until.strftime("%Y-%m-%dT%H:%M"))
    leader.get_by_role("button", name="Start the swap").click()
    expect(leader.get_by_text("Grace Hopper is leader until")).to_be_visible()
    invitee.goto("/s/pumps/")
    expect(invitee.get_by_text("You are leader of this space for a while")).to_be_visible()
    _shot(invitee, "role-swap-banner")
    too_long = (timezone.now() + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M")
    leader.goto("/s/pumps/swaps/")
    leader.get_by_label("Member (username)").fill("linus")
    leader.get_by_label("Until (UTC)").fill(too_long)
    leader.get_by_role("button", name="Start the swap").click()
    expect(leader.get_by_text("A role swap lasts at most 7 days.")).to_be_visible()
