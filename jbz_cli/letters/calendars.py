"""The recess and presidency calendars that deadline phrases refer to, as data a user can update.

Both live as TOML next to this module (`data/recess.toml`, `data/presidencies.toml`), each entry with
its source, so a new year's recesses are a data edit, not a code change.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Period:
    """A named span of days, both ends included; `source` says where the dates come from."""

    name: str
    start: date
    end: date
    source: str
    adjectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Calendars:
    """Tweede Kamer recesses and Council presidencies, each sorted by start."""

    recesses: tuple[Period, ...]
    presidencies: tuple[Period, ...]

    def recess(self, name: str, year: int) -> Period | None:
        """The recess called `name` ("zomerreces", "kerstreces") that starts in `year`: listed, else estimated
        by `estimated_recess`, else None."""
        for period in self.recesses:
            if period.name == name and period.start.year == year:
                return period
        return estimated_recess(name, year)

    def presidency_by_adjective(self, word: str) -> Period | None:
        """The presidency whose Dutch adjective starts `word` ("Cypriotische" → Cyprus)."""
        word = word.lower()
        for period in self.presidencies:
            if any(word.startswith(adj) for adj in period.adjectives):
                return period
        return None

    def presidency_on(self, day: date) -> Period | None:
        """The presidency in office on `day`, if listed."""
        for period in self.presidencies:
            if period.start <= day <= period.end:
                return period
        return None

    def next_presidency(self, day: date) -> Period | None:
        """The first presidency that starts after `day`, if listed."""
        for period in self.presidencies:
            if period.start > day:
                return period
        return None


# When the Kamer has not yet published a year's recesses, their days follow from the pattern of every year it
# has (recess.toml and docs/extract.md): the summer recess starts on the Friday that falls on 2 to 8 July and
# ends on the Monday eight weeks and three days later; the Christmas recess starts on the Friday that falls on
# 16 to 22 December and ends on the Monday three weeks and three days later. name: (month, first day, days).
_ESTIMATES = {"zomerreces": (7, 2, 59), "kerstreces": (12, 16, 24)}
ESTIMATED = "estimated from the Kamer's pattern (docs/extract.md); not yet published"


def estimated_recess(name: str, year: int) -> Period | None:
    """The summer or Christmas recess of `year` as the Kamer's pattern places it, or None for another recess."""
    if name not in _ESTIMATES:
        return None
    month, first, length = _ESTIMATES[name]
    start = date(year, month, first)
    start += timedelta(days=(4 - start.weekday()) % 7)  # the first Friday on or after that day
    return Period(name, start, start + timedelta(days=length), ESTIMATED)


def load_calendars(folder: Path = DATA) -> Calendars:
    """Read `recess.toml` and `presidencies.toml` from `folder`; raises OSError or tomllib.TOMLDecodeError."""
    recess = tomllib.loads((folder / "recess.toml").read_text(encoding="utf-8"))
    pres = tomllib.loads((folder / "presidencies.toml").read_text(encoding="utf-8"))
    recesses = tuple(
        sorted(
            (Period(r["name"], r["start"], r["end"], r["source"]) for r in recess.get("recess", [])),
            key=lambda p: p.start,
        )
    )
    presidencies = tuple(
        sorted(
            (
                Period(p["country"], p["start"], p["end"], pres["source"], tuple(p.get("adjectives", ())))
                for p in pres.get("presidency", [])
            ),
            key=lambda p: p.start,
        )
    )
    return Calendars(recesses, presidencies)


@cache
def default_calendars() -> Calendars:
    """The calendars shipped with jbz, read once."""
    return load_calendars()


def words(text: str) -> frozenset[str]:
    """A word list written as one string, so long vocabularies stay readable in the source."""
    return frozenset(text.split())
