"""Keeping the search index in step with what is written, without the writers
importing search.

Search reads the content of every app (conversations, replies, spaces, documents,
stories, people), so it sits above them in the layers; the services that change
that content therefore cannot call it. They say what changed instead —
``index_changed(obj)`` — and search, in its ``AppConfig.ready()``, registers the
function that indexes each model (``indexer_register``). The call is synchronous
and inside the caller's transaction, as search's own calls were: the index row
commits, or rolls back, with the change. Without search installed, nothing is
indexed and nothing fails.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model

_INDEXERS: dict[str, Callable[[Any], None]] = {}


def indexer_register(model_label: str, index: Callable[[Any], None]) -> None:
    """Index every changed instance of ``model_label`` ("app_label.ModelName") with
    ``index``; one indexer per model (a second registration replaces the first)."""
    _INDEXERS[model_label] = index


def index_changed(obj: Model) -> None:
    """Bring ``obj``'s search entry up to date (written, edited, moved, hidden,
    removed or restored: the indexer reads its state)."""
    index = _INDEXERS.get(obj._meta.label)
    if index is not None:
        index(obj)
