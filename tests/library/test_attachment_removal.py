"""Removing an attachment: only its uploader, the document's owner and the space's
facilitators and leaders may; removal is soft and restorable by the same people;
the file is purged only once the retention period has passed."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from hearth.core.files import private_storage
from hearth.core.models import AuditEntry
from hearth.library.models import Attachment
from hearth.library.services import attachments_purge
from hearth.spaces.models import Role
from tests.conftest import ApiClient, client_for
from tests.factories import (
    attachment_make,
    conversation_make,
    document_make,
    membership_make,
    person_make,
    space_make,
)
from tests.library.test_views import queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    """A space whose leader owns a document holding a file the leader attached."""
    leader, owner, facilitator, member = person_make(), person_make(), person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=facilitator, role=Role.FACILITATOR)
    membership_make(space=space, user=member)
    document = document_make(space=space, owner=owner, title="Onboarding guide")
    attachment = attachment_make(document=document, uploaded_by=leader)
    return {
        "space": space,
        "leader": leader,
        "owner": owner,
        "facilitator": facilitator,
        "member": member,
        "document": document,
        "attachment": attachment,
    }


def test_a_plain_member_cannot_remove_someone_elses_file(library):
    attachment = library["attachment"]
    client = client_for(library["member"])
    page = client.get(f"/d/{library['document'].pk}/").content.decode()
    assert f"/files/{attachment.pk}/" in page  # they may read it
    assert f"/files/{attachment.pk}/remove/" not in page  # but are offered no removal
    response = client.post(f"/files/{attachment.pk}/remove/")
    assert response.status_code == 403
    assert b"Only the person who attached this file" in response.content
    attachment.refresh_from_db()
    assert attachment.removed_at is None and attachment.removed_by is None
    assert private_storage().exists(attachment.file.name)
    assert client.get(f"/files/{attachment.pk}/").status_code == 200
    assert not AuditEntry.objects.filter(action="attachment.remove").exists()


def test_an_outsider_is_not_told_the_file_exists():
    leader = person_make()
    space = space_make(leader=leader, visibility="private")
    document = document_make(space=space, owner=leader)
    attachment = attachment_make(document=document, uploaded_by=leader)
    response = client_for(person_make()).post(f"/files/{attachment.pk}/remove/")
    assert response.status_code == 404
    attachment.refresh_from_db()
    assert attachment.removed_at is None


@pytest.mark.parametrize("who", ["uploader", "owner", "facilitator", "leader"])
def test_uploader_owner_facilitator_and_leader_remove_it_softly(library, who):
    attachment = library["attachment"]
    if who == "uploader":  # a plain member who attached a file to another's document
        attachment = attachment_make(document=library["document"], uploaded_by=library["member"])
        person = library["member"]
    else:
        person = library[who]
    client = client_for(person)
    assert (
        f"/files/{attachment.pk}/remove/"
        in client.get(f"/d/{library['document'].pk}/").content.decode()
    )
    response = client.post(f"/files/{attachment.pk}/remove/")
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.removed_at is not None and attachment.removed_by == person
    # The file is kept for a restore, hidden from the document's readers.
    assert private_storage().exists(attachment.file.name)
    entry = AuditEntry.objects.get(action="attachment.remove")
    assert entry.actor == person and entry.before["name"] == attachment.name
    reader = client_for(person_make())  # the space is open: anyone may read
    assert (
        f"/files/{attachment.pk}/"
        not in reader.get(f"/d/{library['document'].pk}/").content.decode()
    )
    assert reader.get(f"/files/{attachment.pk}/").status_code == 404
    listed = ApiClient(library["member"]).get(f"/documents/{library['document'].pk}").json()
    assert attachment.pk not in [a["id"] for a in listed["attachments"]]


def test_the_same_people_restore_it_and_no_one_else(library):
    attachment = library["attachment"]
    document = library["document"]
    owner = client_for(library["owner"])
    assert owner.post(f"/files/{attachment.pk}/remove/").status_code == 302
    # Those who may restore it see it among the removed files, and may look at it.
    page = owner.get(f"/d/{document.pk}/").content.decode()
    assert f"/files/{attachment.pk}/restore/" in page and "Removed files (1)" in page
    assert owner.get(f"/files/{attachment.pk}/").status_code == 200
    member = client_for(library["member"])
    assert "Removed files" not in member.get(f"/d/{document.pk}/").content.decode()
    assert member.post(f"/files/{attachment.pk}/restore/").status_code == 404
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert (
        client_for(library["facilitator"]).post(f"/files/{attachment.pk}/restore/").status_code
        == 302
    )
    attachment.refresh_from_db()
    assert attachment.removed_at is None and attachment.removed_by is None
    assert f"/files/{attachment.pk}/" in member.get(f"/d/{document.pk}/").content.decode()
    assert AuditEntry.objects.filter(
        action="attachment.restore", actor=library["facilitator"]
    ).exists()
    # Restoring what is attached is refused, and changes nothing.
    refused = owner.post(f"/files/{attachment.pk}/restore/")
    assert refused.status_code == 409 and b"nothing to restore" in refused.content
    assert AuditEntry.objects.filter(action="attachment.restore").count() == 1


def test_conversation_files_follow_the_same_rule():
    leader, author, member = person_make(), person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=author)
    membership_make(space=space, user=member)
    conversation = conversation_make(space=space, author=author, title="Site photos")
    attachment = attachment_make(conversation=conversation, uploaded_by=author)
    assert client_for(member).post(f"/files/{attachment.pk}/remove/").status_code == 403
    assert client_for(author).post(f"/files/{attachment.pk}/remove/").status_code == 302
    page = client_for(leader).get(f"/c/{conversation.pk}/").content.decode()
    assert f"/files/{attachment.pk}/restore/" in page
    assert client_for(leader).post(f"/files/{attachment.pk}/restore/").status_code == 302
    attachment.refresh_from_db()
    assert attachment.removed_at is None


def test_the_file_is_purged_only_after_the_retention_period(library):
    attachment = library["attachment"]
    kept = attachment_make(document=library["document"], uploaded_by=library["leader"])
    name = attachment.file.name
    client_for(library["owner"]).post(f"/files/{attachment.pk}/remove/")
    retention = settings.HEARTH_ATTACHMENT_RETENTION
    with time_machine.travel(timezone.now() + retention - timedelta(hours=1)):
        assert attachments_purge() == 0
        assert private_storage().exists(name)
        assert (
            client_for(library["owner"]).post(f"/files/{attachment.pk}/restore/").status_code == 302
        )
    client_for(library["owner"]).post(f"/files/{attachment.pk}/remove/")
    with time_machine.travel(timezone.now() + retention + timedelta(minutes=1)):
        assert attachments_purge() == 1
        assert attachments_purge() == 0  # a rerun deletes nothing more
        # The periodic routines queue the same purge.
        call_command("community_routines")
    assert not private_storage().exists(name)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert client_for(library["owner"]).post(f"/files/{attachment.pk}/restore/").status_code == 404
    # A file never removed is never purged.
    assert private_storage().exists(kept.file.name)
    assert Attachment.objects.filter(pk=kept.pk, removed_at__isnull=True).exists()
    # The audit log keeps the record of what was removed.
    assert AuditEntry.objects.filter(
        action="attachment.remove", target_id=str(attachment.pk)
    ).exists()


def test_an_archived_space_keeps_its_files(library):
    space = library["space"]
    space.state = "archived"
    space.save()
    attachment = library["attachment"]
    response = client_for(library["leader"]).post(f"/files/{attachment.pk}/remove/")
    assert response.status_code == 403
    attachment.refresh_from_db()
    assert attachment.removed_at is None


def test_document_page_queries_do_not_grow_with_files(library):
    client = client_for(library["owner"])
    url = f"/d/{library['document'].pk}/"
    small = queries(client, url)
    for n in range(6):
        extra = attachment_make(document=library["document"], uploaded_by=library["member"])
        if n % 2:
            client.post(f"/files/{extra.pk}/remove/")
    assert queries(client, url) == small
