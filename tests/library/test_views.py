import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.library.models import Document, DocumentRevision
from hearth.library.services import collection_create, document_edit
from hearth.spaces.models import LifecycleState
from tests.conftest import actor_of, client_for
from tests.factories import document_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


def queries(client, url) -> tuple[int, int]:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured)


def _pages(document) -> list[str]:
    return [
        f"/s/{document.space.slug}/library/",
        f"/d/{document.pk}/",
        f"/d/{document.pk}/history/",
        f"/d/{document.pk}/diff/?from=1&to=2",
    ]


@pytest.mark.parametrize(
    "visibility,outsider_status", [("open", 200), ("restricted", 403), ("private", 404)]
)
def test_pages_by_role_and_visibility(visibility, outsider_status):
    leader, member = person_make(), person_make()
    space = space_make(visibility=visibility, leader=leader)
    membership_make(space=space, user=member)
    document = document_make(space=space, owner=member, body="a\n")
    document_edit(
        actor=actor_of(leader),
        document=document,
        base_revision=1,
        title=document.title,
        body="a\nb\n",
    )
    for url in _pages(document):
        assert Client().get(url).status_code == 302  # anonymous: to sign in
        assert client_for(person_make()).get(url).status_code == outsider_status, url
        assert client_for(member).get(url).status_code == 200, url
        assert client_for(leader).get(url).status_code == 200, url
    edit = f"/d/{document.pk}/edit/"
    assert client_for(person_make()).get(edit).status_code in (403, 404)
    assert client_for(member).get(edit).status_code == 200


def test_outsider_of_open_space_reads_but_cannot_edit():
    leader = person_make()
    space = space_make(leader=leader)
    document = document_make(space=space, owner=leader, body="keep\n")
    outsider = client_for(person_make())
    page = outsider.get(f"/d/{document.pk}/")
    assert page.status_code == 200 and b"/edit/" not in page.content
    response = outsider.post(
        f"/d/{document.pk}/edit/",
        {"title": document.title, "body": "vandal", "status": "published", "base_revision": 1},
    )
    assert response.status_code == 403
    assert Document.objects.get(pk=document.pk).body == "keep\n"


def test_draft_is_404_for_members_other_than_owner_and_stewards():
    leader, owner, member = person_make(), person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    draft = document_make(space=space, owner=owner, status="draft", title="Secret plan")
    assert client_for(member).get(f"/d/{draft.pk}/").status_code == 404
    assert b"Secret plan" not in client_for(member).get(f"/s/{space.slug}/library/").content
    assert client_for(owner).get(f"/d/{draft.pk}/").status_code == 200
    assert client_for(leader).get(f"/d/{draft.pk}/").status_code == 200


def test_library_filters_by_collection_status_and_tag():
    leader = person_make()
    space = space_make(leader=leader)
    guides = collection_create(actor=actor_of(leader), space=space, name="Guides")
    document_make(space=space, owner=leader, title="In guides", collection=guides, tags=["howto"])
    document_make(space=space, owner=leader, title="Old notes", status="outdated")
    client = client_for(leader)
    base = f"/s/{space.slug}/library/"
    by_collection = client.get(base + "?collection=guides").content
    assert b"In guides" in by_collection and b"Old notes" not in by_collection
    by_status = client.get(base + "?status=outdated").content
    assert b"Old notes" in by_status and b"In guides" not in by_status
    by_tag = client.get(base + "?tag=howto").content
    assert b"In guides" in by_tag and b"Old notes" not in by_tag
    assert client.get(base + "?status=<script>").status_code == 200


def test_edit_from_current_revision_saves_and_redirects():
    leader = person_make()
    space = space_make(leader=leader)
    document = document_make(space=space, owner=leader, body="a\n")
    response = client_for(leader).post(
        f"/d/{document.pk}/edit/",
        {
            "title": document.title,
            "body": "a\nb\n",
            "status": "published",
            "base_revision": 1,
            "note": "added b",
        },
    )
    assert response.status_code == 302
    assert DocumentRevision.objects.get(document=document, number=2).note == "added b"


