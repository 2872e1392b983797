"""Moderation pages: who may open them, what they do, and constant query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.core.errors import Forbidden, Invalid
from hearth.core.models import AuditEntry
from hearth.moderation import services
from hearth.moderation.models import Case, Guideline, Report, Sanction, StaffNote
from tests.conftest import actor_of, client_for
from tests.factories import (
    conversation_make,
    membership_make,
    person_make,
    reply_make,
    report_make,
)


def _queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/moderation/",
        "/moderation/mine/",
        "/s/garden/review/",
        "/s/garden/guidelines/",
        "/report/reply/1/",
        "/moderation/cases/1/",
        "/people/troll/moderation/",
    ],
)
def test_anonymous_visitors_are_asked_to_sign_in(community, url):
    response = Client().get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_space_queue_by_role(community):
    c = community
    report_make(reporter=c.reporters[0], target=c.reply)
    assert client_for(c.outsider).get("/s/garden/review/").status_code == 403
    assert client_for(c.reporters[1]).get("/s/garden/review/").status_code == 403
    assert client_for(c.other_facilitator).get("/s/garden/review/").status_code == 403
    for person in (c.facilitator, c.leader, c.admin):
        page = client_for(person).get("/s/garden/review/")
        assert page.status_code == 200 and b"Buy cheap pills" in page.content
    assert client_for(c.facilitator).get("/moderation/").status_code == 403
    assert client_for(c.admin).get("/moderation/").status_code == 200


def test_the_queue_runs_a_constant_number_of_queries(community):
    c = community
    client = client_for(c.facilitator)
    # One of each kind first: the items are read with one query per kind present.
    report_make(reporter=c.reporters[0], target=c.reply)
    report_make(reporter=c.reporters[0], target=c.conversation)
    _, few = _queries(client, "/s/garden/review/")
    for i in range(6):
        post = conversation_make(space=c.space, author=person_make(), title=f"Post {i} here")
        reply = reply_make(conversation=post, author=person_make())
        report_make(reporter=c.reporters[0], target=post)
        report_make(reporter=c.reporters[1], target=reply)
        report_make(reporter=c.reporters[2], target=reply)
    status, many = _queries(client, "/s/garden/review/")
    assert status == 200 and many == few
    _, platform_few = _queries(client_for(c.admin), "/moderation/")
    assert platform_few <= few + 3


def test_the_case_page_decides_and_tells(community):
    c = community
    for person in c.reporters:
        report_make(reporter=person, target=c.reply)
    case = Case.objects.get()
    url = f"/moderation/cases/{case.pk}/"
    assert client_for(c.other_facilitator).get(url).status_code == 403
    assert client_for(c.reporters[0]).get(url).status_code == 403
    client = client_for(c.facilitator)
    status, before = _queries(client, url)
    assert status == 200
    bad = client.post(url, {"decision": "edit", "body": "x"})
    assert bad.status_code == 400 and b"author sees the reason" in bad.content
    response = client.post(
        url,
        {
            "decision": "remove",
            "reason": "Spam",
            "sanction": "silence",
            "sanction_reason": "Spam",
            "sanction_days": "1",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/s/garden/review/"
    case.refresh_from_db()
    assert case.decision == "remove"
    assert Sanction.objects.get().ends_at > timezone.now() + timedelta(hours=23)
    page = client.get(url)
    assert b"Decided" in page.content


def test_report_page_shows_the_guidelines_and_reports(community):
    c = community
    Guideline.objects.create(
        space=c.space, version=1, body="Be kind", body_html="<p>Be kind to each other</p>"
    )
    client = client_for(c.reporters[0])
    page = client.get(f"/report/reply/{c.reply.pk}/")
    assert page.status_code == 200 and b"Be kind to each other" in page.content
    missing = client.post(f"/report/reply/{c.reply.pk}/", {"reason": "other"})
    assert missing.status_code == 400 and b"Say what is wrong" in missing.content
    done = client.post(f"/report/reply/{c.reply.pk}/", {"reason": "spam"})
    assert done.status_code == 302
    twice = client.post(f"/report/reply/{c.reply.pk}/", {"reason": "spam"})
    assert twice.status_code == 400 and b"already reported" in twice.content
    assert Report.objects.count() == 1
    assert (
        client_for(c.author).post(f"/report/reply/{c.reply.pk}/", {"reason": "spam"}).status_code
        == 400
    )
    assert client.get("/report/reply/999999/").status_code == 404
    assert client.get("/report/nothing/1/").status_code == 400


def test_report_page_hides_private_content_from_outsiders(db):
    from tests.factories import space_make

    owner = person_make()
    private = space_make(visibility="private", leader=owner)
    post = conversation_make(space=private, author=owner, title="Secret plans here")
    page = client_for(person_make()).get(f"/report/conversation/{post.pk}/")
    assert page.status_code == 404 and b"Secret plans" not in page.content


def test_guidelines_are_versioned_and_edited_by_moderators(community):
    c = community
    reader = client_for(c.reporters[0])
    assert reader.get("/s/garden/guidelines/").status_code == 200
    assert reader.post("/s/garden/guidelines/", {"body": "Mine", "threshold": 2}).status_code == 403
    client = client_for(c.leader)
    client.post("/s/garden/guidelines/", {"body": "# Rules\n\nBe kind.", "threshold": 3})
    client.post("/s/garden/guidelines/", {"body": "# Rules\n\nBe kinder.", "threshold": 2})
    assert list(Guideline.objects.values_list("version", flat=True)) == [2, 1]
    assert AuditEntry.objects.filter(action="moderation.guidelines").count() == 2
    bad = client.post("/s/garden/guidelines/", {"body": "", "threshold": 0})
    assert bad.status_code == 400
    page = reader.get("/s/garden/guidelines/")
    assert b"Be kinder" in page.content and b"Publish" not in page.content
    status, few = _queries(reader, "/s/garden/guidelines/")
    assert status == 200 and few <= 12


def test_the_person_record_is_for_moderators_only(community):
    c = community
    url = "/people/troll/moderation/"
    assert client_for(c.reporters[0]).get(url).status_code == 404
    assert client_for(c.author).get(url).status_code == 404
    client = client_for(c.facilitator)
    assert client.get(url).status_code == 200
    missing_space = client.post(f"{url}note/", {"body": "No space chosen"})
    assert missing_space.status_code == 400 and not StaffNote.objects.exists()
    client.post(f"{url}note/", {"body": "Talked to them on the phone", "space": "garden"})
    note = StaffNote.objects.get()
    assert note.author == c.facilitator and note.space.slug == "garden"
    assert b"Talked to them" in client.get(url).content
    assert client_for(c.reporters[0]).post(f"{url}note/", {"body": "x"}).status_code == 404
    bad = client.post(f"{url}sanction/", {"kind": "silence", "space": "garden", "reason": "Spam"})
    assert bad.status_code == 400 and b"needs an end" in bad.content
    until = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    ok = client.post(
        f"{url}sanction/", {"kind": "silence", "space": "garden", "reason": "Spam", "until": until}
    )
    assert ok.status_code == 302 and Sanction.objects.count() == 1
    profile = client_for(c.facilitator).get("/people/troll/")
    assert b"Moderation record" in profile.content
    assert b"Moderation record" not in client_for(c.reporters[0]).get("/people/troll/").content
    status, few = _queries(client, url)
    assert status == 200 and few <= 14


def test_my_moderation_page_runs_few_queries(community):
    status, few = _queries(client_for(community.author), "/moderation/mine/")
    assert status == 200 and few <= 8


def test_a_moderator_lifts_a_sanction_early(community):
    c = community
    until = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client = client_for(c.facilitator)
    client.post(
        "/people/troll/moderation/sanction/",
        {"kind": "silence", "space": "garden", "reason": "Spam", "until": until},
    )
    sanction = Sanction.objects.get()
    url = f"/people/troll/moderation/sanctions/{sanction.pk}/lift/"
    assert client_for(c.other_facilitator).post(url).status_code == 403
    assert client_for(c.reporters[0]).post(url).status_code == 404
    assert client.post(url).status_code == 302
    sanction.refresh_from_db()
    c.author.refresh_from_db()
    assert sanction.lifted_at is not None and not c.author.has_restrictions
    entry = AuditEntry.objects.get(action="sanction.lift")
    assert entry.actor == c.facilitator and entry.as_role == ""
    assert entry.after == {"lifted": True, "early": True}


def test_staff_notes_stay_with_the_moderators_of_their_space(community):
    """A facilitator of another space reads the person's record, not the notes the
    garden's moderators wrote; platform admins read every note."""
    from hearth.spaces.models import Space

    c = community
    garden = Space.objects.get(slug="garden")
    other_facilitator = c.other_facilitator
    membership_make(space=Space.objects.get(slug="kitchen"), user=c.author)
    services.staff_note_add(
        actor=actor_of(c.facilitator), person=c.author, body="Garden-only remark", space=garden
    )
    url = "/people/troll/moderation/"
    elsewhere = client_for(other_facilitator)
    page = elsewhere.get(url)
    assert page.status_code == 200 and b"Garden-only remark" not in page.content
    # Writing a note for a space one does not moderate is refused, nothing kept.
    refused = elsewhere.post(f"{url}note/", {"body": "Sneaky", "space": "garden"})
    assert refused.status_code == 400
    with pytest.raises(Forbidden):
        services.staff_note_add(
            actor=actor_of(other_facilitator), person=c.author, body="Sneaky", space=garden
        )
    with pytest.raises(Invalid):
        services.staff_note_add(actor=actor_of(other_facilitator), person=c.author, body="Wide")
    assert StaffNote.objects.count() == 1
    admin = person_make(org_role="admin")
    assert b"Garden-only remark" in client_for(admin).get(url).content
