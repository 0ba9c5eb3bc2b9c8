"""Imprecise dates: letters say "in Q4" or "before the end of 2026", so a due date is a window."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_DUE_RE = re.compile(
    r"^(?P<year>\d{4})"
    r"(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?|-[Qq](?P<quarter>[1-4])|-[Hh](?P<half>[12]))?$"
)
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
    """Parse a due value; raise ValueError with a message a user can act on."""
    if isinstance(value, date):
        return DueWindow(value.isoformat(), value, value, "day")
    if not isinstance(value, str):
        raise ValueError(f"due must be a date or a string ({GRAMMAR}), not {type(value).__name__}")
    text = value.strip()
    match = _DUE_RE.match(text)
    if not match:
        raise ValueError(f"invalid due date {value!r}: expected {GRAMMAR}")
    year = int(match["year"])
    if year < 1:
        raise ValueError(f"invalid due date {value!r}: year 0000 does not exist")
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
    """Parse an exact ISO day, as TOML dates and options like --as-of need."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a date (YYYY-MM-DD), not {type(value).__name__}")
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"invalid {what} {value!r}: expected YYYY-MM-DD") from None
