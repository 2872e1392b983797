import pytest

from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry
from hearth.library import services
from hearth.library.models import Document, DocumentRevision
from hearth.library.selectors import document_get, document_list
from hearth.spaces.models import LifecycleState, Visibility
from tests.conftest import actor_of
from tests.factories import document_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    leader, member, other = person_make(), person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    membership_make(space=space, user=other)
    return space, leader, member, other


def _edit(user, document, base, body, **more):
    return services.document_edit(
        actor=actor_of(user),
        document=document,
        base_revision=base,
        title=more.pop("title", document.title),
        body=body,
        **more,
    )


def test_every_save_is_a_revision_with_author(team):
    space, leader, member, other = team
    document = document_make(space=space, owner=member, body="one\n")
    _edit(other, document, 1, "one\ntwo\n")
    document.refresh_from_db()
    assert document.revision == 2
    revisions = list(document.revisions.order_by("number"))
    assert [(r.number, r.author, r.body) for r in revisions] == [
        (1, member, "one\n"),
        (2, other, "one\ntwo\n"),
    ]


def test_stale_base_revision_is_refused_and_nothing_changes(team):
    space, leader, member, other = team
    document = document_make(space=space, owner=member, body="one\n")
    _edit(other, document, 1, "theirs\n")
    stale = Document.objects.get(pk=document.pk)
    stale.revision = 1  # what the second editor last read
    with pytest.raises(services.EditConflict) as caught:
        _edit(member, stale, 1, "mine\n")
    assert caught.value.status == 409
    assert caught.value.current.number == 2
    assert caught.value.current.body == "theirs\n"
    document.refresh_from_db()
    assert (document.revision, document.body) == (2, "theirs\n")
    assert DocumentRevision.objects.filter(document=document).count() == 2


def test_base_revision_from_the_future_is_invalid(team):
    space, leader, member, other = team
    document = document_make(space=space, owner=member)
    with pytest.raises(Invalid):
        _edit(member, document, 7, "x\n")
    with pytest.raises(Invalid):
        _edit(member, document, 0, "x\n")


def test_text_with_conflict_markers_is_refused(team):
    space, leader, member, other = team
    document = document_make(space=space, owner=member)
    with pytest.raises(Invalid, match="conflict markers"):
        _edit(member, document, 1, "a\n<<<<<<< them\nb\n=======\nc\n>>>>>>> you\n")
    assert Document.objects.get(pk=document.pk).revision == 1


def test_restore_makes_a_new_audited_revision(team):
    space, leader, member, other = team
    document = document_make(space=space, owner=member, body="first\n")
    _edit(member, document, 1, "second\n")
    services.document_restore(actor=actor_of(other), document=document, number=1, base_revision=2)
    document.refresh_from_db()
    assert (document.revision, document.body) == (3, "first\n")
    latest = document.revisions.get(number=3)
    assert latest.restored_from == 1 and latest.author == other
    entry = AuditEntry.objects.get(action="document.restore")
    assert entry.actor == other and entry.after == {"revision": 3, "restored_from": 1}


def test_restore_of_a_missing_revision_is_invalid(team):
    space, leader, member, other = team
    document = document_make(space=space, owner=member)
    with pytest.raises(Invalid):
        services.document_restore(
            actor=actor_of(member), document=document, number=9, base_revision=1
        )


def test_outsider_cannot_edit_and_nothing_changes(team):
    space, leader, member, other = team
    document = document_make(space=space, owner=member, body="keep\n")
    with pytest.raises(Forbidden):
        _edit(person_make(), document, 1, "vandal\n")
    assert Document.objects.get(pk=document.pk).body == "keep\n"


def test_only_facilitators_mark_official(team):
    space, leader, member, other = team
    document = document_make(space=space, owner=member)
    with pytest.raises(Forbidden):
        _edit(member, document, 1, "x\n", status="official")
    _edit(leader, document, 1, "x\n", status="official")
    assert Document.objects.get(pk=document.pk).status == "official"
    assert AuditEntry.objects.filter(action="document.status", actor=leader).exists()
    document.refresh_from_db()
    with pytest.raises(Forbidden):
        _edit(member, document, 2, "y\n", status="published")


def test_drafts_are_seen_by_owner_and_stewards_only(team):
    space, leader, member, other = team
    draft = document_make(space=space, owner=member, status="draft")
    assert document_get(actor=actor_of(member), document_id=draft.pk) == draft
    assert document_get(actor=actor_of(leader), document_id=draft.pk) == draft
    with pytest.raises(NotFound):
        document_get(actor=actor_of(other), document_id=draft.pk)
    assert draft not in document_list(actor=actor_of(other), space=space)
    assert draft in document_list(actor=actor_of(leader), space=space)


def test_private_space_documents_are_not_found_by_outsiders():
    leader = person_make()
    space = space_make(leader=leader, visibility=Visibility.PRIVATE)
    document = document_make(space=space, owner=leader)
    with pytest.raises(NotFound):
        document_get(actor=actor_of(person_make()), document_id=document.pk)


def test_archived_space_library_is_read_only(team):
    space, leader, member, other = team
    document = document_make(space=space, owner=member)
    space.state = LifecycleState.ARCHIVED
    space.save()
    document.refresh_from_db()
    assert document_get(actor=actor_of(other), document_id=document.pk) == document
    with pytest.raises(Forbidden):
        _edit(member, document, 1, "x\n")
    with pytest.raises(Forbidden):
        services.document_create(actor=actor_of(member), space=space, title="New one", body="text")
    assert Document.objects.get(pk=document.pk).revision == 1


@pytest.mark.parametrize(
    "field,value",
    [
        ("title", "ab"),
        ("body", "   "),
        ("status", "secret"),
        ("review_on", "tomorrow"),
        ("collection", "nope"),
    ],
)
def test_create_refuses_bad_input(team, field, value):
    space, leader, member, other = team
    data = {"title": "A good title", "body": "Text", "status": "published"}
    data[field] = value
    with pytest.raises(Invalid) as caught:
        services.document_create(actor=actor_of(member), space=space, **data)
    assert caught.value.field == field
    assert not Document.objects.exists()


def test_collections_are_unique_per_space(team):
    space, leader, member, other = team
    services.collection_create(actor=actor_of(member), space=space, name="Guides")
    with pytest.raises(Conflict):
        services.collection_create(actor=actor_of(member), space=space, name="guides")
    with pytest.raises(Invalid):
        services.collection_create(actor=actor_of(member), space=space, name="!!!")
