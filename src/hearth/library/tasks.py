"""Background tasks of the library: thin and idempotent, a service call."""

from django_tasks import task

from hearth.library.services import attachments_purge


@task()
def removed_attachments_purge() -> int:
    """Periodic: delete the files removed longer ago than the retention period."""
    return attachments_purge()
