"""The catalogue of charter metrics: what a key success factor may measure.

Each metric is computed from real activity in the space (conversations,
replies, memberships), over a window ending now, in a fixed number of queries.
``docs/metrics.md`` documents the same catalogue for leaders.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from hearth.conversations.models import Conversation, Reply
from hearth.spaces.models import Membership

MONTH = timedelta(days=30)
QUARTER = timedelta(days=90)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str  # "people", "%", "hours", "conversations"
    higher_is_better: bool
    compute: Callable[..., float | None]
    explains: str

    def met(self, value: float | None, target: float) -> bool | None:
        if value is None:
            return None
        return value >= target if self.higher_is_better else value <= target

    @property
    def comparator(self) -> str:
        return "≥" if self.higher_is_better else "≤"


def _monthly_active_members(space, now) -> float:
    since = now - MONTH
    authors = set(
        Conversation.objects.filter(space=space, created_at__gte=since, author__isnull=False)
        .values_list("author_id", flat=True)
        .distinct()
    )
    authors |= set(
        Reply.objects.filter(conversation__space=space, created_at__gte=since, author__isnull=False)
        .values_list("author_id", flat=True)
        .distinct()
    )
    return float(len(authors))


def _questions(space, now):
    # Questions of the last quarter old enough to have had their 24 hours.
    return Conversation.objects.filter(
        space=space,
        kind="question",
        removed_at__isnull=True,
        created_at__gte=now - QUARTER,
        created_at__lte=now - timedelta(hours=24),
    )


def _answered_within_24h(space, now) -> float | None:
    questions = _questions(space, now)
    total = questions.count()
    if not total:
        return None
    quick = questions.filter(first_reply_at__lte=F("created_at") + timedelta(hours=24)).count()
    return round(100.0 * quick / total, 1)


def _median_first_response(space, now) -> float | None:
    pairs = Conversation.objects.filter(
        space=space,
        removed_at__isnull=True,
        created_at__gte=now - QUARTER,
        first_reply_at__isnull=False,
    ).values_list("created_at", "first_reply_at")
    hours = [(first - created).total_seconds() / 3600 for created, first in pairs]
    return round(statistics.median(hours), 1) if hours else None


def _new_members(space, now) -> float:
    return float(Membership.objects.filter(space=space, joined_at__gte=now - MONTH).count())


def _conversations_per_month(space, now) -> float:
    return float(
        Conversation.objects.filter(
            space=space, removed_at__isnull=True, created_at__gte=now - MONTH
        ).count()
    )


def _accepted_share(space, now) -> float | None:
    questions = Conversation.objects.filter(
        space=space, kind="question", removed_at__isnull=True, created_at__gte=now - QUARTER
    )
    total = questions.count()
    if not total:
        return None
    return round(100.0 * questions.filter(accepted_reply__isnull=False).count() / total, 1)


CATALOGUE: dict[str, Metric] = {
    m.key: m
    for m in [
        Metric(
            "monthly_active_members",
            "Monthly active members",
            "people",
            True,
            _monthly_active_members,
            "People who started a conversation or replied in the space in the last 30 days.",
        ),
        Metric(
            "answered_within_24h",
            "Questions answered within 24 h",
            "%",
            True,
            _answered_within_24h,
            "Share of the last 90 days' questions (at least a day old) whose first reply "
            "by someone other than the asker came within 24 hours.",
        ),
        Metric(
            "median_first_response_hours",
            "Median time to first response",
            "hours",
            False,
            _median_first_response,
            "Median hours between a conversation's start and its first reply by someone "
            "else, over the last 90 days.",
        ),
        Metric(
            "new_members_per_month",
            "New members per month",
            "people",
            True,
            _new_members,
            "People who joined the space in the last 30 days.",
        ),
        Metric(
            "conversations_per_month",
            "Conversations per month",
            "conversations",
            True,
            _conversations_per_month,
            "Conversations started in the last 30 days.",
        ),
        Metric(
            "accepted_answer_share",
            "Questions with an accepted answer",
            "%",
            True,
            _accepted_share,
            "Share of the last 90 days' questions whose asker (or a facilitator) accepted "
            "an answer.",
        ),
    ]
}


def metric_value(*, space, key: str, now=None) -> float | None:
    """The current value of one catalogue metric for ``space`` (None: no data yet)."""
    return CATALOGUE[key].compute(space, now or timezone.now())
