"""Reading invitation lists: per-line errors, encodings, duplicates, 50,000 lines."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.launch.csvparse import FileRefused, parse_invitation_csv
from tests.factories import invitation_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


def _errors(parsed):
    return {e.line: e.error for e in parsed.errors}


def test_each_bad_row_is_reported_with_its_line():
    space = space_make()
    ana = person_make(username="ana")
    bob = person_make(username="bob")
    member = person_make(username="member")
    membership_make(space=space, user=member)
    pending = person_make(username="pending")
    invitation_make(space=space, user=pending)
    data = (
        (
            b"username\n"  # 1: header, skipped
            b"ana\n"  # 2: ok
            b"BOB@example.org\n"  # 3: ok, by email, any case
            b"ghost\n"  # 4: unknown
            b"\n"  # 5: empty
            b"ana\n"  # 6: duplicate of 2
            b"bob\n"  # 7: the same person as line 3
            b"member\n"  # 8: already a member
            b"pending\n"  # 9: already invited
        )
        + b"caf\xe9\n"
        + b"  ,  \n"
    )  # 10: latin-1; 11: empty cells
    parsed = parse_invitation_csv(data, space=space)
    assert parsed.user_ids == [ana.pk, bob.pk]
    errors = _errors(parsed)
    assert errors[4].startswith("Unknown person")
    assert errors[5] == "Empty line." and errors[11] == "Empty line."
    assert errors[6] == "Duplicate of line 2." and errors[7] == "Duplicate of line 3."
    assert errors[8] == "Already a member." and errors[9] == "Already invited."
    assert errors[10].startswith("Bad encoding")
    assert 1 not in errors and 2 not in errors and 3 not in errors


def test_crlf_bom_and_extra_columns_are_read():
    space = space_make()
    ana = person_make(username="ana")
    parsed = parse_invitation_csv(b"\xef\xbb\xbfemail,name\r\nana@example.org,Ana\r\n", space=space)
    assert parsed.user_ids == [ana.pk] and parsed.errors == []


def test_a_file_in_utf16_is_refused_with_what_to_do():
    space = space_make()
    person_make(username="ana")
    with pytest.raises(FileRefused, match="UTF-16: save it as"):
        parse_invitation_csv("ana\nana2\n".encode("utf-16"), space=space)


def test_binary_and_oversized_files_are_refused_whole():
    space = space_make()
    with pytest.raises(FileRefused, match="not a text file"):
        parse_invitation_csv(b"PK\x03\x04\x00\x00binary", space=space)
    with pytest.raises(FileRefused, match="10 MB"):
        parse_invitation_csv(b"a" * (10 * 1024 * 1024 + 1), space=space)
    with pytest.raises(FileRefused, match="more than 100,000 lines"):
        parse_invitation_csv(b"a\n" * 100_001, space=space)


def test_fifty_thousand_lines_are_checked_in_bulk_quickly():
    space = space_make()
    User = get_user_model()
    User.objects.bulk_create(
        [
            User(username=f"p{i:05d}", email=f"p{i:05d}@example.org", display_name=f"P {i}")
            for i in range(25_000)
        ]
    )
    member = User.objects.get(username="p00007")
    membership_make(space=space, user=member)
    lines = [f"p{i:05d}" for i in range(25_000)]  # usernames
    lines += [f"P{i:05d}@Example.org" for i in range(20_000)]  # the same people by email
    lines += [f"nobody{i}" for i in range(5_000)]  # unknown
    data = ("\n".join(lines) + "\n").encode()
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        parsed = parse_invitation_csv(data, space=space)
    elapsed = time.monotonic() - started
    assert parsed.lines == 50_000
    assert len(parsed.user_ids) == 24_999
    errors = _errors(parsed)
    assert errors[8] == "Already a member."
    assert errors[25_001] == "Duplicate of line 1."
    assert sum(e.startswith("Unknown") for e in errors.values()) == 5_000
    # A few queries per 2,000 distinct values, never one per line.
    assert len(queries) < 80
    assert elapsed < 30
