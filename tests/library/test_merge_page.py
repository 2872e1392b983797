"""The merge page of a stale edit merges the document's fields as well as its text:
what only the other person changed is kept, what both changed is asked about."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.library.models import Document, DocumentRevision
from hearth.library.services import collection_create
from tests.conftest import actor_of, client_for
from tests.factories import document_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db

REVIEW = datetime.date(2027, 3, 1)


@pytest.fixture
def two_editors():
    """A and B, both members, and a published document with one tag."""
    a, b = person_make(display_name="Alice Ames"), person_make(display_name="Bruno Berg")
    space = space_make(leader=a)
    membership_make(space=space, user=b)
    document = document_make(
        space=space, owner=a, title="Travel policy", body="one\ntwo\n", tags=["onboarding"]
    )
    return a, b, document


def opened(client, document) -> dict:
    """What the edit page's form holds when a person opens it."""
    response = client.get(f"/d/{document.pk}/edit/")
    assert response.status_code == 200
    return offered(response)


def offered(response) -> dict:
    """The form of a page as a browser submits it untouched (a radio left unchosen
    is not sent)."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None and form.fields[name].widget.input_type == "radio":
            continue
        data[name] = "" if value is None else str(value)
    return data


def document_now(document) -> Document:
    return Document.objects.prefetch_related("tags").get(pk=document.pk)


def tags_of(document) -> set[str]:
    return set(document_now(document).tags.values_list("slug", flat=True))


def test_a_stale_text_edit_keeps_the_tags_and_review_date_saved_meanwhile(two_editors):
    a, b, document = two_editors
    alice, bruno = client_for(a), client_for(b)
    alice_form, bruno_form = opened(alice, document), opened(bruno, document)
    assert bruno_form["tags"] == "onboarding" and bruno_form["review_on"] == ""
    saved = alice.post(
        f"/d/{document.pk}/edit/",
        {**alice_form, "tags": "onboarding, travel", "review_on": REVIEW.isoformat()},
    )
    assert saved.status_code == 302
    # Bruno changes only the text, from the revision he opened.
    response = bruno.post(f"/d/{document.pk}/edit/", {**bruno_form, "body": "one\ntwo\nthree\n"})
    assert response.status_code == 409
    page = response.content.decode()
    merge = offered(response)
    assert merge["tags"] == "onboarding, travel"
    assert merge["review_on"] == REVIEW.isoformat()
    assert merge["base_revision"] == "2" and merge["conflicts"] == ""
    assert "one\ntwo\nthree" in merge["body"]
    # The page says what the newer revision changed besides the text.
    assert 'id="their-field-changes"' in page
    assert "<strong>Tags</strong>: onboarding → onboarding, travel (kept below)" in page
    assert "<strong>Review date</strong>: no review date → 01 Mar 2027 (kept below)" in page
    saved = bruno.post(f"/d/{document.pk}/edit/", merge)
    assert saved.status_code == 302
    now = document_now(document)
    assert now.revision == 3 and now.body == "one\ntwo\nthree\n"
    assert tags_of(document) == {"onboarding", "travel"}
    assert now.review_on == REVIEW


def test_a_field_only_the_stale_editor_changed_is_theirs_in_the_merge(two_editors):
    a, b, document = two_editors
    guides = collection_create(actor=actor_of(a), space=document.space, name="Guides")
    alice, bruno = client_for(a), client_for(b)
    alice_form, bruno_form = opened(alice, document), opened(bruno, document)
    alice.post(f"/d/{document.pk}/edit/", {**alice_form, "body": "ONE\ntwo\n"})
    response = bruno.post(
        f"/d/{document.pk}/edit/",
        {**bruno_form, "collection": str(guides.pk), "title": "Travel policy 2027"},
    )
    assert response.status_code == 409
    merge = offered(response)
    assert merge["collection"] == str(guides.pk) and merge["title"] == "Travel policy 2027"
    assert merge["body"] == "ONE\ntwo\n" and merge["tags"] == "onboarding"
    assert bruno.post(f"/d/{document.pk}/edit/", merge).status_code == 302
    now = document_now(document)
    assert (now.collection_id, now.title, now.body) == (
        guides.pk,
        "Travel policy 2027",
        "ONE\ntwo\n",
    )


def test_a_field_both_changed_must_be_chosen_before_saving(two_editors):
    a, b, document = two_editors
    alice, bruno = client_for(a), client_for(b)
    alice_form, bruno_form = opened(alice, document), opened(bruno, document)
    alice.post(f"/d/{document.pk}/edit/", {**alice_form, "tags": "travel"})
    response = bruno.post(f"/d/{document.pk}/edit/", {**bruno_form, "tags": "onboarding, visas"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "1 field changed on both sides" in page
    assert "<strong>Tags</strong>: onboarding → travel (you changed it too: choose below)" in page
    assert "You both changed the tags: which should stay?" in page
    assert "Theirs (revision 2 by Alice Ames): travel" in page
    assert "Yours: onboarding, visas" in page
    merge = offered(response)
    assert "tags" not in merge and "choose_tags" not in merge
    assert (merge["theirs_tags"], merge["mine_tags"]) == ("travel", "onboarding, visas")
    # Saved as offered, without a choice: refused, nothing changes.
    refused = bruno.post(f"/d/{document.pk}/edit/", merge)
    assert refused.status_code == 400
    assert "Choose which tags to keep." in refused.content.decode()
    assert document_now(document).revision == 2 and tags_of(document) == {"travel"}
    saved = bruno.post(f"/d/{document.pk}/edit/", {**merge, "choose_tags": "mine"})
    assert saved.status_code == 302
    assert tags_of(document) == {"onboarding", "visas"}


def test_choosing_theirs_keeps_the_other_persons_value(two_editors):
    a, b, document = two_editors
    alice, bruno = client_for(a), client_for(b)
    alice_form, bruno_form = opened(alice, document), opened(bruno, document)
    alice.post(f"/d/{document.pk}/edit/", {**alice_form, "review_on": "2027-01-10"})
    response = bruno.post(f"/d/{document.pk}/edit/", {**bruno_form, "review_on": "2027-06-30"})
    merge = offered(response)
    assert merge["conflicts"] == "review_on"
    saved = bruno.post(f"/d/{document.pk}/edit/", {**merge, "choose_review_on": "theirs"})
    assert saved.status_code == 302
    assert document_now(document).review_on == datetime.date(2027, 1, 10)


def test_a_field_both_changed_alike_is_no_conflict(two_editors):
    a, b, document = two_editors
    alice, bruno = client_for(a), client_for(b)
    alice_form, bruno_form = opened(alice, document), opened(bruno, document)
    alice.post(f"/d/{document.pk}/edit/", {**alice_form, "status": "outdated"})
    response = bruno.post(f"/d/{document.pk}/edit/", {**bruno_form, "status": "outdated"})
    merge = offered(response)
    assert merge["status"] == "outdated" and merge["conflicts"] == ""


def test_an_edit_from_a_revision_that_kept_no_fields_asks_where_the_sides_differ(two_editors):
    a, b, document = two_editors
    alice, bruno = client_for(a), client_for(b)
    alice_form, bruno_form = opened(alice, document), opened(bruno, document)
    alice.post(f"/d/{document.pk}/edit/", {**alice_form, "tags": "travel"})
    # Revision 1 as saved before revisions recorded their fields.
    DocumentRevision.objects.filter(document=document, number=1).update(metadata=None)
    response = bruno.post(f"/d/{document.pk}/edit/", {**bruno_form, "body": "one\n2\n"})
    assert response.status_code == 409
    assert "was saved before Hearth kept" in response.content.decode()
    merge = offered(response)
    # Only the tags differ between the two sides; the rest needs no choice.
    assert merge["conflicts"] == "tags" and merge["status"] == "published"
    assert bruno.post(f"/d/{document.pk}/edit/", merge).status_code == 400
    assert (
        bruno.post(f"/d/{document.pk}/edit/", {**merge, "choose_tags": "theirs"}).status_code == 302
    )
    assert tags_of(document) == {"travel"}


@pytest.mark.parametrize(
    "change",
    [
        {"choose_tags": "both"},
        {"choose_tags": "mine", "conflicts": "tags,body"},
        {"choose_tags": "mine", "conflicts": "owner"},
        {"choose_tags": "mine", "mine_tags": "!!!, ???"},
        {"choose_tags": "mine", "conflicts": "tags,review_on", "mine_review_on": "soon"},
        {"choose_tags": "theirs", "theirs_tags": "x" * 500},
        {"choose_tags": "mine", "base_revision": "zero"},
    ],
)
def test_bad_input_on_the_merge_form_is_refused_and_changes_nothing(two_editors, change):
    a, b, document = two_editors
    alice, bruno = client_for(a), client_for(b)
    alice_form, bruno_form = opened(alice, document), opened(bruno, document)
    alice.post(f"/d/{document.pk}/edit/", {**alice_form, "tags": "travel"})
    merge = offered(bruno.post(f"/d/{document.pk}/edit/", {**bruno_form, "tags": "visas"}))
    response = bruno.post(f"/d/{document.pk}/edit/", {**merge, **change})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert document_now(document).revision == 2 and tags_of(document) == {"travel"}


def test_every_save_records_the_fields_it_left(two_editors):
    a, _, document = two_editors
    alice = client_for(a)
    form = opened(alice, document)
    assert DocumentRevision.objects.get(document=document, number=1).metadata == {
        "status": "published",
        "collection": None,
        "tags": ["onboarding"],
        "review_on": None,
    }
    alice.post(f"/d/{document.pk}/edit/", {**form, "tags": "b, a", "review_on": "2027-03-01"})
    assert DocumentRevision.objects.get(document=document, number=2).metadata == {
        "status": "published",
        "collection": None,
        "tags": ["a", "b"],
        "review_on": "2027-03-01",
    }
    alice.post(f"/d/{document.pk}/restore/", {"number": 1, "base_revision": 2})
    # A restore brings back the text; the fields stay as they are, and are recorded.
    assert DocumentRevision.objects.get(document=document, number=3).metadata["tags"] == [
        "a",
        "b",
    ]


def test_the_merge_page_runs_the_same_queries_whatever_the_tags(two_editors):
    a, b, _ = two_editors
    counts = []
    for size in (1, 8):
        document = document_make(
            space=two_editors[2].space, owner=a, tags=[f"t{n}" for n in range(size)]
        )
        alice, bruno = client_for(a), client_for(b)
        alice_form, bruno_form = opened(alice, document), opened(bruno, document)
        alice.post(f"/d/{document.pk}/edit/", {**alice_form, "tags": "x"})
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = bruno.post(f"/d/{document.pk}/edit/", {**bruno_form, "tags": "y"})
        assert response.status_code == 409
        counts.append(len(captured))
    assert counts[0] == counts[1]
