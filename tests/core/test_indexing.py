"""core.indexing: the writers' hook that search fills."""

import pytest

from hearth.core import indexing
from hearth.search.models import SearchDocument
from tests.factories import space_make


def test_search_registers_an_indexer_for_each_model_it_finds():
    assert {
        "conversations.Conversation",
        "conversations.Reply",
        "spaces.Space",
        "library.Document",
        "stories.Story",
        "people.User",
    } <= set(indexing._INDEXERS)


@pytest.mark.django_db
def test_a_change_reaches_the_index_through_the_hook():
    space = space_make(name="Welders of the north")
    SearchDocument.objects.filter(object_id=space.pk, kind="space").delete()
    indexing.index_changed(space)
    assert SearchDocument.objects.filter(object_id=space.pk, kind="space").get().title == (
        "Welders of the north"
    )


@pytest.mark.django_db
def test_a_model_without_an_indexer_is_left_alone(monkeypatch):
    monkeypatch.setattr(indexing, "_INDEXERS", {})
    space = space_make(name="Unindexed")
    SearchDocument.objects.filter(object_id=space.pk, kind="space").delete()
    indexing.index_changed(space)
    assert not SearchDocument.objects.filter(object_id=space.pk, kind="space").exists()
