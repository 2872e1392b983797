"""Writes for search: keep ``SearchDocument`` in step with what it indexes.

The domain services call ``search_index_<thing>`` in the same transaction as the
change, so the index never disagrees with a committed post. Each call is one
upsert (INSERT ... ON CONFLICT DO UPDATE), so it is idempotent and safe to repeat.
``search_reindex`` rebuilds everything from the source tables in set-based
batches (INSERT ... SELECT), for a new installation, after a bulk import or a seed.

Only text and the facts filters need are stored; who may read a row is decided
when searching, through the spaces' policy.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Value

from hearth.conversations.models import Conversation, Reply
from hearth.library.models import Document
from hearth.search.models import POSTGRES_CONFIG, SearchDocument
from hearth.spaces.models import Space
from hearth.stories.models import Story

Kind = SearchDocument.Kind
UPDATED_FIELDS = [
    "space",
    "conversation",
    "person",
    "conversation_kind",
    "title",
    "body",
    "author",
    "created_at",
    "removed",
    "search_vector",
]
REINDEX_BATCH = 50_000
# Created by migration 0001 on PostgreSQL.
GIN_INDEX = "search_document_vector"
NEWEST_INDEX = "search_document_newest"


# -- One thing at a time --------------------------------------------------------------


def _vector(title: str, body: str):
    """The PostgreSQL text vector of a row, built from values (an INSERT cannot read
    columns); the same expression as the bulk path's, in ``_vector_sql``."""
    return SearchVector(Value(title), weight="A", config=POSTGRES_CONFIG) + SearchVector(
        Value(body), weight="B", config=POSTGRES_CONFIG
    )


def _upsert(document: SearchDocument) -> None:
    if connection.vendor == "postgresql":
        document.search_vector = _vector(document.title, document.body)
    SearchDocument.objects.bulk_create(
        [document],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=UPDATED_FIELDS,
    )


def search_index_conversation(conversation: Conversation) -> None:
    """Index a conversation's title and body. Its replies follow it: into another
    space, and out of search when it is removed."""
    # Hidden pending review counts as removed for search: out of everyone's results
    # until a moderator keeps it (then it is indexed again).
    removed = conversation.removed_at is not None or conversation.hidden_at is not None
    _upsert(
        SearchDocument(
            kind=Kind.CONVERSATION,
            object_id=conversation.pk,
            space_id=conversation.space_id,
            conversation_id=conversation.pk,
            conversation_kind=conversation.kind,
            title=conversation.title,
            body=conversation.body,
            author_id=conversation.author_id,
            created_at=conversation.created_at,
            removed=removed,
        )
    )
    # Replies are seen by the policy of their conversation's space, and go with it.
    replies = SearchDocument.objects.filter(kind=Kind.REPLY, conversation_id=conversation.pk)
    replies.exclude(space_id=conversation.space_id).update(space_id=conversation.space_id)
    if removed:
        replies.filter(removed=False).update(removed=True)


def search_index_reply(reply: Reply) -> None:
    """Index a reply's body; it is found under its conversation's title."""
    conversation = reply.conversation
    _upsert(
        SearchDocument(
            kind=Kind.REPLY,
            object_id=reply.pk,
            space_id=conversation.space_id,
            conversation_id=conversation.pk,
            conversation_kind=conversation.kind,
            title="",
            body=reply.body,
            author_id=reply.author_id,
            created_at=reply.created_at,
            removed=(
                reply.removed_at is not None
                or reply.hidden_at is not None
                or conversation.removed_at is not None
                or conversation.hidden_at is not None
            ),
        )
    )


def search_index_post(post: Conversation | Reply) -> None:
    """Index a conversation or a reply (for services that handle both)."""
    if isinstance(post, Conversation):
        search_index_conversation(post)
    else:
        search_index_reply(post)


def search_index_space(space: Space) -> None:
    """Index a space's name and description. Its visibility is not copied: the
    policy reads it from the space itself when searching."""
    _upsert(
        SearchDocument(
            kind=Kind.SPACE,
            object_id=space.pk,
            space_id=space.pk,
            title=space.name,
            body=space.description,
            author_id=space.created_by_id,
            created_at=space.created_at,
        )
    )


def search_index_document(document) -> None:
    """Index a library document's title and text. Drafts are not found: they are for
    their owner and the space's stewards, who reach them through the library."""
    _upsert(
        SearchDocument(
            kind=Kind.DOCUMENT,
            object_id=document.pk,
            space_id=document.space_id,
            conversation_kind=document.status,
            title=document.title,
            body=document.body,
            author_id=document.owner_id,
            created_at=document.created_at,
            removed=document.status == "draft",
        )
    )


