"""Imprecise dates: letters say "in Q4" or "before the end of 2026", so a due date is a window."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

# ASCII digits only: \d also matches "２" and "٢", which int() reads but no one types in a record on purpose.
_DUE_RE = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?|-[Qq](?P<quarter>[1-4])|-[Hh](?P<half>[12]))?"
)
_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_days(year: int, month: int) -> int:
    """The days in `month` (1-12) of `year`, Gregorian leap years included: calendar.monthrange(...)[1], without
    importing calendar (and locale with it) on every run that reads a date."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


# The years jbz works with, decided here once: every date (due, follow-up and source dates, --as-of, --due-by,
# JBZ_TODAY) outside them is refused when it is parsed. Letters about Council meetings do not reach further, and
# the bound keeps date arithmetic (--soon-days ahead, the day after a due in a calendar) far from year 9999.
MIN_YEAR = 1900
MAX_YEAR = 2200
YEARS = f"{MIN_YEAR}-{MAX_YEAR}"


def in_years(year: int) -> bool:
    """Whether `year` is one jbz works with (MIN_YEAR..MAX_YEAR)."""
    return MIN_YEAR <= year <= MAX_YEAR


def check_year(year: int, what: str, value: object) -> None:
    """ValueError naming `what` and `value` (a date is named in ISO form) when `year` is outside YEARS."""
    if not in_years(year):
        shown = value.isoformat() if isinstance(value, date) else value
        raise ValueError(f"invalid {what} {shown!r}: year {year:04d} is outside the supported years {YEARS}")


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Dutch month names as letters write them, for reading Dutch dates (extract) and councils.toml quotes.
DUTCH_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
ENGLISH_MONTHS = tuple(_MONTHS)

GRAMMAR = "YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY"


@dataclass(frozen=True)
class DueWindow:
    """A deadline as written, with the first and last day it allows."""

    text: str
    start: date
    end: date
    precision: str  # day | month | quarter | half | year

    @property
    def due_by(self) -> date:
        return self.end

    def label(self) -> str:
        """The window as a person would say it, e.g. "Q4 2026" or "first half of 2026"."""
        year = self.start.year
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return f"{_MONTHS[self.start.month - 1]} {year}"
        if self.precision == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {year}"
        if self.precision == "half":
            return f"{'first' if self.start.month == 1 else 'second'} half of {year}"
        return str(year)


