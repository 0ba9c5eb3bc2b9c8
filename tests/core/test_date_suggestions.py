"""A date written the way people write it (31-12-2026, Q4 2026, december 2026) is refused with its ISO form."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jbz_cli.core.dates import (
    DUTCH_MONTHS,
    ENGLISH_MONTHS,
    MAX_YEAR,
    MIN_YEAR,
    iso_suggestion,
    parse_day,
    parse_due,
)

SUGGESTED = [
    ("31-12-2026", "2026-12-31"),
    ("31/12/2026", "2026-12-31"),
    ("31.12.2026", "2026-12-31"),
    ("1-2-2026", "2026-02-01"),  # day first, as Dutch letters write it
    ("12/31/2026", "2026-12-31"),  # only the month-first reading is a date
    ("2026/12/31", "2026-12-31"),
    ("2026.12.31", "2026-12-31"),
    ("2026-12-1", "2026-12-01"),
    ("20261231", "2026-12-31"),
    ("12-2026", "2026-12"),
    ("2026/12", "2026-12"),
    ("Q4 2026", "2026-Q4"),
    ("q4-2026", "2026-Q4"),
    ("2026 Q4", "2026-Q4"),
    ("2026Q4", "2026-Q4"),
    ("H1 2026", "2026-H1"),
    ("h2/2026", "2026-H2"),
    ("december 2026", "2026-12"),
    ("December 2026", "2026-12"),
    ("dec 2026", "2026-12"),
    ("dec. 2026", "2026-12"),
    ("december-2026", "2026-12"),
    ("2026 december", "2026-12"),
    ("31 december 2026", "2026-12-31"),
    ("December 31, 2026", "2026-12-31"),
    ("31st Dec 2026", "2026-12-31"),
    ("1 maart 2026", "2026-03-01"),
    ("mrt 2026", "2026-03"),
    ("mei 2026", "2026-05"),
    ("okt 2026", "2026-10"),
    ("oct 2026", "2026-10"),
    ("sept 2026", "2026-09"),
    ("  Q4   2026 ", "2026-Q4"),
]

NOT_SUGGESTED = [
    "31-02-2026",  # no such day either way
    "13-13-2026",
    "H3 2026",
    "Q5 2026",
    "ma 2026",  # maart or mei, march or may: too short to tell
    "ju 2026",
    "foo 2026",
    "31-12-2300",  # outside the supported years
    "٢٠٢٦-Q4",  # non-ASCII digits stay refused, without a hint
    "２０２６-12-31",
    "31-12-２０２６",
    "next week",
    "",
    "1" * 200,
]


@pytest.mark.parametrize(("text", "iso"), SUGGESTED)
def test_the_iso_form_is_suggested(text: str, iso: str) -> None:
    assert iso_suggestion(text) == iso
    parse_due(iso)  # the suggestion itself is accepted
    with pytest.raises(ValueError, match=f"did you mean '{iso}'\\?$"):
        parse_due(text)


@pytest.mark.parametrize("text", NOT_SUGGESTED)
def test_no_suggestion_where_there_is_no_date(text: str) -> None:
    assert iso_suggestion(text) is None
    with pytest.raises(ValueError) as refused:
        parse_due(text)
    assert "did you mean" not in str(refused.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31-12-2026", "invalid --as-of date '31-12-2026': expected YYYY-MM-DD; did you mean '2026-12-31'?"),
        ("31 dec 2026", "invalid --as-of date '31 dec 2026': expected YYYY-MM-DD; did you mean '2026-12-31'?"),
        (
            "Q4 2026",
            "invalid --as-of date 'Q4 2026': expected YYYY-MM-DD; did you mean a day in 2026-Q4, "
            "from 2026-10-01 to 2026-12-31?",
        ),
        ("december 2026", "did you mean a day in 2026-12, from 2026-12-01 to 2026-12-31?"),
        ("٢٠٢٦-12-31", "invalid --as-of date '٢٠٢٦-12-31': expected YYYY-MM-DD"),
    ],
)
def test_an_option_that_needs_a_day_names_the_days_of_a_period(text: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_day(text, "--as-of date")
    assert str(refused.value).endswith(message)


# --- generated: every way of writing a valid day gives that day back ------------------------------------------------

DAYS = st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31))
SEPARATORS = st.sampled_from(["-", "/", ".", " "])


@given(day=DAYS, sep=SEPARATORS, pad=st.booleans())
def test_day_first_numeric_forms(day: date, sep: str, pad: bool) -> None:
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if pad else (str(day.day), str(day.month))
    text = f"{d}{sep}{m}{sep}{day.year}"
    assert iso_suggestion(text) == day.isoformat()
    with pytest.raises(ValueError, match="did you mean"):
        parse_day(text, "--date")


@given(day=DAYS, sep=SEPARATORS)
def test_year_first_forms(day: date, sep: str) -> None:
    text = f"{day.year}{sep}{day.month}{sep}{day.day}"
    if text != day.isoformat():  # 2026-12-31 itself is valid and needs no hint
        assert iso_suggestion(text) == day.isoformat()


@given(day=DAYS, dutch=st.booleans(), cut=st.integers(3, 9), upper=st.booleans(), day_first=st.booleans())
def test_month_names_in_both_languages(day: date, dutch: bool, cut: int, upper: bool, day_first: bool) -> None:
    """A name cut to three letters or more finds its month when no other month starts the same way."""
    prefix = (DUTCH_MONTHS if dutch else ENGLISH_MONTHS)[day.month - 1][:cut].lower()
    pairs = enumerate(zip(DUTCH_MONTHS, ENGLISH_MONTHS, strict=True), 1)
    months = {n for n, names in pairs for name in names if name.lower().startswith(prefix)}
    name = prefix.upper() if upper else prefix
    day_text = f"{day.day} {name} {day.year}" if day_first else f"{name} {day.day}, {day.year}"
    if months == {day.month}:
        assert iso_suggestion(f"{name} {day.year}") == f"{day.year:04d}-{day.month:02d}"
        assert iso_suggestion(day_text) == day.isoformat()
    else:  # "jun" is juni and june alike, but "ma" never gets here: three letters at least
        assert iso_suggestion(day_text) in (None, day.isoformat())


@given(year=st.integers(MIN_YEAR, MAX_YEAR), n=st.integers(1, 4), half=st.booleans(), year_first=st.booleans())
def test_quarters_and_halves(year: int, n: int, half: bool, year_first: bool) -> None:
    period = f"{'H' if half else 'Q'}{n}"
    text = f"{year} {period}" if year_first else f"{period} {year}"
    expected = f"{year}-{period}" if not half or n <= 2 else None
    assert iso_suggestion(text) == expected
    assert iso_suggestion(text.lower()) == expected


@given(st.text(max_size=30))
def test_any_suggestion_is_a_valid_due_date(text: str) -> None:
    found = iso_suggestion(text)
    if found is not None:
        assert parse_due(found).text.upper() == found.upper()
        assert found.isascii()
