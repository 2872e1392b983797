"""The review queue and decisions: keep, hide, remove, edit, with a sanction."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.conversations.models import Revision
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry
from hearth.moderation.models import Case, Sanction
from hearth.moderation.selectors import case_get, review_queue
from hearth.moderation.services import case_decide
from hearth.notifications.models import Notification
from hearth.search.models import SearchDocument
from tests.factories import (
    conversation_make,
    person_make,
    reply_make,
    report_make,
    space_make,
)


def _hidden_case(c) -> Case:
    for person in c.reporters:
        report_make(reporter=person, target=c.reply)
    return Case.objects.get()


def _decide(who, case, decision, **kw):
    return case_decide(actor=Actor.for_user(who), case=case, decision=decision, **kw)


def test_the_queue_is_oldest_first_and_per_space(community):
    c = community
    later = reply_make(conversation=c.conversation, author=c.starter, body="Also this")
    report_make(reporter=c.reporters[0], target=c.reply)
    report_make(reporter=c.reporters[0], target=later)
    elsewhere = conversation_make(space=c.other, author=person_make())
    report_make(reporter=c.other_facilitator, target=elsewhere)
    queue = list(review_queue(actor=Actor.for_user(c.facilitator), space=c.space))
    assert [case.target_id for case in queue] == [c.reply.pk, later.pk]
    platform = list(review_queue(actor=Actor.for_user(c.admin)))
    assert len(platform) == 3


def test_members_and_outsiders_have_no_queue(community):
    c = community
    for person in (c.reporters[0], c.outsider, c.other_facilitator):
        with pytest.raises(Forbidden):
            review_queue(actor=Actor.for_user(person), space=c.space)
    with pytest.raises(Forbidden):
        review_queue(actor=Actor.for_user(c.facilitator))


def test_a_private_spaces_queue_is_404_for_outsiders(db):
    owner = person_make()
    private = space_make(visibility="private", leader=owner)
    with pytest.raises(NotFound):
        review_queue(actor=Actor.for_user(person_make()), space=private)


def test_keep_dismisses_the_reports_and_shows_the_item_again(community):
    c = community
    case = _hidden_case(c)
    _decide(c.facilitator, case, "keep")
    c.reply.refresh_from_db()
    case.refresh_from_db()
    assert c.reply.hidden_at is None and case.status == "decided"
    assert case.time_to_decision is not None and case.decided_by == c.facilitator
    assert not SearchDocument.objects.get(kind="reply", object_id=c.reply.pk).removed
    c.conversation.refresh_from_db()
    assert c.conversation.reply_count == 1
    told = Notification.objects.filter(kind="moderation_report", text__startswith="Thank you")
    assert {n.recipient for n in told} == set(c.reporters)
    assert all("kept" in n.text for n in told)
    entry = AuditEntry.objects.get(action="moderation.keep")
    assert entry.as_role == "" and entry.actor == c.facilitator
    assert entry.before["hidden"] is True and entry.after["hidden"] is False
    assert "seconds_to_decision" in entry.after


def test_remove_is_soft_and_kept_for_audit(community):
    c = community
    case = _hidden_case(c)
    _decide(c.leader, case, "remove", reason="Advertising")
    c.reply.refresh_from_db()
    assert c.reply.removed_at is not None and c.reply.body == "Buy cheap pills now"
    assert c.reply.removed_by == c.leader
    entry = AuditEntry.objects.get(action="moderation.remove")
    assert entry.as_role == "" and entry.after["removed"] is True
    author_note = Notification.objects.get(recipient=c.author, kind="moderation")
    assert "Advertising" in author_note.text
    c.conversation.refresh_from_db()
    assert c.conversation.reply_count == 0


def test_edit_needs_a_reason_keeps_a_revision_and_tells_the_author(community):
    c = community
    case = _hidden_case(c)
    with pytest.raises(Invalid, match="reason"):
        _decide(c.facilitator, case, "edit", body="Cleaned")
    _decide(c.facilitator, case, "edit", body="Cleaned up", reason="No advertising here")
    c.reply.refresh_from_db()
    assert (c.reply.body, c.reply.hidden_at) == ("Cleaned up", None)
    assert Revision.objects.get(reply=c.reply).previous_body == "Buy cheap pills now"
    text = Notification.objects.get(recipient=c.author).text
    assert "edited" in text and "No advertising here" in text
    entry = AuditEntry.objects.get(action="moderation.edit")
    assert entry.before["text"] == "Buy cheap pills now" and entry.after["text"] == "Cleaned up"


def test_hide_keeps_it_hidden(community):
    c = community
    report_make(reporter=c.reporters[0], target=c.reply)
    case = Case.objects.get()
    _decide(c.facilitator, case, "hide", reason="Off-topic")
    c.reply.refresh_from_db()
    assert c.reply.hidden_at is not None


def test_a_decision_with_a_sanction_silences_the_author(community):
    c = community
    case = _hidden_case(c)
    until = timezone.now() + timedelta(days=1)
    _decide(
        c.facilitator,
        case,
        "remove",
        reason="Spam",
        sanction={"kind": "silence", "reason": "Repeated spam", "until": until},
    )
    sanction = Sanction.objects.get()
    assert (sanction.person, sanction.space, sanction.case) == (c.author, c.space, case)
    assert AuditEntry.objects.filter(action="sanction.silence", as_role="").exists()


def test_a_facilitator_cannot_decide_outside_their_space(community):
    c = community
    case = _hidden_case(c)
    with pytest.raises(Forbidden):
        _decide(c.other_facilitator, case, "keep")
    with pytest.raises(Forbidden):
        case_get(actor=Actor.for_user(c.other_facilitator), case_id=case.pk)
    case.refresh_from_db()
    assert case.is_open and not AuditEntry.objects.filter(action__startswith="moderation.keep")


def test_a_case_in_a_private_space_is_404_to_others(db):
    owner, member = person_make(), person_make()
    private = space_make(visibility="private", leader=owner)
    post = conversation_make(space=private, author=owner)
    report_make(reporter=_member(private, member), target=post)
    case = Case.objects.get()
    with pytest.raises(NotFound):
        case_get(actor=Actor.for_user(person_make()), case_id=case.pk)
    # Platform admins know the space exists, but read its content only as members.
    with pytest.raises(Forbidden):
        case_get(actor=Actor.for_user(person_make(org_role="admin")), case_id=case.pk)


def _member(space, person):
    from tests.factories import membership_make

    membership_make(space=space, user=person)
    return person


def test_a_case_is_decided_once(community):
    c = community
    case = _hidden_case(c)
    _decide(c.facilitator, case, "keep")
    with pytest.raises(Conflict):
        _decide(c.leader, case, "remove")


@pytest.mark.parametrize("decision", ["delete", "", "KEEP"])
def test_an_unknown_decision_is_refused(community, decision):
    case = _hidden_case(community)
    with pytest.raises(Invalid):
        _decide(community.facilitator, case, decision)
    case.refresh_from_db()
    assert case.is_open


def test_a_profile_cannot_be_removed_but_can_be_edited(community):
    c = community
    c.author.bio = "Visit my shop"
    c.author.save()
    report_make(reporter=c.reporters[0], target=c.author)
    case = Case.objects.get()
    with pytest.raises(Forbidden):
        _decide(c.facilitator, case, "edit", body="", reason="Ads")
    with pytest.raises(Invalid):
        _decide(c.admin, case, "remove")
    _decide(c.admin, case, "edit", body="", reason="No advertising in profiles")
    c.author.refresh_from_db()
    assert c.author.bio == ""
    assert AuditEntry.objects.get(action="moderation.edit").as_role == "platform_admin"


def test_keeping_a_hidden_conversation_brings_it_and_its_replies_back_to_search(community):
    from hearth.moderation.services import report_threshold_set

    c = community
    report_threshold_set(actor=Actor.for_user(c.leader), space=c.space, threshold=1)
    report_make(reporter=c.reporters[0], target=c.conversation)
    documents = SearchDocument.objects.filter(conversation=c.conversation)
    assert all(documents.values_list("removed", flat=True))
    _decide(c.facilitator, Case.objects.get(), "keep")
    assert not any(documents.values_list("removed", flat=True))
    assert documents.count() == 2
