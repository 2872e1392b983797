"""The demo preset: the organisation it promises, and a rerun that changes nothing."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.test import RequestFactory

from hearth.conversations.models import Follow, SuggestedTag
from hearth.core.demo import DEMO_PASSWORD, DEMO_SIGN_INS
from hearth.people.models import BusinessUnit, Country, ExpertiseTag
from hearth.spaces.models import AccessRequest, Invitation, Membership, Role, Space, Visibility

pytestmark = pytest.mark.django_db

SIGN_IN_NAMES = [username for username, _what in DEMO_SIGN_INS]


@pytest.fixture
def demo(demo_seeded):
    """Seeded once for the module (tests/seed/conftest.py); each test's changes are undone."""
    return demo_seeded


def snapshot() -> dict:
    User = get_user_model()
    return {
        "people": sorted(User.objects.values_list("username", "password", "org_role")),
        "units": BusinessUnit.objects.count(),
        "countries": Country.objects.count(),
        "tags": ExpertiseTag.objects.count(),
        "expertise": User.expertise.through.objects.count(),
        "spaces": sorted(Space.objects.values_list("slug", "visibility", "member_count")),
        "memberships": sorted(Membership.objects.values_list("space_id", "user_id", "role")),
        "requests": sorted(AccessRequest.objects.values_list("space_id", "user_id", "status")),
        "invitations": Invitation.objects.count(),
        "follows": sorted(
            Follow.objects.filter(space__isnull=False).values_list("user_id", "space_id", "level")
        ),
        "suggested": sorted(SuggestedTag.objects.values_list("space_id", "tag_id", "position")),
    }


def test_demo_builds_an_organisation_of_300_people_in_5_units_and_4_countries(demo):
    assert get_user_model().objects.count() == 300
    assert BusinessUnit.objects.count() == 5
    assert set(Country.objects.values_list("code", flat=True)) == {"FR", "DE", "US", "IN"}
    assert ExpertiseTag.objects.count() > 20


def test_demo_has_twelve_spaces_of_every_visibility(demo):
    counts = dict(Space.objects.values_list("visibility").annotate(n=Count("id")))
    assert counts == {Visibility.OPEN: 6, Visibility.RESTRICTED: 4, Visibility.PRIVATE: 2}
    assert all(len(s.description) > 60 for s in Space.objects.all())
    assert not Space.objects.filter(description__icontains="lorem").exists()


def test_every_space_has_a_leader_and_every_role_is_used(demo):
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    led = set(Membership.objects.filter(role=Role.LEADER).values_list("space_id", flat=True))
    assert led == set(Space.objects.values_list("id", flat=True))


def test_member_count_matches_the_memberships(demo):
    for space in Space.objects.annotate(n=Count("memberships")):
        assert space.member_count == space.n, space.slug


def test_each_sign_in_has_the_role_it_is_named_for(demo):
    people = {u.username: u for u in get_user_model().objects.filter(username__in=SIGN_IN_NAMES)}
    assert set(people) == set(SIGN_IN_NAMES)
    admin = people["admin"]
    assert (admin.org_role, admin.is_staff, admin.is_superuser) == ("admin", True, True)
    assert people["director"].org_role == "director"
    assert people["unitlead"].org_role == "unit_leader"
    assert people["unitlead"].business_unit.name == "Operations"

    def roles(username):
        return list(
            Membership.objects.filter(user__username=username).values_list("role", flat=True)
        )

    assert roles("leader").count(Role.LEADER) >= 3
    assert Role.FACILITATOR in roles("facilitator")
    assert Role.CHAMPION in roles("champion")
    assert len(roles("member")) >= 3 and set(roles("member")) == {Role.MEMBER}
    assert roles("newcomer") == []


def test_member_waits_for_leader_to_approve_access_to_a_restricted_space(demo):
    request = AccessRequest.objects.get(user__username="member")
    assert request.status == AccessRequest.Status.PENDING
    assert request.space.visibility == Visibility.RESTRICTED
    assert Membership.objects.filter(
        space=request.space, user__username="leader", role=Role.LEADER
    ).exists()
    pending = AccessRequest.objects.filter(status=AccessRequest.Status.PENDING)
    assert pending.count() >= 4
    assert not pending.exclude(space__visibility=Visibility.RESTRICTED).exists()


def test_every_demo_person_signs_in_with_the_demo_password(demo):
    for username in SIGN_IN_NAMES:
        request = RequestFactory().post("/accounts/login/")
        user = authenticate(request, username=username, password=DEMO_PASSWORD)
        assert user is not None and user.username == username
    drawn = get_user_model().objects.exclude(username__in=SIGN_IN_NAMES)
    assert all(person.check_password(DEMO_PASSWORD) for person in drawn[:20])
    assert drawn.values("password").distinct().count() == 1


def test_some_profiles_are_left_incomplete(demo):
    drawn = get_user_model().objects.exclude(username__in=SIGN_IN_NAMES)
    assert drawn.filter(bio="").exists()
    assert drawn.filter(title="").exists()
    assert drawn.filter(business_unit=None).exists()
    assert drawn.filter(expertise=None).exists()
    assert drawn.exclude(bio="").count() > drawn.count() // 2


def test_seeding_the_demo_twice_changes_nothing(demo, capsys):
    before = snapshot()
    call_command("seed", preset="demo")
    assert "(0 new)" in capsys.readouterr().out
    assert snapshot() == before


def test_rerun_restores_the_sign_ins_but_keeps_what_people_changed(demo):
    User = get_user_model()
    User.objects.filter(username="admin").update(org_role="employee", is_superuser=False)
    User.objects.filter(username="member").update(password="!")
    User.objects.filter(username="leader").update(title="Head of Communities")
    call_command("seed", preset="demo")
    admin = User.objects.get(username="admin")
    assert admin.org_role == "admin" and admin.is_superuser
    assert User.objects.get(username="member").check_password(DEMO_PASSWORD)
    assert User.objects.get(username="leader").title == "Head of Communities"


def test_an_answered_request_is_not_asked_again(demo):
    request = AccessRequest.objects.get(user__username="member")
    request.status = AccessRequest.Status.DENIED
    request.save()
    call_command("seed", preset="demo")
    assert not AccessRequest.objects.filter(
        user__username="member", status=AccessRequest.Status.PENDING
    ).exists()


def test_rerun_repairs_a_wrong_member_count(demo):
    space = Space.objects.get(slug="customer-voice")
    Space.objects.filter(pk=space.pk).update(member_count=0)
    call_command("seed", preset="demo")
    space.refresh_from_db()
    assert space.member_count == space.memberships.count() > 0


def test_demo_prints_a_summary_and_the_sign_ins(demo):
    assert "300 people" in demo and "12 spaces" in demo
    assert DEMO_PASSWORD in demo
    assert all(username in demo for username in SIGN_IN_NAMES)


def test_spaces_suggest_their_usual_tags_and_sign_ins_follow_spaces_at_levels(demo):
    with_posts = Space.objects.filter(conversations__isnull=False).distinct()
    assert with_posts.exists()
    for space in with_posts:
        assert SuggestedTag.objects.filter(space=space).exists(), space.slug
    levels = set(
        Follow.objects.filter(space__isnull=False, user__username__in=SIGN_IN_NAMES).values_list(
            "level", flat=True
        )
    )
    assert levels == {"watching", "normal", "muted"}
