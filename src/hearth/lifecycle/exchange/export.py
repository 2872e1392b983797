"""Exporting a space: at once (the web page, the command) or as a job in the worker.

An export is for those who administer the space and may read its content. A job's
archive lies in the private storage under a random name and expires after
``HEARTH_EXPORT_TTL``; the purge deletes it and keeps the job, ``expired``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.changes import change, record
from hearth.core.errors import Forbidden, NotFound
from hearth.core.files import private_storage
from hearth.lifecycle.exchange.archive import archive_build

if TYPE_CHECKING:
    from hearth.lifecycle.models import ExportJob
    from hearth.spaces.models import Space


def can_export_space(actor: Actor, space: Space) -> bool:
    """Export: those who administer the space and may read its content (a platform
    admin exports a members-only space only as its member: privacy first)."""
    return policy.can_administer_space(actor, space) and policy.can_read_space(actor, space)


@change("space.export", role="leader", check=policy.require_see_space)
def space_export(*, actor: Actor, space: Space, via: str = "web") -> bytes:
    """Build the archive of ``space`` for ``actor``, audited."""
    if not can_export_space(actor, space):
        raise Forbidden("Only the space's leaders can export it.")
    raw = archive_build(space)
    record(
        actor,
        target=space,
        space=space,
        after={"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()},
        via=via,
    )
    return raw


@change("space.export_start", role="leader", check=None)
def export_job_start(*, actor: Actor, space: Space, via: str = "api") -> ExportJob:
    """Queue an export in the worker; the job's archive is downloaded when done."""
    from hearth.lifecycle.models import ExportJob
    from hearth.lifecycle.tasks import space_export_run

    policy.require_see_space(actor, space)
    if not can_export_space(actor, space):
        raise Forbidden("Only the space's leaders can export it.")
    with transaction.atomic():
        job = ExportJob.objects.create(space=space, requested_by=actor.user)
        record(actor, target=space, space=space, after={"job": job.pk}, via=via)
        transaction.on_commit(lambda: space_export_run.enqueue(job.pk))
    return job


def export_job_run(*, job_id: int) -> str:
    """Build the archive of a queued job (idempotent: a finished job is left alone)."""
    from hearth.lifecycle.models import ExportJob

    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING
    )
    job = ExportJob.objects.select_related("space").get(pk=job_id)
    if not claimed:
        return job.status
    try:
        raw = archive_build(job.space)
        # A random name in the private storage: never the space's slug and the job's
        # number, which a guesser would count through.
        job.archive.save(f"{secrets.token_hex(16)}.zip", ContentFile(raw), save=False)
        job.status = ExportJob.Status.DONE
    except Exception as error:  # recorded on the job for the person who asked
        job.status, job.error = ExportJob.Status.FAILED, str(error)[:1000]
    job.finished_at = timezone.now()
    if job.status == ExportJob.Status.DONE:
        job.expires_at = job.finished_at + settings.HEARTH_EXPORT_TTL
    job.save(update_fields=["archive", "status", "error", "finished_at", "expires_at"])
    return job.status


def export_job_expired(job: ExportJob) -> bool:
    """Whether the job's archive may no longer be downloaded (purged or past its time)."""
    if job.status == "expired":
        return True
    return job.expires_at is not None and job.expires_at <= timezone.now()


def export_archives_purge(*, now: datetime | None = None) -> int:
    """Delete the archives of exports whose time is up; the jobs stay, ``expired``.

    Idempotent: each job is first marked expired by a conditional update, and only
    the run that marked it deletes its file, after the row no longer names it.
    Returns how many archives were deleted.
    """
    from hearth.lifecycle.models import ExportJob

    now = now or timezone.now()
    due = ExportJob.objects.filter(status=ExportJob.Status.DONE, expires_at__lte=now)
    purged = 0
    for pk, name in due.values_list("pk", "archive"):
        claimed = ExportJob.objects.filter(pk=pk, status=ExportJob.Status.DONE).update(
            status=ExportJob.Status.EXPIRED, archive=""
        )
        if claimed and name:
            private_storage().delete(name)
            purged += 1
    return purged


def export_job_get(*, actor: Actor, job_id: int) -> ExportJob:
    from hearth.lifecycle.models import ExportJob

    job = ExportJob.objects.select_related("space").filter(pk=job_id).first()
    if (
        job is None
        or not policy.can_see_space(actor, job.space)
        or not can_export_space(actor, job.space)
    ):
        raise NotFound("No such job.")
    return job
