"""A search benchmark the bench scripts can call: time ``search`` in-process.

    from hearth.search.bench import search_bench
    search_bench(username="member")  # -> [{"q": ..., "count": ..., "median_ms": ...}, ...]

It measures the selector (counts, page, snippets) for one signed-in person, as
the page and the API run it, with the number of queries each search costs.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.access.actor import Actor
from hearth.search.selectors import SearchFilters, search

QUERIES = (
    "onboarding",
    "budget forecast",
    '"quarterly review"',
    "release or deploy",
    "customer -internal",
)


def search_bench(
    *,
    username: str,
    queries: Sequence[str] = QUERIES,
    repeat: int = 5,
    filters: SearchFilters | None = None,
    limit: int = 20,
) -> list[dict]:
    """For each query: matches the person may read, median and slowest time of
    ``repeat`` runs (after one warm-up), and queries per search."""
    user = get_user_model().objects.get(username=username)
    rows = []
    for q in queries:
        search(actor=Actor.for_user(user), q=q, filters=filters, limit=limit)
        timings = []
        for _ in range(repeat):
            actor = Actor.for_user(user)  # a fresh actor per request, as in a request
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                found = search(actor=actor, q=q, filters=filters, limit=limit)
                timings.append((time.perf_counter() - started) * 1000)
        rows.append(
            {
                "q": q,
                "count": found.count,
                "queries": len(captured),
                "median_ms": round(statistics.median(timings), 2),
                "max_ms": round(max(timings), 2),
            }
        )
    return rows
