"""Background tasks of the lifecycle app: ids in, a service call out; idempotent."""

from django_tasks import task

from hearth.lifecycle.jobs import lifecycle_event_tell_members


@task()
def lifecycle_event_notify(event_id: int) -> int:
    return lifecycle_event_tell_members(event_id=event_id)


@task()
def space_export_run(job_id: int) -> str:
    # deferred: exchange queues space_export_run from this module.
    from hearth.lifecycle.exchange import export_job_run

    return export_job_run(job_id=job_id)


@task()
def expired_exports_purge() -> int:
    """Periodic: delete the archives of exports whose time is up."""
    # deferred: exchange queues space_export_run from this module.
    from hearth.lifecycle.exchange import export_archives_purge

    return export_archives_purge()
