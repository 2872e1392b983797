"""A facilitator promotes a conversation to a success story; a member of that
restricted space finds it in the gallery, a non-member does not. Then the home
page's featured strip as a member sees it.

With ``HEARTH_SCREENSHOTS=1`` the gallery and the featured home page are saved as
docs/screenshots/stories-gallery.png and home-featured.png; otherwise under
pytest's temporary directory.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from hearth.spaces.models import Membership
from hearth.stories.models import Story
from tests.factories import (
    business_unit_make,
    conversation_make,
    event_make,
    home_feature_make,
    space_make,
    story_make,
)

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shots(tmp_path) -> Path:
    return SCREENSHOTS if os.environ.get("HEARTH_SCREENSHOTS") == "1" else tmp_path


def test_promote_then_the_gallery_shows_it_only_to_members(
    new_page, make_person, sign_in, tmp_path
):
    fay = make_person("fay", "Fatima Haddad")
    mel = make_person("mel", "Mélanie Roux")
    otto = make_person("otto", "Otto Berg")
    finance = business_unit_make(name="Finance")
    space = space_make(
        slug="closing",
        name="Finance Business Partners",
        visibility="restricted",
        leader=fay,
        business_unit=finance,
    )
    Membership.objects.filter(space=space, user=fay).update(role="facilitator")
    conversation = conversation_make(
        space=space,
        author=mel,
        title="Closing calendar: day +3 is our new target",
        body="We now book accruals on day +1 with one shared template.",
    )
    lean = space_make(
        slug="lean",
        name="Lean & Continuous Improvement",
        leader=otto,
        business_unit=business_unit_make(name="Operations"),
    )
    story_make(
        space=lean,
        author=otto,
        title="Atlanta changeovers cut from 47 to 19 minutes",
        hours_saved="1100",
        money_saved="85000",
        currency="USD",
        beneficiaries="the Atlanta moulding line",
        body="Quick clamps and a cart.",
    )
    story_make(
        space=lean,
        author=otto,
        title="5S on line 2 found two oil leaks",
        outcome_kind="quality",
        hours_saved="260",
        money_saved="6400",
        currency="EUR",
        beneficiaries="Munich assembly line 2",
    )
    Membership.objects.create(space=lean, user=mel, role="member")

    page = new_page()
    sign_in(page, "fay")
    page.goto(f"/c/{conversation.pk}/")
    page.get_by_role("link", name="Promote to a story").click()
    expect(page.get_by_label("Title")).to_have_value(conversation.title)
    page.get_by_label("Title").fill("Month-end close two days shorter")
    page.get_by_label("Kind of outcome").select_option("time_saved")
    page.get_by_label("Estimated hours saved").fill("2400")
    page.get_by_label("Estimated money saved").fill("120000")
    page.get_by_label("Currency").select_option("EUR")
    page.get_by_label("Who benefited").fill("Controllers in every unit")
    page.get_by_role("button", name="Publish the story").click()
    expect(page.get_by_role("heading", name="Month-end close two days shorter")).to_be_visible()
    story = Story.objects.get(source_conversation=conversation)
    assert story.hours_saved == 2400 and story.currency == "EUR"
    page.goto(f"/c/{conversation.pk}/")
    expect(page.get_by_text("Promoted to a story")).to_be_visible()

    member = new_page()
    sign_in(member, "mel")
    member.goto("/stories/")
    expect(member.get_by_role("link", name="Month-end close two days shorter")).to_be_visible()
    expect(member.get_by_text("€120,000")).to_be_visible()
    member.screenshot(path=str(_shots(tmp_path) / "stories-gallery.png"))

    outsider = new_page()
    sign_in(outsider, "otto")
    outsider.goto("/stories/")
    expect(
        outsider.get_by_role("link", name="Atlanta changeovers cut from 47 to 19 minutes")
    ).to_be_visible()
    assert "Month-end close" not in outsider.content()
    assert outsider.goto(f"/stories/{story.pk}/").status == 403

    # The home page's featured strip, curated by the director, as the member sees it.
    director = make_person("dana", "Dana Okafor")
    type(director).objects.filter(pk=director.pk).update(org_role="director")
    director.refresh_from_db()
    Membership.objects.create(space=space, user=director, role="member")
    now = timezone.now()
    event = event_make(
        space=lean, host=otto, title="Kaizen coffee: changeovers", starts_at=now + timedelta(days=5)
    )
    home_feature_make(
        curator=director,
        kind="story",
        target=str(story.pk),
        blurb="Two days back every month, for every controller.",
    )
    home_feature_make(
        curator=director,
        kind="space",
        target="lean",
        position=1,
        blurb="Where the changeover kaizen started.",
    )
    home_feature_make(curator=director, kind="event", target=str(event.pk), position=2)
    home_feature_make(
        curator=director, kind="person", target="fay", position=3, blurb="Facilitator of the month."
    )
    member.goto("/")
    strip = member.get_by_role("region", name="Featured")
    expect(strip.get_by_role("link", name="Month-end close two days shorter")).to_be_visible()
    expect(strip.get_by_role("link", name="Fatima Haddad")).to_be_visible()
    member.screenshot(path=str(_shots(tmp_path) / "home-featured.png"))
    outsider.goto("/")
    expect(outsider.get_by_role("region", name="Featured")).to_be_visible()
    assert "Month-end close" not in outsider.content()
