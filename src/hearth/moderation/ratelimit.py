"""Rate limits on posting and reporting, per person per window, in Django's cache
(Redis with REDIS_URL, local memory otherwise).

A fixed window per person and action: the first hit of a window sets a counter
that expires with the window, each hit increments it atomically (``cache.incr``).
New accounts (signed up less than a day ago) get tighter limits: most abuse comes
from accounts made for it. ``HEARTH_RATE_LIMITS`` overrides the numbers, and
``HEARTH_RATE_LIMITS_ENABLED = False`` (the test settings) turns them off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from hearth.core.errors import TooManyRequests

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
    key = f"ratelimit:{action}:{actor.user_id}:{window}"
    # add() is atomic: only the window's first hit creates the counter.
    if cache.add(key, 1, timeout=limit.seconds):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=limit.seconds)
            count = 1
    if count > limit.count:
        first_day = " on a new account's first day" if new_account else ""
        raise TooManyRequests(
            f"You have reached the limit of {limit.describe()} for {WHAT[action]}"
            f"{first_day}. Please wait a little and try again."
        )
