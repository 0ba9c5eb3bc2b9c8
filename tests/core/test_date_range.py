"""One supported range of years (1900-2200) and ASCII digits, for every date jbz parses (kind 3)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jbz_cli.core.build import record_from_dict
from jbz_cli.core.dates import MAX_YEAR, MIN_YEAR, parse_day, parse_due


@given(day=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_every_day_is_parsed_or_refused_with_the_range(day: date) -> None:
    inside = MIN_YEAR <= day.year <= MAX_YEAR
    for value in (day, day.isoformat()):
        for parse in (parse_day, parse_due):
            if inside:
                parse(value)
            else:
                with pytest.raises(ValueError, match=f"year {day.year:04d} is outside the supported years 1900-2200"):
                    parse(value)


@given(year=st.integers(0, 9999), suffix=st.sampled_from(["", "-Q4", "-H2", "-12", "-12-31", "-q1"]))
def test_due_windows_stay_inside_the_calendar(year: int, suffix: str) -> None:
    text = f"{year:04d}{suffix}"
    if MIN_YEAR <= year <= MAX_YEAR:
        window = parse_due(text)
        assert window.start <= window.end and window.end.year <= MAX_YEAR
    else:
        with pytest.raises(ValueError, match="outside the supported years"):
            parse_due(text)


@pytest.mark.parametrize("text", ["２０２６", "٢٠٢٦", "２０２６-Q4", "2026-１２", "٢٠٢٦-12-31"])
def test_only_ascii_digits_make_a_date(text: str) -> None:
    with pytest.raises(ValueError, match="expected"):
        parse_due(text)
    with pytest.raises(ValueError, match="expected YYYY-MM-DD"):
        parse_day(text if "-" in text and text.count("-") == 2 else text + "-01-01")


def test_toml_dates_outside_the_range_are_date_errors() -> None:
    from jbz_cli.core.build import FieldError

    with pytest.raises(FieldError) as caught:
        record_from_dict({"kind": "deadline", "title": "x", "due": date(9999, 12, 31)}, "x", "x.toml")
    assert caught.value.rule == "dates"
    assert "year 9999 is outside the supported years 1900-2200" in str(caught.value)
