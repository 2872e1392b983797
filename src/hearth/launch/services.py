"""Writes for launching a space: invitation batches (previewed, then created by the
worker with progress), reminders for pending invitations, and the welcome message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction

from hearth.access.actor import Actor
from hearth.conversations.models import Tag
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Invalid, NotFound
from hearth.core.markdown import markdown_render
from hearth.launch import tasks
from hearth.launch.csvparse import FileRefused, RowError, parse_invitation_csv
from hearth.launch.models import (
    InvitationBatch,
    InvitationBatchItem,
    SpaceWelcome,
)
from hearth.launch.policies import require_edit_welcome, require_launch
from hearth.moderation.selectors import banned_from
from hearth.people.models import BusinessUnit, Country
from hearth.spaces.models import Invitation, Membership

if TYPE_CHECKING:
    from hearth.spaces.models import Space

MAX_ERRORS_KEPT = 1_000


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
    transaction.on_commit(lambda: tasks.invitation_batch_run.enqueue(batch.pk))
    return batch


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
