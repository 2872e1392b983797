"""Sanctions: warnings, silences, suspensions and bans, their ends, and rate limits."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.services import conversation_create, like_add, reply_create
from hearth.core.errors import Forbidden, Invalid, TooManyRequests
from hearth.core.models import AuditEntry
from hearth.moderation.models import Sanction
from hearth.moderation.services import (
    sanction_create,
    sanction_lift,
    sanctions_lift_expired,
)
from hearth.notifications.models import Notification
from hearth.spaces.models import Membership
from hearth.spaces.services import space_join
from tests.conftest import ApiClient, client_for
from tests.factories import PASSWORD, report_make


def _sanction(by, person, kind="silence", days=1, space=None, reason="Spam again"):
    until = timezone.now() + timedelta(days=days) if days is not None else None
    return sanction_create(
        actor=Actor.for_user(by), person=person, kind=kind, reason=reason, until=until, space=space
    )


def _fresh(person):
    person.refresh_from_db()
    return Actor.for_user(person)


def test_a_silenced_person_reads_but_posts_nowhere_in_the_space(community):
    c = community
    _sanction(c.facilitator, c.author, space=c.space)
    actor = _fresh(c.author)
    assert policy.can_read_space(actor, c.space)
    assert not policy.can_post_in_space(actor, c.space)
    with pytest.raises(Forbidden, match="silenced.*Spam again"):
        reply_create(actor=actor, conversation=c.conversation, body="Hello")
    with pytest.raises(Forbidden, match="silenced"):
        conversation_create(
            actor=actor, space=c.space, kind="discussion", title="A new one", body="Hi"
        )
    with pytest.raises(Forbidden, match="silenced"):
        like_add(actor=actor, conversation=c.conversation)
    page = client_for(c.author).post(f"/c/{c.conversation.pk}/replies/", {"body": "Hi"})
    assert page.status_code == 403
    api = ApiClient(c.author).post(f"/conversations/{c.conversation.pk}/replies", {"body": "Hi"})
    assert api.status_code == 403 and "silenced" in api.json()["detail"]
    created = ApiClient(c.author).post(
        "/spaces/garden/conversations", {"kind": "discussion", "title": "Sneaky", "body": "x"}
    )
    assert created.status_code == 403
    # Reporting stays open: it is how people ask for help.
    report_make(reporter=c.author, target=c.conversation)
    # Elsewhere they may post.
    assert policy.can_post_in_space(actor, c.other) is False  # not a member there
    page = client_for(c.author).get(f"/c/{c.conversation.pk}/")
    assert b"moderation-banner" in page.content and b"Spam again" in page.content


def test_a_platform_wide_silence_covers_every_space(community):
    c = community
    _sanction(c.admin, c.author)
    actor = _fresh(c.author)
    assert not policy.can_post_in_space(actor, c.space)
    assert AuditEntry.objects.get(action="sanction.silence").as_role == "platform_admin"


def test_an_expired_silence_is_lifted_at_once_even_before_the_worker(community):
    c = community
    _sanction(c.facilitator, c.author, space=c.space)
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        actor = _fresh(c.author)
        assert policy.can_post_in_space(actor, c.space)
        reply_create(actor=actor, conversation=c.conversation, body="I am back")


def test_the_worker_lifts_a_sanction_at_its_end_and_only_then(community):
    c = community
    sanction = _sanction(c.facilitator, c.author, space=c.space)
    assert not sanction_lift(sanction_id=sanction.pk)
    assert sanctions_lift_expired() == 0
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        call_command("moderation_sweep")
        assert sanctions_lift_expired() == 0  # idempotent
    sanction.refresh_from_db()
    c.author.refresh_from_db()
    assert sanction.lifted_at is not None and not c.author.has_restrictions
    assert AuditEntry.objects.filter(action="sanction.lift").count() == 1
    assert Notification.objects.filter(recipient=c.author, text__contains="has ended").exists()


def test_a_lift_is_queued_for_the_sanctions_end(community, django_capture_on_commit_callbacks):
    from django_tasks import default_task_backend

    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sanction = _sanction(community.facilitator, community.author, space=community.space)
    queued = [r for r in default_task_backend.results if r.task.name == "sanction_lift_due"]
    assert len(queued) == 1
    assert queued[0].task.run_after == sanction.ends_at
    assert queued[0].kwargs == {"sanction_id": sanction.pk}


@pytest.mark.parametrize(
    "kind, days, space, message",
    [
        ("silence", None, True, "needs an end"),
        ("silence", -1, True, "future"),
        ("suspension", None, False, "needs an end"),
        ("suspension", 1, True, "platform-wide"),
        ("ban", 1, False, "one space"),
        ("nap", 1, True, "kind"),
        ("silence", 3000, True, "five years"),
    ],
)
def test_bad_sanctions_are_refused_and_change_nothing(community, kind, days, space, message):
    c = community
    who = c.admin if not space else c.leader
    with pytest.raises(Invalid, match=message):
        _sanction(who, c.author, kind=kind, days=days, space=c.space if space else None)
    assert (
        not Sanction.objects.exists()
        and not AuditEntry.objects.filter(action__startswith="sanction").exists()
    )


def test_a_sanction_needs_a_reason(community):
    with pytest.raises(Invalid, match="reason"):
        _sanction(community.leader, community.author, space=community.space, reason=" ")


def test_only_moderators_of_the_space_sanction_in_it(community):
    c = community
    for person in (c.reporters[0], c.other_facilitator):
        with pytest.raises(Forbidden):
            _sanction(person, c.author, space=c.space)
    with pytest.raises(Forbidden):
        _sanction(c.facilitator, c.author)  # platform-wide: admins only
    with pytest.raises(Forbidden):
        _sanction(c.facilitator, c.leader, space=c.space)  # a moderator of the space


def test_a_warning_is_private_and_has_no_end(community):
    c = community
    sanction = _sanction(c.facilitator, c.author, kind="warning", space=c.space)
    assert sanction.ends_at is None and not sanction.is_active()
    assert policy.can_post_in_space(_fresh(c.author), c.space)
    note = Notification.objects.get(recipient=c.author)
    assert "warned" in note.text and "Spam again" in note.text


def test_a_ban_removes_from_the_space_and_may_be_permanent(community):
    c = community
    _sanction(c.leader, c.author, kind="ban", days=None, space=c.space)
    assert not Membership.objects.filter(space=c.space, user=c.author).exists()
    actor = _fresh(c.author)
    assert not policy.can_join_space(actor, c.space)
    with pytest.raises(Forbidden):
        space_join(actor=actor, space=c.space)
    with time_machine.travel(timezone.now() + timedelta(days=3650)):
        assert not policy.can_join_space(_fresh(c.author), c.space)
    # The rest of the platform is open to them.
    assert policy.can_join_space(actor, c.other)


def test_a_suspension_stops_sessions_tokens_and_sign_in_at_once(community):
    c = community
    session = client_for(c.author)
    api = ApiClient(c.author)
    assert session.get("/").status_code == 200
    assert api.get("/me").status_code == 200
    _sanction(c.admin, c.author, kind="suspension", days=2, reason="Harassment")
    page = session.get("/")
    assert page.status_code == 403 and b"Harassment" in page.content
    assert session.get("/").status_code == 302  # signed out
    assert api.get("/me").status_code == 401
    sign_in = Client().post("/accounts/login/", {"username": "troll", "password": PASSWORD})
    assert sign_in.status_code == 200 and b"suspended" in sign_in.content
    assert not policy.can_read_space(Actor.for_user(c.author), c.space)
    with time_machine.travel(timezone.now() + timedelta(days=2, minutes=1)):
        assert api.get("/me").status_code == 200
        assert client_for(c.author).get("/").status_code == 200


def test_the_person_sees_their_sanctions_and_reasons(community):
    c = community
    _sanction(c.facilitator, c.author, space=c.space, reason="Be kind")
    page = client_for(c.author).get("/moderation/mine/")
    assert page.status_code == 200 and b"Be kind" in page.content and b"In force" in page.content


# -- Rate limits ----------------------------------------------------------------------------


@pytest.fixture
def limits(settings):
    settings.HEARTH_RATE_LIMITS_ENABLED = True
    return settings


def test_posting_is_rate_limited_with_a_clear_message(community, limits):
    from hearth.moderation.ratelimit import Limit

    limits.HEARTH_RATE_LIMITS = {"post": (Limit(2, 600), Limit(1, 3600))}
    c = community
    old = timezone.now() - timedelta(days=30)
    type(c.starter).objects.filter(pk=c.starter.pk).update(date_joined=old)
    actor = _fresh(c.starter)
    reply_create(actor=actor, conversation=c.conversation, body="One")
    reply_create(actor=actor, conversation=c.conversation, body="Two")
    with pytest.raises(TooManyRequests, match="2 per 10 minutes"):
        reply_create(actor=actor, conversation=c.conversation, body="Three")
    api = ApiClient(c.starter).post(f"/conversations/{c.conversation.pk}/replies", {"body": "Four"})
    assert api.status_code == 429 and "limit" in api.json()["detail"]
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        reply_create(actor=actor, conversation=c.conversation, body="Later")


def test_new_accounts_have_tighter_limits(community, limits):
    from hearth.moderation.ratelimit import Limit

    limits.HEARTH_RATE_LIMITS = {"report": (Limit(10, 3600), Limit(1, 3600))}
    c = community
    newcomer = c.reporters[0]
    report_make(reporter=newcomer, target=c.reply)
    with pytest.raises(TooManyRequests, match="first day"):
        report_make(reporter=newcomer, target=c.conversation)
    response = ApiClient(newcomer).post(
        "/reports",
        {"target_type": "conversation", "target_id": c.conversation.pk, "reason": "spam"},
    )
    assert response.status_code == 429
