"""Background tasks for launching spaces: thin, ids in, a service call."""

from django_tasks import task

from hearth.launch import jobs, onboarding


@task()
def invitation_batch_run(batch_id: int) -> int:
    """Create the invitations of a confirmed batch (resumable; a rerun repeats nothing)."""
    return jobs.invitation_batch_run(batch_id=batch_id)


@task()
def invitation_reminders_send() -> int:
    """Periodic: remind people of invitations still pending after a few days, once."""
    return jobs.invitation_reminders_send()


@task()
def onboarding_reminders_send() -> int:
    """Periodic: a gentle reminder, once, to new members with an unfinished checklist."""
    return onboarding.onboarding_reminders_send()
