"""Two people edit the same document at the same time in their browsers: the
second to save sees the other change and a merge, and saves the merged text.

Ada and Grace both open revision 1. Ada saves first. Grace's save is answered
with the merge view (nothing overwritten); her change and Ada's touched the
same line, so the conflict is marked; she settles it and saves revision 3.
"""

import re

import pytest

from hearth.access.actor import Actor
from hearth.library.models import Document
from hearth.library.services import document_create
from hearth.spaces import services
from tests.factories import membership_make

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None

BODY = "# Packing list\n\n- Laptop\n- Badge\n- Charger\n"


def test_second_editor_sees_the_merge_view_and_saves_a_merged_text(new_page, make_person, sign_in):
    ada = make_person("ada", "Ada Lovelace")
    grace = make_person("grace", "Grace Hopper")
    space = services.space_create(
        actor=Actor.for_user(ada),
        name="Field trips",
        slug="field-trips",
        visibility="open",
        description="Trips and how to pack for them.",
    )
    membership_make(space=space, user=grace)
    document = document_create(
        actor=Actor.for_user(ada), space=space, title="Packing list", body=BODY, status="published"
    )
    edit_url = f"/d/{document.pk}/edit/"

    first, second = new_page(), new_page()
    sign_in(first, "ada")
    sign_in(second, "grace")
    first.goto(edit_url)
    second.goto(edit_url)  # both start from revision 1

    first.get_by_role("textbox", name="Text").fill(BODY.replace("- Badge", "- Badge (blue)"))
    first.get_by_role("button", name="Save revision").click()
    expect(first).to_have_url(re.compile(rf"/d/{document.pk}/$"))
    expect(first.get_by_text("Saved as revision 2.")).to_be_visible()

    text = second.get_by_role("textbox", name="Text")
    text.fill(BODY.replace("- Badge", "- Badge and lanyard") + "- Water bottle\n")
    second.get_by_role("button", name="Save revision").click()

    # The merge view: Ada's change, Grace's, and the merged text with the conflict marked.
    expect(
        second.get_by_role("heading", name="Someone saved first: merge your edit")
    ).to_be_visible()
    expect(second.get_by_role("alert").first).to_contain_text("Ada Lovelace")
    their_change = second.get_by_role("region", name="Their change", exact=True)
    expect(their_change).to_contain_text("Badge (blue)")
    merged = second.get_by_role("textbox", name="Text")
    expect(merged).to_have_value(re.compile(r"<<<<<<< revision 2 by Ada Lovelace"))
    expect(merged).to_have_value(re.compile(r"- Water bottle"))
    assert Document.objects.get(pk=document.pk).revision == 2  # nothing overwritten

    # Saving with the markers still in is refused with a message.
    second.get_by_role("button", name="Save the merged text").click()
    expect(second.get_by_text("still has conflict markers")).to_be_visible()

    # Grace keeps both changes and saves.
    settled = BODY.replace("- Badge", "- Badge (blue) and lanyard") + "- Water bottle\n"
    second.get_by_role("textbox", name="Text").fill(settled)
    second.get_by_role("button", name="Save revision").click()
    expect(second).to_have_url(re.compile(rf"/d/{document.pk}/$"))
    expect(second.get_by_text("Saved as revision 3.")).to_be_visible()
    expect(second.locator(".prose")).to_contain_text("Badge (blue) and lanyard")

    document.refresh_from_db()
    assert document.revision == 3 and document.body == settled
    assert list(
        document.revisions.order_by("number").values_list("author__username", flat=True)
    ) == ["ada", "ada", "grace"]

    # The history compares any two revisions.
    second.goto(f"/d/{document.pk}/history/")
    second.get_by_role("button", name="Compare the chosen revisions").click()
    expect(second.get_by_role("heading", name="Revision 2 → revision 3")).to_be_visible()
    expect(second.locator(".diff ins", has_text="Water bottle")).to_be_visible()
    expect(second.locator(".diff del", has_text="- Badge (blue)")).to_be_visible()


def test_unsaved_text_is_kept_in_the_browser_and_offered_back(new_page, make_person, sign_in):
    ada = make_person("ada", "Ada Lovelace")
    space = services.space_create(
        actor=Actor.for_user(ada),
        name="Field trips",
        slug="field-trips",
        visibility="open",
        description="Trips and how to pack for them.",
    )
    document = document_create(
        actor=Actor.for_user(ada), space=space, title="Packing list", body=BODY, status="published"
    )
    page = new_page()
    sign_in(page, "ada")
    page.goto(f"/d/{document.pk}/edit/")
    page.get_by_role("textbox", name="Text").fill(BODY + "- Umbrella\n")
    page.goto(f"/d/{document.pk}/")  # left without saving
    page.goto(f"/d/{document.pk}/edit/")
    text = page.get_by_role("textbox", name="Text")
    expect(text).to_have_value(BODY)  # never applied silently
    page.get_by_role("button", name="Bring it back").click()
    expect(text).to_have_value(BODY + "- Umbrella\n")
