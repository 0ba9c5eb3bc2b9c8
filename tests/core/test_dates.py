from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jbz_cli.core.dates import MAX_YEAR, MIN_YEAR, parse_day, parse_due


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026-12-31", date(2026, 12, 31), date(2026, 12, 31), "2026-12-31"),
        ("2026-03", date(2026, 3, 1), date(2026, 3, 31), "March 2026"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "February 2024"),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), "Q1 2026"),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "Q4 2026"),
        ("2026-H1", date(2026, 1, 1), date(2026, 6, 30), "first half of 2026"),
        ("2026-H2", date(2026, 7, 1), date(2026, 12, 31), "second half of 2026"),
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "2026"),
    ],
)
def test_windows(text: str, start: date, end: date, label: str) -> None:
    window = parse_due(text)
    assert (window.start, window.end, window.due_by, window.label()) == (start, end, end, label)


def test_toml_date_is_a_one_day_window() -> None:
    window = parse_due(date(2026, 5, 4))
    assert (window.text, window.start, window.end) == ("2026-05-04", date(2026, 5, 4), date(2026, 5, 4))


def test_lower_case_quarter_is_normalised() -> None:
    assert parse_due("2026-q2").text == "2026-Q2"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2026-13", "month 13"),
        ("2026-Q5", "expected YYYY-MM-DD"),
        ("2026-H3", "expected"),
        ("2026-02-30", "day is out of range"),
        ("0000", "year 0000"),
        ("26-01", "expected"),
        ("next year", "expected"),
        ("", "expected"),
    ],
)
def test_invalid_due_values_say_why(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_due(text)


def test_integer_due_is_rejected_by_type() -> None:
    with pytest.raises(ValueError, match="not int"):
        parse_due(2026)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["2026-1-01", "2026/01/01", "20260101", "2026-01"])
def test_parse_day_needs_a_full_iso_day(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_day(text, "--as-of date")


@given(st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31)))
def test_every_day_is_its_own_window(day: date) -> None:
    window = parse_due(day.isoformat())
    assert window.start == window.end == day


@given(st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 12))
def test_month_window_covers_exactly_the_month(year: int, month: int) -> None:
    window = parse_due(f"{year:04d}-{month:02d}")
    assert window.start == date(year, month, 1)
    assert window.end.day == calendar.monthrange(year, month)[1]
    assert window.end.month == month


@given(st.integers(MIN_YEAR, MAX_YEAR), st.sampled_from(["Q1", "Q2", "Q3", "Q4", "H1", "H2", ""]))
def test_periods_tile_the_year(year: int, period: str) -> None:
    text = f"{year:04d}-{period}" if period else f"{year:04d}"
    window = parse_due(text)
    assert window.start.year == window.end.year == year
    assert window.start.day == 1
    assert (window.end + timedelta(days=1)).day == 1  # ends on the last day of a month
    if period.startswith("Q"):
        assert (window.end - window.start).days in range(89, 92)
    if period.startswith("H"):
        assert (window.end - window.start).days in range(180, 184)


@given(st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 4))
def test_quarters_are_inside_their_half(year: int, quarter: int) -> None:
    q = parse_due(f"{year:04d}-Q{quarter}")
    h = parse_due(f"{year:04d}-H{1 if quarter <= 2 else 2}")
    assert h.start <= q.start <= q.end <= h.end


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2026-02-30", "day is out of range: February 2026 has 28 days"),
        ("2028-02-30", "day is out of range: February 2028 has 29 days"),
        ("2026-04-31", "day is out of range: April 2026 has 30 days"),
        ("2026-13-01", "month 13 is not 01-12"),
        ("2026-00-10", "month 0 is not 01-12"),
    ],
)
def test_a_well_formed_day_that_does_not_exist_gets_the_same_reason_everywhere(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as exact:
        parse_day(text, "--as-of date")
    assert str(exact.value) == f"invalid --as-of date {text!r}: {reason}"
    with pytest.raises(ValueError) as due:
        parse_due(text)
    assert str(due.value) == f"invalid due date {text!r}: {reason}"


def test_the_cli_gives_the_reason_for_as_of_and_period_dates(invoke) -> None:
    listed = invoke("list", "--as-of", "2026-02-30")
    assert (listed.exit_code, listed.stderr) == (
        2,
        "jbz: error: invalid --as-of date '2026-02-30': day is out of range: February 2026 has 28 days\n",
    )
    diffed = invoke("diff", "2026-02-30", "2026-03")
    assert diffed.stderr.endswith("'2026-02-30': day is out of range: February 2026 has 28 days\n")
