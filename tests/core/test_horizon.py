"""The flag rules near the ends of the calendar, and the awaiting reason as data."""

from __future__ import annotations

from datetime import date

from jbz_cli.core.build import record_from_dict
from jbz_cli.core.horizon import Awaiting, Settings, awaiting, flags_for, horizon


def test_soon_past_the_last_date_is_everything_not_overdue() -> None:
    """as-of + soon-days used to overflow (a traceback from `jbz list --as-of 9999-12-20`)."""
    late = Settings(date(9999, 12, 20))
    assert horizon(late).soon_until == date.max
    assert flags_for(date(9999, 12, 31), None, None, late) == ("due-soon",)
    assert flags_for(date(9999, 12, 1), None, None, late) == ("overdue",)


def test_stale_before_the_first_date_is_nothing() -> None:
    early = Settings(date(1, 1, 2), stale_days=90)
    assert horizon(early).stale_before is None
    assert flags_for(None, None, date(1, 1, 1), early) == ()
    assert flags_for(None, date(1, 1, 2), None, early) == ("awaiting",)


def test_a_negative_stale_window_past_the_last_date_makes_every_activity_stale() -> None:
    odd = Settings(date(9999, 12, 30), stale_days=-5)
    assert horizon(odd).all_stale
    assert flags_for(None, None, date(9999, 12, 31), odd) == ("awaiting",)


def test_the_awaiting_reason_is_data() -> None:
    data = {"kind": "commitment", "title": "t", "next_check": date(2026, 11, 1)}
    data["source"] = {"date": date(2026, 1, 10)}
    record = record_from_dict(data, "r")
    assert awaiting(record, date(2026, 11, 29)) == Awaiting(check=date(2026, 11, 1))
    assert awaiting(record, date(2026, 10, 1)) == Awaiting(since=date(2026, 1, 10), days=264)
    assert awaiting(record_from_dict({"kind": "deadline", "title": "t"}, "x"), date(2026, 1, 1)) == Awaiting()
