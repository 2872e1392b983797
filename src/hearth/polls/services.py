"""Writes for polls: check the policy, validate, change, record."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Invalid
from hearth.polls import policies
from hearth.polls.models import (
    MAX_OPTIONS,
    MIN_OPTIONS,
    OPTION_MAX,
    QUESTION_MAX,
    Ballot,
    BallotChoice,
    Poll,
    PollOption,
)

if TYPE_CHECKING:
    from hearth.conversations.models import Conversation
    from hearth.spaces.models import Space


def _clean_options(options: list[str]) -> list[str]:
    labels: list[str] = []
    for option in options or []:
        if not isinstance(option, str):
            raise Invalid("Options are short texts.", field="options")
        label = " ".join(option.split())
        if not label:
            continue
        if len(label) > OPTION_MAX:
            raise Invalid(f"An option can be at most {OPTION_MAX} characters.", field="options")
        if label.casefold() in {existing.casefold() for existing in labels}:
            raise Invalid(f"“{label[:40]}” is there twice.", field="options")
        labels.append(label)
    if len(labels) < MIN_OPTIONS:
        raise Invalid(f"Give at least {MIN_OPTIONS} options.", field="options")
    if len(labels) > MAX_OPTIONS:
        raise Invalid(f"Give at most {MAX_OPTIONS} options.", field="options")
    return labels


def poll_create(
    *,
    actor: Actor,
    space: Space,
    question: str,
    options: list[str],
    multiple: bool = False,
    anonymous: bool = False,
    closes_at: datetime | None = None,
    conversation: Conversation | None = None,
    via: str = "web",
) -> Poll:
    """Ask a poll in a space, or inside one of its conversations; members only."""
    policy.require_post_in_space(actor, space)
    question = " ".join((question or "").split())
    if len(question) < 5:
        raise Invalid("Ask a question of at least 5 characters.", field="question")
    if len(question) > QUESTION_MAX:
        raise Invalid(f"A question can be at most {QUESTION_MAX} characters.", field="question")
    labels = _clean_options(options)
    if closes_at is not None:
        if timezone.is_naive(closes_at):
            raise Invalid("Give the closing time with its time zone.", field="closes_at")
        if closes_at <= timezone.now():
            raise Invalid("The closing time must be in the future.", field="closes_at")
    if conversation is not None and (
        conversation.space_id != space.pk or conversation.removed_at is not None
    ):
        raise Invalid(
            "A poll can only be asked in a conversation of this space.", field="conversation"
        )
    with transaction.atomic():
        poll = Poll.objects.create(
            space=space,
            conversation=conversation,
            question=question,
            multiple=multiple,
            anonymous=anonymous,
            closes_at=closes_at,
            created_by=actor.user,
        )
        PollOption.objects.bulk_create(
            [PollOption(poll=poll, label=label, position=i) for i, label in enumerate(labels)]
        )
    return poll


def poll_vote(*, actor: Actor, poll: Poll, option_ids: list[int], via: str = "web") -> Ballot:
    """Cast or change the actor's ballot: one per person, until the poll closes.

    Options must belong to the poll; a single-choice poll takes exactly one.
    """
    policy.require_post_in_space(actor, poll.space)
    if poll.is_closed():
        raise Conflict("This poll is closed; its results are final.")
    wanted = list(dict.fromkeys(option_ids or []))
    if not wanted:
        raise Invalid("Pick an option first.", field="options")
    if not poll.multiple and len(wanted) > 1:
        raise Invalid("This poll takes one choice.", field="options")
    valid = set(PollOption.objects.filter(poll=poll, pk__in=wanted).values_list("pk", flat=True))
    if len(valid) != len(wanted):
        raise Invalid("Pick among this poll's options.", field="options")
    now = timezone.now()
    try:
        with transaction.atomic():
            ballot = Ballot.objects.select_for_update().filter(poll=poll, voter=actor.user).first()
            if ballot is None:
                ballot = Ballot.objects.create(
                    poll=poll, voter=actor.user, created_at=now, updated_at=now
                )
                Poll.objects.filter(pk=poll.pk).update(voter_count=F("voter_count") + 1)
            else:
                ballot.choices.all().delete()
                ballot.updated_at = now
                ballot.save(update_fields=["updated_at"])
            BallotChoice.objects.bulk_create(
                [BallotChoice(ballot=ballot, option_id=pk, poll=poll) for pk in wanted]
            )
    except IntegrityError as error:
        # Two first votes from the same person at once: the constraint keeps one.
        raise Conflict(
            "Your vote was just recorded from elsewhere; reload and try again."
        ) from error
    poll.refresh_from_db(fields=["voter_count"])
    return ballot


@change("poll.close", role="facilitator", check=policies.require_close_poll, on="poll")
def poll_close(*, actor: Actor, poll: Poll, via: str = "web") -> Poll:
    """Close a poll now; its results stay. Closing someone else's poll is audited."""
    with transaction.atomic():
        before = {"closes_at": poll.closes_at.isoformat() if poll.closes_at else None}
        poll.closes_at = timezone.now()
        poll.save(update_fields=["closes_at"])
        if poll.created_by_id != actor.user_id:
            record(
                actor,
                target=poll,
                space=poll.space,
                before=before,
                after={"closes_at": poll.closes_at.isoformat()},
                via=via,
            )
    return poll
