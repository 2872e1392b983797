"""The leaders' desks in the browser: one-click decisions and question actions
happen in place (htmx), and the audit log shows them with the role used."""

import pytest

from hearth.people.models import BusinessUnit
from hearth.spaces.models import AccessRequest
from tests.factories import conversation_make, membership_make, space_make

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None


def test_director_decides_and_tends_questions_in_place(new_page, make_person, sign_in):
    ops = BusinessUnit.objects.create(name="Operations", slug="operations")
    director = make_person("margaux", "Margaux Lefèvre")
    director.org_role = "director"
    director.save()
    leader = make_person("sofia", "Sofia Martins")
    asker = make_person("oceane", "Océane Rousseau")
    space = space_make(
        slug="pune", name="Pune Site", visibility="restricted", business_unit=ops, leader=leader
    )
    AccessRequest.objects.create(space=space, user=asker, message="I moved to Pune.")
    lean = space_make(slug="lean", name="Lean", business_unit=ops, leader=leader)
    membership_make(space=lean, user=director)
    original = conversation_make(
        space=lean, author=leader, kind="question", title="How do we run a kaizen week?"
    )
    duplicate = conversation_make(
        space=lean, author=leader, kind="question", title="Kaizen week: how to run one?"
    )

    page = new_page()
    sign_in(page, "margaux")
    page.get_by_role("link", name="Desks").click()
    expect(page.get_by_text("I moved to Pune.")).to_be_visible()
    page.get_by_label("Reason for Océane Rousseau (optional)").fill("Welcome aboard")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("approved: now a member of Pune Site")).to_be_visible()
    assert AccessRequest.objects.get(user=asker).decision_note == "Welcome aboard"

    page.get_by_role("link", name="Unanswered questions").click()
    row = page.locator(f"#q-{duplicate.pk}")
    row.get_by_role("link", name="Close as duplicate").click()
    row.get_by_label("Original question (number or link)").fill(f"/c/{original.pk}/")
    row.get_by_role("button", name="Close as duplicate").click()
    expect(page.get_by_text("Closed as a duplicate of")).to_be_visible()

    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_text("access_request.approved")).to_be_visible()
    expect(page.get_by_text("as director").first).to_be_visible()
