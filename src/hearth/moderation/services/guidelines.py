"""A space's guidelines and report threshold, and staff notes on a person."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from hearth.access.actor import Actor
from hearth.core.changes import change, record
from hearth.core.errors import Forbidden, Invalid
from hearth.core.markdown import markdown_render
from hearth.moderation import policies
from hearth.moderation.models import (
    Guideline,
    SpaceModeration,
    StaffNote,
)
from hearth.moderation.services.report import THRESHOLD_RANGE, report_threshold
from hearth.spaces.models import Space

if TYPE_CHECKING:
    from hearth.people.models import User


@change("moderation.guidelines", role="facilitator", check=policies.require_review_space)
def guideline_publish(*, actor: Actor, space: Space, body: str, via: str = "web") -> Guideline:
    """Publish a new version of the space's moderation guidelines (Markdown)."""
    body = (body or "").strip()
    if not body:
        raise Invalid("Write the guidelines first.", field="body")
    if len(body) > 10_000:
        raise Invalid("Guidelines can be at most 10,000 characters.", field="body")
    with transaction.atomic():
        latest = (
            Guideline.objects.select_for_update().filter(space=space).order_by("-version").first()
        )
        if latest and latest.body == body:
            raise Invalid("Nothing changed since the current version.", field="body")
        guideline = Guideline.objects.create(
            space=space,
            version=(latest.version + 1) if latest else 1,
            body=body,
            body_html=markdown_render(body),
            author=actor.user,
        )
        record(
            actor,
            target=guideline,
            space=space,
            before={"version": latest.version if latest else None},
            after={"version": guideline.version},
            via=via,
        )
    return guideline


@change("moderation.threshold", role="facilitator", check=policies.require_review_space)
def report_threshold_set(
    *, actor: Actor, space: Space, threshold: int | str, via: str = "web"
) -> int:
    """Set how many distinct reports hide an item in the space."""
    low, high = THRESHOLD_RANGE
    if (
        not isinstance(threshold, int)
        or isinstance(threshold, bool)
        or not low <= threshold <= high
    ):
        raise Invalid(f"The threshold is a number from {low} to {high}.", field="threshold")
    with transaction.atomic():
        before = report_threshold(space)
        SpaceModeration.objects.update_or_create(
            space=space, defaults={"report_threshold": threshold}
        )
        record(
            actor,
            target=space,
            space=space,
            before={"threshold": before},
            after={"threshold": threshold},
            via=via,
        )
    return threshold


@change(
    "moderation.note", role="facilitator", check=policies.require_see_moderation_record, on="person"
)
def staff_note_add(
    *, actor: Actor, person: User, body: str, space: Space | None = None, via: str = "web"
) -> StaffNote:
    """Add a note about a person that only the moderators of ``space`` read (and
    platform admins); without a space, a platform-wide note, for platform admins."""
    if space is None and not policies.can_review_platform(actor):
        raise Invalid("Choose the space whose moderators the note is for.", field="space")
    if space is not None and not policies.can_review_space(actor, space):
        raise Forbidden("You can only write notes for the spaces you moderate.")
    body = (body or "").strip()
    if not body:
        raise Invalid("Write the note first.", field="body")
    if len(body) > 2000:
        raise Invalid("A note can be at most 2,000 characters.", field="body")
    with transaction.atomic():
        note = StaffNote.objects.create(person=person, author=actor.user, body=body, space=space)
        record(actor, target=note, space=space, after={"person": person.username}, via=via)
    return note