def search_index_story(story) -> None:
    """Index a success story's title, text and who benefited; read by the readers
    of its space, like a document."""
    body = f"{story.body}\n{story.beneficiaries}" if story.beneficiaries else story.body
    _upsert(
        SearchDocument(
            kind=Kind.STORY,
            object_id=story.pk,
            space_id=story.space_id,
            title=story.title,
            body=body,
            author_id=story.author_id,
            created_at=story.created_at,
        )
    )


def _person_body(title: str, expertise: Iterable[str]) -> str:
    return " ".join(part for part in (title, *expertise) if part)


def search_index_person(person) -> None:
    """Index a person's display name, job title and areas of expertise (one query
    for the expertise). A deactivated person is no longer found."""
    expertise = person.expertise.order_by("name").values_list("name", flat=True)
    _upsert(
        SearchDocument(
            kind=Kind.PERSON,
            object_id=person.pk,
            person_id=person.pk,
            title=person.display_name,
            body=_person_body(person.title, expertise),
            created_at=person.date_joined,
            removed=not person.is_active,
        )
    )


# -- Everything at once ---------------------------------------------------------------


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _vector_sql(title: str, body: str) -> str:
    return (
        f"setweight(to_tsvector('{POSTGRES_CONFIG}', coalesce({title}, '')), 'A') || "
        f"setweight(to_tsvector('{POSTGRES_CONFIG}', coalesce({body}, '')), 'B')"
    )


COLUMNS = [
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
]


def _source(kind: str) -> tuple[str, list[str], str]:
    """(the source table, an SQL expression per column of ``COLUMNS``, the FROM clause
    with the source aliased ``src``) for one kind of document.

    Each expression must say what the ``search_index_<kind>`` function above says
    for one row; a test compares the two paths.
    """
    conversations = _q(Conversation._meta.db_table)
    postgres = connection.vendor == "postgresql"
    if kind == Kind.CONVERSATION:
        return (
            conversations,
            [
                "'conversation'",
                "src.id",
                "src.space_id",
                "src.id",
                "NULL",
                "src.kind",
                "src.title",
                "src.body",
                "src.author_id",
                "src.created_at",
                "(src.removed_at IS NOT NULL OR src.hidden_at IS NOT NULL)",
            ],
            f"{conversations} src",
        )
    if kind == Kind.REPLY:
        replies = _q(Reply._meta.db_table)
        return (
            replies,
            [
                "'reply'",
                "src.id",
                "c.space_id",
                "c.id",
                "NULL",
                "c.kind",
                "''",
                "src.body",
                "src.author_id",
                "src.created_at",
                "(src.removed_at IS NOT NULL OR c.removed_at IS NOT NULL"
                " OR src.hidden_at IS NOT NULL OR c.hidden_at IS NOT NULL)",
            ],
            f"{replies} src JOIN {conversations} c ON c.id = src.conversation_id",
        )
    if kind == Kind.SPACE:
        spaces = _q(Space._meta.db_table)
        return (
            spaces,
            [
                "'space'",
                "src.id",
                "src.id",
                "NULL",
                "NULL",
                "''",
                "src.name",
                "src.description",
                "src.created_by_id",
                "src.created_at",
                "false" if postgres else "0",
            ],
            f"{spaces} src",
        )
    if kind == Kind.DOCUMENT:
        documents = _q(Document._meta.db_table)
        return (
            documents,
            [
                "'document'",
                "src.id",
                "src.space_id",
                "NULL",
                "NULL",
                "src.status",
                "src.title",
                "src.body",
                "src.owner_id",
                "src.created_at",
                "src.status = 'draft'",
            ],
            f"{documents} src",
        )
    if kind == Kind.STORY:
        stories = _q(Story._meta.db_table)
        body = (
            "CASE WHEN src.beneficiaries = '' THEN src.body "
            "ELSE src.body || char(10) || src.beneficiaries END"
        )
        if postgres:
            body = body.replace("char(10)", "chr(10)")
        return (
            stories,
            [
                "'story'",
                "src.id",
                "src.space_id",
                "NULL",
                "NULL",
                "''",
                "src.title",
                body,
                "src.author_id",
                "src.created_at",
                "false" if postgres else "0",
            ],
            f"{stories} src",
        )
    User = get_user_model()
    link = User.expertise.through
    tag = User.expertise.field.related_model
    names = (
        f"SELECT e.name FROM {_q(link._meta.db_table)} ue "
        f"JOIN {_q(tag._meta.db_table)} e ON e.id = ue.{_q(tag._meta.model_name + '_id')} "
        f"WHERE ue.user_id = src.id"
    )
    if postgres:
        expertise = f"(SELECT string_agg(t.name, ' ' ORDER BY t.name) FROM ({names}) t)"
    else:
        expertise = f"(SELECT group_concat(t.name, ' ') FROM ({names} ORDER BY e.name) t)"
    people = _q(User._meta.db_table)
    return (
        people,
        [
            "'person'",
            "src.id",
            "NULL",
            "NULL",
            "src.id",
            "''",
            "src.display_name",
            f"trim(src.title || ' ' || coalesce({expertise}, ''))",
            "NULL",
            "src.date_joined",
            "NOT src.is_active",
        ],
        f"{people} src",
    )


