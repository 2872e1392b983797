"""Every library surface as every kind of person, in every kind of space: the page,
the API, the list, search and the file download agree with the one policy."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hearth.library.services import attachment_add
from tests.conftest import ApiClient, actor_of, client_for
from tests.factories import document_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db

WORD = "zephyrine"  # a word found nowhere else, for search


def _world(visibility: str):
    leader, facilitator, member = person_make(), person_make(), person_make()
    space = space_make(visibility=visibility, leader=leader)
    membership_make(space=space, user=facilitator, role="facilitator")
    membership_make(space=space, user=member)
    document = document_make(
        space=space, owner=member, title=f"Published {WORD}", body=f"About {WORD}.\n"
    )
    draft = document_make(
        space=space,
        owner=member,
        title=f"Draft {WORD}",
        body=f"Draft about {WORD}.\n",
        status="draft",
    )
    attachment_add(
        actor=actor_of(member),
        document=document,
        upload=SimpleUploadedFile("notes.txt", b"plain notes"),
    )
    people = {
        "leader": leader,
        "facilitator": facilitator,
        "member": member,
        "other member": person_make(),
        "outsider": person_make(),
        "platform admin": person_make(org_role="admin"),
        "director": person_make(org_role="director"),
    }
    membership_make(space=space, user=people["other member"])
    return space, document, draft, people


def _sees(user, space, document) -> dict[str, bool]:
    client, api = client_for(user), ApiClient(user)
    attachment = document.attachments.get()
    found = {h["id"] for h in api.get("/search", q=WORD, kind="document").json()["items"]}
    listed = api.get(f"/spaces/{space.slug}/documents")
    return {
        "page": client.get(f"/d/{document.pk}/").status_code == 200,
        "api": api.get(f"/documents/{document.pk}").status_code == 200,
        "list": listed.status_code == 200
        and document.pk in {d["id"] for d in listed.json()["items"]},
        "search": document.pk in found,
        "file": client.get(f"/files/{attachment.pk}/").status_code == 200,
        "history": client.get(f"/d/{document.pk}/history/").status_code == 200,
    }


@pytest.mark.parametrize("visibility", ["open", "restricted", "private"])
def test_published_documents_follow_the_space_policy(visibility):
    space, document, draft, people = _world(visibility)
    for role, user in people.items():
        member = role in ("leader", "facilitator", "member", "other member")
        expected = member or visibility == "open"
        seen = _sees(user, space, document)
        assert seen == dict.fromkeys(seen, expected), (visibility, role, seen)


@pytest.mark.parametrize("visibility", ["open", "restricted", "private"])
def test_drafts_only_for_owner_and_stewards(visibility):
    space, document, draft, people = _world(visibility)
    for role, user in people.items():
        expected = role in ("leader", "facilitator", "member")  # member owns it
        client, api = client_for(user), ApiClient(user)
        assert (client.get(f"/d/{draft.pk}/").status_code == 200) is expected, role
        assert (api.get(f"/documents/{draft.pk}").status_code == 200) is expected, role
        found = {h["id"] for h in api.get("/search", q=WORD).json()["items"]}
        assert draft.pk not in found  # drafts are never in search
