"""The welcome and each new member's checklist, detected from the data; reminders once."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.conversations.models import Follow, Tag
from hearth.core.errors import Forbidden, Invalid
from hearth.launch import onboarding, services
from hearth.launch.models import OnboardingReminder
from hearth.notifications.models import Notification
from hearth.people.models import ExpertiseTag
from hearth.spaces.models import Membership
from tests.conftest import client_for
from tests.factories import conversation_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


def acknowledged_everything(*, space, user) -> bool:
    return user.username.startswith("ok")


def _space():
    leader = person_make()
    space = space_make(leader=leader, visibility="restricted")
    return space, leader


def _items(space, user):
    return {i.key: i.done for i in onboarding.checklist_for(space=space, user=user).items}


def test_each_item_is_detected_from_the_data(settings):
    space, leader = _space()
    tag = Tag.objects.create(name="Pumps", slug="pumps")
    services.welcome_update(
        actor=Actor.for_user(leader),
        space=space,
        message="Welcome! **Say hello**",
        key_tags=["pumps"],
    )
    newcomer = person_make()
    membership_make(space=space, user=newcomer)
    assert _items(space, newcomer) == {
        "profile": False,
        "rules": None,
        "tags": False,
        "preferences": False,
        "introduce": False,
    }
    newcomer.title = "Engineer"
    newcomer.photo = SimpleUploadedFile("me.png", b"x", "image/png")
    newcomer.save()
    newcomer.expertise.add(ExpertiseTag.objects.create(name="Hydraulics", slug="hydraulics"))
    Follow.objects.create(user=newcomer, tag=tag)
    onboarding.onboarding_preferences_set(
        actor=Actor.for_user(newcomer), space=space, level="watching", email="none"
    )
    conversation_make(space=space, author=newcomer, title="Hello, I am new")
    checklist = onboarding.checklist_for(space=space, user=newcomer)
    assert checklist.complete and checklist.percent == 100
    # The rules item plugs in once a detector is named.
    settings.HEARTH_RULES_ACKNOWLEDGED = "tests.launch.test_onboarding.acknowledged_everything"
    assert _items(space, newcomer)["rules"] is False
    assert onboarding.checklist_for(space=space, user=newcomer).percent == 80


def test_without_key_tags_the_tags_item_does_not_apply():
    space, _ = _space()
    member = person_make()
    membership_make(space=space, user=member)
    assert _items(space, member)["tags"] is None


def test_bad_welcome_and_preferences_are_refused():
    space, leader = _space()
    member = person_make()
    membership_make(space=space, user=member)
    with pytest.raises(Invalid, match="Unknown tag"):
        services.welcome_update(
            actor=Actor.for_user(leader), space=space, message="Hi", key_tags=["nope"]
        )
    with pytest.raises(Forbidden):
        services.welcome_update(actor=Actor.for_user(member), space=space, message="Hi")
    with pytest.raises(Invalid):
        onboarding.onboarding_preferences_set(
            actor=Actor.for_user(member), space=space, level="loud", email="none"
        )
    outsider = person_make()
    with pytest.raises(Forbidden):
        onboarding.onboarding_preferences_set(
            actor=Actor.for_user(outsider), space=space, level="normal", email="none"
        )
    assert not Follow.objects.exists()


def test_the_welcome_is_sanitised_markdown():
    space, leader = _space()
    welcome = services.welcome_update(
        actor=Actor.for_user(leader),
        space=space,
        message="Hi <script>alert(1)</script> [x](javascript:y)",
    )
    html = welcome.message_html
    assert "<script>" not in html and "&lt;script&gt;" in html and "href=" not in html


def test_gentle_reminders_go_once_to_new_members_with_unfinished_checklists():
    space, leader = _space()
    slow, done, old, fresh = (person_make() for _ in range(4))
    for person in (slow, done, old, fresh):
        membership_make(space=space, user=person)
    Membership.objects.filter(user__in=[slow, done]).update(
        joined_at=timezone.now() - timedelta(days=4)
    )
    Membership.objects.filter(user=old).update(joined_at=timezone.now() - timedelta(days=60))
    conversation_make(space=space, author=done)
    done.title = "T"
    done.photo = SimpleUploadedFile("me.png", b"x", "image/png")
    done.save()
    done.expertise.add(ExpertiseTag.objects.create(name="X", slug="x"))
    Follow.objects.create(user=done, space=space)
    assert onboarding.onboarding_reminders_send() == 1
    assert onboarding.onboarding_reminders_send() == 0
    assert OnboardingReminder.objects.get().user == slow
    note = Notification.objects.get(kind="onboarding")
    assert note.recipient == slow and "complete your profile" in note.text


def test_welcome_page_for_members_readers_and_outsiders():
    space, leader = _space()
    services.welcome_update(actor=Actor.for_user(leader), space=space, message="# Hello all")
    member = person_make()
    membership_make(space=space, user=member)
    url = f"/s/{space.slug}/welcome/"
    assert Client().get(url).status_code == 302
    assert client_for(person_make()).get(url).status_code == 403
    private = space_make(visibility="private", leader=leader)
    assert client_for(person_make()).get(f"/s/{private.slug}/welcome/").status_code == 404
    page = client_for(member).get(url).content.decode()
    assert "<h1>Hello all</h1>" in page and "Getting started: 0 of 3" in page
    response = client_for(member).post(
        f"{url}preferences/", {"level": "normal", "email": "important"}
    )
    assert response.status_code == 302
    assert "Getting started: 1 of 3" in client_for(member).get(url).content.decode()
    assert client_for(member).post(f"{url}preferences/", {"level": "x"}).status_code == 400


def test_welcome_page_runs_constant_queries():
    space, leader = _space()
    member = person_make()
    membership_make(space=space, user=member)
    client = client_for(member)
    counts = []
    for n in (1, 5):
        for _ in range(n):
            conversation_make(space=space, author=member)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/s/{space.slug}/welcome/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
