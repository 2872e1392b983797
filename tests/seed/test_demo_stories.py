"""The demo's success stories and home features: what it promises, and a rerun that
adds nothing."""

import pytest

from hearth.curation.models import HomeFeature
from hearth.curation.selectors import features_in_force
from hearth.seed.demo_stories import seed_stories
from hearth.spaces.models import Space
from hearth.stories.models import BusinessOutcome, Story
from tests.conftest import actor_of

pytestmark = pytest.mark.django_db


def test_demo_tells_success_stories_in_spaces_of_every_visibility(demo_seeded):
    stories = Story.objects.select_related("space")
    assert stories.count() >= 8
    assert {s.space.visibility for s in stories} == {"open", "restricted", "private"}
    assert {s.space.state for s in stories} >= {"live", "pilot"}
    promoted = stories.filter(source_conversation__isnull=False)
    assert promoted.count() >= 4
    assert (
        BusinessOutcome.objects.filter(
            conversation__in=promoted.values("source_conversation")
        ).count()
        == promoted.count()
    )
    assert len({s.outcome_kind for s in stories}) >= 5
    assert all("lorem" not in s.body.lower() and s.body_html for s in stories)
    assert stories.filter(money_saved__isnull=False).exclude(currency="").exists()


def test_the_home_page_features_what_each_sign_in_may_see(demo_seeded):
    from django.contrib.auth import get_user_model

    features = HomeFeature.objects.all()
    assert {f.kind for f in features} == {"space", "person", "story", "event"}
    member = get_user_model().objects.get(username="member")
    assert len(features_in_force(actor=actor_of(member))) == 4


def test_seeding_stories_twice_adds_nothing(demo_seeded):
    before = (Story.objects.count(), HomeFeature.objects.count())
    spaces = {s.slug: s for s in Space.objects.all()}
    assert seed_stories(spaces) == {"stories": 0, "features": 0}
    assert (Story.objects.count(), HomeFeature.objects.count()) == before
