"""Background tasks of the core app: thin, ids in, a service call."""

from django_tasks import task

from hearth.core.mail import outbound_email_deliver


@task()
def deliver_email(email_id: int) -> bool:
    return outbound_email_deliver(email_id=email_id)
