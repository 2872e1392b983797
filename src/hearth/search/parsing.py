"""What a search is given: the query text and its filters, checked, and the FTS5
expression that SQLite is given for it (PostgreSQL reads the text itself)."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from hearth.core.errors import Invalid

QUERY_MAX = 200
TERMS_MAX = 32
# What people filter by: the two kinds of conversation, replies, spaces, people.
KINDS = {
    "discussion": "Discussions",
    "question": "Questions",
    "reply": "Replies",
    "space": "Spaces",
    "person": "People",
    "document": "Documents",
    "story": "Success stories",
}
KIND_LABELS = {
    "discussion": "Discussion",
    "question": "Question",
    "reply": "Reply",
    "space": "Space",
    "person": "Person",
    "document": "Document",
    "story": "Success story",
}


@dataclass(frozen=True)
class SearchFilters:
    space: str = ""
    kind: str = ""
    tag: str = ""
    answered: bool | None = None
    author: str = ""
    date_from: date | None = None
    date_to: date | None = None


def search_query_clean(q: str | None) -> str:
    """The query text, or ``Invalid`` when it is empty or longer than 200 characters."""
    q = " ".join((q or "").split())
    if not q:
        raise Invalid("Type what you are looking for.", field="q")
    if len(q) > QUERY_MAX:
        raise Invalid(
            f"A search can be at most {QUERY_MAX} characters; this one has {len(q)}.", field="q"
        )
    return q


def _date(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise Invalid("Give a date as YYYY-MM-DD.", field=name) from error


def search_filters_parse(params: Mapping[str, str]) -> SearchFilters:
    """Filters from query parameters (a page's GET or the API's), checked."""

    def text(name: str) -> str:
        return (params.get(name) or "").strip()

    kind = text("kind")
    if kind and kind not in KINDS:
        raise Invalid(f"The kind is one of: {', '.join(KINDS)}.", field="kind")
    answered = text("answered").lower()
    if answered not in ("", "true", "false", "yes", "no", "1", "0"):
        raise Invalid("Answered is true or false.", field="answered")
    filters = SearchFilters(
        space=text("space").lower()[:60],
        kind=kind,
        tag=text("tag").lower()[:40],
        answered=None if not answered else answered in ("true", "yes", "1"),
        author=text("author").lower()[:150],
        date_from=_date(text("date_from"), "date_from"),
        date_to=_date(text("date_to"), "date_to"),
    )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise Invalid("The start date comes after the end date.", field="date_from")
    return filters


# PostgreSQL's English stop words (tsearch_data/english.stop): too common to search
# for there, and left out of SQLite's expressions too, so both find the same things.
_STOP_WORDS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w", re.UNICODE)


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def sqlite_match_expression(q: str) -> str:
    """An FTS5 query with the meaning of PostgreSQL's ``websearch_to_tsquery``:
    words are all required, "quoted words" a phrase, ``or`` an alternative and
    ``-word`` an exclusion; stop words outside quotes are left out. Every term goes in
    as an FTS5 string, so nothing a person types is read as FTS5 syntax. Empty when
    there is nothing to look for.
    """
    groups: list[list[str]] = [[]]
    excluded: list[str] = []
    for phrase, word in _TOKEN.findall(q)[:TERMS_MAX]:
        text = phrase if phrase or not word else word
        negative = False
        if not phrase and word:
            if word.lower() == "or":
                if groups[-1]:
                    groups.append([])
                continue
            if word.startswith("-") and len(word) > 1:
                negative, text = True, word[1:]
            if text.lower().strip(string.punctuation) in STOP_WORDS:
                continue
        if not _WORD.search(text):
            continue
        (excluded if negative else groups[-1]).append(_fts_string(text))
    alternatives = [" AND ".join(g) for g in groups if g]
    if not alternatives:
        return ""
    expression = " OR ".join(f"({a})" for a in alternatives)
    if excluded:
        expression = f"({expression}) NOT ({' OR '.join(excluded)})"
    return expression
