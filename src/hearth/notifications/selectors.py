"""Reads of notifications."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from hearth.notifications.models import Notification

UNREAD_TTL_SECONDS = 300


def _unread_key(user_id: int) -> str:
    return f"hearth:unread:{user_id}"


def unread_count(*, user_id: int) -> int:
    """The bell's number. Every page shows it, so where the cache is shared by all
    web processes (Redis) it is kept there and dropped whenever it changes; with a
    per-process cache it is counted each time, since another process could not
    drop a stale copy."""
    def count() -> int:
        return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()

    if not settings.HEARTH_SHARED_CACHE:
        return count()
    return cache.get_or_set(_unread_key(user_id), count, UNREAD_TTL_SECONDS)


def unread_count_forget(*, user_id: int) -> None:
    """Drop the cached count now and again after commit, so that a page read
    between the two cannot keep the old number."""
    if not settings.HEARTH_SHARED_CACHE:
        return
    cache.delete(_unread_key(user_id))
    transaction.on_commit(lambda: cache.delete(_unread_key(user_id)))
