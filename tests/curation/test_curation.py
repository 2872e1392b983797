"""Curating the platform home page: who may, what is validated, what each viewer
sees in the featured strip and when, and what it costs the home page."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.core.errors import Forbidden, Invalid
from hearth.core.models import AuditEntry
from hearth.curation import selectors, services
from hearth.curation.models import HomeFeature
from tests.conftest import actor_of, client_for
from tests.factories import (
    event_make,
    home_feature_make,
    membership_make,
    person_make,
    space_make,
    story_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    admin = person_make(username="root", org_role="admin")
    director = person_make(username="dir", org_role="director")
    leader, member, outsider = person_make(), person_make(), person_make()
    star = person_make(username="star", display_name="Featured-Person-Marker", title="Lean coach")
    open_space = space_make(slug="lean", name="Open-Space-Marker", leader=leader)
    hidden = space_make(
        slug="aurora", name="Private-Space-Marker", visibility="private", leader=leader
    )
    membership_make(space=hidden, user=member)
    membership_make(space=hidden, user=director)
    membership_make(space=open_space, user=member)
    secret_story = story_make(space=hidden, author=member, title="Private-Story-Marker")
    public_story = story_make(
        space=open_space, author=member, title="Open-Story-Marker", hours_saved=12
    )
    secret_event = event_make(space=hidden, host=leader, title="Private-Event-Marker")
    return {
        "admin": admin,
        "director": director,
        "leader": leader,
        "member": member,
        "outsider": outsider,
        "star": star,
        "open": open_space,
        "hidden": hidden,
        "secret_story": secret_story,
        "public_story": public_story,
        "secret_event": secret_event,
    }


def feature_everything(org):
    director = org["director"]
    home_feature_make(curator=director, kind="person", target="star", blurb="Ran 40 kaizens")
    home_feature_make(curator=director, kind="space", target="lean", position=1)
    home_feature_make(curator=director, kind="space", target="aurora", position=2)
    home_feature_make(curator=director, kind="story", target=str(org["public_story"].pk))
    home_feature_make(curator=director, kind="story", target=f"/stories/{org['secret_story'].pk}/")
    home_feature_make(curator=director, kind="event", target=str(org["secret_event"].pk))


def test_each_viewer_sees_only_the_featured_things_they_may_see(org):
    feature_everything(org)
    outsider = client_for(org["outsider"]).get("/").content.decode()
    for marker in (
        "Featured-Person-Marker",
        "Ran 40 kaizens",
        "Open-Space-Marker",
        "Open-Story-Marker",
    ):
        assert marker in outsider
    for marker in ("Private-Space-Marker", "Private-Story-Marker", "Private-Event-Marker"):
        assert marker not in outsider
    member = client_for(org["member"]).get("/").content.decode()
    for marker in ("Private-Space-Marker", "Private-Story-Marker", "Private-Event-Marker"):
        assert marker in member
    # An admin administers the private space (sees it listed) but does not read it.
    admin = client_for(org["admin"]).get("/").content.decode()
    assert "Private-Space-Marker" in admin and "Private-Story-Marker" not in admin


def test_the_strips_check_agrees_with_the_policys_filter_for_every_viewer(org):
    """``may_see`` decides on loaded features what ``visible_q`` filters in a query."""
    feature_everything(org)
    other = event_make(space=org["open"], host=org["leader"], title="Open-Event-Marker")
    home_feature_make(curator=org["director"], kind="event", target=str(other.pk))
    org["star"].is_active = False
    org["star"].save(update_fields=["is_active"])
    now = timezone.now()
    for name in ("admin", "director", "leader", "member", "outsider", "star"):
        actor = actor_of(org[name])
        filtered = set(
            HomeFeature.objects.filter(selectors.visible_q(actor)).values_list("pk", flat=True)
        )
        checked = {f.pk for f in HomeFeature.objects.all() if selectors.may_see(actor, f, now)}
        assert checked == filtered, name
        assert {f.pk for f in selectors.features_in_force(actor=actor)} == filtered, name


def test_the_strip_follows_the_clock_with_no_job(org):
    now = timezone.now()
    home_feature_make(
        curator=org["admin"],
        kind="person",
        target="star",
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=4),
    )
    client = client_for(org["outsider"])
    assert "Featured-Person-Marker" not in client.get("/").content.decode()
    with time_machine.travel(now + timedelta(days=3)):
        assert "Featured-Person-Marker" in client.get("/").content.decode()
    with time_machine.travel(now + timedelta(days=4)):  # the end is excluded
        assert "Featured-Person-Marker" not in client.get("/").content.decode()


def test_a_featured_event_leaves_the_strip_once_cancelled_or_over(org):
    from hearth.events.services import event_cancel

    director, member = org["director"], org["member"]
    home_feature_make(curator=director, kind="event", target=str(org["secret_event"].pk))
    other = event_make(space=org["open"], host=org["leader"], title="Open-Event-Marker")
    home_feature_make(curator=director, kind="event", target=str(other.pk))
    client = client_for(member)
    assert "Private-Event-Marker" in client.get("/").content.decode()
    event_cancel(actor=actor_of(org["leader"]), event=org["secret_event"], reason="Moved online.")
    page = client.get("/").content.decode()
    assert "Private-Event-Marker" not in page and "Open-Event-Marker" in page
    with time_machine.travel(other.ends_at + timedelta(minutes=1)):
        assert "Open-Event-Marker" not in client.get("/").content.decode()


def test_the_home_page_pays_one_query_for_the_strip(org):
    client = client_for(org["member"])
    client.get("/")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    empty = count()
    feature_everything(org)
    full = count()
    for i in range(5):
        person_make(username=f"extra{i}")
        home_feature_make(curator=org["admin"], kind="person", target=f"extra{i}")
    assert count() == full
    assert full - empty <= 1  # the strip itself: one query, joined targets included
    actor = actor_of(org["member"])
    assert actor.roles and actor.invited_space_ids is not None  # loaded once per request
    with CaptureQueriesContext(connection) as captured:
        selectors.features_in_force(actor=actor)
    assert len(captured) == 1


def test_only_admins_and_directors_curate(org):
    for person in ("leader", "member", "outsider"):
        client = client_for(org[person])
        assert client.get("/curation/").status_code == 403
        assert (
            client.post(
                "/curation/",
                {"kind": "person", "target": "star", "ends_at": "2099-01-01T00:00", "position": 0},
            ).status_code
            == 403
        )
        with pytest.raises(Forbidden):
            home_feature_make(curator=org[person], kind="person", target="star")
    assert not HomeFeature.objects.exists()
    assert client_for(org["admin"]).get("/curation/").status_code == 200
    unit_leader = person_make(org_role="unit_leader")
    assert client_for(unit_leader).get("/curation/").status_code == 403


def test_every_change_is_audited(org):
    client = client_for(org["admin"])
    ends = (timezone.now() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/curation/",
        {"kind": "space", "target": "lean", "blurb": "Join!", "ends_at": ends, "position": 3},
    )
    assert response.status_code == 302
    feature = HomeFeature.objects.get()
    assert feature.space == org["open"] and feature.position == 3
    later = (timezone.now() + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        f"/curation/{feature.pk}/edit/", {"blurb": "Join us", "ends_at": later, "position": 1}
    )
    feature.refresh_from_db()
    assert feature.blurb == "Join us" and feature.position == 1
    client.post(f"/curation/{feature.pk}/remove/")
    assert not HomeFeature.objects.exists()
    entries = list(
        AuditEntry.objects.filter(action__startswith="home_feature.")
        .order_by("id")
        .values_list("action", "as_role")
    )
    assert entries == [
        ("home_feature.create", "platform_admin"),
        ("home_feature.update", "platform_admin"),
        ("home_feature.remove", "platform_admin"),
    ]
    assert client_for(org["member"]).post("/curation/1/remove/").status_code == 403
    assert client.get("/curation/99999/edit/").status_code == 404


@pytest.mark.parametrize(
    "kind, target, field",
    [
        ("person", "nobody-here", "target"),
        ("space", "no-such-space", "target"),
        ("story", "abc", "target"),
        ("story", "999999", "target"),
        ("event", "", "target"),
        ("planet", "earth", "kind"),
    ],
)
def test_unknown_targets_are_refused(org, kind, target, field):
    with pytest.raises(Invalid) as error:
        home_feature_make(curator=org["director"], kind=kind, target=target)
    assert error.value.field == field
    assert not HomeFeature.objects.exists()


def test_targets_the_curator_cannot_see_are_refused_alike(org):
    # The admin is no member of the private space: its story and event are unknown
    # to them, with the same message as a missing one.
    for kind, target in (("story", org["secret_story"].pk), ("event", org["secret_event"].pk)):
        with pytest.raises(Invalid, match="that you can see"):
            home_feature_make(curator=org["admin"], kind=kind, target=str(target))
    hidden = space_make(slug="hidden-from-all", visibility="private")
    assert hidden.pk
    # Admins and directors administer every space, so they may feature one (shown
    # only to those who may see it).
    home_feature_make(curator=org["admin"], kind="space", target="hidden-from-all")
    deactivated = person_make(username="gone", is_active=False)
    assert deactivated.pk
    with pytest.raises(Invalid):
        home_feature_make(curator=org["admin"], kind="person", target="gone")
    assert HomeFeature.objects.count() == 1


def test_dates_and_other_bad_input(org):
    now = timezone.now()
    actor = actor_of(org["admin"])
    cases = [
        ({"starts_at": now + timedelta(days=2), "ends_at": now + timedelta(days=1)}, "ends_at"),
        ({"starts_at": now, "ends_at": None}, "ends_at"),
        ({"starts_at": now - timedelta(days=5), "ends_at": now - timedelta(days=1)}, "ends_at"),
        ({"ends_at": now + timedelta(days=800)}, "ends_at"),
        ({"ends_at": (now + timedelta(days=2)).replace(tzinfo=None)}, "ends_at"),
        ({"ends_at": now + timedelta(days=2), "blurb": "b" * 281}, "blurb"),
        ({"ends_at": now + timedelta(days=2), "position": -1}, "position"),
        ({"ends_at": now + timedelta(days=2), "position": "1"}, "position"),
    ]
    for changes, field in cases:
        with pytest.raises(Invalid) as error:
            services.home_feature_create(actor=actor, kind="person", target="star", **changes)
        assert error.value.field == field, changes
    response = client_for(org["admin"]).post(
        "/curation/", {"kind": "person", "target": "star", "ends_at": "not a date", "position": 0}
    )
    assert response.status_code == 400 and b'role="alert"' in response.content
    response = client_for(org["admin"]).post(
        "/curation/",
        {
            "kind": "story",
            "target": str(org["secret_story"].pk),
            "ends_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "position": 0,
        },
    )
    assert response.status_code == 400 and b"that you can see" in response.content
    assert not HomeFeature.objects.exists()


def test_the_curation_page_names_only_what_the_curator_may_see(org):
    home_feature_make(curator=org["director"], kind="story", target=str(org["secret_story"].pk))
    assert b"Private-Story-Marker" in client_for(org["director"]).get("/curation/").content
    page = client_for(org["admin"]).get("/curation/").content.decode()
    assert "Private-Story-Marker" not in page and "in a space you cannot read" in page


def test_the_curation_api_for_curators_and_what_each_caller_sees_now(org):
    import json

    from tests.conftest import ApiClient

    director, outsider = ApiClient(org["director"]), ApiClient(org["outsider"])
    ends = (timezone.now() + timedelta(days=7)).isoformat()
    made = director.post(
        "/home-features", {"kind": "space", "target": "aurora", "ends_at": ends, "blurb": "Soon"}
    )
    assert made.status_code == 201, made.content
    public = director.post(
        "/home-features", {"kind": "person", "target": "star", "ends_at": ends}
    ).json()
    # Each caller sees of it what they may see; the private space not by an outsider.
    assert [f["kind"] for f in outsider.get("/home-features/current").json()] == ["person"]
    assert {f["kind"] for f in director.get("/home-features/current").json()} == {
        "space",
        "person",
    }
    # Only curators list, create and remove; bad input changes nothing.
    assert outsider.get("/home-features").status_code == 403
    assert (
        outsider.post(
            "/home-features", {"kind": "person", "target": "star", "ends_at": ends}
        ).status_code
        == 403
    )
    for bad in (
        {"kind": "planet", "target": "x", "ends_at": ends},
        {"kind": "person", "target": "nobody-here", "ends_at": ends},
        {"kind": "person", "target": "star", "ends_at": "2001-01-01T00:00:00Z"},
        {"kind": "person", "target": "star"},
    ):
        assert 400 <= director.post("/home-features", bad).status_code < 500, bad
    assert len(director.get("/home-features").json()["items"]) == 2
    gone = director.client.delete(f"/api/v1/home-features/{public['id']}", headers=director.headers)
    assert gone.status_code == 204
    assert (
        director.client.delete("/api/v1/home-features/999999", headers=director.headers).status_code
        == 404
    )
    assert [f["kind"] for f in outsider.get("/home-features/current").json()] == []
    assert json.loads(director.get("/home-features").content)["count"] == 1
