"""Background tasks for role swaps: thin, ids in, a service call."""

from django_tasks import task

from hearth.swaps.services import role_swaps_expire


@task()
def role_swap_end_due(swap_id: int) -> int:
    """Enqueued at creation to run at the swap's end time."""
    return role_swaps_expire(swap_ids=[swap_id])


@task()
def role_swaps_sweep() -> int:
    """The periodic safety net: end every swap whose time is up."""
    return role_swaps_expire()
