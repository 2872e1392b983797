"""Reading an invitation CSV: one username or email per line, checked in bulk.

The file is split into lines as bytes and each line decoded on its own, so a
line in another encoding is reported as that line's error instead of failing
the whole upload. People, memberships and pending invitations are looked up
with a few ``IN`` queries per few thousand lines, never one query per line, so
a 50,000-line file is previewed in seconds.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from hearth.moderation.selectors import banned_from
from hearth.spaces.models import Invitation, Membership

MAX_LINES = 100_000
MAX_BYTES = 10 * 1024 * 1024
LOOKUP_CHUNK = 2_000
HEADERS = {"username", "email", "e-mail", "user", "login"}


@dataclass
class RowError:
    line: int
    value: str
    error: str

    def as_dict(self) -> dict:
        return {"line": self.line, "value": self.value, "error": self.error}


@dataclass
class ParsedList:
    user_ids: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    lines: int = 0


class FileRefused(Exception):
    """The whole file cannot be read (too large, too many lines, not text)."""


def _value_of(text: str) -> str:
    cells = next(csv.reader([text]), [])
    for cell in cells:
        cell = cell.strip()
        if cell:
            return cell
    return ""


def _chunks(items: list, size: int = LOOKUP_CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def parse_invitation_csv(data: bytes, *, space) -> ParsedList:
    """Each line's person, or that line's error: unknown person, duplicate, already a
    member, already invited, banned from the space, bad encoding, empty."""
    if len(data) > MAX_BYTES:
        raise FileRefused("The file is larger than 10 MB: split it into several uploads.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRefused("The file is in UTF-16: save it as “CSV UTF-8” and upload it again.")
    if b"\x00" in data[:4096]:
        raise FileRefused(
            "This is not a text file: upload a CSV with one username or email per line (UTF-8)."
        )
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1].strip() == b"":
        raw_lines.pop()  # the final newline ends the last line; it is not an empty row
    if len(raw_lines) > MAX_LINES:
        raise FileRefused(f"The file has more than {MAX_LINES:,} lines: split it.")
    result = ParsedList(lines=len(raw_lines))
    rows: list[tuple[int, str]] = []  # (line number, value) of the readable lines
    for number, raw in enumerate(raw_lines, start=1):
        raw = raw.rstrip(b"\r")
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            shown = raw.decode("utf-8", errors="replace")[:80]
            result.errors.append(RowError(number, shown, "Bad encoding: save the file as UTF-8."))
            continue
        value = _value_of(text)
        if not value:
            result.errors.append(RowError(number, "", "Empty line."))
            continue
        if number == 1 and value.lower() in HEADERS:
            continue
        if len(value) > 254:
            result.errors.append(RowError(number, value[:80], "Unknown person."))
            continue
        rows.append((number, value.lower()))

    User = get_user_model()
    emails = sorted({v for _, v in rows if "@" in v})
    usernames = sorted({v for _, v in rows if "@" not in v})
    by_email: dict[str, int] = {}
    by_username: dict[str, int] = {}
    for chunk in _chunks(emails):
        for email, pk in (
            User.objects.filter(is_active=True)
            .annotate(e=Lower("email"))
            .filter(e__in=chunk)
            .values_list("e", "pk")
        ):
            by_email.setdefault(email, pk)
    for chunk in _chunks(usernames):
        by_username.update(
            User.objects.filter(is_active=True, username__in=chunk).values_list("username", "pk")
        )
    found = sorted({*by_email.values(), *by_username.values()})
    members, invited, banned = set(), set(), set()
    for chunk in _chunks(found):
        members.update(
            Membership.objects.filter(space=space, user_id__in=chunk).values_list(
                "user_id", flat=True
            )
        )
        invited.update(
            Invitation.objects.filter(
                space=space, user_id__in=chunk, status=Invitation.Status.PENDING
            ).values_list("user_id", flat=True)
        )
        banned.update(banned_from(space=space, user_ids=chunk))

    first_line: dict[int, int] = {}
    for number, value in rows:
        pk = (by_email if "@" in value else by_username).get(value)
        if pk is None:
            result.errors.append(
                RowError(
                    number, value, "Unknown person: no active account has this username or email."
                )
            )
        elif pk in first_line:
            result.errors.append(RowError(number, value, f"Duplicate of line {first_line[pk]}."))
        elif pk in members:
            first_line[pk] = number
            result.errors.append(RowError(number, value, "Already a member."))
        elif pk in invited:
            first_line[pk] = number
            result.errors.append(RowError(number, value, "Already invited."))
        elif pk in banned:
            first_line[pk] = number
            result.errors.append(RowError(number, value, "Banned from this space."))
        else:
            first_line[pk] = number
            result.user_ids.append(pk)
    result.errors.sort(key=lambda e: e.line)
    return result
