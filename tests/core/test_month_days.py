"""The days of a month, worked out without importing calendar, are calendar's for every year jbz accepts."""

from __future__ import annotations

import calendar

from jbz_cli.core.dates import MAX_YEAR, MIN_YEAR, _month_days, parse_due


def test_every_month_of_every_year_has_calendars_length() -> None:
    for year in range(MIN_YEAR, MAX_YEAR + 1):
        for month in range(1, 13):
            assert _month_days(year, month) == calendar.monthrange(year, month)[1], (year, month)


def test_a_month_and_a_quarter_end_on_their_last_day() -> None:
    assert parse_due("2028-02").end.day == 29 and parse_due("2100-02").end.day == 28
    assert parse_due("2026-Q4").end.isoformat() == "2026-12-31"
