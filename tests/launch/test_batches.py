"""Bulk invitations: preview before sending, the worker with progress, reruns that
repeat nothing, reminders once, and the pages' access and query counts."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry, OutboundEmail
from hearth.launch import jobs, services
from hearth.launch.models import InvitationBatch, InvitationBatchItem, InvitationReminder
from hearth.notifications.models import Notification
from hearth.spaces.models import Invitation, Membership
from tests.conftest import client_for
from tests.factories import (
    business_unit_make,
    country_make,
    invitation_make,
    membership_make,
    person_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def _setup(n=3, visibility="private"):
    leader = person_make(display_name="Leila Leader")
    space = space_make(visibility=visibility, leader=leader, name="Pilot Space")
    people = [person_make(username=f"inv{i}") for i in range(n)]
    return space, leader, people


def _csv(people, extra=b""):
    return ("\n".join(p.username for p in people) + "\n").encode() + extra


def test_a_preview_sends_nothing_then_send_queues_the_worker(django_capture_on_commit_callbacks):
    space, leader, people = _setup()
    actor = Actor.for_user(leader)
    batch = services.batch_preview_csv(
        actor=actor, space=space, data=_csv(people, b"ghost\n"), filename="list.csv"
    )
    assert batch.status == "preview" and batch.total == 3 and batch.error_count == 1
    assert batch.errors == [
        {
            "line": 4,
            "value": "ghost",
            "error": "Unknown person: no active account has this username or email.",
        }
    ]
    assert not Invitation.objects.exists() and not OutboundEmail.objects.exists()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.batch_send(actor=actor, space=space, batch_id=batch.pk)
    assert len(callbacks) == 1  # the worker's job, after commit
    assert InvitationBatch.objects.get().status == "queued"
    with pytest.raises(Conflict):
        services.batch_send(actor=actor, space=space, batch_id=batch.pk)
    assert AuditEntry.objects.filter(action="invitation_batch.send").count() == 1


def test_the_worker_invites_emails_and_rings_once_even_when_rerun():
    space, leader, people = _setup(5)
    actor = Actor.for_user(leader)
    batch = services.batch_preview_csv(actor=actor, space=space, data=_csv(people))
    services.batch_send(actor=actor, space=space, batch_id=batch.pk)
    assert jobs.invitation_batch_run(batch_id=batch.pk) == 5
    assert jobs.invitation_batch_run(batch_id=batch.pk) == 0
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.invited, batch.percent) == ("done", 5, 5, 100)
    assert Invitation.objects.filter(space=space, status="pending").count() == 5
    assert OutboundEmail.objects.count() == 5
    assert Notification.objects.filter(kind="invited").count() == 5
    people[0].refresh_from_db()
    assert people[0].unread_notifications == 1
    assert AuditEntry.objects.filter(action="invitation_batch.done").count() == 1


def test_a_crashed_run_resumes_without_duplicates(monkeypatch):
    space, leader, people = _setup(7)
    actor = Actor.for_user(leader)
    batch = services.batch_preview_csv(actor=actor, space=space, data=_csv(people))
    services.batch_send(actor=actor, space=space, batch_id=batch.pk)
    monkeypatch.setattr(jobs, "RUN_CHUNK", 3)
    real, calls = jobs._invite_chunk, []

    def crash_on_second(batch, items):
        calls.append(len(items))
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        real(batch, items)

    monkeypatch.setattr(jobs, "_invite_chunk", crash_on_second)
    with pytest.raises(RuntimeError):
        jobs.invitation_batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.done == 3 and batch.status == "running"
    assert Invitation.objects.count() == 3 and OutboundEmail.objects.count() == 3
    monkeypatch.setattr(jobs, "_invite_chunk", real)
    assert jobs.invitation_batch_run(batch_id=batch.pk) == 4
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.invited) == ("done", 7, 7)
    assert Invitation.objects.count() == 7 and OutboundEmail.objects.count() == 7


def test_someone_who_joined_meanwhile_is_skipped_not_invited():
    space, leader, people = _setup(2)
    actor = Actor.for_user(leader)
    batch = services.batch_preview_csv(actor=actor, space=space, data=_csv(people))
    services.batch_send(actor=actor, space=space, batch_id=batch.pk)
    membership_make(space=space, user=people[0])
    jobs.invitation_batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.invited, batch.skipped) == (1, 1)
    assert InvitationBatchItem.objects.get(user=people[0]).state == "skipped"


def test_invite_everyone_of_a_unit_in_a_country():
    space, leader, _ = _setup(0)
    unit, other_unit = business_unit_make(), business_unit_make()
    fr, de = country_make(code="FR", name="France"), country_make(code="DE", name="Germany")
    match = [person_make(business_unit=unit, country=fr) for _ in range(3)]
    person_make(business_unit=unit, country=de)
    person_make(business_unit=other_unit, country=fr)
    membership_make(space=space, user=match[0])
    invitation_make(space=space, user=match[1])
    batch = services.batch_preview_unit(
        actor=Actor.for_user(leader), space=space, business_unit=unit, country=fr
    )
    assert list(batch.items.values_list("user_id", flat=True)) == [match[2].pk]
    with pytest.raises(Invalid, match="business unit, a country"):
        services.batch_preview_unit(
            actor=Actor.for_user(leader), space=space, business_unit=None, country=None
        )


def test_invite_chosen_people_reports_unknown_and_duplicates():
    space, leader, people = _setup(2)
    batch = services.batch_preview_people(
        actor=Actor.for_user(leader),
        space=space,
        usernames=[people[0].username, "ghost", people[0].username, people[1].username],
    )
    assert batch.total == 2
    assert [(e["line"], e["error"]) for e in batch.errors] == [
        (2, "Unknown person."),
        (3, "Duplicate."),
    ]


def test_members_and_outsiders_cannot_launch():
    space, leader, people = _setup(1, visibility="restricted")
    member = person_make()
    membership_make(space=space, user=member)
    with pytest.raises(Forbidden):
        services.batch_preview_csv(actor=Actor.for_user(member), space=space, data=b"x\n")
    private, _, _ = _setup(0)
    with pytest.raises(NotFound):
        services.batch_preview_csv(actor=Actor.for_user(person_make()), space=private, data=b"x\n")
    with pytest.raises(Invalid, match="empty"):
        services.batch_preview_csv(actor=Actor.for_user(leader), space=space, data=b"")
    assert not InvitationBatch.objects.exists()


def test_reminders_go_once_to_pending_invitations_after_three_days():
    space, leader, people = _setup(3)
    old = invitation_make(space=space, user=people[0], invited_by=leader)
    answered = invitation_make(space=space, user=people[1], invited_by=leader)
    invitation_make(space=space, user=people[2], invited_by=leader)  # too recent
    Invitation.objects.filter(pk__in=[old.pk, answered.pk]).update(
        created_at=timezone.now() - timedelta(days=4)
    )
    Invitation.objects.filter(pk=answered.pk).update(status="declined")
    assert jobs.invitation_reminders_send() == 1
    assert jobs.invitation_reminders_send() == 0
    assert InvitationReminder.objects.get().invitation == old
    assert Notification.objects.get(recipient=people[0]).text.startswith("A reminder")
    # The email's row commits with the reminder; its delivery is queued after commit.
    assert OutboundEmail.objects.filter(to=[people[0].email], status="queued").count() == 1
    call_command("community_routines")  # queues the same jobs for the worker


def test_csv_upload_page_previews_with_errors_then_sends(django_capture_on_commit_callbacks):
    space, leader, people = _setup(2)
    client = client_for(leader)
    upload = SimpleUploadedFile("people.csv", _csv(people, b"nobody\n"), "text/csv")
    response = client.post(
        f"/s/{space.slug}/launch/csv/", {"csv-file": upload, "csv-message": "Hi"}
    )
    batch = InvitationBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{batch.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "Preview: nothing is sent yet" in page and "nobody" in page
    assert "Unknown person" in page and "Send 2 invitations" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/s/{space.slug}/launch/batches/{batch.pk}/send/")
    progress = client.get(f"/s/{space.slug}/launch/batches/{batch.pk}/progress/")
    # Queued: the bar polls until the worker is done.
    assert 'hx-trigger="every 1s"' in progress.content.decode()
    jobs.invitation_batch_run(batch_id=batch.pk)
    done = client.get(f"/s/{space.slug}/launch/batches/{batch.pk}/progress/").content.decode()
    assert "2 of 2 processed" in done and 'aria-valuenow="100"' in done
    assert "every 1s" not in done
    # The invitee accepts through the existing flow.
    invitee = client_for(people[0])
    assert invitee.post(f"/s/{space.slug}/join/").status_code == 302
    assert Membership.objects.filter(space=space, user=people[0]).exists()


def test_a_bad_upload_shows_the_form_error_and_changes_nothing():
    space, leader, _ = _setup(0)
    client = client_for(leader)
    upload = SimpleUploadedFile("x.csv", "a\nb\n".encode("utf-16"), "text/csv")
    response = client.post(f"/s/{space.slug}/launch/csv/", {"csv-file": upload})
    assert response.status_code == 400 and "UTF-16" in response.content.decode()
    assert client.post(f"/s/{space.slug}/launch/csv/", {}).status_code == 400
    assert not InvitationBatch.objects.exists()


def test_launch_pages_access_and_constant_queries():
    space, leader, people = _setup(2, visibility="restricted")
    member = person_make()
    membership_make(space=space, user=member)
    url = f"/s/{space.slug}/launch/"
    assert Client().get(url).status_code == 302
    assert client_for(person_make()).get(url).status_code == 403
    assert client_for(member).get(url).status_code == 403
    private, _, _ = _setup(0)
    assert client_for(person_make()).get(f"/s/{private.slug}/launch/").status_code == 404
    client = client_for(leader)
    counts = []
    for _ in range(2):
        batch = services.batch_preview_csv(
            actor=Actor.for_user(leader), space=space, data=_csv(people, b"ghost\n")
        )
        for page in (url, f"{url}batches/{batch.pk}/", f"{url}batches/{batch.pk}/progress/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200
            counts.append(len(queries))
    assert counts[:3] == counts[3:]
    assert client_for(member).get(f"{url}batches/{batch.pk}/progress/").status_code == 403
