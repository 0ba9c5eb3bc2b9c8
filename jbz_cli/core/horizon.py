"""The one statement of what is overdue, due soon or awaiting follow-up on an as-of date, and why.

The rules are data: for one `Settings`, `horizon()` turns "today", "soon" and "stale" into cut-off dates, and
`Horizon.rules` states each flag as alternatives of (field, operator, cut-off) terms. `Horizon.flags` evaluates
them on a record's dates and the SQLite index turns the same terms into SQL, so the two can never disagree.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from jbz_cli.core.model import RecordView

FLAG_OVERDUE = "overdue"
FLAG_DUE_SOON = "due-soon"
FLAG_AWAITING = "awaiting"
FLAGS = (FLAG_OVERDUE, FLAG_DUE_SOON, FLAG_AWAITING)

# The dates a flag rule looks at; each is also a column of the index.
FLAG_FIELDS = ("due_by", "next_check", "last_activity")
# Operators of a term. A comparison never holds for a missing date (as SQL's NULL); "none"/"set" test presence.
COMPARE: dict[str, Callable[[date, date], bool]] = {"<": operator.lt, "<=": operator.le, ">=": operator.ge}
NONE = "none"
SET = "set"

Term = tuple[str, str, date | None]  # (field in FLAG_FIELDS, operator, cut-off or None for none/set)
Rule = tuple[tuple[Term, ...], ...]  # alternatives (any may hold) of terms (all must hold)


@dataclass(frozen=True)
class Settings:
    """What "today" and "soon" mean for one run; never read from the clock here."""

    as_of: date
    soon_days: int = 30
    stale_days: int = 90


def _shift(day: date, days: int) -> date | None:
    """day + days, or None past the first or last date there is."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


@dataclass(frozen=True)
class Horizon:
    """The cut-off dates of one Settings and the flag rules stated with them.

    overdue: due_by < `overdue_before` (the as-of date). due-soon: not overdue and due_by <= `soon_until`.
    awaiting: next_check <= `check_until` (the as-of date), or undated with the last activity before
    `stale_before`. A cut-off of None means no date qualifies (it fell off the calendar); `all_stale` says
    the stale cut-off fell past the last date, so every dated activity is stale.
    """

    as_of: date
    soon_until: date | None
    stale_before: date | None
    all_stale: bool = False

    @property
    def overdue_before(self) -> date:
        return self.as_of

    @property
    def check_until(self) -> date:
        return self.as_of

    @property
    def rules(self) -> dict[str, Rule]:
        """Each flag as alternatives of terms over FLAG_FIELDS; an open record has a flag when any holds."""
        soon: Rule = ()
        if self.soon_until is not None:
            soon = ((("due_by", ">=", self.overdue_before), ("due_by", "<=", self.soon_until)),)
        awaiting: tuple[tuple[Term, ...], ...] = ((_check_term(self.check_until),),)
        if self.all_stale:
            awaiting += ((("due_by", NONE, None), ("last_activity", SET, None)),)
        elif self.stale_before is not None:
            awaiting += ((("due_by", NONE, None), ("last_activity", "<", self.stale_before)),)
        return {
            FLAG_OVERDUE: ((("due_by", "<", self.overdue_before),),),
            FLAG_DUE_SOON: soon,
            FLAG_AWAITING: awaiting,
        }

    def flags(self, due_by: date | None, next_check: date | None, last: date | None) -> tuple[str, ...]:
        """The flags of an open record from its dates alone, in FLAGS order."""
        return _flagged(_tests(self, FLAGS, FLAG_FIELDS), (due_by, next_check, last))


def _check_term(check_until: date) -> Term:
    """A next_check that has come: the first reason an item awaits follow-up."""
    return ("next_check", "<=", check_until)


@lru_cache(maxsize=64)
def _rules(h: Horizon) -> dict[str, Rule]:
    return h.rules


Test = Callable[[tuple["date | None", ...]], bool]  # one term, on the dates at its positions
Tests = tuple[tuple[str, tuple[tuple[Test, ...], ...]], ...]  # each flag with its alternatives of terms


