"""A space export is stored under a random name in the private storage, downloaded
through the policy until it expires, and its archive is deleted after."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.core.files import private_storage
from hearth.lifecycle.exchange import export_archives_purge, export_job_run, export_job_start
from hearth.lifecycle.models import ExportJob
from hearth.spaces.models import Visibility
from tests.conftest import ApiClient, client_for
from tests.factories import membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def export():
    leader = person_make()
    space = space_make(slug="executive-sponsors", leader=leader, visibility=Visibility.PRIVATE)
    job = export_job_start(actor=Actor.for_user(leader), space=space)
    assert export_job_run(job_id=job.pk) == "done"
    job.refresh_from_db()
    return job, leader


def test_the_archive_has_a_random_name_in_the_private_storage(export):
    job, _ = export
    assert re.fullmatch(r"exports/[0-9a-f]{32}\.zip", job.archive.name), job.archive.name
    assert job.archive.name != f"exports/executive-sponsors-{job.pk}.zip"
    assert private_storage().exists(job.archive.name)
    assert job.archive.storage is private_storage()


def test_download_until_it_expires_then_410(export):
    job, leader = export
    assert job.expires_at == job.finished_at + settings.HEARTH_EXPORT_TTL
    client = client_for(leader)
    response = client.get(f"/exports/{job.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="executive-sponsors.zip"'
    assert response["Cache-Control"].startswith("private")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:2] == b"PK"
    member = person_make()
    membership_make(space=job.space, user=member)
    assert client_for(member).get(f"/exports/{job.pk}/download/").status_code == 404
    assert client_for(person_make()).get(f"/exports/{job.pk}/download/").status_code == 404
    api = ApiClient(leader)
    assert api.get(f"/jobs/{job.pk}").json()["download_url"]
    with time_machine.travel(job.expires_at + timedelta(seconds=1)):
        gone = client.get(f"/exports/{job.pk}/download/")
        assert gone.status_code == 410 and b"export the space again" in gone.content
        late = api.get(f"/jobs/{job.pk}").json()
        assert late["status"] == "expired" and late["download_url"] is None
        # Those who could not download it before are still not told it exists.
        assert client_for(member).get(f"/exports/{job.pk}/download/").status_code == 404


def test_the_purge_deletes_only_expired_archives(export):
    job, leader = export
    fresh = export_job_start(actor=Actor.for_user(leader), space=job.space)
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        export_job_run(job_id=fresh.pk)
    fresh.refresh_from_db()
    assert export_archives_purge() == 0
    with time_machine.travel(job.expires_at + timedelta(minutes=1)):
        assert export_archives_purge() == 1
        assert export_archives_purge() == 0  # a rerun deletes nothing more
    old_name = job.archive.name
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED and job.archive.name == ""
    assert not private_storage().exists(old_name)
    assert private_storage().exists(fresh.archive.name)
    assert client_for(leader).get(f"/exports/{job.pk}/download/").status_code == 410
    assert client_for(leader).get(f"/exports/{fresh.pk}/download/").status_code == 200
