"""Library documents in search: through the space's policy, drafts left out,
official ones ranked up and outdated ones down; both index paths agree."""

import pytest
from django.db import connection

from hearth.library.services import document_edit
from hearth.search.models import SearchDocument
from hearth.search.selectors import SearchFilters, search
from hearth.search.services import search_reindex
from hearth.spaces.models import Visibility
from tests.conftest import actor_of
from tests.factories import document_make, person_make, space_make

pytestmark = pytest.mark.django_db

BODY = "Expense claims for travel: keep receipts and file them within a month.\n"


def found(user, q, **filters):
    return [
        (hit.kind, hit.id)
        for hit in search(actor=actor_of(user), q=q, filters=SearchFilters(**filters)).hits
    ]


def test_documents_are_found_through_the_policy_and_drafts_are_not():
    leader, outsider = person_make(), person_make()
    open_space = space_make(leader=leader)
    private = space_make(leader=leader, visibility=Visibility.PRIVATE)
    public_doc = document_make(space=open_space, owner=leader, title="Expenses guide", body=BODY)
    secret_doc = document_make(
        space=private, owner=leader, title="Expenses in the merger", body=BODY
    )
    draft = document_make(
        space=open_space, owner=leader, title="Expenses draft", body=BODY, status="draft"
    )
    assert set(found(leader, "expenses", kind="document")) == {
        ("document", public_doc.pk),
        ("document", secret_doc.pk),
    }
    assert found(outsider, "expenses", kind="document") == [("document", public_doc.pk)]
    assert ("document", draft.pk) not in found(leader, "expenses")
    hit = search(actor=actor_of(leader), q="expenses guide").hits[0]
    assert hit.url == f"/d/{public_doc.pk}/" and hit.label == "Document"


def test_official_documents_rise_and_outdated_ones_sink():
    leader = person_make()
    space = space_make(leader=leader)
    outdated = document_make(
        space=space, owner=leader, title="Receipts rules", body=BODY, status="outdated"
    )
    published = document_make(space=space, owner=leader, title="Receipts rules", body=BODY)
    official = document_make(
        space=space, owner=leader, title="Receipts rules", body=BODY, status="official"
    )
    assert found(leader, "receipts") == [
        ("document", official.pk),
        ("document", published.pk),
        ("document", outdated.pk),
    ]


def test_an_edit_reindexes_and_the_bulk_rebuild_agrees():
    leader = person_make()
    space = space_make(leader=leader)
    document = document_make(space=space, owner=leader, title="Onboarding", body=BODY)
    document_edit(
        actor=actor_of(leader),
        document=document,
        base_revision=1,
        title="Onboarding checklist",
        body="Laptops and badges.\n",
        status="official",
    )
    assert found(leader, "badges") == [("document", document.pk)]
    assert found(leader, "receipts") == []
    fields = [
        "kind",
        "object_id",
        "space_id",
        "conversation_kind",
        "title",
        "body",
        "author_id",
        "created_at",
        "removed",
    ]
    if connection.vendor == "postgresql":
        fields.append("search_vector")
    rows = SearchDocument.objects.filter(kind="document")
    before = sorted(rows.values_list(*fields))
    rows.delete()
    assert search_reindex(kinds=["document"]) == {"document": 1}
    assert sorted(rows.values_list(*fields)) == before
