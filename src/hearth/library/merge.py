"""Comparing and merging document texts and fields.

Diffs come from difflib (unified, by line); the three-way merge of an edit that
started from an older revision is merge3's (the merge of Breezy, kept as its own
package): changes on one side only are taken, and where both sides changed the same
lines, both versions are kept between conflict markers for the editor to settle.

The other fields of a document (title, status, collection, tags, review date) are
merged the same way, one field at a time (``merge_fields``): a field changed on one
side takes that side's value, and a field both sides changed to different values is
a conflict the editor settles by choosing. A field nobody changed keeps its value,
so a stale edit never puts back what someone else changed since.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from merge3 import Merge3

START, MIDDLE, END = "<<<<<<<", "=======", ">>>>>>>"


def _lines(text: str) -> list[str]:
    # Line endings are normalised and the last line ends with one, so that markers
    # always stand on lines of their own.
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if text and not text.endswith("\n"):
        text += "\n"
    return text.splitlines(keepends=True)


@dataclass(frozen=True)
class MergeResult:
    text: str
    conflicts: int

    @property
    def is_clean(self) -> bool:
        return self.conflicts == 0


def merge_three(
    *, base: str, theirs: str, mine: str, theirs_label: str, mine_label: str = "your version"
) -> MergeResult:
    """Merge ``mine`` (an edit of ``base``) with ``theirs`` (saved since ``base``).

    Conflicting regions are written as::

        <<<<<<< theirs_label
        their lines
        =======
        my lines
        >>>>>>> mine_label
    """
    merger = Merge3(_lines(base), _lines(theirs), _lines(mine))
    conflicts = sum(1 for region in merger.merge_regions() if region[0] == "conflict")
    text = "".join(
        merger.merge_lines(
            name_a=theirs_label,
            name_b=mine_label,
            start_marker=START,
            mid_marker=MIDDLE,
            end_marker=END,
        )
    )
    return MergeResult(text=text, conflicts=conflicts)


# The fields of a document merged one by one, besides its text, in the form's order.
MERGED_FIELDS = ("title", "status", "collection", "tags", "review_on")
UNKNOWN = object()


@dataclass(frozen=True)
class FieldMerge:
    """One field of a three-way merge. ``base`` is ``UNKNOWN`` when the revision the
    editor started from did not record the field."""

    name: str
    base: Any
    theirs: Any
    mine: Any

    @property
    def theirs_changed(self) -> bool:
        return self.base is UNKNOWN or self.theirs != self.base

    @property
    def mine_changed(self) -> bool:
        return self.base is UNKNOWN or self.mine != self.base

    @property
    def is_conflict(self) -> bool:
        """Both sides set it, to different values: only the editor can say which stays."""
        return self.theirs != self.mine and self.theirs_changed and self.mine_changed

    @property
    def value(self) -> Any:
        """The merged value (a conflict has none: ask the editor)."""
        if self.is_conflict:
            raise ValueError(f"{self.name} was changed on both sides")
        if self.base is UNKNOWN or not self.mine_changed:
            return self.theirs
        return self.mine


def merge_fields(
    *, base: Mapping[str, Any], theirs: Mapping[str, Any], mine: Mapping[str, Any]
) -> list[FieldMerge]:
    """Merge each of ``MERGED_FIELDS``: ``mine`` (an edit of ``base``) with ``theirs``
    (saved since ``base``). Values must compare equal when they mean the same (tags as
    sorted tuples, dates as dates); a field missing from ``base`` is unknown there, so
    it is a conflict whenever the two sides differ."""
    return [
        FieldMerge(name=name, base=base.get(name, UNKNOWN), theirs=theirs[name], mine=mine[name])
        for name in MERGED_FIELDS
    ]


def has_conflict_markers(text: str) -> bool:
    lines = _lines(text)
    return any(line.startswith(START) for line in lines) and any(
        line.startswith(END) for line in lines
    )


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "add", "remove", "context", "hunk"
    text: str


def diff_lines(
    old: str, new: str, *, old_label: str, new_label: str, context: int = 3
) -> list[DiffLine]:
    """A unified diff of two texts as typed lines, for a page to colour (escaped there)."""
    rows = []
    for line in difflib.unified_diff(
        _lines(old), _lines(new), fromfile=old_label, tofile=new_label, n=context
    ):
        line = line.rstrip("\n")
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            rows.append(DiffLine("hunk", _hunk_label(line)))
        elif line.startswith("+"):
            rows.append(DiffLine("add", line[1:]))
        elif line.startswith("-"):
            rows.append(DiffLine("remove", line[1:]))
        else:
            rows.append(DiffLine("context", line[1:]))
    return rows


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _hunk_label(header: str) -> str:
    """ "@@ -2,7 +2,7 @@" as people read it: "Lines 2–8"."""
    match = _HUNK.match(header)
    if not match:
        return header
    start, length = int(match.group(1)), int(match.group(2) or 1)
    if length <= 1:
        return f"Line {max(start, 1)}"
    return f"Lines {start}–{start + length - 1}"


def diff_text(old: str, new: str, *, old_label: str, new_label: str) -> str:
    """The same diff as plain unified-diff text (for the API)."""
    return "".join(
        difflib.unified_diff(_lines(old), _lines(new), fromfile=old_label, tofile=new_label)
    )
