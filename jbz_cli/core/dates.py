"""Imprecise dates: letters say "in Q4" or "before the end of 2026", so a due date is a window."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

# ASCII digits only: \d also matches "２" and "٢", which int() reads but no one types in a record on purpose.
_DUE_RE = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?|-[Qq](?P<quarter>[1-4])|-[Hh](?P<half>[12]))?"
)
_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# The years jbz works with, decided here once: every date (due, follow-up and source dates, --as-of, --due-by,
# JBZ_TODAY) outside them is refused when it is parsed. Letters about Council meetings do not reach further, and
# the bound keeps date arithmetic (--soon-days ahead, the day after a due in a calendar) far from year 9999.
MIN_YEAR = 1900
MAX_YEAR = 2200
YEARS = f"{MIN_YEAR}-{MAX_YEAR}"


def check_year(year: int, what: str, value: object) -> None:
    """ValueError naming `what` and `value` when `year` is outside MIN_YEAR..MAX_YEAR."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"invalid {what} {value!r}: year {year:04d} is outside the supported years {YEARS}")


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


def parse_due(value: str | date) -> DueWindow:
    """Parse a due value; raise ValueError with a message a user can act on (also for years outside YEARS)."""
    if isinstance(value, date):
        check_year(value.year, "due date", value.isoformat())
        return DueWindow(value.isoformat(), value, value, "day")
    if not isinstance(value, str):
        raise ValueError(f"due must be a date or a string ({GRAMMAR}), not {type(value).__name__}")
    text = value.strip()
    match = _DUE_RE.fullmatch(text)
    if not match:
        raise ValueError(f"invalid due date {value!r}: expected {GRAMMAR}")
    year = int(match["year"])
    check_year(year, "due date", value)
    try:
        if match["day"]:
            day = date(year, int(match["month"]), int(match["day"]))
            return DueWindow(text, day, day, "day")
        if match["month"]:
            month = int(match["month"])
            if not 1 <= month <= 12:
                raise ValueError(f"month {month} is not 01-12")
            last = calendar.monthrange(year, month)[1]
            return DueWindow(text, date(year, month, 1), date(year, month, last), "month")
    except ValueError as exc:
        raise ValueError(f"invalid due date {value!r}: {exc}") from None
    if match["quarter"]:
        q = int(match["quarter"])
        first, last_month = 3 * q - 2, 3 * q
        end = date(year, last_month, calendar.monthrange(year, last_month)[1])
        return DueWindow(text.upper(), date(year, first, 1), end, "quarter")
    if match["half"]:
        if match["half"] == "1":
            return DueWindow(text.upper(), date(year, 1, 1), date(year, 6, 30), "half")
        return DueWindow(text.upper(), date(year, 7, 1), date(year, 12, 31), "half")
    return DueWindow(text, date(year, 1, 1), date(year, 12, 31), "year")


def parse_day(value: str | date, what: str = "date") -> date:
    """Parse an exact ISO day, as TOML dates and options like --as-of need; ValueError outside YEARS."""
    if isinstance(value, date):
        check_year(value.year, what, value.isoformat())
        return value
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a date (YYYY-MM-DD), not {type(value).__name__}")
    try:
        if not _DAY_RE.fullmatch(value.strip()):
            raise ValueError
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"invalid {what} {value!r}: expected YYYY-MM-DD") from None
    check_year(day.year, what, value)
    return day