@lru_cache(maxsize=256)
def _tests(h: Horizon, only: Sequence[str], fields: Sequence[str]) -> Tests:
    """The rules of the flags in `only` (Horizon.rules), each term made once into a test of the date at its
    position in `fields`: the one evaluation of the rules in Python (the index turns the same terms into SQL)."""
    return tuple(
        (flag, tuple(tuple(_term_test(fields.index(name), op, cut) for name, op, cut in terms) for terms in rule))
        for flag, rule in _rules(h).items()
        if rule and flag in only
    )


def _flagged(tests: Tests, values: tuple[date | None, ...]) -> tuple[str, ...]:
    """The flags whose rule holds for `values`: any alternative, all of its terms."""
    found: tuple[str, ...] = ()
    for flag, alternatives in tests:
        for terms in alternatives:
            for test in terms:
                if not test(values):
                    break
            else:
                found += (flag,)
                break
    return found


def _term_test(at: int, op: str, cut: date | None) -> Test:
    """One term as a test of the date at position `at`. A comparison never holds for a missing date (as SQL's
    NULL); "none"/"set" test presence."""
    if op == NONE:
        return lambda values: values[at] is None
    if op == SET:
        return lambda values: values[at] is not None
    if cut is None:
        return lambda values: False
    compare = COMPARE[op]

    def test(values: tuple[date | None, ...]) -> bool:
        value = values[at]
        return value is not None and compare(value, cut)

    return test


@lru_cache(maxsize=64)
def horizon(settings: Settings) -> Horizon:
    """The cut-off dates for one run's settings."""
    as_of = settings.as_of
    soon = _shift(as_of, settings.soon_days)
    if soon is None and settings.soon_days > 0:
        soon = date.max  # everything not overdue falls within "soon"
    stale = _shift(as_of, -settings.stale_days)
    return Horizon(as_of, soon, stale, all_stale=stale is None and settings.stale_days < 0)


def flags_for(due_by: date | None, next_check: date | None, last: date | None, settings: Settings) -> tuple[str, ...]:
    """The flags of an open record from its dates alone, so the index can flag rows without a Record."""
    return horizon(settings).flags(due_by, next_check, last)


def compute_flags(record: RecordView, settings: Settings) -> tuple[str, ...]:
    """A record's flags on the as-of date; closed records have none."""
    if not record.is_open:
        return ()
    return flags_for(record.due_by, record.next_check, record.last_activity, settings)


def flagger(settings: Settings, only: Sequence[str] = FLAGS) -> Callable[[RecordView], tuple[str, ...]]:
    """compute_flags for one Settings, with its rules looked up once: `select` flags every record of a folder.
    `only`: the flags to look for (in FLAGS order, whatever the order given); each flag's rule stands alone.

    The record's dates are read once, and the rules' tests made once per Settings (_tests).
    """
    h = horizon(settings)
    rules = [rule for flag, rule in _rules(h).items() if rule and flag in only]
    needed = tuple(name for name in FLAG_FIELDS if any(name == t[0] for rule in rules for ts in rule for t in ts))
    if not needed:
        return lambda record: ()
    tests = _tests(h, tuple(only), needed)
    if len(needed) == 1:
        one = operator.attrgetter(needed[0])  # of one name it gives the value, not a tuple
        return lambda record: _flagged(tests, (one(record),)) if record.is_open else ()
    dates = operator.attrgetter(*needed)
    return lambda record: _flagged(tests, dates(record)) if record.is_open else ()


class Awaiting(NamedTuple):
    """Why an item awaits follow-up: its next check has come (`check`), or no news since `since` (`days` ago).

    With neither, there is no news at all. Views put this in their own words.
    """

    check: date | None = None
    since: date | None = None
    days: int | None = None


def awaiting(record: RecordView, as_of: date) -> Awaiting:
    """The reason behind a record's awaiting flag (or what it would be), as data."""
    _name, op, cut = _check_term(as_of)
    if _term_test(0, op, cut)((record.next_check,)):
        return Awaiting(check=record.next_check)
    last = record.last_activity
    if last is None:
        return Awaiting()
    return Awaiting(since=last, days=(as_of - last).days)


def overdue_days(record: RecordView, as_of: date) -> int:
    """Days past the due window's last day; 0 for an undated record."""
    return (as_of - record.due_by).days if record.due_by else 0
