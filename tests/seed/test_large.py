"""The large preset at a tiny scale: the scaled counts, skew and the benchmark's sign-ins."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from hearth.core.demo import DEMO_PASSWORD, DEMO_SIGN_INS
from hearth.people.models import BusinessUnit, Country
from hearth.seed.large import scaled_counts, visibility_of
from hearth.spaces.models import AccessRequest, Membership, Role, Space, Visibility
from tests.seed.conftest import LARGE_SCALE as SCALE  # 400 people, 6 spaces


@pytest.fixture
def large(large_seeded, db):
    """Seeded once for the module (tests/seed/conftest.py); each test's changes are undone."""
    return large_seeded


def test_scaled_counts_follow_the_product_brief():
    assert scaled_counts(1.0) == (200_000, 3_000)
    assert scaled_counts(0.1) == (20_000, 300)
    assert scaled_counts(0.0001) == (20, 1)


def test_visibilities_mix_about_70_20_10():
    ranks = [visibility_of(i) for i in range(3000)]
    assert visibility_of(0) == Visibility.OPEN
    assert abs(ranks.count(Visibility.OPEN) - 2100) < 30
    assert abs(ranks.count(Visibility.RESTRICTED) - 600) < 30
    assert abs(ranks.count(Visibility.PRIVATE) - 300) < 30


def test_large_seed_creates_the_scaled_organisation(large):
    people = get_user_model().objects.filter(username__regex=r"^p[0-9]{6}$")
    assert people.count() == 400
    assert BusinessUnit.objects.count() == 27
    assert Country.objects.count() == 64
    assert Space.objects.count() == 6
    assert "400 people" in large and "6 spaces" in large


def test_member_counts_are_exact_and_every_space_has_a_leader(large):
    for space in Space.objects.annotate(n=Count("memberships")):
        assert space.member_count == space.n > 0
        assert space.memberships.filter(role=Role.LEADER).exists()


def test_membership_is_skewed_and_each_person_is_in_a_handful(large):
    sizes = sorted(Space.objects.values_list("member_count", flat=True), reverse=True)
    assert sizes[0] > 3 * sizes[-1]
    per_person = (
        Membership.objects.filter(user__username__startswith="p")
        .values("user")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    assert max(per_person) <= 9


def test_sign_ins_exist_and_member_is_in_the_largest_open_space(large):
    User = get_user_model()
    for username, _what in DEMO_SIGN_INS:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    largest = Space.objects.filter(visibility=Visibility.OPEN).order_by("-member_count").first()
    assert largest.memberships.filter(user__username="member").exists()
    assert Membership.objects.filter(user__username="member").count() >= 3
    assert Membership.objects.filter(user__username="leader", role=Role.LEADER).exists()
    assert not Membership.objects.filter(user__username="newcomer").exists()


def test_member_asks_to_join_a_restricted_space_that_leader_leads(large):
    request = AccessRequest.objects.get(user__username="member")
    assert request.status == AccessRequest.Status.PENDING
    assert request.space.visibility == Visibility.RESTRICTED
    assert request.space.memberships.filter(user__username="leader", role=Role.LEADER).exists()


def test_large_seed_refuses_to_run_twice(large):
    with pytest.raises(CommandError, match="already holds the large organisation"):
        call_command("seed", preset="large", scale=str(SCALE))
    assert Space.objects.count() == 6


def test_people_and_spaces_date_from_the_launch_before_every_post(large):
    """The directory was imported at launch, a week before the oldest post: no one posts
    before joining, and the newest things in the search index are posts, as after a
    year of use (not 20,000 people who all joined today)."""
    from django.db.models import Max, Min

    from hearth.conversations.models import Conversation

    people = get_user_model().objects.filter(username__startswith="p")
    first_post = Conversation.objects.aggregate(first=Min("created_at"))["first"]
    assert people.aggregate(last=Max("date_joined"))["last"] < first_post
    assert Space.objects.aggregate(last=Max("created_at"))["last"] < first_post
