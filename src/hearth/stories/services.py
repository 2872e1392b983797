"""Writes for success stories: check the policy, validate, change, record, notify."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Invalid
from hearth.core.indexing import index_changed
from hearth.core.markdown import markdown_render
from hearth.notifications.services import notification_send
from hearth.stories import policies
from hearth.stories.models import (
    BENEFICIARIES_MAX,
    BODY_MAX,
    HOURS_MAX,
    MONEY_MAX,
    NOTE_MAX,
    TITLE_MAX,
    BusinessOutcome,
    Currency,
    OutcomeKind,
    Story,
)

if TYPE_CHECKING:
    from hearth.conversations.models import Conversation
    from hearth.spaces.models import Space

STORY_PROMOTED_KIND = "story_promoted"


@dataclass(frozen=True)
class StoryFields:
    """A story's text and outcome, as people write them (validated by ``_clean``)."""

    title: str
    body: str
    outcome_kind: str
    hours_saved: Decimal | float | int | str | None = None
    money_saved: Decimal | float | int | str | None = None
    currency: str = ""
    beneficiaries: str = ""


def _amount(value, *, field: str, what: str, maximum: Decimal, places: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise Invalid(f"Give {what} as a number.", field=field)
    if isinstance(value, float) and not math.isfinite(value):
        raise Invalid(f"Give {what} as a number.", field=field)
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as error:
        raise Invalid(f"Give {what} as a number.", field=field) from error
    if not amount.is_finite():
        raise Invalid(f"Give {what} as a number.", field=field)
    if amount < 0:
        raise Invalid(f"{what.capitalize()} cannot be negative.", field=field)
    if amount > maximum:
        raise Invalid(
            f"{what.capitalize()} above {maximum:,} is not believable: check the figure.",
            field=field,
        )
    return amount.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _clean(fields: StoryFields) -> dict:
    title = " ".join((fields.title or "").split())
    if len(title) < 5:
        raise Invalid("Give the story a title of at least 5 characters.", field="title")
    if len(title) > TITLE_MAX:
        raise Invalid(f"Keep the title to {TITLE_MAX} characters.", field="title")
    body = (fields.body or "").strip()
    if not body:
        raise Invalid("Tell the story: what happened and what changed.", field="body")
    if len(body) > BODY_MAX:
        raise Invalid(f"Keep the story to {BODY_MAX:,} characters.", field="body")
    if fields.outcome_kind not in OutcomeKind.values:
        raise Invalid(
            "Choose the kind of outcome: "
            + ", ".join(label.lower() for label in OutcomeKind.labels)
            + ".",
            field="outcome_kind",
        )
    hours = _amount(
        fields.hours_saved,
        field="hours_saved",
        what="the hours saved",
        maximum=HOURS_MAX,
        places="0.1",
    )
    money = _amount(
        fields.money_saved,
        field="money_saved",
        what="the money saved",
        maximum=MONEY_MAX,
        places="0.01",
    )
    currency = (fields.currency or "").strip().upper()
    if money is None:
        currency = ""
    elif currency not in Currency.values:
        raise Invalid(
            "Choose the currency of the money saved: " + ", ".join(Currency.values) + ".",
            field="currency",
        )
    beneficiaries = " ".join((fields.beneficiaries or "").split())
    if len(beneficiaries) > BENEFICIARIES_MAX:
        raise Invalid(
            f"Keep who benefited to {BENEFICIARIES_MAX} characters.", field="beneficiaries"
        )
    return {
        "title": title,
        "body": body,
        "body_html": markdown_render(body),
        "outcome_kind": fields.outcome_kind,
        "hours_saved": hours,
        "money_saved": money,
        "currency": currency,
        "beneficiaries": beneficiaries,
    }


def _index(story: Story) -> None:
    index_changed(story)


def story_create(*, actor: Actor, space: Space, fields: StoryFields, via: str = "web") -> Story:
    """Write a success story in a space: its members (refused in an archived space)."""
    policy.require_post_in_space(actor, space)
    values = _clean(fields)
    now = timezone.now()
    with transaction.atomic():
        story = Story.objects.create(
            space=space,
            author=actor.user,
            business_unit_id=space.business_unit_id,
            created_at=now,
            updated_at=now,
            **values,
        )
        _index(story)
    return story


def _snapshot(story: Story) -> dict:
    return {
        "title": story.title,
        "outcome_kind": story.outcome_kind,
        "hours_saved": str(story.hours_saved) if story.hours_saved is not None else None,
        "money_saved": str(story.money_saved) if story.money_saved is not None else None,
        "currency": story.currency,
        "beneficiaries": story.beneficiaries,
        "body": story.body,
    }


@change("story.edit", role="facilitator", check=policies.require_edit_story, on="story")
def story_update(*, actor: Actor, story: Story, fields: StoryFields, via: str = "web") -> Story:
    """Edit a story: its author, or the space's facilitators and leaders (audited
    when it is someone else's)."""
    values = _clean(fields)
    before = _snapshot(story)
    with transaction.atomic():
        for name, value in values.items():
            setattr(story, name, value)
        story.updated_at, story.edited_by = timezone.now(), actor.user
        story.save()
        if story.author_id != actor.user_id:
            record(
                actor,
                target=story,
                space=story.space,
                before=before,
                after=_snapshot(story),
                via=via,
            )
        _index(story)
    return story


def _clean_note(note: str) -> str:
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX:
        raise Invalid(f"Keep the note to {NOTE_MAX} characters.", field="note")
    return note


@change(
    "story.outcome_mark",
    role="facilitator",
    check=policies.require_curate_outcomes,
    on="conversation",
)
def outcome_mark(
    *, actor: Actor, conversation: Conversation, note: str = "", via: str = "web"
) -> BusinessOutcome:
    """Mark a conversation as having led to a business outcome: the space's
    facilitators and leaders (audited). Marking twice is a conflict."""
    if conversation.removed_at is not None:
        raise Conflict("This conversation was removed: it cannot be marked.")
    if conversation.hidden_at is not None:
        raise Conflict("This conversation is hidden pending review: decide the report first.")
    note = _clean_note(note)
    try:
        with transaction.atomic():
            outcome = BusinessOutcome.objects.create(
                conversation=conversation, note=note, marked_by=actor.user
            )
            record(
                actor,
                target=conversation,
                space=conversation.space,
                after={"note": note},
                via=via,
            )
    except IntegrityError as error:
        raise Conflict("This conversation is already marked as a business outcome.") from error
    return outcome


@change(
    "story.outcome_unmark",
    role="facilitator",
    check=policies.require_curate_outcomes,
    on="conversation",
)
def outcome_unmark(*, actor: Actor, conversation: Conversation, via: str = "web") -> None:
    """Take the mark away, while no story was promoted from the conversation."""
    if Story.objects.filter(source_conversation=conversation).exists():
        raise Conflict("This conversation was promoted to a story: the mark stays with it.")
    with transaction.atomic():
        deleted, _ = BusinessOutcome.objects.filter(conversation=conversation).delete()
        if not deleted:
            raise Conflict("This conversation is not marked as a business outcome.")
        record(actor, target=conversation, space=conversation.space, via=via)


def promotion_draft(conversation: Conversation) -> StoryFields:
    """What the promotion form starts from: the conversation's title and text."""
    return StoryFields(
        title=conversation.title[:TITLE_MAX],
        body=conversation.body[:BODY_MAX],
        outcome_kind=OutcomeKind.TIME_SAVED,
    )


@change(
    "story.promote", role="facilitator", check=policies.require_curate_outcomes, on="conversation"
)
def story_promote(
    *, actor: Actor, conversation: Conversation, fields: StoryFields, via: str = "web"
) -> Story:
    """Promote a conversation to a success story in its space: the space's
    facilitators and leaders (audited). The conversation is marked as a business
    outcome if it was not; its author is told. Promoting twice is a conflict."""
    if conversation.removed_at is not None:
        raise Conflict("This conversation was removed: it cannot be promoted.")
    if conversation.hidden_at is not None:
        # Publishing it as a story would put reported text back on every surface.
        raise Conflict("This conversation is hidden pending review: decide the report first.")
    if Story.objects.filter(source_conversation=conversation).exists():
        raise Conflict("This conversation is already promoted to a story.")
    values = _clean(fields)
    space = conversation.space
    now = timezone.now()
    try:
        with transaction.atomic():
            story = Story.objects.create(
                space=space,
                author=actor.user,
                business_unit_id=space.business_unit_id,
                source_conversation=conversation,
                created_at=now,
                updated_at=now,
                **values,
            )
            BusinessOutcome.objects.get_or_create(
                conversation=conversation, defaults={"marked_by": actor.user}
            )
            record(
                actor,
                target=story,
                space=space,
                after={
                    "conversation": conversation.pk,
                    "title": story.title,
                    "outcome_kind": story.outcome_kind,
                },
                via=via,
            )
            _index(story)
            _notify_promoted(actor=actor, conversation=conversation, story=story)
    except IntegrityError as error:  # a second promotion racing this one
        raise Conflict("This conversation is already promoted to a story.") from error
    return story


def _notify_promoted(*, actor: Actor, conversation, story: Story) -> None:
    author = conversation.author
    if author is None or author.pk == actor.user_id or not author.is_active:
        return
    # Told only while they may read the space; the inbox asks again later.
    if policy.can_read_space(Actor.for_user(author), conversation.space):
        notification_send(
            recipient=author,
            kind=STORY_PROMOTED_KIND,
            actor=actor.user,
            space=conversation.space,
            conversation=conversation,
            text=f"Your conversation “{conversation.title}” became a success story: "
            f"“{story.title}”.",
            url=story.get_absolute_url(),
        )
