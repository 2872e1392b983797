"""The text match, rank and snippets of each database: PostgreSQL's full-text search
and SQLite's FTS5, behind the same class methods."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Expression, F, QuerySet, Value

from hearth.search.models import POSTGRES_CONFIG
from hearth.search.parsing import sqlite_match_expression
from hearth.search.snippets import MARK_START, MARK_STOP, Highlight, Snippet


class Backend:
    """The text match, rank and snippets of one database. ``text`` is what the
    database is given to look for: the query as typed on PostgreSQL, an FTS5
    expression on SQLite. The query builders are class methods that take the text as
    a value."""

    def __init__(self, q: str):
        # The same rule on both databases: nothing to look for, nothing found.
        self.is_empty = not sqlite_match_expression(q)
        self.text = q

    @staticmethod
    def for_query(q: str) -> Backend:
        return (PostgresBackend if connection.vendor == "postgresql" else SqliteBackend)(q)


class PostgresBackend(Backend):
    @staticmethod
    def query(text: str) -> SearchQuery:
        return SearchQuery(text, search_type="websearch", config=POSTGRES_CONFIG)

    @classmethod
    def matching(cls, rows: QuerySet, text: str) -> QuerySet:
        return rows.filter(search_vector=cls.query(text))

    @classmethod
    def ranked(cls, rows: QuerySet, text: str) -> QuerySet:
        # ``rows`` are already matched. Only the rows kept are ranked: PostgreSQL reads
        # the newest matches through the date index and works out the selected
        # columns of the first ``CANDIDATES`` + 1 only.
        return rows.annotate(text_score=SearchRank(F("search_vector"), cls.query(text)))

    @classmethod
    def marked(cls, rows: QuerySet, text: str, ids: Expression | Sequence[int]) -> QuerySet:
        marks = {"config": POSTGRES_CONFIG, "start_sel": MARK_START, "stop_sel": MARK_STOP}
        query = cls.query(text)
        return rows.filter(pk__in=ids).annotate(
            title_marked=SearchHeadline("title", query, highlight_all=True, **marks),
            snippet_marked=SearchHeadline(
                "body",
                query,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter='" … "',
                **marks,
            ),
        )


class SqliteBackend(Backend):
    def __init__(self, q: str):
        super().__init__(q)
        self.text = sqlite_match_expression(q)

    @staticmethod
    def matching(rows: QuerySet, text: str) -> QuerySet:
        return rows.filter(fulltext__terms__matches=text)

    @staticmethod
    def ranked(rows: QuerySet, text: str) -> QuerySet:
        # ``rows`` are already matched. bm25 is lower for better matches; the score is
        # higher for them, as on PostgreSQL.
        return rows.annotate(text_score=-F("fulltext__rank"))

    @classmethod
    def marked(cls, rows: QuerySet, text: str, ids: Expression | Sequence[int]) -> QuerySet:
        table = F("fulltext__terms")
        start, stop = Value(MARK_START), Value(MARK_STOP)
        # snippet() needs the match; the ids go on the FTS5 side (its rowid), which then
        # looks up each row instead of walking every match of the query.
        return (
            cls.matching(rows, text)
            .filter(fulltext__document__in=ids)
            .annotate(
                title_marked=Highlight(table, Value(0), start, stop),
                snippet_marked=Snippet(table, Value(1), start, stop, Value(" … "), Value(24)),
            )
        )


def planned_for_its_words(sql: str, params: list) -> tuple[str, list | None]:
    """The statement with its values written into it, where PostgreSQL would otherwise
    prepare it (``HEARTH_PG_PREPARED_STATEMENTS``): a prepared search is soon run with
    a plan made for any words, and the best plan depends on the words (reading the
    newest documents until enough match is right for a common word, and several
    times slower than the plan for that word when fewer match). The values are
    quoted by psycopg, as it quotes them on the client without server-side binding."""
    options = connection.settings_dict.get("OPTIONS", {})
    if connection.vendor != "postgresql" or not options.get("server_side_binding"):
        return sql, params
    from psycopg import ClientCursor

    connection.ensure_connection()
    with ClientCursor(connection.connection) as quoting:
        return quoting.mogrify(sql, params), None
