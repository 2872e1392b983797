"""Snippets: the databases mark the matched words with control characters, and
``marked_html`` turns them into balanced ``<mark>`` elements in escaped text."""

from __future__ import annotations

import re

from django.db.models import Func, TextField
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Around highlighted terms: control characters that posts do not contain. They become
# <mark> only after the rest of the snippet is escaped, and always balanced.
MARK_START, MARK_STOP = "\x02", "\x03"


# Markers in pairs, none nested or left open: what the databases write.
_PAIRED = re.compile(
    f"[^{MARK_START}{MARK_STOP}]*(?:{MARK_START}[^{MARK_START}{MARK_STOP}]*"
    f"{MARK_STOP}[^{MARK_START}{MARK_STOP}]*)*"
)


def marked_html(text: str | None) -> SafeString:
    """Escape ``text`` and turn the highlight markers into balanced <mark> elements:
    the only markup a snippet can carry."""
    text = text or ""
    if _PAIRED.fullmatch(text):  # the usual case, in one pass
        return mark_safe(  # noqa: S308  the text is escaped; markers are not escaped
            escape(text).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
        )
    out, marking = [], False
    for part in re.split(f"([{MARK_START}{MARK_STOP}])", text):
        if part == MARK_START:
            if not marking:
                out.append("<mark>")
            marking = True
        elif part == MARK_STOP:
            if marking:
                out.append("</mark>")
            marking = False
        elif part:
            out.append(escape(part))
    if marking:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308  every piece of text above is escaped


class Snippet(Func):
    """FTS5's snippet(): the best fragment of a column, terms between markers."""

    function = "snippet"
    output_field = TextField()


class Highlight(Func):
    """FTS5's highlight(): the whole column, terms between markers."""

    function = "highlight"
    output_field = TextField()
