"""Rate limits on posting and reporting, per person per window, in a store every web
process and worker shares, so that a limit holds across processes and restarts.

A fixed window per person and action: the first hit of a window creates a counter
that expires with the window, each hit increments it atomically. Where the counter
lives is ``HEARTH_RATE_LIMIT_STORE``:

- ``"cache"`` (the default with ``REDIS_URL``): Django's cache, that is Redis, with
  ``cache.add`` and ``cache.incr`` (Redis ``INCR``, atomic);
- ``"database"`` (the default otherwise): a ``RateLimitCount`` row per person and
  window, incremented by ``UPDATE ... SET count = count + 1``. Not Django's local
  memory cache, which each process keeps for itself (a person would get the limit
  once per web process, and afresh at every restart), nor its database cache,
  whose ``incr`` reads then writes and loses hits made at the same moment.

New accounts (signed up less than a day ago) get tighter limits: most abuse comes
from accounts made for it. ``HEARTH_RATE_LIMITS`` overrides the numbers, and
``HEARTH_RATE_LIMITS_ENABLED = False`` (the test settings) turns them off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from hearth.core.errors import TooManyRequests
from hearth.moderation.models import RateLimitCount

NEW_ACCOUNT_AGE = timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int

    def describe(self) -> str:
        minutes = self.seconds // 60
        window = (
            f"{minutes // 60} hour{'s' if minutes >= 120 else ''}"
            if minutes >= 60
            else f"{minutes} minute{'s' if minutes > 1 else ''}"
        )
        return f"{self.count} per {window}"


# action → (limit for everyone, limit on an account's first day)
DEFAULT_LIMITS: dict[str, tuple[Limit, Limit]] = {
    "post": (Limit(30, 600), Limit(10, 3600)),
    "report": (Limit(20, 3600), Limit(5, 3600)),
}
WHAT = {"post": "posts", "report": "reports"}


def _limit(action: str, *, new_account: bool) -> Limit:
    limits = {**DEFAULT_LIMITS, **getattr(settings, "HEARTH_RATE_LIMITS", {})}[action]
    return limits[1] if new_account else limits[0]


def rate_limit_hit(*, actor, action: str) -> None:
    """Count one ``action`` ("post" or "report") by the actor, or raise
    ``TooManyRequests`` (429) with a clear message once their window is full."""
    if not getattr(settings, "HEARTH_RATE_LIMITS_ENABLED", True) or not actor.user_id:
        return
    joined = getattr(actor.user, "date_joined", None)
    new_account = joined is not None and timezone.now() - joined < NEW_ACCOUNT_AGE
    limit = _limit(action, new_account=new_account)
    window = int(timezone.now().timestamp()) // limit.seconds
    key = f"{action}:{limit.seconds}:{window}"
    if getattr(settings, "HEARTH_RATE_LIMIT_STORE", "database") == "cache":
        count = _count_in_cache(f"ratelimit:{actor.user_id}:{key}", limit)
    else:
        count = _count_in_database(actor.user_id, key, window, limit)
    if count > limit.count:
        first_day = " on a new account's first day" if new_account else ""
        raise TooManyRequests(
            f"You have reached the limit of {limit.describe()} for {WHAT[action]}"
            f"{first_day}. Please wait a little and try again."
        )


def _count_in_cache(key: str, limit: Limit) -> int:
    # add() is atomic: only the window's first hit creates the counter.
    if cache.add(key, 1, timeout=limit.seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=limit.seconds)
        return 1


def _count_in_database(user_id: int, key: str, window: int, limit: Limit) -> int:
    rows = RateLimitCount.objects.filter(user_id=user_id, key=key)
    # The increment is one UPDATE: concurrent hits queue on the row, none is lost.
    if rows.update(count=F("count") + 1):
        return rows.values_list("count", flat=True).get()
    ends = datetime.fromtimestamp((window + 1) * limit.seconds, tz=UTC)
    try:
        with transaction.atomic():
            RateLimitCount.objects.create(user_id=user_id, key=key, count=1, expires_at=ends)
    except IntegrityError:  # another process made the window's row a moment ago
        rows.update(count=F("count") + 1)
        return rows.values_list("count", flat=True).get()
    # Once a window, the person's ended windows go: the table keeps a row or two each.
    RateLimitCount.objects.filter(user_id=user_id, expires_at__lte=timezone.now()).delete()
    return 1
