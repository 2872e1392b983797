"""Reports, the threshold that hides an item, and hidden items on every surface."""

import pytest

from hearth.access.actor import Actor
from hearth.conversations.models import Conversation, Reply
from hearth.conversations.selectors import conversation_list, feed, reply_list
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry
from hearth.moderation.models import Case, Report
from hearth.moderation.services import report_create, report_threshold_set
from hearth.notifications.models import Notification
from hearth.notifications.selectors import notification_list
from hearth.search.models import SearchDocument
from hearth.search.selectors import search
from tests.conftest import ApiClient, client_for
from tests.factories import (
    conversation_make,
    person_make,
    report_make,
    space_make,
)


def _report(user, target, reason="spam", text=""):
    return report_make(reporter=user, target=target, reason=reason, text=text)


def _hide(c):
    for person in c.reporters:
        _report(person, c.reply)
    c.reply.refresh_from_db()


def test_a_report_opens_one_case_per_item(community):
    c = community
    first = _report(c.reporters[0], c.reply)
    second = _report(c.reporters[1], c.reply, reason="other", text="Advertising")
    assert first.case_id == second.case_id
    case = Case.objects.get()
    assert (case.report_count, case.space, case.author) == (2, c.space, c.author)
    assert case.hidden_at is None
    c.reply.refresh_from_db()
    assert c.reply.hidden_at is None


def test_reporting_ones_own_post_is_refused(community):
    with pytest.raises(Forbidden, match="your own"):
        _report(community.author, community.reply)
    assert not Report.objects.exists()


def test_reporting_twice_is_refused(community):
    _report(community.reporters[0], community.reply)
    with pytest.raises(Conflict, match="already reported"):
        _report(community.reporters[0], community.reply, reason="harassment")
    assert Report.objects.count() == 1
    assert Case.objects.get().report_count == 1


@pytest.mark.parametrize(
    "kind, target_id, reason, text, error",
    [
        ("document", 1, "spam", "", Invalid),
        ("reply", -1, "spam", "", Invalid),
        ("reply", None, "rude", "", Invalid),
        ("reply", None, "other", "  ", Invalid),
        ("reply", None, "spam", "x" * 1001, Invalid),
        ("reply", 999_999, "spam", "", NotFound),
    ],
)
def test_bad_reports_are_refused_and_change_nothing(
    community, kind, target_id, reason, text, error
):
    with pytest.raises(error):
        report_create(
            actor=Actor.for_user(community.reporters[0]),
            target_type=kind,
            target_id=target_id or community.reply.pk,
            reason=reason,
            text=text,
        )
    assert not Case.objects.exists() and not Report.objects.exists()


def test_what_one_cannot_read_cannot_be_reported(db):
    owner = person_make()
    private = space_make(visibility="private", leader=owner)
    secret = conversation_make(space=private, author=owner)
    with pytest.raises(NotFound):
        report_make(reporter=person_make(), target=secret)


def test_enough_distinct_reports_hide_the_item_and_tell_the_moderators(community):
    c = community
    _hide(c)
    case = Case.objects.get()
    assert case.hidden_at is not None and c.reply.hidden_at is not None
    told = set(
        Notification.objects.filter(kind="moderation_review").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"lea", "fay"}
    assert AuditEntry.objects.filter(action="moderation.auto_hide").count() == 1
    c.conversation.refresh_from_db()
    assert c.conversation.reply_count == 1  # counted until a decision removes it


def test_the_threshold_is_per_space(community):
    c = community
    report_threshold_set(actor=Actor.for_user(c.leader), space=c.space, threshold=1)
    _report(c.reporters[0], c.reply)
    c.reply.refresh_from_db()
    assert c.reply.hidden_at is not None
    entry = AuditEntry.objects.get(action="moderation.threshold")
    assert (entry.before, entry.after, entry.as_role) == (
        {"threshold": 3},
        {"threshold": 1},
        "",
    )


@pytest.mark.parametrize("value", [0, 51, "3", True])
def test_a_bad_threshold_is_refused(community, value):
    with pytest.raises(Invalid):
        report_threshold_set(
            actor=Actor.for_user(community.leader), space=community.space, threshold=value
        )


def test_a_member_cannot_set_the_threshold(community):
    with pytest.raises(Forbidden):
        report_threshold_set(
            actor=Actor.for_user(community.reporters[0]), space=community.space, threshold=1
        )


def test_a_hidden_reply_reaches_only_its_author_and_the_moderators(community):
    c = community
    _hide(c)
    readers = {"reader": c.reporters[0], "outsider": c.outsider, "starter": c.starter}
    for who, person in readers.items():
        actor = Actor.for_user(person)
        assert c.reply not in reply_list(actor=actor, conversation=c.conversation), who
        assert not Reply.objects.visible_to(actor).filter(pk=c.reply.pk).exists(), who
        page = client_for(person).get(f"/c/{c.conversation.pk}/")
        assert b"Buy cheap pills" not in page.content, who
        api = ApiClient(person).get(f"/conversations/{c.conversation.pk}/replies", limit=50)
        assert api.status_code == 200 and api.json()["count"] == 0, who
        assert b"Buy cheap pills" not in api.content, who
        assert page.status_code == 200, who
    for person in (c.author, c.facilitator, c.leader):
        page = client_for(person).get(f"/c/{c.conversation.pk}/")
        assert b"Buy cheap pills" in page.content
        assert b"Hidden pending review" in page.content
        api = ApiClient(person).get(f"/conversations/{c.conversation.pk}/replies", limit=50)
        assert api.json()["count"] == 1


def test_a_hidden_conversation_leaves_pages_feed_search_api_and_notifications(community):
    c = community
    report_threshold_set(actor=Actor.for_user(c.leader), space=c.space, threshold=1)
    follower = c.reporters[1]
    conversation = c.conversation
    Notification.objects.create(
        recipient=follower, kind="reply", text="News", conversation=conversation, space=c.space
    )
    _report(c.reporters[0], conversation)
    conversation.refresh_from_db()
    assert conversation.hidden_at is not None
    assert SearchDocument.objects.get(kind="conversation", object_id=conversation.pk).removed
    actor = Actor.for_user(follower)
    assert conversation not in conversation_list(actor=actor, space=c.space)
    assert conversation not in feed(actor=actor)[0]
    assert not notification_list(actor=actor).filter(conversation=conversation).exists()
    assert search(actor=actor, q="Compost").count == 0
    assert client_for(follower).get(f"/c/{conversation.pk}/").status_code == 404
    assert ApiClient(follower).get(f"/conversations/{conversation.pk}").status_code == 404
    # Its author still sees it, marked.
    page = client_for(c.starter).get(f"/c/{conversation.pk}/")
    assert page.status_code == 200 and b"Hidden pending review" in page.content
    assert conversation in conversation_list(actor=Actor.for_user(c.starter), space=c.space)
    assert conversation in conversation_list(actor=Actor.for_user(c.facilitator), space=c.space)


def test_a_profile_can_be_reported_and_is_never_hidden(community):
    c = community
    for person in c.reporters:
        _report(person, c.author)
    case = Case.objects.get()
    assert (case.target_type, case.space, case.hidden_at) == ("profile", None, None)
    assert client_for(c.outsider).get("/people/troll/").status_code == 200


def test_conversation_hidden_state_is_kept_on_the_model(community):
    c = community
    report_threshold_set(actor=Actor.for_user(c.leader), space=c.space, threshold=1)
    _report(c.reporters[0], c.conversation)
    assert Conversation.objects.filter(hidden_at__isnull=False).count() == 1
