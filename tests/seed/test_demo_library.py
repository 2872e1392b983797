"""The demo's library: documents with several revisions in a few spaces; a rerun adds nothing."""

import pytest
from django.db.models import Count

from hearth.core.models import AuditEntry
from hearth.library.models import Document
from hearth.search.models import SearchDocument
from hearth.seed.demo_library import DOCUMENTS, seed_library
from hearth.spaces.models import Space

pytestmark = pytest.mark.django_db


def test_demo_documents_have_revisions_by_several_people(demo_seeded):
    assert "Library: 6 new documents" in demo_seeded
    documents = Document.objects.annotate(n=Count("revisions"))
    assert documents.count() == len(DOCUMENTS)
    assert documents.filter(n__gte=3).count() >= 2
    assert set(documents.values_list("status", flat=True)) == {
        "official",
        "published",
        "outdated",
        "draft",
    }
    assert documents.values("space").distinct().count() == 3
    five_s = Document.objects.get(title="The 5S guide")
    assert five_s.revision == 3
    assert five_s.revisions.values("author").distinct().count() == 3
    assert "ask the area owner first" in five_s.body
    assert AuditEntry.objects.filter(action="document.status", after__status="official").exists()
    # Found by search, except the draft.
    assert SearchDocument.objects.filter(kind="document", removed=False).count() == 5


def test_a_rerun_adds_no_documents(demo_seeded):
    spaces = {s.slug: s for s in Space.objects.all()}
    before = list(Document.objects.values_list("pk", "revision"))
    assert seed_library(spaces).startswith("Library: 0 new documents")
    assert list(Document.objects.values_list("pk", "revision")) == before
