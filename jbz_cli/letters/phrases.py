"""Dutch deadline phrases to jbz due windows, relative to the letter's date.

Letters rarely name a day: they say "in de eerste helft van 2026", "voor het zomerreces" or "onder het
Ierse voorzitterschap". This module finds such phrases in a sentence and turns each into a due string
of the grammar in `jbz_cli.dates` (YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY). It is pure: the letter
date and the calendars are parameters. The table of phrases and windows is in docs/extract.md and is
tested row by row in tests/letters/test_phrases.py.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, insort
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from jbz_cli.core.dates import DUTCH_MONTHS

from .calendars import Calendars, default_calendars

__all__ = ["MONTHS", "Deadline", "find_deadlines", "first_deadline", "phrase_window"]

MONTHS = {name: number for number, name in enumerate(DUTCH_MONTHS, 1)}
# Abbreviations letters use, with or without a full stop: "uiterlijk 1 mrt. 2026", "15 sept. 2026".
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "febr": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_ABBREVIATED = "|".join(sorted(MONTH_ABBREVIATIONS, key=len, reverse=True))
_MONTH = "(?P<month>(?:" + "|".join(MONTHS) + r")\b|(?:" + _ABBREVIATED + r")(?:\.|\b))"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_ORD = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "1e": 1, "2e": 2, "3e": 3, "4e": 4}
_ORDINAL = r"(?P<ord>eerste|tweede|derde|vierde|[1-4]e)"


def month_number(word: str) -> int:
    """1 to 12 for a Dutch month name or its abbreviation ("maart", "mrt", "mrt.")."""
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or MONTH_ABBREVIATIONS[word]


_VOOR = r"(?:voor|vóór|uiterlijk|tegen)"
# A day written with a.s. may lie a little before the letter's date: letters are dated when they are
# sent, days after they were written ("16 december a.s." in a letter of 17 December).
_DRAFTING_SLACK = timedelta(days=14)


@dataclass(frozen=True)
class Deadline:
    """One deadline phrase found in a sentence.

    `phrase` is the text as written; `start`/`end` are its character offsets in the sentence. `due` is
    a jbz due string or None when the phrase is `vague` ("binnenkort") or names no window jbz can
    express. `past` is true when the window ended before the letter's date (a date with "jl.").
    """

    phrase: str
    due: str | None
    vague: bool = False
    past: bool = False
    start: int = 0
    end: int = 0

    @property
    def forward(self) -> bool:
        """True when the phrase points at a window that has not ended on the letter's date."""
        return self.due is not None and not self.past


_Rule = tuple[re.Pattern[str], Callable[[re.Match[str], date, Calendars], tuple[str | None, bool]]]
# A handler returns (due, past); due None with past False means "not a usable window".


def _year_after(month: int, letter: date) -> int:
    """The year of the next `month` on or after the letter's month ("in maart" in December → next year)."""
    return letter.year if month >= letter.month else letter.year + 1


def _day(value: date, letter: date) -> tuple[str | None, bool]:
    return value.isoformat(), value < letter


