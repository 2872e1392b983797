"""Writes for launching a space: invitation batches (previewed, then created by the
worker with progress), reminders for pending invitations, and the welcome message."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hearth.access.actor import Actor, role_map_version_bump
from hearth.conversations.models import Tag
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Invalid, NotFound
from hearth.core.markdown import markdown_render
from hearth.launch.csvparse import FileRefused, RowError, parse_invitation_csv
from hearth.launch.models import (
    InvitationBatch,
    InvitationBatchItem,
    InvitationReminder,
    SpaceWelcome,
)
from hearth.launch.policies import require_edit_welcome, require_launch
from hearth.moderation.selectors import banned_from
from hearth.notifications.services import notification_send, notifications_send
from hearth.people.models import BusinessUnit, Country
from hearth.spaces.models import Invitation, Membership

if TYPE_CHECKING:
    from hearth.spaces.models import Space

MAX_ERRORS_KEPT = 1_000
RUN_CHUNK = 500
REMINDER_AFTER = timedelta(days=3)


def _batch_create(
    *,
    actor: Actor,
    space,
    source: str,
    label: str,
    message: str,
    user_ids: list[int],
    errors: list[RowError],
    via: str,
) -> InvitationBatch:
    message = (message or "").strip()
    if len(message) > 1000:
        raise Invalid("The message can be at most 1,000 characters.", field="message")
    with transaction.atomic():
        batch = InvitationBatch.objects.create(
            space=space,
            created_by=actor.user,
            source=source,
            label=label[:200],
            message=message,
            total=len(user_ids),
            errors=[e.as_dict() for e in errors[:MAX_ERRORS_KEPT]],
            error_count=len(errors),
        )
        InvitationBatchItem.objects.bulk_create(
            [InvitationBatchItem(batch=batch, user_id=pk) for pk in user_ids], batch_size=2000
        )
        record(
            actor,
            action="invitation_batch.preview",
            target=batch,
            space=space,
            after={
                "source": source,
                "label": batch.label,
                "people": len(user_ids),
                "errors": len(errors),
            },
            via=via,
        )
    return batch


@change("invitation_batch.preview", role="facilitator", check=require_launch)
def batch_preview_csv(
    *,
    actor: Actor,
    space: Space,
    data: bytes,
    filename: str = "",
    message: str = "",
    via: str = "web",
) -> InvitationBatch:
    """Read an uploaded list and keep it as a batch to preview: nothing is sent yet."""
    try:
        parsed = parse_invitation_csv(data or b"", space=space)
    except FileRefused as error:
        raise Invalid(str(error), field="file") from error
    if parsed.lines == 0:
        raise Invalid("The file is empty: put one username or email per line.", field="file")
    return _batch_create(
        actor=actor,
        space=space,
        source=InvitationBatch.Source.CSV,
        label=filename or "uploaded list",
        message=message,
        user_ids=parsed.user_ids,
        errors=parsed.errors,
        via=via,
    )


def _eligible(space, user_ids) -> list[int]:
    """Those of ``user_ids`` neither in the space nor invited to it yet, nor banned
    from it."""
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
    banned = banned_from(space=space, user_ids=user_ids)
    return [pk for pk in user_ids if pk not in members | invited | banned]


@change("invitation_batch.preview", role="facilitator", check=require_launch)
def batch_preview_people(
    *, actor: Actor, space: Space, usernames: list[str], message: str = "", via: str = "web"
) -> InvitationBatch:
    """Invite chosen people by username: unknown names are reported, not guessed."""
    names = [n.strip().lower() for n in usernames if n.strip()]
    if not names:
        raise Invalid("Name at least one person.", field="usernames")
    if len(names) > 500:
        raise Invalid("Name at most 500 people here; upload a CSV for more.", field="usernames")
    found = dict(
        get_user_model()
        .objects.filter(is_active=True, username__in=names)
        .values_list("username", "pk")
    )
    errors, ids, seen = [], [], set()
    for line, name in enumerate(names, start=1):
        if name not in found:
            errors.append(RowError(line, name, "Unknown person."))
        elif found[name] in seen:
            errors.append(RowError(line, name, "Duplicate."))
        else:
            seen.add(found[name])
            ids.append(found[name])
    eligible = _eligible(space, ids)
    taken = set(ids) - set(eligible)
    for line, name in enumerate(names, start=1):
        if name in found and found[name] in taken and name not in {e.value for e in errors}:
            errors.append(RowError(line, name, "Already a member, invited, or banned here."))
    errors.sort(key=lambda e: e.line)
    return _batch_create(
        actor=actor,
        space=space,
        source=InvitationBatch.Source.PEOPLE,
        label=", ".join(names[:5]) + ("…" if len(names) > 5 else ""),
        message=message,
        user_ids=eligible,
        errors=errors,
        via=via,
    )


@change("invitation_batch.preview", role="facilitator", check=require_launch)
def batch_preview_unit(
    *,
    actor: Actor,
    space: Space,
    business_unit: BusinessUnit | None,
    country: Country | None,
    message: str = "",
    via: str = "web",
) -> InvitationBatch:
    """Everyone active in a business unit and/or a country who is not in the space yet."""
    if business_unit is None and country is None:
        raise Invalid("Choose a business unit, a country, or both.", field="business_unit")
    people = get_user_model().objects.filter(is_active=True)
    if business_unit is not None:
        people = people.filter(business_unit=business_unit)
    if country is not None:
        people = people.filter(country=country)
    people = people.exclude(memberships__space=space).exclude(
        invitations__space=space, invitations__status="pending"
    )
    ids = list(people.order_by("pk").values_list("pk", flat=True))
    label = " in ".join(str(x) for x in (business_unit, country) if x is not None)
    return _batch_create(
        actor=actor,
        space=space,
        source=InvitationBatch.Source.UNIT,
        label=label,
        message=message,
        user_ids=ids,
        errors=[],
        via=via,
    )


def batch_get(*, actor: Actor, space: Space, batch_id: int) -> InvitationBatch:
    require_launch(actor, space)
    batch = InvitationBatch.objects.filter(pk=batch_id, space=space).first()
    if batch is None:
        raise NotFound("No such invitation batch.")
    return batch


@change("invitation_batch.send", role="facilitator", check=None)
def batch_send(*, actor: Actor, space: Space, batch_id: int, via: str = "web") -> InvitationBatch:
    """Confirm a previewed batch: the worker creates the invitations and emails."""
    batch = batch_get(actor=actor, space=space, batch_id=batch_id)
    if batch.total == 0:
        raise Invalid("No one in this list can be invited.")
    with transaction.atomic():
        confirmed = InvitationBatch.objects.filter(
            pk=batch.pk, status=InvitationBatch.Status.PREVIEW
        ).update(status=InvitationBatch.Status.QUEUED)
        if not confirmed:
            raise Conflict("These invitations are already on their way.")
        batch.status = InvitationBatch.Status.QUEUED
        record(
            actor,
            target=batch,
            space=space,
            after={"people": batch.total, "label": batch.label},
            via=via,
        )
    from hearth.launch.tasks import invitation_batch_run

    transaction.on_commit(lambda: invitation_batch_run.enqueue(batch.pk))
    return batch


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


@change("space.welcome_update", role="facilitator", check=require_edit_welcome)
def welcome_update(
    *, actor: Actor, space: Space, message: str, key_tags: list[str] | None = None, via: str = "web"
) -> SpaceWelcome:
    """Write the welcome new members read, and the tags they are asked to follow."""
    message = (message or "").strip()
    if len(message) > 5000:
        raise Invalid("The welcome can be at most 5,000 characters.", field="message")
    slugs = [s.strip().lower() for s in (key_tags or []) if s.strip()]
    if len(slugs) > 10:
        raise Invalid("Suggest at most 10 key tags.", field="key_tags")
    tags = list(Tag.objects.filter(slug__in=slugs))
    missing = sorted(set(slugs) - {t.slug for t in tags})
    if missing:
        raise Invalid(f"Unknown tag: {', '.join(missing)}.", field="key_tags")
    with transaction.atomic():
        welcome, _ = SpaceWelcome.objects.get_or_create(space=space)
        before = {"message": welcome.message}
        welcome.message = message
        welcome.message_html = markdown_render(message) if message else ""
        welcome.updated_by = actor.user
        welcome.save()
        welcome.key_tags.set(tags)
        record(
            actor,
            target=welcome,
            space=space,
            before=before,
            after={"message": message, "key_tags": sorted(slugs)},
            via=via,
        )
    return welcome
