"""Worker-side code of launching spaces: what the tasks run, outside the request.

The services queue the tasks (``tasks.py``) and the tasks call these; nothing here
imports the services, so the imports go one way: services -> tasks -> jobs.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hearth.access.actor import Actor, role_map_version_bump
from hearth.core.changes import record
from hearth.launch.models import (
    InvitationBatch,
    InvitationBatchItem,
    InvitationReminder,
)
from hearth.moderation.selectors import banned_from
from hearth.notifications.services import notification_send, notifications_send
from hearth.spaces.models import Invitation, Membership

RUN_CHUNK = 500
REMINDER_AFTER = timedelta(days=3)


def _invite_chunk(batch: InvitationBatch, items: list[InvitationBatchItem]) -> None:
    """Invite one chunk, all or nothing: invitations, bell, emails, item states, counts."""
    space, inviter = batch.space, batch.created_by
    user_ids = [item.user_id for item in items]
    members = set(
        Membership.objects.filter(space=space, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    invited = set(
        Invitation.objects.filter(
            space=space, user_id__in=user_ids, status=Invitation.Status.PENDING
        ).values_list("user_id", flat=True)
    )
    people = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids, is_active=True)}
    # Banned since the preview: left out like those who joined meanwhile.
    skipped = members | invited | banned_from(space=space, user_ids=user_ids)
    to_invite = [pk for pk in user_ids if pk in people and pk not in skipped]
    Invitation.objects.bulk_create(
        [
            Invitation(space=space, user_id=pk, invited_by=inviter, message=batch.message)
            for pk in to_invite
        ]
    )
    role_map_version_bump(*to_invite)
    text = f"{inviter or 'The leaders'} invites you to join {space}."
    # Inside the transaction: the bell rows and the outbox rows commit with the
    # invitations, so a rerun after a crash neither loses nor repeats an email.
    # Each invitee is checked as themselves (the invitation just made lets them see
    # the space; a space back in draft meanwhile would not).
    notifications_send(
        recipients=[people[pk] for pk in to_invite],
        kind="invited",
        actor=inviter,
        space=space,
        text=text,
        url="/invitations/",
        email=True,
        email_body=batch.message,
    )
    done = set(to_invite)
    InvitationBatchItem.objects.filter(pk__in=[i.pk for i in items if i.user_id in done]).update(
        state=InvitationBatchItem.State.INVITED
    )
    InvitationBatchItem.objects.filter(
        pk__in=[i.pk for i in items if i.user_id not in done]
    ).update(state=InvitationBatchItem.State.SKIPPED, note="Already a member or invited")
    InvitationBatch.objects.filter(pk=batch.pk).update(
        done=F("done") + len(items),
        invited=F("invited") + len(to_invite),
        skipped=F("skipped") + len(items) - len(to_invite),
    )


def invitation_batch_run(*, batch_id: int) -> int:
    """The worker's part: invite every pending item of a confirmed batch, chunk by chunk.

    Resumable and idempotent: each chunk commits its invitations, emails and item
    states together, and only pending items are read, so a rerun (after a crash,
    or twice by mistake) picks up where the last one stopped and repeats nothing.
    Returns how many items it processed.
    """
    batch = (
        InvitationBatch.objects.select_related("space", "created_by").filter(pk=batch_id).first()
    )
    if batch is None or batch.status in (
        InvitationBatch.Status.PREVIEW,
        InvitationBatch.Status.DONE,
    ):
        return 0
    InvitationBatch.objects.filter(pk=batch.pk).update(status=InvitationBatch.Status.RUNNING)
    processed = 0
    while True:
        with transaction.atomic():
            # The batch row is locked per chunk so that two workers on one batch
            # take turns instead of reading the same pending items.
            InvitationBatch.objects.select_for_update().filter(pk=batch.pk).first()
            items = list(
                InvitationBatchItem.objects.filter(
                    batch=batch, state=InvitationBatchItem.State.PENDING
                ).order_by("id")[:RUN_CHUNK]
            )
            if not items:
                break
            _invite_chunk(batch, items)
        processed += len(items)
    with transaction.atomic():
        finished = InvitationBatch.objects.filter(
            pk=batch.pk, status=InvitationBatch.Status.RUNNING
        ).update(status=InvitationBatch.Status.DONE, finished_at=timezone.now())
        if finished:
            batch.refresh_from_db()
            record(
                Actor.for_user(batch.created_by),
                action="invitation_batch.done",
                target=batch,
                space=batch.space,
                after={"invited": batch.invited, "skipped": batch.skipped},
                via="worker",
            )
    return processed


def invitation_reminders_send(*, older_than: timedelta = REMINDER_AFTER) -> int:
    """Remind each person of a pending invitation once, after ``older_than``.

    The reminder row (one per invitation, unique) commits with the bell
    notification and the email, so no one is reminded twice.
    """
    sent = 0
    due = Invitation.objects.filter(
        status=Invitation.Status.PENDING,
        created_at__lte=timezone.now() - older_than,
        reminder__isnull=True,
    ).select_related("space", "user", "invited_by")
    for invitation in due.iterator(chunk_size=500):
        with transaction.atomic():
            _, created = InvitationReminder.objects.get_or_create(invitation=invitation)
            if not created:
                continue
            notification_send(
                recipient=invitation.user,
                kind="invited",
                actor=invitation.invited_by,
                space=invitation.space,
                text=f"A reminder: you are invited to join {invitation.space}.",
                url="/invitations/",
                email=True,
            )
        sent += 1
    return sent