def _half(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    year, half = int(m["year"]), _ORD[m["ord"].lower()]
    return f"{year}-H{half}", date(year, 6 * half, 30 if half == 1 else 31) < letter


def _quarter(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    year = int(m["year"])
    q = _ORD[m["ord"].lower()] if m["ord"] else int(m["q"])
    last = 3 * q
    return f"{year}-Q{q}", date(year, last, calendar.monthrange(year, last)[1]) < letter


def _year(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    year = int(m["year"])
    return str(year), year < letter.year


def _before_year(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    year = int(m["year"]) - 1
    return str(year), year < letter.year


def _end_of_year(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    year = int(m["year"])
    return f"{year}-Q4", year < letter.year


def _begin_of_year(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    year = int(m["year"])
    return f"{year}-Q1", date(year, 3, 31) < letter


def _mid_year(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    year = int(m["year"])
    return f"{year}-07", date(year, 7, 31) < letter


def _next_year(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    return str(letter.year + 1), False


def _month(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    month = month_number(m["month"])
    year = int(m["year"]) if m["year"] else _year_after(month, letter)
    last = date(year, month, calendar.monthrange(year, month)[1])
    return f"{year}-{month:02d}", last < letter


def _full_day(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    return _dated(month_number(m["month"]), int(m["day"]), m["year"], m["marker"], letter)


def _day_range(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    """ "12 en 13 december", "12-13 december", "30 november en 1 december": a meeting over days begins on the
    first, so its first day is the window; the year is the one the last day has."""
    last_month = month_number(m["month"])
    first_month = month_number(m["month1"]) if m["month1"] else last_month
    year = m["year"]
    if year and first_month > last_month:
        year = str(int(year) - 1)  # "31 december en 1 januari 2027"
    return _dated(first_month, int(m["day"]), year, m["marker"], letter)


def _dated(month: int, day: int, year: str | None, marker: str | None, letter: date) -> tuple[str | None, bool]:
    """A day of `month`, in `year` or else the year its a.s. or jl. marker, or the nearest occurrence, says."""
    marker = (marker or "").lower()
    try:
        if year:
            return _day(date(int(year), month, day), letter)
        if marker.startswith("jl"):
            value = date(letter.year, month, day)
            return value.isoformat(), True
        if marker.startswith("a"):
            value = date(letter.year, month, day)
            if value < letter - _DRAFTING_SLACK:
                value = date(letter.year + 1, month, day)
            return value.isoformat(), False
        # No year and no marker: the occurrence nearest the letter, so "op 12 november is ... goedgekeurd"
        # in a December letter stays in the past.
        options = [date(letter.year + k, month, day) for k in (-1, 0, 1)]
        return _day(min(options, key=lambda d: abs((d - letter).days)), letter)
    except ValueError:  # 30 februari
        return None, False


def _numeric_day(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    """ "1-3-2026": day, month, year, as Dutch letters write them."""
    try:
        return _day(date(int(m["year"]), int(m["num"]), int(m["day"])), letter)
    except ValueError:
        return None, False


def _this_month(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    """ "deze week", "deze maand": the letter's month (a week is finer than a window can say)."""
    return f"{letter.year}-{letter.month:02d}", False


def _this_year_end(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    return f"{letter.year}-Q4", False


def _next_year_begin(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    return f"{letter.year + 1}-Q1", False


def _turn_of_year(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    """ "rond de jaarwisseling": the next turn of the year, as the January after it (early January: this one)."""
    year = letter.year if letter.month == 1 and letter.day <= 15 else letter.year + 1
    return f"{year}-01", False


# A season's window and its last month: spring (March to May) is Q2, autumn (September to November) Q4.
_SEASONS = {"voorjaar": (2, 5), "lente": (2, 5), "najaar": (4, 11), "herfst": (4, 11)}


def _season(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    """ "in het najaar": the next autumn that has not ended on the letter's date."""
    quarter, last_month = _SEASONS[m["season"].lower()]
    year = letter.year if letter.month <= last_month else letter.year + 1
    return f"{year}-Q{quarter}", False


def _recess(name: str, before: bool) -> Callable[[re.Match[str], date, Calendars], tuple[str | None, bool]]:
    """ "voor/na het zomerreces": the day before the recess starts, or the month the Kamer is back, from the calendar
    (listed, else estimated from the Kamer's pattern); without a year, the next such recess after the letter."""

    def handle(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
        year = int(m["year"]) if m["year"] else letter.year
        period = cal.recess(name, year)
        if period is None:
            return None, False
        # "voor" needs a recess that has not started, "na" one that has not ended: never one already past.
        if not m["year"] and (period.start <= letter if before else period.end < letter):
            period = cal.recess(name, year + 1) or period
        if before:
            return (period.start - timedelta(days=1)).isoformat(), False
        back = period.end + timedelta(days=1)  # the Kamer's first day back
        return f"{back.year}-{back.month:02d}", False

    return handle


def _presidency(m: re.Match[str], letter: date, cal: Calendars) -> tuple[str | None, bool]:
    word = m["adj"].lower()
    if word.startswith(("aankomend", "komend", "volgend", "inkomend")):
        period = cal.next_presidency(letter)
    elif word.startswith(("huidig", "dit", "het")):
        period = cal.presidency_on(letter)
    else:
        period = cal.presidency_by_adjective(word)
    if period is None:
        return None, False
    half = 1 if period.start.month == 1 else 2
    return f"{period.start.year}-H{half}", period.end < letter


_VAGUE = re.compile(
    r"\b(?:binnenkort|op korte termijn|(?:in )?de komende (?:tijd|periode|maanden|weken)|zo snel mogelijk"
    r"|zo spoedig mogelijk|spoedig|op termijn|in een later stadium|te zijner tijd|t\.z\.t\.)",
    re.IGNORECASE,
)

_RULES: list[_Rule] = [
    (re.compile(r"\b(?:in |gedurende )?(?:de )?(?P<ord>eerste|tweede|1e|2e) helft van " + _YEAR, re.I), _half),
    (
        re.compile(r"\b(?:in |gedurende )?(?:het )?" + _ORDINAL + r" kwartaal(?: van)? " + _YEAR, re.I),
        _quarter,
    ),
    (re.compile(r"\b(?:in )?(?P<ord>)Q(?P<q>[1-4]) (?:van )?" + _YEAR, re.I), _quarter),
    (re.compile(r"\b" + _VOOR + r" (?:het )?eind(?:e)?(?: van)? " + _YEAR, re.I), _year),
    (re.compile(r"\b(?:aan het |tegen het |per )?eind(?:e)?(?: van)? " + _YEAR, re.I), _end_of_year),
    (re.compile(r"\b(?:aan het )?begin(?: van)? " + _YEAR, re.I), _begin_of_year),
    (re.compile(r"\bmedio " + _YEAR, re.I), _mid_year),
    (
        re.compile(r"\b(?:" + _VOOR + r" |op |per |vanaf )?(?P<day>[0-3]?\d)-(?P<num>[01]?\d)-" + _YEAR + r"\b"),
        _numeric_day,
    ),
    (re.compile(r"\b(?:eind|einde|aan het einde van) (?:dit|het lopende) jaar\b", re.I), _this_year_end),
    (re.compile(r"\b(?:begin|aan het begin van) (?:volgend|komend) jaar\b", re.I), _next_year_begin),
    (re.compile(r"\b(?:rond|voor|vóór|na) (?:de )?jaarwisseling\b", re.I), _turn_of_year),
    (re.compile(r"\bdeze (?:week|maand)\b", re.I), _this_month),
    (re.compile(r"\b(?:in|voor|vóór) (?:het |de )?(?P<season>voorjaar|lente|najaar|herfst)\b", re.I), _season),
    (
        re.compile(
            r"\b(?:"
            + _VOOR
            + r" |op |per |vanaf )?(?P<day>[0-3]?\d)(?: "
            + _MONTH.replace("<month>", "<month1>")
            + ")?"
            r" ?(?:en|-|–|—|tot en met|t/m) ?[0-3]?\d " + _MONTH + r"(?: " + _YEAR + r")?"
            r"(?: (?P<marker>a\.s\.|jl\.|aanstaande|jongstleden))?",
            re.I,
        ),
        _day_range,
    ),
    (
        re.compile(
            r"\b(?:" + _VOOR + r" |op |per |vanaf )?(?P<day>[0-3]?\d) " + _MONTH + r"(?: " + _YEAR + r")?"
            r"(?: (?P<marker>a\.s\.|jl\.|aanstaande|jongstleden))?",
            re.I,
        ),
        _full_day,
    ),
    (re.compile(r"\b(?:in |medio |eind |begin |" + _VOOR + r" )?" + _MONTH + r" " + _YEAR + r"\b", re.I), _month),
    (re.compile(r"\b(?:in |medio |eind |begin |" + _VOOR + r" )" + _MONTH + r"(?P<year>)", re.I), _month),
    (re.compile(r"\b(?:in )?(?:het |de loop van het )?(?:volgend|komend|aankomend)e? jaar\b", re.I), _next_year),
    (
        re.compile(r"\b(?:voor|vóór) (?:de zomer|het zomerreces)(?: van " + _YEAR + r")?", re.I),
        _recess("zomerreces", True),
    ),
    (re.compile(r"\bna (?:de zomer|het zomerreces)(?: van " + _YEAR + r")?", re.I), _recess("zomerreces", False)),
    (re.compile(r"\bna (?:de kerst|kerst|het kerstreces)(?: van " + _YEAR + r")?", re.I), _recess("kerstreces", False)),
    (
        re.compile(r"\b(?:voor|vóór) (?:de kerst|kerst|het kerstreces)(?: van " + _YEAR + r")?", re.I),
        _recess("kerstreces", True),
    ),
    (re.compile(r"\b(?:onder|tijdens) (?:het )?(?P<adj>[a-zë]+) [Vv]oorzitterschap", re.I), _presidency),
    (re.compile(r"\b(?:voor|vóór) " + _YEAR + r"\b", re.I), _before_year),
    (re.compile(r"\b(?:in de loop van |in |vanaf |per |gedurende )" + _YEAR + r"\b", re.I), _year),
]


# A window in a clause that looks back is history, not a deadline: "Sinds de JBZ-Raad in oktober …", "in oktober
# jl.", "de afgelopen/vorige …", "eerder dit jaar", or a clause told in the past tense ("heeft in oktober
# plaatsgevonden", "werd in juni aangenomen") that says nothing of what is still to come.
_LOOKS_BACK = re.compile(r"\b(?:sinds|afgelopen|vorige?|eerder dit jaar)\b", re.I)
_AFTER_PAST = re.compile(r"\s{0,3}(?:jl\.|jongstleden|j\.l\.)", re.I)
_PAST_AUX = re.compile(r"\b(?:heeft|hebben|is|zijn|werd|werden|vond|vonden)\b", re.I)
_PAST_DONE = re.compile(
    r"\b(?:plaatsgevonden|aangenomen|vastgesteld|goedgekeurd|gepubliceerd|gepresenteerd|ondertekend|bereikt|besproken"
    r"|gehouden|verschenen|ingediend|uitgebracht|afgerond|getreden|overeengekomen|geboekt|voorgedaan|gestart|begonnen"
    r"|plaats)\b",
    re.I,
)
_STILL_TO_COME = re.compile(r"\b(?:zal|zullen|zult|wordt|worden|moet|moeten|dient|dienen|gaat|gaan|verwacht)\b", re.I)
_CLAUSE_END = re.compile(r"[,;:()]")
_CLAUSE_REACH = 160


def _looks_back(sentence: str, start: int, end: int) -> bool:
    """Whether the window at [start, end) is told as history: a past-reference word before it in its clause, `jl.`
    right after it, or a clause in the past tense with no word of what is still to come."""
    if _AFTER_PAST.match(sentence, end):
        return True
    low, high = max(0, start - _CLAUSE_REACH), min(len(sentence), end + _CLAUSE_REACH)  # bounded: linear in a long text
    before = max((m.end() for m in _CLAUSE_END.finditer(sentence, low, start)), default=low)
    after = _CLAUSE_END.search(sentence, end, high)
    clause = sentence[before : after.start() if after else high]
    if _LOOKS_BACK.search(sentence, before, start):
        return True
    told_past = _PAST_AUX.search(clause) and _PAST_DONE.search(clause)
    return bool(told_past) and not _STILL_TO_COME.search(clause)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps a span of `taken`: disjoint spans kept sorted (bisect.insort), so the one
    span that can overlap is the last that starts before `end`; a scan of all would be quadratic."""
    i = bisect_left(taken, (end,))
    return i > 0 and taken[i - 1][1] > start


def find_deadlines(sentence: str, letter: date, calendars: Calendars | None = None) -> list[Deadline]:
    """Every deadline phrase in `sentence`, in reading order.

    Rules are tried from the most specific to the least ("voor het einde van 2026" before "2026"), and a
    phrase never overlaps one found earlier. Vague phrases come back with `vague=True` and no `due`.
    """
    cal = calendars or default_calendars()
    found: list[Deadline] = []
    taken: list[tuple[int, int]] = []
    for pattern, handler in _RULES:
        for m in pattern.finditer(sentence):
            if _overlaps(m.start(), m.end(), taken):
                continue
            due, past = handler(m, letter, cal)
            if due is None and not past:
                continue
            past = past or _looks_back(sentence, m.start(), m.end())
            insort(taken, (m.start(), m.end()))
            found.append(Deadline(m.group(0).strip(), due, False, past, m.start(), m.end()))
    for m in _VAGUE.finditer(sentence):
        if not _overlaps(m.start(), m.end(), taken):
            found.append(Deadline(m.group(0), None, True, False, m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def first_deadline(sentence: str, letter: date, calendars: Calendars | None = None) -> Deadline | None:
    """The first forward-looking deadline in `sentence`, else the first vague one, else None."""
    found = find_deadlines(sentence, letter, calendars)
    for item in found:
        if item.forward:
            return item
    for item in found:
        if item.vague:
            return item
    return None


def phrase_window(phrase: str, letter: date, calendars: Calendars | None = None) -> str | None:
    """The due string of the first phrase in `phrase`, or None when it is vague or has none."""
    found = find_deadlines(phrase, letter, calendars)
    return found[0].due if found else None