def test_stale_edit_shows_the_merge_view_and_the_merged_text_saves():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    document = document_make(space=space, owner=leader, body="one\ntwo\nthree\nfour\n")
    document_edit(
        actor=actor_of(leader),
        document=document,
        base_revision=1,
        title=document.title,
        body="ONE\ntwo\nthree\nfour\n",
    )
    client = client_for(member)
    response = client.post(
        f"/d/{document.pk}/edit/",
        {
            "title": document.title,
            "body": "one\ntwo\nthree\nFOUR\n",
            "status": "published",
            "base_revision": 1,
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone saved first" in page
    assert 'name="base_revision" value="2"' in page
    assert "ONE\ntwo\nthree\nFOUR" in page  # merged cleanly
    assert Document.objects.get(pk=document.pk).revision == 2
    saved = client.post(
        f"/d/{document.pk}/edit/",
        {
            "title": document.title,
            "body": "ONE\ntwo\nthree\nFOUR\n",
            "status": "published",
            "base_revision": 2,
        },
    )
    assert saved.status_code == 302
    assert Document.objects.get(pk=document.pk).body == "ONE\ntwo\nthree\nFOUR\n"


def test_conflicting_edit_is_marked_and_cannot_be_saved_with_markers():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    document = document_make(space=space, owner=leader, body="same line\n")
    document_edit(
        actor=actor_of(leader),
        document=document,
        base_revision=1,
        title=document.title,
        body="their line\n",
    )
    client = client_for(member)
    response = client.post(
        f"/d/{document.pk}/edit/",
        {"title": document.title, "body": "my line\n", "status": "published", "base_revision": 1},
    )
    assert response.status_code == 409
    assert "&lt;&lt;&lt;&lt;&lt;&lt;&lt; revision 2" in response.content.decode()
    again = client.post(
        f"/d/{document.pk}/edit/",
        {
            "title": document.title,
            "body": "<<<<<<< r\ntheir line\n=======\nmy line\n>>>>>>> y\n",
            "status": "published",
            "base_revision": 2,
        },
    )
    assert again.status_code == 400 and b"conflict markers" in again.content
    assert Document.objects.get(pk=document.pk).revision == 2


def test_create_page_refuses_bad_input_with_form_errors():
    leader = person_make()
    space = space_make(leader=leader)
    client = client_for(leader)
    response = client.post(
        f"/s/{space.slug}/library/new/", {"title": "ab", "body": "text", "status": "published"}
    )
    assert response.status_code == 400 and b"at least 3 characters" in response.content
    response = client.post(
        f"/s/{space.slug}/library/new/", {"title": "Good title", "body": "", "status": "published"}
    )
    assert response.status_code == 400
    assert not Document.objects.exists()
    created = client.post(
        f"/s/{space.slug}/library/new/",
        {"title": "Good title", "body": "text", "status": "published", "tags": "a, b"},
    )
    assert created.status_code == 302


def test_restore_from_history_page():
    leader = person_make()
    space = space_make(leader=leader)
    document = document_make(space=space, owner=leader, body="first\n")
    document_edit(
        actor=actor_of(leader),
        document=document,
        base_revision=1,
        title=document.title,
        body="second\n",
    )
    client = client_for(leader)
    assert (
        client.post(f"/d/{document.pk}/restore/", {"number": 1, "base_revision": 2}).status_code
        == 302
    )
    assert Document.objects.get(pk=document.pk).body == "first\n"
    stale = client.post(f"/d/{document.pk}/restore/", {"number": 2, "base_revision": 2})
    assert stale.status_code == 302 and Document.objects.get(pk=document.pk).revision == 3
    assert client.post(f"/d/{document.pk}/restore/", {"number": "x"}).status_code == 400


def test_diff_page_shows_changes_and_refuses_bad_numbers():
    leader = person_make()
    space = space_make(leader=leader)
    document = document_make(space=space, owner=leader, body="a\n<b>old</b>\n")
    document_edit(
        actor=actor_of(leader),
        document=document,
        base_revision=1,
        title=document.title,
        body="a\nnew\n",
    )
    client = client_for(leader)
    page = client.get(f"/d/{document.pk}/diff/").content.decode()
    assert "<del>&lt;b&gt;old&lt;/b&gt;</del>" in page and "<ins>new</ins>" in page
    assert client.get(f"/d/{document.pk}/diff/?from=abc").status_code == 400
    assert client.get(f"/d/{document.pk}/diff/?from=1&to=9").status_code == 404


def test_archived_space_library_is_read_only_on_pages():
    leader = person_make()
    space = space_make(leader=leader)
    document = document_make(space=space, owner=leader)
    space.state = LifecycleState.ARCHIVED
    space.save()
    client = client_for(leader)
    assert client.get(f"/d/{document.pk}/").status_code == 200
    assert b"/edit/" not in client.get(f"/d/{document.pk}/").content
    assert client.get(f"/d/{document.pk}/edit/").status_code == 403
    assert client.get(f"/s/{space.slug}/library/new/").status_code == 403


def test_library_pages_run_constant_queries():
    leader = person_make()
    space = space_make(leader=leader)
    guides = collection_create(actor=actor_of(leader), space=space, name="Guides")
    counts = []
    for size in (2, 12):
        documents = [
            document_make(space=space, owner=leader, tags=["a", f"t{n}"], collection=guides)
            for n in range(size)
        ]
        document = documents[0]
        for n in range(size):
            document_edit(
                actor=actor_of(leader),
                document=document,
                base_revision=document.revision,
                title=document.title,
                body=f"line {n}\n",
            )
        client = client_for(leader)
        counts.append(
            [queries(client, url) for url in _pages(document) + [f"/d/{document.pk}/edit/"]]
        )
    small, large = counts
    assert all(status == 200 for status, _ in small + large)
    assert [n for _, n in small] == [n for _, n in large]
    assert max(n for _, n in large) <= 14
