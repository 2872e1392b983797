"""Keeping the index in step: one row per thing, and the bulk rebuild agrees with it."""

import pytest
from django.core.management import call_command
from django.db import connection

from hearth.conversations import services as conversation_services
from hearth.conversations.models import Reply
from hearth.people.services import profile_update
from hearth.search.models import SearchDocument
from hearth.search.selectors import search
from hearth.search.services import (
    search_index_person,
    search_index_space,
    search_reindex,
)
from tests.conftest import actor_of
from tests.factories import conversation_make, person_make, reply_make, space_make

pytestmark = pytest.mark.django_db

FIELDS = (
    "kind",
    "object_id",
    "space_id",
    "conversation_id",
    "person_id",
    "conversation_kind",
    "title",
    "body",
    "author_id",
    "created_at",
    "removed",
)


def snapshot() -> list[tuple]:
    # On PostgreSQL the text vector must agree too; on SQLite the FTS5 table follows
    # the rows by trigger.
    fields = (*FIELDS, "search_vector") if connection.vendor == "postgresql" else FIELDS
    return sorted(SearchDocument.objects.values_list(*fields))


@pytest.fixture
def community():
    """A bit of everything, indexed one thing at a time by the services."""
    leader, member = person_make(), person_make()
    profile_update(
        actor=actor_of(member),
        person=member,
        display_name="Ines Duarte",
        title="Controller",
        expertise=["Audit", "IFRS"],
    )
    profile_update(
        actor=actor_of(leader), person=leader, display_name="Leo Brandt", title="", expertise=[]
    )
    space = space_make(leader=leader, description="Where the <finance> people meet.")
    search_index_space(space)
    question = conversation_make(
        space=space,
        author=member,
        kind="question",
        title="Audit calendar?",
        body="When is the **audit**?",
    )
    answer = reply_make(conversation=question, author=leader, body="In March.")
    conversation_services.reply_accept(actor=actor_of(member), reply=answer)
    removed = conversation_make(
        space=space, author=leader, title="Old audit notes", body="Outdated."
    )
    reply_make(conversation=removed, author=member, body="Agreed, outdated.")
    conversation_services.conversation_remove(actor=actor_of(leader), conversation=removed)
    gone = reply_make(conversation=question, author=member, body="Typo, ignore.")
    conversation_services.reply_remove(actor=actor_of(member), reply=gone)
    return {"leader": leader, "member": member, "space": space, "question": question}


def test_every_thing_has_one_document(community):
    kinds = list(SearchDocument.objects.values_list("kind", flat=True))
    assert sorted(kinds) == sorted(
        ["person", "person", "space", "conversation", "conversation", "reply", "reply", "reply"]
    )
    removed = set(SearchDocument.objects.filter(removed=True).values_list("kind", flat=True))
    assert removed == {"conversation", "reply"}
    assert SearchDocument.objects.filter(removed=True).count() == 3


def test_indexing_twice_changes_nothing(community):
    before = snapshot()
    search_index_space(community["space"])
    search_index_person(community["member"])
    assert snapshot() == before


def test_the_bulk_rebuild_writes_what_the_services_wrote(community):
    by_services = snapshot()
    SearchDocument.objects.all().delete()
    written = search_reindex(batch_size=2)
    assert snapshot() == by_services
    assert sum(written.values()) == len(by_services)
    # The text index agrees too: the same hits, whichever path wrote the rows.
    results = search(actor=actor_of(community["member"]), q="audit")
    assert {(h.kind, h.id) for h in results.hits} == {
        ("question", community["question"].pk),
        ("person", community["member"].pk),
    }


def test_a_rebuild_over_existing_rows_updates_them_and_sweeps_orphans(community):
    by_services = snapshot()
    SearchDocument.objects.filter(kind="conversation").update(title="stale", body="stale")
    orphan = reply_make(
        conversation=community["question"], author=community["leader"], body="Soon deleted."
    )
    Reply.objects.filter(pk=orphan.pk).delete()  # not through a service
    search_reindex()
    assert snapshot() == by_services
    assert search(actor=actor_of(community["member"]), q="stale").count == 0


def test_rebuild_of_one_kind_and_unknown_kinds():
    person = person_make(display_name="Yara Lindqvist")
    assert search_reindex(kinds=["person"]) == {"person": 1}
    assert SearchDocument.objects.get().person_id == person.pk
    with pytest.raises(ValueError):
        search_reindex(kinds=["poll"])


def test_the_command_rebuilds_and_reports(capsys):
    person_make()
    call_command("search_reindex", "--batch-size", "10")
    out = capsys.readouterr().out
    assert "person: 1" in out and "Indexed 1 documents" in out
    call_command("search_reindex", "--kind", "space", "-v", "2")
    assert "space: 0" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_first_build_on_postgresql_builds_the_text_index_at_the_end_and_orders_by_date():
    person = person_make(display_name="Zofia Kowalczyk")
    SearchDocument.objects.all().delete()
    search_reindex()
    assert search(actor=actor_of(person), q="kowalczyk").count == 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'search_document_vector'")
            assert cursor.fetchone() == (1,)
            # Laid out by date, as live posting lays the rows out.
            cursor.execute(
                "SELECT indisclustered FROM pg_index WHERE indexrelid = "
                "'search_document_newest'::regclass"
            )
            assert cursor.fetchone() == (True,)


def test_replies_follow_their_conversation_into_another_space(community):
    """No service moves conversations yet; when one does, the index must not leave
    replies readable under the old space's policy."""
    from hearth.conversations.models import Conversation
    from hearth.search.services import search_index_conversation

    private = space_make(visibility="private", leader=community["leader"])
    question = community["question"]
    Conversation.objects.filter(pk=question.pk).update(space=private)
    question.refresh_from_db()
    search_index_conversation(question)
    spaces = set(
        SearchDocument.objects.filter(conversation=question).values_list("space_id", flat=True)
    )
    assert spaces == {private.pk}
    outsider = person_make()
    assert search(actor=actor_of(outsider), q="march").count == 0
