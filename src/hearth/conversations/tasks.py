"""Background tasks for conversations: thin, ids in, a service call; idempotent."""

from django_tasks import task

from hearth.conversations.jobs import watchers_notify


@task()
def notify_watchers(
    conversation_id: int, reply_id: int | None, actor_id: int, skip: list[int]
) -> int:
    return watchers_notify(
        conversation_id=conversation_id, reply_id=reply_id, actor_id=actor_id, skip=skip
    )
