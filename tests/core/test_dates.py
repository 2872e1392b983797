"""Dates as pages show them: in the reader's time zone, months by their short name."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hearth.core.templatetags.hearth import date_tag, short_datetime


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_reads_as_strftime_writes_it(month):
    moment = datetime(2026, month, 3, 7, 5, tzinfo=UTC)
    assert date_tag(moment, UTC) == (
        f'<time datetime="{moment.isoformat()}">3 {moment:%b} 2026</time>'
    )
    with timezone.override(UTC):
        assert short_datetime(moment) == f"3 {moment:%b} 2026, 07:05"


def test_a_date_is_the_readers_own_day():
    moment = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # already 1 January in Paris
    paris = ZoneInfo("Europe/Paris")
    assert date_tag(moment, paris) == (
        '<time datetime="2027-01-01T00:30:00+01:00">1 Jan 2027</time>'
    )
    with timezone.override(paris):
        assert date_tag(moment) == date_tag(moment, paris)
        assert short_datetime(moment) == "1 Jan 2027, 00:30"


def test_no_moment_shows_nothing():
    assert date_tag(None) == "" and short_datetime(None) == ""
