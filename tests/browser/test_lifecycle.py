"""A space's life through the browser: draft, pilot (a champion's feedback, which the
leader resolves), launch (the space goes live and the leader invites people by CSV, one
bad row reported before anything is sent), archive. Each step's page is screenshotted;
with HEARTH_SCREENSHOTS_DIR=docs/screenshots the pictures land in the docs.

Three people, each in their own browser context: Ada leads, Grace is a champion,
Linus an ordinary member. Katherine and Margaret are invited at launch.
"""

import os
import re
from pathlib import Path

import pytest

from hearth.access.actor import Actor
from hearth.conversations.services import conversation_create
from hearth.rules.services import rules_propose, rules_publish_first
from tests.browser.invitations import csv_invitation_preview, csv_invitation_send
from tests.factories import membership_make, space_in_state_make

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None


def test_a_leader_walks_a_space_from_draft_to_archive(
    new_page, make_person, sign_in, run_worker, tmp_path
):
    out = Path(os.environ.get("HEARTH_SCREENSHOTS_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)

    def shot(page, name):
        page.screenshot(path=str(out / f"lifecycle-{name}.png"), full_page=True)

    ada = make_person("ada", "Ada Lovelace")
    grace = make_person("grace", "Grace Hopper")
    linus = make_person("linus", "Linus Torvalds")
    space = space_in_state_make(
        state="draft",
        leader=ada,
        name="Green Labs",
        slug="green-labs",
        description="Lab teams cutting energy and waste together.",
    )
    membership_make(space=space, user=grace, role="champion")
    membership_make(space=space, user=linus)
    katherine = make_person("katherine", "Katherine Johnson")
    margaret = make_person("margaret", "Margaret Hamilton")
    margaret.email = "margaret@example.org"
    margaret.save()
    conversation_create(
        actor=Actor.for_user(ada),
        space=space,
        kind="question",
        title="Which fume hoods save the most energy?",
        body="We are replacing six hoods next year.",
    )
    rules_publish_first(
        actor=Actor.for_user(ada),
        space=space,
        text="1. Share numbers, not just opinions.\n2. Be kind.",
    )
    rules_propose(
        actor=Actor.for_user(ada),
        space=space,
        text="1. Share numbers, not just opinions.\n2. Be kind.\n3. Credit the lab that found it.",
        reason="Labs share more when they get the credit.",
    )

    # Draft: only Ada sees it; she writes the charter.
    leader = new_page()
    sign_in(leader, "ada")
    leader.goto("/s/green-labs/lifecycle/")
    expect(leader.get_by_text("Only the leaders see this space")).to_be_visible()
    shot(leader, "1-draft")
    leader.goto("/s/green-labs/charter/edit/")
    leader.get_by_label("Vision").fill("Every lab halves its energy use by 2030.")
    leader.get_by_label("Audience").fill("Lab managers and technicians.")
    leader.get_by_label(re.compile("^Monthly active members")).fill("10")
    leader.get_by_label(re.compile("^Questions answered within 24 h")).fill("75")
    leader.get_by_role("button", name="Save the charter").click()
    expect(leader).to_have_url(re.compile(r"/s/green-labs/charter/$"))
    expect(leader.get_by_role("cell", name="≥ 75 %")).to_be_visible()
    shot(leader, "2-charter")

    member = new_page()
    sign_in(member, "linus")
    assert member.goto("/s/green-labs/").status == 404

    # Pilot: Grace the champion sees it and leaves feedback; Linus still does not.
    leader.goto("/s/green-labs/lifecycle/")
    leader.get_by_label("New state").select_option("pilot")
    leader.get_by_role("button", name="Change the state").click()
    expect(leader.get_by_text("Green Labs is now pilot.")).to_be_visible()
    shot(leader, "3-pilot")
    assert member.goto("/s/green-labs/").status == 404

    champion = new_page()
    sign_in(champion, "grace")
    champion.goto("/s/green-labs/")
    expect(champion.get_by_text("Pilot.", exact=False).first).to_be_visible()
    champion.get_by_role("link", name="Pilot feedback →").click()
    champion.get_by_label("Your feedback").fill("The charter should say which labs take part.")
    champion.get_by_role("button", name="Send feedback").click()
    expect(champion.get_by_text("Thank you: the leaders will look")).to_be_visible()
    shot(champion, "4-pilot-feedback")

    # Ada resolves it in place.
    leader.goto("/s/green-labs/pilot/")
    leader.get_by_label("How it was resolved").fill("Listed the six pilot labs.")
    leader.get_by_role("button", name="Resolve").click()
    expect(leader.get_by_text("“Listed the six pilot labs.”")).to_be_visible()
    shot(leader, "5-feedback-resolved")

    # Launch: Linus now sees the space, the charter's scorecard and the rules prompt.
    leader.goto("/s/green-labs/lifecycle/")
    leader.get_by_label("New state").select_option("live")
    leader.get_by_role("button", name="Change the state").click()
    expect(leader.get_by_text("Green Labs is now live.")).to_be_visible()
    member.goto("/s/green-labs/")
    expect(member.get_by_role("heading", name="Charter")).to_be_visible()
    expect(member.get_by_text("Read and acknowledge the rules")).to_be_visible()
    shot(member, "6-live-home")
    member.goto("/s/green-labs/rules/")
    expect(member.get_by_text("3. Credit the lab that found it.")).to_be_visible()
    member.get_by_role("button", name="For", exact=True).click()
    expect(member.get_by_text("Your vote for is recorded")).to_be_visible()
    shot(member, "7-rules")
    leader.goto("/s/green-labs/playbook/")
    expect(leader.get_by_role("heading", name=re.compile("Prepare"))).to_be_visible()
    shot(leader, "8-playbook")

    # Ada invites the first labs by CSV: the preview reports the bad row before anything
    # is sent; the worker sends the rest while the progress bar fills.
    csv = tmp_path / "first-labs.csv"
    csv.write_bytes(b"username\nkatherine\nmargaret@example.org\nno-such-lab-manager\n")
    csv_invitation_preview(
        leader,
        slug="green-labs",
        csv_file=csv,
        bad_row="no-such-lab-manager",
        error="Unknown person",
    )
    assert not space.invitations.exists()
    shot(leader, "9-invitation-preview")
    csv_invitation_send(leader, count=2, run_worker=run_worker)
    assert {invitation.user for invitation in space.invitations.all()} == {katherine, margaret}
    shot(leader, "10-invitations-sent")

    # Archive: without a reason it is refused; with one, everyone reads a banner.
    leader.goto("/s/green-labs/lifecycle/")
    leader.get_by_label("New state").select_option("archived")
    leader.get_by_role("button", name="Change the state").click()
    expect(leader.get_by_text("Say why the space is archived")).to_be_visible()
    leader.get_by_label(re.compile("^Reason")).fill("The pilot labs met their target.")
    leader.get_by_role("button", name="Change the state").click()
    expect(leader.get_by_text("Green Labs is now archived.")).to_be_visible()
    expect(leader.get_by_text("Only a platform admin can reopen")).to_be_visible()
    shot(leader, "11-archived-lifecycle")
    member.goto("/s/green-labs/conversations/")
    member.get_by_role("link", name="Which fume hoods save the most energy?").click()
    expect(member.get_by_text("The pilot labs met their target.")).to_be_visible()
    expect(member.get_by_role("button", name=re.compile("Like"))).to_have_count(0)
    expect(member.get_by_role("button", name="Reply")).to_have_count(0)
    shot(member, "12-archived-conversation")