def calendar_day(year: int, month: int, day: int) -> date:
    """The day, or ValueError saying which part does not exist: the one wording for every date jbz parses."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 01-12")
    last = _month_days(year, month)
    if not 1 <= day <= last:
        raise ValueError(f"day is out of range: {_MONTHS[month - 1]} {year} has {last} days")
    return date(year, month, day)


def parse_due(value: str | date) -> DueWindow:
    """Parse a due value; raise ValueError with a message a user can act on (also for years outside YEARS)."""
    if isinstance(value, date):
        check_year(value.year, "due date", value)
        return DueWindow(value.isoformat(), value, value, "day")
    if not isinstance(value, str):
        raise ValueError(f"due must be a date or a string ({GRAMMAR}), not {type(value).__name__}")
    return _due_of_text(value)


@lru_cache(maxsize=4096)
def _due_of_text(value: str) -> DueWindow:
    """parse_due of a string, remembered: a folder of records repeats a few hundred due texts, and a window is a
    frozen value that any number of records can share. Errors are raised again each time (not cached)."""
    text = value.strip()
    match = _DUE_RE.fullmatch(text)
    if not match:
        hint = iso_suggestion(text)
        raise ValueError(f"invalid due date {value!r}: expected {GRAMMAR}{f'; did you mean {hint!r}?' if hint else ''}")
    year = int(match["year"])
    check_year(year, "due date", value)
    try:
        if match["day"]:
            day = calendar_day(year, int(match["month"]), int(match["day"]))
            return DueWindow(text, day, day, "day")
        if match["month"]:
            month = int(match["month"])
            if not 1 <= month <= 12:
                raise ValueError(f"month {month} is not 01-12")
            last = _month_days(year, month)
            return DueWindow(text, date(year, month, 1), date(year, month, last), "month")
    except ValueError as exc:
        raise ValueError(f"invalid due date {value!r}: {exc}") from None
    if match["quarter"]:
        q = int(match["quarter"])
        first, last_month = 3 * q - 2, 3 * q
        end = date(year, last_month, _month_days(year, last_month))
        return DueWindow(text.upper(), date(year, first, 1), end, "quarter")
    if match["half"]:
        if match["half"] == "1":
            return DueWindow(text.upper(), date(year, 1, 1), date(year, 6, 30), "half")
        return DueWindow(text.upper(), date(year, 7, 1), date(year, 12, 31), "half")
    return DueWindow(text, date(year, 1, 1), date(year, 12, 31), "year")


def parse_day(value: str | date, what: str = "date") -> date:
    """Parse an exact ISO day, as TOML dates and options like --as-of need; ValueError outside YEARS."""
    if isinstance(value, date):
        check_year(value.year, what, value)
        return value
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a date (YYYY-MM-DD), not {type(value).__name__}")
    text = value.strip()
    if not _DAY_RE.fullmatch(text):
        raise ValueError(f"invalid {what} {value!r}: expected YYYY-MM-DD{_day_hint(value)}")
    year, month, day_of_month = (int(part) for part in text.split("-"))
    check_year(year, what, value)
    try:
        day = calendar_day(year, month, day_of_month)
    except ValueError as exc:
        raise ValueError(f"invalid {what} {value!r}: {exc}") from None
    return day


# --- "did you mean": the ISO form of a date written the way people write it ------------------------------------------
# Each pattern is anchored and fully matched, and its quantifiers are bounded or separated by a literal or a class
# the neighbour cannot match, so none backtracks (tests/store/test_regex_budget.py); input over SUGGEST_MAX_LENGTH
# characters is not looked at. [0-9] only: a date in other digits is refused without a hint, as everywhere.
SUGGEST_MAX_LENGTH = 40
_SEP = r"[-/. ]"
_D = r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th|e|ste|de)?"
_NUMERIC = [
    rf"{_D}{_SEP}(?P<m>[0-9]{{1,2}}){_SEP}(?P<y>[0-9]{{4}})",  # 31-12-2026, 31/12/2026, 31.12.2026
    rf"(?P<y>[0-9]{{4}}){_SEP}(?P<m>[0-9]{{1,2}}){_SEP}(?P<d>[0-9]{{1,2}})",  # 2026/12/31, 2026-1-5
    r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})",  # 20261231
    rf"(?P<m>[0-9]{{1,2}}){_SEP}(?P<y>[0-9]{{4}})",  # 12-2026, 12/2026
    rf"(?P<y>[0-9]{{4}}){_SEP}(?P<m>[0-9]{{1,2}})",  # 2026/12, 2026-1
]
_PERIOD = [
    rf"(?P<p>[qh])(?P<n>[1-4]){_SEP}?(?P<y>[0-9]{{4}})",  # Q4 2026, q4-2026, H1/2026, Q42026
    rf"(?P<y>[0-9]{{4}}){_SEP}?(?P<p>[qh])(?P<n>[1-4])",  # 2026 Q4, 2026Q4, 2026/H1
]
_WORD = r"(?P<w>[a-z]{3,9})\.?"
_NAMED = [
    rf"(?:{_D}{_SEP})?{_WORD}{_SEP}(?P<y>[0-9]{{4}})",  # december 2026, dec. 2026, 31-dec-2026
    rf"{_WORD}{_SEP}{_D}{_SEP}(?P<y>[0-9]{{4}})",  # december 31 2026 (the comma is gone by then)
    rf"(?P<y>[0-9]{{4}}){_SEP}{_WORD}",  # 2026 december
]


@lru_cache(maxsize=1)
def _suggesting() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]], list[re.Pattern[str]]]:
    """_NUMERIC, _PERIOD and _NAMED compiled, when a date is first refused: every run would pay for ten patterns
    that only a mistyped date needs."""
    return tuple([re.compile(p) for p in group] for group in (_NUMERIC, _PERIOD, _NAMED))  # type: ignore[return-value]


_ABBREVIATIONS = {"mrt": 3, "sept": 9}  # Dutch and English abbreviations that are no prefix of the month's name


def _month_number(word: str) -> int | None:
    """The month a Dutch or English name or abbreviation of three letters or more names, if exactly one."""
    if word in _ABBREVIATIONS:
        return _ABBREVIATIONS[word]
    months = {
        n
        for n, names in enumerate(zip(DUTCH_MONTHS, ENGLISH_MONTHS, strict=True), start=1)
        for name in names
        if name.lower().startswith(word)
    }
    return months.pop() if len(months) == 1 else None


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _numeric(match: re.Match[str]) -> str | None:
    year, month = int(match["y"]), int(match["m"])
    day = match.groupdict().get("d")
    if day is None:
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    # Day first, as Dutch letters write it; 12/31/2026 has only the month-first reading, so that one is offered.
    return _day(year, month, int(day)) or (_day(year, int(day), month) if match.re is _suggesting()[0][0] else None)


def iso_suggestion(text: str) -> str | None:
    """The ISO form (one of GRAMMAR) of a date written another way, or None when `text` is no such date.

    Recognised, case and spacing ignored: 31-12-2026, 31/12/2026, 31.12.2026 (day first), 2026/12/31, 20261231,
    12-2026, 2026/12, Q4 2026, 2026 Q4, H1 2026, december 2026, dec 2026, 31 december 2026, December 31, 2026,
    with Dutch or English month names. The suggestion is only made when it is valid, within YEARS.
    """
    if len(text) > SUGGEST_MAX_LENGTH or not text.isascii():
        return None
    words = " ".join(text.lower().replace(",", " ").split())
    found: str | None = None
    numeric, period, named = _suggesting()
    for pattern in numeric:
        match = pattern.fullmatch(words)
        if match:
            found = _numeric(match)
            break
    for pattern in period if found is None else ():
        match = pattern.fullmatch(words)
        if match and (match["p"] == "q" or match["n"] in "12"):
            found = f"{match['y']}-{match['p'].upper()}{match['n']}"
            break
    for pattern in named if found is None else ():
        match = pattern.fullmatch(words)
        month = _month_number(match["w"]) if match else None
        if match and month is not None:
            day = match.groupdict().get("d")
            found = _day(int(match["y"]), month, int(day)) if day else f"{int(match['y']):04d}-{month:02d}"
            break
    if found is None:
        return None
    try:
        parse_due(found)
    except ValueError:
        return None
    return found


def _day_hint(value: object) -> str:
    """ "; did you mean '2026-12-31'?" for a day written another way; a period (Q4 2026) is named with its days."""
    if not isinstance(value, str):
        return ""
    found = iso_suggestion(value.strip())
    if found is None:
        return ""
    if _DAY_RE.fullmatch(found):
        return f"; did you mean {found!r}?"
    window = parse_due(found)
    return f"; did you mean a day in {found}, from {window.start.isoformat()} to {window.end.isoformat()}?"
