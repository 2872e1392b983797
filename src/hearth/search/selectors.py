"""Reads for search: full-text matches, filtered through the visibility policy.

Every count and every snippet comes from rows the actor may read: the policy
filter is part of the same queries as the text match, never applied afterwards.

A search costs one query whatever the data size, beside the actor's roles: it
ranks the matches and counts them per kind in a single pass, and reads the page's
rows with their snippets (snippets are made for that page only).

A common word matches a large part of the index, and counting or ranking every
match reads nearly every row of it. So both stop at ``CANDIDATES`` matches the
actor may read, the newest first (the policy is applied before the cap, so a count
never includes what the actor may not see): the best of those are ranked, and the
counts beyond the cap read "500+".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    F,
    FloatField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString

from hearth.access.actor import Actor
from hearth.access.policy import space_content_q, space_listing_q
from hearth.conversations.models import Conversation
from hearth.search.backends import Backend
from hearth.search.backends import planned_for_its_words as _planned_for_its_words
from hearth.search.models import SearchDocument

# The input and snippet helpers that callers have always found here.
from hearth.search.parsing import (  # noqa: F401
    KIND_LABELS,
    KINDS,
    QUERY_MAX,
    STOP_WORDS,
    TERMS_MAX,
    SearchFilters,
    search_filters_parse,
    search_query_clean,
    sqlite_match_expression,
)
from hearth.search.snippets import MARK_START, MARK_STOP, marked_html  # noqa: F401
from hearth.spaces.models import Space, Visibility

Kind = SearchDocument.Kind
# A library document's rank is weighed by its status: official texts rise, outdated
# ones sink below anything else that matches as well.
DOCUMENT_WEIGHTS = {"official": 2.0, "outdated": 0.25}


@dataclass(frozen=True)
class HitSpace:
    """The space a hit is in, as a hit shows it."""

    name: str
    slug: str
    visibility: str

    @property
    def visibility_label(self) -> str:
        return Visibility(self.visibility).label


@dataclass
class SearchHit:
    kind: str  # one of KINDS
    id: int
    title: str
    title_html: SafeString
    snippet: SafeString
    url: str
    space: HitSpace | None
    author_name: str
    created_at: datetime
    score: float

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


# How many matches a search ranks and counts at most (after the policy and filters).
# 500 is 25 pages of results: every match of most searches, and for a common word the
# best of its newest 500, read in about 2 ms at the benchmark's size
# (docs/search.md, "At most 500 matches").
CANDIDATES = 500


@dataclass
class SearchResults:
    hits: list[SearchHit] = field(default_factory=list)
    count: int = 0
    # Matches per kind under every filter but the kind itself (for the kind pills).
    counts: dict[str, int] = field(default_factory=dict)
    # More than CANDIDATES matched: ``count`` is CANDIDATES and the counts per kind
    # are those among the candidates (lower bounds).
    capped: bool = False
    # Likewise for the counts per kind (under every filter but the kind).
    counts_capped: bool = False

    @property
    def count_text(self) -> str:
        """The count as shown: "500+" beyond the cap."""
        return f"{self.count:,}+" if self.capped else f"{self.count:,}"

    @property
    def facets(self) -> list[tuple[str, str, int, str]]:
        """(kind, its plural label, matches, matches as shown: "312+" when the counts
        stopped at the cap) for every kind."""
        suffix = "+" if self.counts_capped else ""
        return [
            (kind, label, n, f"{n:,}{suffix}" if n else "0")
            for kind, label in KINDS.items()
            for n in [self.counts.get(kind, 0)]
        ]


# -- The query ------------------------------------------------------------------------


def _visible(content: Q, listing: Q) -> Q:
    """Rows an actor may see, by THE policy, given its filters of spaces for that
    actor (``space_content_q``, ``space_listing_q``): posts in spaces whose content
    they may read, spaces they may know exist, and every active person."""
    # Posts, library documents and success stories, by the readers of their space.
    # Drafts are indexed as removed, so only published, outdated and official
    # documents are found.
    posts = Q(
        kind__in=[Kind.CONVERSATION, Kind.REPLY, Kind.DOCUMENT, Kind.STORY],
        space__in=Space.objects.filter(content).values("pk"),
    )
    spaces = Q(kind=Kind.SPACE, space__in=Space.objects.filter(listing).values("pk"))
    return (posts | spaces | Q(kind=Kind.PERSON)) & Q(removed=False)


def _kind_q(kind: str) -> Q:
    if kind in (Conversation.Kind.DISCUSSION, Conversation.Kind.QUESTION):
        return Q(kind=Kind.CONVERSATION, conversation_kind=kind)
    return Q(kind=kind)


# The filters that take a value, in the order a search passes them to its statement.
_VALUED = ("space", "tag", "author", "date_from", "date_to")


def _filter_values(filters: SearchFilters) -> dict:
    """The valued filters that are set, dates as the moments that bound them."""
    values = {name: getattr(filters, name) for name in _VALUED if getattr(filters, name)}
    if filters.date_from:
        values["date_from"] = timezone.make_aware(datetime.combine(filters.date_from, time.min))
    if filters.date_to:
        values["date_to"] = timezone.make_aware(
            datetime.combine(filters.date_to + timedelta(days=1), time.min)
        )
    return values


def _filtered(rows: QuerySet, values: dict, answered: bool | None) -> QuerySet:
    """Every filter but the kind (``values`` from ``_filter_values``)."""
    if "space" in values:
        rows = rows.filter(space__slug=values["space"])
    if "tag" in values:
        tagged = Conversation.tags.through.objects.filter(tag__slug=values["tag"])
        rows = rows.filter(conversation_id__in=tagged.values("conversation_id"))
    if answered is not None:
        # The question's state is read from the conversation, not copied, so that an
        # accepted (or withdrawn) answer counts at once.
        rows = rows.filter(
            conversation_kind=Conversation.Kind.QUESTION,
            conversation__accepted_reply__isnull=not answered,
        )
    if "author" in values:
        rows = rows.filter(author__username=values["author"])
    if "date_from" in values:
        rows = rows.filter(created_at__gte=values["date_from"])
    if "date_to" in values:
        rows = rows.filter(created_at__lt=values["date_to"])
    return rows


def _public_kind(kind: str, conversation_kind: str) -> str:
    return conversation_kind if kind == Kind.CONVERSATION else kind


def _weight() -> Case:
    """A match's weight beside its text rank: official library documents rise, outdated
    ones sink below anything else that matches as well."""
    # A conversation marked outdated by a gardener sinks like an outdated document,
    # with its replies; read from the conversations (a partial index holds the few
    # outdated ones, read once per search), not copied, so that marking counts at once.
    outdated = Conversation.objects.filter(outdated_at__isnull=False).values("pk")
    return Case(
        *[
            When(kind=Kind.DOCUMENT, conversation_kind=status, then=Value(factor))
            for status, factor in DOCUMENT_WEIGHTS.items()
        ],
        When(
            kind__in=[Kind.CONVERSATION, Kind.REPLY],
            conversation_id__in=outdated,
            then=Value(DOCUMENT_WEIGHTS["outdated"]),
        ),
        default=Value(1.0),
        output_field=FloatField(),
    )


def _matches(
    backend: Backend, content: Q, listing: Q, values: dict, *, kind: str, answered: bool | None
) -> QuerySet:
    """The newest matches an actor may read (``content`` and ``listing``: the policy's
    filters of spaces for them), each with its score: (id, kind, conversation kind,
    created_at, score)."""
    rows = backend.matching(SearchDocument.objects.filter(_visible(content, listing)), backend.text)
    rows = _filtered(rows, values, answered)
    if kind:
        rows = rows.filter(_kind_q(kind))
    return (
        backend.ranked(rows, backend.text)
        .annotate(score=F("text_score") * _weight())
        .order_by("-created_at", "-pk")
        .values_list("pk", "kind", "conversation_kind", "created_at", "score")
    )


# What a hit shows, in the order ``search`` reads it.
HIT_COLUMNS = (
    "pk",
    "kind",
    "object_id",
    "conversation_kind",
    "title",
    "created_at",
    "space_id",
    "space_name",
    "space_slug",
    "space_visibility",
    "conversation_id",
    "conversation_title",
    "author_display_name",
    "author_username",
    "person_username",
    "title_marked",
    "snippet_marked",
)


def _one(model: type[Model], key: str, field: str) -> Subquery:
    # Without the model's ordering: one row by its key needs no sort.
    return Subquery(model.objects.filter(pk=OuterRef(key)).order_by().values(field)[:1])


def _page_rows(backend: Backend) -> QuerySet:
    """The page's rows: ``HIT_COLUMNS`` of the documents whose ids the
    common table expression ``page`` holds, with the title and a snippet, the matched
    words between markers."""
    from django.contrib.auth import get_user_model

    person = get_user_model()
    page_ids = RawSQL("SELECT id FROM page", [])  # noqa: S611  no value in it
    # What comes from other tables comes by one-row subqueries, not joins: a search's
    # statement is planned for its words at each new search, and a subquery costs the
    # planner far less than a join (the statement planned in 1.9 ms with joins).
    related = {
        "space_name": _one(Space, "space_id", "name"),
        "space_slug": _one(Space, "space_id", "slug"),
        "space_visibility": _one(Space, "space_id", "visibility"),
        "conversation_title": _one(Conversation, "conversation_id", "title"),
        "author_display_name": _one(person, "author_id", "display_name"),
        "author_username": _one(person, "author_id", "username"),
        "person_username": _one(person, "person_id", "username"),
    }
    return (
        backend.marked(SearchDocument.objects.all(), backend.text, page_ids)
        .annotate(**related)
        .values_list(*HIT_COLUMNS)
    )


@dataclass
class _Found:
    hits: list[tuple] = field(default_factory=list)  # (score, *HIT_COLUMNS), best first
    counts: dict[str, int] = field(default_factory=dict)
    of_kind: int | None = None
    matched: int = 0


def _found(
    actor: Actor, backend: Backend, filters: SearchFilters, *, limit: int, offset: int
) -> _Found:
    """The page's hits best first, the matches per kind among the candidates, the
    matches of the kind filter (None without one) and the matches, in one statement;
    the last two stop at ``CANDIDATES`` + 1.

    The candidates are the newest ``CANDIDATES`` matches the actor may read (the
    policy and filters are in the same statement, before the limit; one more is
    counted, to tell that there are more); they are ranked and counted per kind in
    one pass (common table expressions), and the page's rows are read with their
    snippets, made for that page only. With a kind filter, that kind's own
    candidates are ranked and counted too, so that a page of one kind is not short
    of candidates.

    Each candidate is ranked as it is read (the selected columns of a row are
    worked out only for the rows the limit keeps), not every match of a common word.
    """
    values = _filter_values(filters)
    content, listing = space_content_q(actor), space_listing_q(actor)
    found = _Found(counts=dict.fromkeys(KINDS, 0), of_kind=0 if filters.kind else None)
    matches = _matches(backend, content, listing, values, kind="", answered=filters.answered)
    try:
        sql, params = matches.query.sql_with_params()
        if filters.kind:
            kind_sql, kind_params = _matches(
                backend, content, listing, values, kind=filters.kind, answered=filters.answered
            ).query.sql_with_params()
        hits_sql, hits_params = _page_rows(backend).query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing
        return found
    columns = "(id, kind, ckind, created_at, score)"
    ctes, cte_params, source = f"m {columns} AS ({sql} LIMIT %s)", [*params, CANDIDATES + 1], "m"
    if filters.kind:
        ctes += f", p {columns} AS ({kind_sql} LIMIT %s)"
        cte_params += [*kind_params, CANDIDATES + 1]
        source = "p"
    ctes += (
        f", page (id, score) AS (SELECT id, score FROM (SELECT * FROM {source} LIMIT %s) "
        f"AS candidates ORDER BY score DESC, created_at DESC, id DESC LIMIT %s OFFSET %s)"
    )
    cte_params += [CANDIDATES, limit, offset]
    # One row per hit (part 0), then the counts: per kind (1), of the kind filter (2)
    # and in all (3), the count in the third column and the hit's columns empty but
    # for the kind; created_at (9) and the id (4) order hits of the same score.
    kind_at, ckind_at = HIT_COLUMNS.index("kind"), HIT_COLUMNS.index("conversation_kind")
    created_at = HIT_COLUMNS.index("created_at")

    def counted(part: int, source: str, by_kind: bool = False) -> str:
        empty = ["NULL"] * len(HIT_COLUMNS)
        if by_kind:
            empty[kind_at], empty[ckind_at] = "kind", "ckind"
        return f"SELECT {part}, NULL, COUNT(*), {', '.join(empty)} FROM {source}"

    parts = [
        f"SELECT 0, page.score, NULL, hits.* FROM ({hits_sql}) AS hits "
        f"JOIN page ON page.id = hits.{HIT_COLUMNS[0]}",
        counted(1, f"(SELECT * FROM m LIMIT {CANDIDATES}) AS counted", by_kind=True)
        + " GROUP BY kind, ckind",
        counted(3, "m"),
    ]
    if filters.kind:
        parts.append(counted(2, "p"))
    statement = (
        f"WITH {ctes} {' UNION ALL '.join(parts)} ORDER BY 1, 2 DESC, {4 + created_at} DESC, 4 DESC"
    )
    moment = getattr(connection.ops, "convert_datetimefield_value", None)
    with connection.cursor() as cursor:
        cursor.execute(*_planned_for_its_words(statement, [*cte_params, *hits_params]))
        for part, score, number, *row in cursor.fetchall():
            if part == 0:
                if moment:  # SQLite gives text
                    row[created_at] = moment(row[created_at], None, connection)
                found.hits.append((float(score or 0.0), *row))
            elif part == 1:
                found.counts[_public_kind(row[kind_at], row[ckind_at])] += number
            elif part == 2:
                found.of_kind = number
            else:
                found.matched = number
    return found


def _url(
    kind: str,
    object_id: int,
    conversation_id: int | None,
    space_slug: str | None,
    username: str | None,
) -> str:
    if kind == Kind.CONVERSATION:
        return f"/c/{object_id}/"
    if kind == Kind.REPLY:
        return f"/c/{conversation_id}/#reply-{object_id}"
    if kind == Kind.SPACE:
        return reverse("spaces:home", kwargs={"slug": space_slug})
    if kind == Kind.DOCUMENT:
        return f"/d/{object_id}/"
    if kind == Kind.STORY:
        return f"/stories/{object_id}/"
    return reverse("people:profile", args=[username])


def search(
    *, actor: Actor, q: str, filters: SearchFilters | None = None, limit: int = 20, offset: int = 0
) -> SearchResults:
    """What the actor may read that matches ``q`` (already cleaned by
    ``search_query_clean``), best first, with the count and counts per kind.

    One query whatever the data size: the ranked page with its snippets, and the
    counts. Beyond ``CANDIDATES`` matches, the newest ``CANDIDATES`` are ranked and
    the count is capped (``results.capped``).
    """
    filters = filters or SearchFilters()
    backend = Backend.for_query(q)
    if backend.is_empty or not actor.is_authenticated:
        return SearchResults(counts=dict.fromkeys(KINDS, 0))
    found = _found(actor, backend, filters, limit=limit, offset=offset)
    count = found.of_kind if filters.kind else found.matched
    results = SearchResults(
        count=min(count, CANDIDATES),
        counts=found.counts,
        capped=count > CANDIDATES,
        counts_capped=found.matched > CANDIDATES,
    )
    for (
        score,
        _,
        kind,
        object_id,
        conversation_kind,
        title,
        created_at,
        space_id,
        space_name,
        space_slug,
        space_visibility,
        conversation_id,
        conversation_title,
        author_display,
        author_username,
        username,
        title_marked,
        snippet_marked,
    ) in found.hits:
        results.hits.append(
            SearchHit(
                kind=_public_kind(kind, conversation_kind),
                id=object_id,
                title=title or conversation_title or "",
                title_html=(
                    marked_html(title_marked) if title else escape(conversation_title or "")
                ),
                snippet=marked_html(snippet_marked),
                url=_url(kind, object_id, conversation_id, space_slug, username),
                space=(
                    HitSpace(space_name, space_slug, space_visibility)
                    if space_id is not None and kind != Kind.PERSON
                    else None
                ),
                author_name=author_display or author_username or "",
                created_at=created_at,
                score=score,
            )
        )
    return results
