"""Background tasks of moderation: thin and idempotent, ids in, a service call."""

from django_tasks import task

from hearth.moderation.services import sanction_lift, sanctions_lift_expired


@task()
def sanction_lift_due(sanction_id: int) -> bool:
    """Queued at a sanction's end (``run_after``): lift it if it is due."""
    return sanction_lift(sanction_id=sanction_id)


@task()
def sanctions_lift_expired_sweep() -> int:
    """The periodic sweep (``hearth moderation_sweep``, e.g. from cron every few
    minutes): lift every sanction whose end has passed."""
    return sanctions_lift_expired()
