"""What Hearth's columns hold, for input that arrives as numbers and text.

A value a column cannot hold makes the database fail (SQLite: "Python int too large
to convert"; PostgreSQL: "bigint out of range", "cannot contain NUL characters"),
and a failure there is a server error. Input is checked against these bounds before
it gets that far: the API's assembly does it for every operation
(``hearth.api.input``), pages through ``whole_number`` and their forms.
"""

# Ids (BigAutoField), foreign keys and offsets: 64-bit signed.
BIGINT_MIN = -(2**63)
BIGINT_MAX = 2**63 - 1
# IntegerField and PositiveIntegerField on PostgreSQL: 32-bit signed.
INT_MAX = 2**31 - 1


def int_fits(value: int) -> bool:
    """Whether a 64-bit column (an id, an offset) holds the value."""
    return BIGINT_MIN <= value <= BIGINT_MAX


def text_problem(value: str) -> str | None:
    """Why a column cannot store this text, or None when it can: a lone surrogate
    (half of a UTF-16 pair, which is not Unicode text and cannot be encoded), or a
    NUL character (PostgreSQL's text refuses it)."""
    if "\x00" in value:
        return "Text may not contain NUL characters."
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "Text must be valid Unicode (a lone surrogate is not)."
    return None


def whole_number(value, *, maximum: int = BIGINT_MAX) -> int | None:
    """A request parameter (an id, a count) read as a whole number from 0 to
    ``maximum``, or None when it is not one.

    ASCII digits only: ``str.isdigit`` also says yes to "²", which ``int`` refuses,
    and ``int`` reads other scripts' digits. A number past ``maximum`` is None (no
    row has that id) without asking ``int`` to read thousands of digits.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value if 0 <= value <= maximum else None
    text = str(value).strip()
    # Nineteen digits hold every 64-bit number.
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if number <= maximum else None


def page_number(value, *, maximum: int) -> int:
    """``?page=`` read as a page from 1 to ``maximum``: 1 when it is not a number, and
    ``maximum`` when it is further along (the list then shows its last page), so that
    no page number reaches the database as an offset it cannot hold."""
    text = str(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit():
        return 1
    if len(text) > 19:
        return maximum
    return max(1, min(int(text), maximum))
