"""Success stories in search: indexed by the services, rebuilt alike in bulk, found
only by the readers of their space."""

import pytest
from django.db import connection

from hearth.search.models import SearchDocument
from hearth.search.selectors import SearchFilters, search
from hearth.search.services import search_reindex
from hearth.stories import services
from hearth.stories.models import Story
from tests.conftest import actor_of
from tests.factories import membership_make, person_make, space_make, story_make

pytestmark = pytest.mark.django_db

FIELDS = (
    "kind",
    "object_id",
    "space_id",
    "conversation_kind",
    "title",
    "body",
    "author_id",
    "created_at",
    "removed",
)


def snapshot():
    fields = (*FIELDS, "search_vector") if connection.vendor == "postgresql" else FIELDS
    return sorted(SearchDocument.objects.filter(kind="story").values_list(*fields))


def test_stories_are_found_by_readers_only():
    leader, member, outsider = person_make(), person_make(), person_make()
    closed = space_make(visibility="restricted", leader=leader)
    membership_make(space=closed, user=member)
    story = story_make(
        space=closed,
        author=member,
        title="Forklift routes redrawn",
        beneficiaries="Warehouse pickers",
    )
    story_make(space=space_make(leader=leader), author=leader, title="Forklift training online")
    hits = search(actor=actor_of(member), q="forklift").hits
    assert {(h.kind, h.title) for h in hits} == {
        ("story", "Forklift routes redrawn"),
        ("story", "Forklift training online"),
    }
    assert next(h for h in hits if h.id == story.pk).url == f"/stories/{story.pk}/"
    assert [h.title for h in search(actor=actor_of(outsider), q="forklift").hits] == [
        "Forklift training online"
    ]
    assert (
        search(actor=actor_of(member), q="pickers", filters=SearchFilters(kind="story")).count == 1
    )


def test_an_edit_reindexes_and_the_bulk_rebuild_agrees():
    member = person_make()
    space = space_make(leader=member)
    story = story_make(space=space, author=member, title="Canteen waste halved")
    services.story_update(
        actor=actor_of(member),
        story=story,
        fields=services.StoryFields(
            title="Canteen food waste halved",
            body="Smaller plates.",
            outcome_kind="cost_saved",
            money_saved="1200",
            currency="EUR",
            beneficiaries="Everyone at the Lyon site",
        ),
    )
    story_make(space=space, author=member, title="No one benefited named", beneficiaries="")
    by_services = snapshot()
    assert len(by_services) == 2
    SearchDocument.objects.filter(kind="story").delete()
    search_reindex(kinds=["story"])
    assert snapshot() == by_services
    assert search(actor=actor_of(member), q="plates").hits[0].title == "Canteen food waste halved"
    Story.objects.filter(title__startswith="No one").delete()
    search_reindex(kinds=["story"])
    assert len(snapshot()) == 1
