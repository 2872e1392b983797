"""Worker-side code of the lifecycle app: what the tasks run, outside the request.

The services queue the tasks (``tasks.py``) and the tasks call these; nothing here
imports the services, so the imports go one way: services -> tasks -> jobs.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hearth.lifecycle.models import (
    LifecycleEvent,
)
from hearth.notifications.services import notification_send
from hearth.spaces.models import LifecycleState, Membership

S = LifecycleState

STATE_NEWS = {
    S.DRAFT: "{space} is back in preparation: only its leaders see it for now.",
    S.PILOT: "{space} is in its pilot: as a champion, tell the leaders what to improve.",
    S.LIVE: "{space} is live: welcome, and join the conversations.",
    S.ARCHIVED: "{space} was archived: its content stays readable. “{reason}”",
}


# The notification kind of each state's news (declared in hearth.notifications.kinds).
STATE_KINDS = {
    S.DRAFT: "space_draft",
    S.PILOT: "space_pilot",
    S.LIVE: "space_live",
    S.ARCHIVED: "space_archived",
}


def lifecycle_event_tell_members(*, event_id: int) -> int:
    """Tell the members who may see the space in its new state (in the app, and
    by email as each prefers). Idempotent: an event is told once."""
    with transaction.atomic():
        claimed = LifecycleEvent.objects.filter(pk=event_id, notified_at__isnull=True).update(
            notified_at=timezone.now()
        )
        if not claimed:
            return 0
        event = LifecycleEvent.objects.select_related("space").get(pk=event_id)
        space = event.space
        members = (
            Membership.objects.filter(space=space, user__is_active=True)
            .exclude(user_id=event.actor_id)
            .select_related("user")
        )
        text = STATE_NEWS[event.to_state].format(space=space.name, reason=event.reason[:200])
        told = 0
        for membership in members.iterator(chunk_size=500):
            # Only those the new state lets in (the kind's audience, asked for each).
            if notification_send(
                recipient=membership.user,
                kind=STATE_KINDS[event.to_state],
                actor=event.actor,
                space=space,
                text=text,
                url=space.get_absolute_url(),
                email=True,
            ):
                told += 1
    return told
