"""What gardening leaves in the audit log, and who reads it: entries hold ids,
and the log shows another space or conversation only to those the policy lets
know of it."""

import pytest

from hearth.access.actor import Actor
from hearth.core.models import AuditEntry
from hearth.gardening import services
from tests.conftest import ApiClient, client_for
from tests.factories import conversation_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    gardener, other_leader = person_make(username="gardener"), person_make(username="other")
    commons = space_make(slug="commons", name="Commons", leader=other_leader)
    membership_make(space=commons, user=gardener, role="facilitator")
    vault = space_make(
        slug="vault-xq", name="Vault-Space-Name", visibility="private", leader=person_make()
    )
    membership_make(space=vault, user=gardener, role="facilitator")
    duplicate = conversation_make(space=commons, author=gardener, title="A duplicate thread")
    moved = conversation_make(space=commons, author=gardener, title="A thread to move")
    kept = conversation_make(space=vault, author=gardener, title="Marker-Vault-Title")
    return {
        "gardener": gardener,
        "other_leader": other_leader,
        "commons": commons,
        "vault": vault,
        "duplicate": duplicate,
        "moved": moved,
        "kept": kept,
    }


def _garden_into_the_vault(w):
    actor = Actor.for_user(w["gardener"])
    services.conversation_merge(actor=actor, conversation=w["duplicate"], into=w["kept"].pk)
    services.conversation_move(actor=actor, conversation=w["moved"], to_space=w["vault"])


def test_entries_hold_ids_not_the_targets_names(world):
    _garden_into_the_vault(world)
    for entry in AuditEntry.objects.filter(action__in=("gardening.merge", "gardening.move")):
        state = f"{entry.before} {entry.after}"
        assert "Marker-Vault-Title" not in state and "vault-xq" not in state
        assert entry.space == world["commons"]
    merge = AuditEntry.objects.get(action="gardening.merge")
    assert merge.after["into"] == world["kept"].pk
    move = AuditEntry.objects.get(action="gardening.move")
    assert move.after == {"space_id": world["vault"].pk}


def test_source_leader_reads_no_private_target(world):
    _garden_into_the_vault(world)
    reader = world["other_leader"]
    page = client_for(reader).get("/audit/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "gardening.merge" in text and "gardening.move" in text
    assert "a conversation in a space you cannot read" in text
    assert "a space you cannot see" in text
    csv_text = b"".join(client_for(reader).get("/audit/export.csv").streaming_content).decode()
    api = ApiClient(reader).get("/audit").json()["items"]
    assert {i["action"] for i in api} >= {"gardening.merge", "gardening.move"}
    for shown in (text, csv_text, str(api)):
        assert "Marker-Vault-Title" not in shown
        assert "vault-xq" not in shown and "Vault-Space-Name" not in shown
    merge = next(i for i in api if i["action"] == "gardening.merge")
    assert "into" not in merge["after"] and "into_space_id" not in merge["after"]


def test_a_reader_of_the_target_sees_it(world):
    _garden_into_the_vault(world)
    director = person_make(org_role="director")
    membership_make(space=world["vault"], user=director)
    items = ApiClient(director).get("/audit").json()["items"]
    merge = next(i for i in items if i["action"] == "gardening.merge")
    assert merge["after"]["into"] == world["kept"].pk
    assert merge["after"]["into_title"] == "Marker-Vault-Title"
    move = next(i for i in items if i["action"] == "gardening.move")
    assert move["after"]["space"] == "vault-xq"


def test_old_entries_with_names_are_shown_through_the_policy(world):
    """Entries written before the ids-only rule still carry the target's names."""
    from hearth.core.audit import audit_record

    audit_record(
        actor=world["gardener"],
        action="gardening.merge",
        target=world["duplicate"],
        space=world["commons"],
        after={
            "into": world["kept"].pk,
            "into_title": "Marker-Vault-Title",
            "into_space_id": world["vault"].pk,
        },
    )
    audit_record(
        actor=world["gardener"],
        action="conversation.move",
        target=world["moved"],
        space=world["commons"],
        before={"space": "commons"},
        after={"space": "vault-xq", "visibility": "private"},
    )
    shown = str(ApiClient(world["other_leader"]).get("/audit").json()["items"])
    page = client_for(world["other_leader"]).get("/audit/").content.decode()
    for text in (shown, page):
        assert "Marker-Vault-Title" not in text and "vault-xq" not in text


# -- The audit page's Undo button: shown only where the undo would be allowed ---------


def _undo_button(client, entry) -> bool:
    return f"/audit/{entry.pk}/undo/" in client.get("/audit/").content.decode()


def test_no_undo_button_where_the_item_now_is_out_of_reach(world):
    """The source's other leader gardens the source, not the private space the
    conversation was moved (or merged) into: the undo would be refused, so no button."""
    _garden_into_the_vault(world)
    reader = client_for(world["other_leader"])
    for action in ("gardening.merge", "gardening.move"):
        entry = AuditEntry.objects.get(action=action)
        assert not _undo_button(reader, entry)
        assert reader.post(f"/audit/{entry.pk}/undo/").status_code in (403, 404)


def test_no_undo_button_for_a_merge_into_a_space_the_reader_only_reads(world):
    target_space = space_make(name="Readers only", leader=person_make())
    membership_make(space=target_space, user=world["gardener"], role="facilitator")
    membership_make(space=target_space, user=world["other_leader"])  # a plain member
    kept = conversation_make(space=target_space, author=world["gardener"], title="Kept here")
    services.conversation_merge(
        actor=Actor.for_user(world["gardener"]), conversation=world["duplicate"], into=kept.pk
    )
    entry = AuditEntry.objects.get(action="gardening.merge")
    reader = client_for(world["other_leader"])
    assert not _undo_button(reader, entry)
    assert reader.post(f"/audit/{entry.pk}/undo/").status_code == 403


def test_undo_button_where_the_undo_is_allowed(world):
    services.conversation_retitle(
        actor=Actor.for_user(world["gardener"]), conversation=world["moved"], title="Better title"
    )
    entry = AuditEntry.objects.get(action="gardening.retitle")
    reader = client_for(world["other_leader"])
    assert _undo_button(reader, entry)
    assert reader.post(f"/audit/{entry.pk}/undo/").status_code == 302


def test_old_desk_moves_without_space_ids_are_not_undoable(world):
    """The desks' question moves were once recorded with the spaces' slugs only."""
    from hearth.core.audit import audit_record

    services.conversation_move(
        actor=Actor.for_user(world["gardener"]),
        conversation=world["moved"],
        to_space=world["vault"],
    )
    old = audit_record(
        actor=world["gardener"],
        action="conversation.move",
        target=world["moved"],
        space=world["commons"],
        before={"space": "commons", "visibility": "open"},
        after={"space": "vault-xq", "visibility": "private"},
    )
    director = person_make(org_role="director")
    membership_make(space=world["vault"], user=director, role="leader")
    client = client_for(director)
    page = client.get("/audit/").content.decode()
    assert f"/audit/{old.pk}/undo/" not in page
    assert "recorded before" in page
    refused = client.post(f"/audit/{old.pk}/undo/")
    assert refused.status_code == 400
    from hearth.conversations.models import Conversation

    assert Conversation.objects.get(pk=world["moved"].pk).space == world["vault"]
