"""Rate limits count where every web process sees the same number: a person cannot
get the limit once per process, nor afresh after a restart."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.core.errors import TooManyRequests
from hearth.moderation.models import RateLimitCount
from hearth.moderation.ratelimit import Limit, rate_limit_hit
from tests.factories import person_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.HEARTH_RATE_LIMITS_ENABLED = True
    settings.HEARTH_RATE_LIMITS = {
        "post": (Limit(2, 600), Limit(2, 600)),
        "report": (Limit(1, 3600), Limit(1, 3600)),
    }
    return settings


def _actor():
    person = person_make()
    type(person).objects.filter(pk=person.pk).update(date_joined=timezone.now() - timedelta(days=9))
    person.refresh_from_db()
    return Actor.for_user(person)


def _forget_process_memory() -> None:
    """What another web process (or this one after a restart) starts from: no cache."""
    caches["default"].clear()
    del caches["default"]  # the next use makes a new cache client


def test_the_database_store_counts_across_processes_and_restarts(limits):
    assert limits.HEARTH_RATE_LIMIT_STORE == "database"  # no REDIS_URL, as in prod without it
    actor = _actor()
    rate_limit_hit(actor=actor, action="post")
    _forget_process_memory()
    rate_limit_hit(actor=actor, action="post")
    _forget_process_memory()
    with pytest.raises(TooManyRequests, match="2 per 10 minutes"):
        rate_limit_hit(actor=actor, action="post")
    assert RateLimitCount.objects.get(user=actor.user).count == 3


def test_each_action_and_each_person_has_its_own_count(limits):
    actor, other = _actor(), _actor()
    rate_limit_hit(actor=actor, action="report")
    rate_limit_hit(actor=actor, action="post")
    rate_limit_hit(actor=other, action="report")
    with pytest.raises(TooManyRequests, match="1 per 1 hour for reports"):
        rate_limit_hit(actor=actor, action="report")


def test_a_new_window_starts_afresh_and_clears_the_ended_ones(limits):
    actor = _actor()
    rate_limit_hit(actor=actor, action="post")
    rate_limit_hit(actor=actor, action="post")
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        rate_limit_hit(actor=actor, action="post")
        rows = list(RateLimitCount.objects.filter(user=actor.user).values_list("count", flat=True))
    assert rows == [1]


def test_two_processes_racing_for_the_first_hit_both_count(limits, monkeypatch):
    """The window's row is made by whichever process comes first; the other, finding
    no row to update then failing to make it, counts in that row."""
    actor = _actor()
    rows = RateLimitCount.objects.filter(user=actor.user)
    original_update = type(rows).update
    first = {"done": False}

    def update_after_the_other_process(self, **kwargs):
        if not first["done"]:  # the other process makes the row just after our UPDATE
            first["done"] = True
            result = original_update(self, **kwargs)
            window = int(timezone.now().timestamp()) // 600
            RateLimitCount.objects.create(
                user=actor.user,
                key=f"post:600:{window}",
                count=1,
                expires_at=timezone.now() + timedelta(minutes=10),
            )
            return result
        return original_update(self, **kwargs)

    monkeypatch.setattr(type(rows), "update", update_after_the_other_process)
    rate_limit_hit(actor=actor, action="post")
    assert rows.get().count == 2


def test_with_redis_the_count_is_in_the_shared_cache(limits):
    """With REDIS_URL the counter is a cache key (Redis INCR); here a local memory
    cache stands in for Redis, and two clients of it see the same count."""
    limits.HEARTH_RATE_LIMIT_STORE = "cache"
    actor = _actor()
    rate_limit_hit(actor=actor, action="post")
    del caches["default"]  # a second client of the same store
    rate_limit_hit(actor=actor, action="post")
    with pytest.raises(TooManyRequests):
        rate_limit_hit(actor=actor, action="post")
    assert not RateLimitCount.objects.exists()
