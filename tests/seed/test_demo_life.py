"""The demo's community life: shaped homes, plans, batches, key users, the managers' space."""

import pytest
from django.utils import timezone

from hearth.actionplan.models import ActionTask
from hearth.launch.models import InvitationBatch, SpaceWelcome
from hearth.seed.demo_life import seed_community_life
from hearth.spaces.models import Membership, Role, Space
from hearth.structure.community import SLUG, TEMPLATE_TITLE
from hearth.structure.models import FeaturedItem, KeyUser, SpaceLayout

pytestmark = pytest.mark.django_db


def _counts():
    return (
        SpaceLayout.objects.count(),
        FeaturedItem.objects.count(),
        SpaceWelcome.objects.count(),
        ActionTask.objects.count(),
        InvitationBatch.objects.count(),
        KeyUser.objects.count(),
        Membership.objects.filter(space__slug=SLUG).count(),
    )


def test_the_demo_spaces_have_a_community_life_and_a_rerun_adds_nothing(demo_seeded):
    assert "Community life:" in demo_seeded
    space = Space.objects.get(slug="data-analytics")
    assert SpaceLayout.objects.get(space=space).sections[0] == "top"
    assert SpaceWelcome.objects.filter(space=space).exists()
    overdue = ActionTask.objects.filter(space=space, due_on__lt=timezone.localdate())
    assert overdue.exclude(status="done").exists()
    batch = InvitationBatch.objects.get(space=space, label="Next wave (demo)")
    assert batch.status == "preview" and batch.items.count() == batch.total > 0
    assert KeyUser.objects.filter(space=space).exists()
    before = _counts()
    seed_community_life()
    assert _counts() == before


def test_the_managers_space_gathers_every_leader_with_a_pinned_template(demo_seeded):
    managers = Space.objects.get(slug=SLUG)
    leaders = set(
        Membership.objects.filter(role=Role.LEADER)
        .exclude(space=managers)
        .values_list("user_id", flat=True)
    )
    members = set(Membership.objects.filter(space=managers).values_list("user_id", flat=True))
    assert leaders <= members
    layout = SpaceLayout.objects.get(space=managers)
    assert layout.sections[0] == "guidance" and TEMPLATE_TITLE in layout.guidance_html
    assert managers.member_count == len(members)
