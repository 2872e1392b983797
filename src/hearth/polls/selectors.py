"""Reads for polls, always through the visibility policy."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import NotFound
from hearth.polls.models import BallotChoice, Poll


@dataclass
class OptionResult:
    id: int
    label: str
    votes: int
    percent: int
    mine: bool
    # Names of who chose it; always empty for an anonymous poll.
    voters: list = field(default_factory=list)


@dataclass
class PollResults:
    poll: Poll
    options: list[OptionResult]
    voter_count: int
    my_choices: set[int]
    closed: bool


def poll_get(*, actor: Actor, poll_id: int) -> Poll:
    """The poll, or NotFound when it is missing or in a space the actor may not know."""
    poll = (
        Poll.objects.select_related("space", "conversation", "created_by")
        .filter(pk=poll_id)
        .first()
    )
    if poll is None or not policy.can_see_space(actor, poll.space):
        raise NotFound("No such poll.")
    policy.require_read_space(actor, poll.space)
    return poll


def conversation_has_polls() -> Exists:
    """For annotating conversations: whether any poll was asked in each. Only says
    whether reading the polls (through the policy) is worth a query; shows nothing."""
    return Exists(Poll.objects.filter(conversation=OuterRef("pk")))


def poll_list(*, actor: Actor, space=None, conversation=None, state: str = "") -> QuerySet:
    """Polls the actor may read, newest first; ``state`` is "open" or "closed"."""
    from django.db.models import Q
    from django.utils import timezone

    polls = Poll.objects.visible_to(actor).select_related("space", "created_by")
    if space is not None:
        policy.require_read_space(actor, space)
        polls = polls.filter(space=space)
    if conversation is not None:
        polls = polls.filter(conversation=conversation)
    now = timezone.now()
    if state == "open":
        polls = polls.filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    elif state == "closed":
        polls = polls.filter(closes_at__lte=now)
    return polls.order_by("-created_at", "-id")


def poll_results(*, actor: Actor, poll: Poll, with_voters: bool = True) -> PollResults:
    """Counts per option (one grouped query), the actor's own choices (one query) and,
    for a poll that is not anonymous, who chose what (one query)."""
    policy.require_read_space(actor, poll.space)
    options = list(poll.options.all())
    counts = dict(
        BallotChoice.objects.filter(poll=poll)
        .values("option_id")
        .annotate(n=Count("id"))
        .values_list("option_id", "n")
    )
    mine = (
        set(
            BallotChoice.objects.filter(poll=poll, ballot__voter_id=actor.user_id).values_list(
                "option_id", flat=True
            )
        )
        if actor.user_id
        else set()
    )
    voters: dict[int, list] = defaultdict(list)
    if with_voters and not poll.anonymous:
        for choice in (
            BallotChoice.objects.filter(poll=poll)
            .select_related("ballot__voter")
            .order_by("ballot__voter__display_name")
        ):
            voters[choice.option_id].append(choice.ballot.voter)
    total = poll.voter_count
    rows = [
        OptionResult(
            id=o.pk,
            label=o.label,
            votes=counts.get(o.pk, 0),
            percent=round(100 * counts.get(o.pk, 0) / total) if total else 0,
            mine=o.pk in mine,
            voters=voters.get(o.pk, []),
        )
        for o in options
    ]
    return PollResults(
        poll=poll, options=rows, voter_count=total, my_choices=mine, closed=poll.is_closed()
    )