def _reindex_kind(kind: str, *, batch_size: int, progress: Callable[[str], None]) -> int:
    table, expressions, source = _source(kind)
    columns = list(COLUMNS)
    if connection.vendor == "postgresql":
        # The vector is computed in the same statement, from the text just selected.
        title, body = expressions[COLUMNS.index("title")], expressions[COLUMNS.index("body")]
        expressions = [*expressions, _vector_sql(title, body)]
        columns.append("search_vector")
    updates = ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in columns[2:])
    statement = (
        f"INSERT INTO {_q(SearchDocument._meta.db_table)} ({', '.join(_q(c) for c in columns)}) "
        f"SELECT {', '.join(expressions)} FROM {source} WHERE src.id > %s AND src.id <= %s "
        f"ON CONFLICT (kind, object_id) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id) FROM {table}")
        low, high = cursor.fetchone()
    done = 0
    if low is not None:
        start = low - 1
        while start < high:
            end = start + batch_size
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement, [start, end])
                done += max(cursor.rowcount, 0)
            progress(f"{kind}: {done:,} indexed (ids up to {min(end, high):,} of {high:,})")
            start = end
    return done


def search_reindex(
    *,
    kinds: Iterable[str] | None = None,
    batch_size: int = REINDEX_BATCH,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Rebuild the search documents of ``kinds`` (all by default) from their tables.

    Set-based: one INSERT ... SELECT ... ON CONFLICT DO UPDATE per batch of
    ``batch_size`` source ids, each batch in its own transaction, so search keeps
    answering from the existing rows meanwhile and a rerun (or a resumed run after a
    crash) simply overwrites. Rows whose source is gone are deleted at the end.
    Returns the number of rows written per kind.
    """
    progress = progress or (lambda message: None)
    wanted = list(kinds) if kinds else list(Kind.values)
    for kind in wanted:
        if kind not in Kind.values:
            raise ValueError(f"Unknown kind of search document: {kind}")
    # Into an empty table (a first build) it is faster to build the text index once at
    # the end than to grow it row by row; it is created again whatever happens, so an
    # interrupted run leaves it in place for the next. Not inside a caller's
    # transaction: PostgreSQL refuses CREATE INDEX after deferred-constraint writes.
    manage_gin = connection.vendor == "postgresql" and not connection.in_atomic_block
    rebuild_gin = manage_gin and not SearchDocument.objects.exists()
    if rebuild_gin:
        _execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    written = {}
    try:
        for kind in wanted:
            started = time.monotonic()
            written[kind] = _reindex_kind(kind, batch_size=batch_size, progress=progress)
            progress(f"{kind}: {written[kind]:,} in {time.monotonic() - started:.1f} s")
        _delete_orphans()
        if rebuild_gin:
            # A first build writes kind by kind; live posting writes rows newest last.
            # Laid out as live posting lays them, the newest documents share pages,
            # and search reads the newest matches of a common word from few pages.
            progress("Ordering the documents by date…")
            _execute(f"CLUSTER {_q(SearchDocument._meta.db_table)} USING {NEWEST_INDEX}")
    finally:
        if manage_gin:
            progress("Building the text index…" if rebuild_gin else "Checking the text index…")
            _execute(
                f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON "
                f"{_q(SearchDocument._meta.db_table)} USING gin (search_vector)"
            )
    return written


def _execute(statement: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement)


def _delete_orphans() -> None:
    # Foreign keys cascade for conversations, spaces and people; a reply deleted on
    # its own (not through a service) leaves a row only this sweep removes.
    SearchDocument.objects.filter(kind=Kind.REPLY).filter(
        ~Exists(Reply.objects.filter(pk=OuterRef("object_id")))
    ).delete()
    SearchDocument.objects.filter(kind=Kind.DOCUMENT).filter(
        ~Exists(Document.objects.filter(pk=OuterRef("object_id")))
    ).delete()
    SearchDocument.objects.filter(kind=Kind.STORY).filter(
        ~Exists(Story.objects.filter(pk=OuterRef("object_id")))
    ).delete()
