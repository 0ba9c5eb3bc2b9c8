"""The JBZ Council meeting a letter prepares or reports on, read from the letter's own words.

An annotated agenda says "de geannoteerde agenda voor de JBZ-Raad van 12 en 13 juni 2026 in Luxemburg", a
report "het verslag van de Raad Justitie en Binnenlandse Zaken (JBZ-Raad) op 8 en 9 december 2025 in Brussel",
an informal meeting "de informele JBZ-Raad op 29 en 30 januari 2026 in Nicosia". Only what the letter states is
used: days, month and year must all be written out, so a meeting is never dated by guesswork. Pure: the
caller gives the text; `as_council` turns the mention into the councils.toml entry it supports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date

from jbz_cli.core.councils import Council
from jbz_cli.core.dates import DUTCH_MONTHS

from .segment import split_sentences
from .text import Paragraph

__all__ = ["Mention", "as_council", "find_mention", "meeting_in", "next_meeting_day", "prepared_meeting"]

_MONTH = "(?:" + "|".join(DUTCH_MONTHS) + ")"
_NAME = (
    r"(?:JBZ-Raad|JBZ-ministersbijeenkomst|Raad (?:voor )?Justitie en Binnenlandse Zaken"
    r"|bijeenkomst van (?:de )?(?:JBZ-)?ministers(?: van Justitie en Binnenlandse Zaken)?)"
    r"(?:\s*\((?:JBZ-Raad|JBZ)\))?"
)
# "8 en 9 december 2025", "12-13 juni 2026", "30 juni en 1 juli 2026", "5 maart 2026"
_DAY_MONTH = (
    rf"(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{_MONTH}))?(?:\s*(?P<sep>en|-|–|t/m|tot en met)\s*(?P<d2>\d{{1,2}}))?"
    rf"\s+(?P<m2>{_MONTH})"
)
_YEAR = r"(?:(?P<year>\d{4})|(?P<coming>a\.s\.|aanstaande))"
_DAYS = rf"{_DAY_MONTH}\s+{_YEAR}"
# "Brussel", "Luxemburg", "Den Haag", "Nicosia"; one capitalised name, or a two-word name with an article.
_PLACE = r"(?-i:(?P<{}>(?:Den |La |Le |Las |Los )?[A-ZÀ-Ý][\w'’-]+))"
_MEETING = re.compile(
    rf"(?P<informal>informele\s+)?{_NAME}"
    rf"(?:\s+(?:in|te)\s+{_PLACE.format('place1')})?"
    rf"\s+(?:op|van|d\.d\.)\s+{_DAYS}"
    rf"(?:\s+(?:in|te)\s+{_PLACE.format('place2')})?",
    re.IGNORECASE,
)
_REPORT = re.compile(r"\bverslag\b", re.IGNORECASE)
_AGENDA = re.compile(r"\b(?:geannoteerde )?agenda\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """A Council meeting named in a letter: its days, place, kind, and the letter's role for it.

    `role` is "reported" when the words before the mention call the letter a report ("verslag"),
    "prepared" for an (annotated) agenda, and None when the sentence does not say. `quote` is the sentence
    that names the meeting, verbatim from the clean letter, or None when it was read from the raw text.
    """

    dates: tuple[date, ...]
    place: str | None
    kind: str
    role: str | None
    quote: str | None = None


def _days(m: re.Match[str], letter: date | None = None) -> tuple[date, ...] | None:
    months = DUTCH_MONTHS
    if m["year"]:
        year = int(m["year"])
    elif letter is None:
        return None  # "13 en 14 oktober a.s." needs the letter's date
    elif m["coming"]:
        # "a.s." is the next such day: this year, unless that is more than two weeks before the letter.
        month = months.index(m["m2"].lower()) + 1
        year = letter.year + 1 if (month, int(m["d2"] or m["d1"])) < (letter.month, letter.day - 14) else letter.year
    else:
        # "de Raad Algemene Zaken op 21 maart": the occurrence nearest the letter, as for any date without a year.
        month, day = months.index(m["m2"].lower()) + 1, int(m["d1"])
        try:
            options = [date(letter.year + k, month, day) for k in (-1, 0, 1)]
        except ValueError:
            return None
        year = min(options, key=lambda d: abs((d - letter).days)).year
    last_month = months.index(m["m2"].lower()) + 1
    first_month = months.index(m["m1"].lower()) + 1 if m["m1"] else last_month
    try:
        first = date(year, first_month, int(m["d1"]))
        days = [first] if m["d2"] is None else [first, date(year, last_month, int(m["d2"]))]
    except ValueError:
        return None
    if m["d2"] is None and m["m1"]:
        return None  # "30 juni juli 2026" is not a date
    if len(days) == 2:
        span = (days[1] - days[0]).days
        if not 0 < span <= 6:
            return None
        if m["sep"].lower() != "en":
            # "8-10 december" and "8 t/m 10 december" span the days between; "8 en 9 december" names two.
            days = [date.fromordinal(d) for d in range(days[0].toordinal(), days[1].toordinal() + 1)]
    return tuple(days)


def find_mention(text: str, letter: date | None = None) -> Mention | None:
    """The first Council meeting `text` names with its full date, or with "a.s." and the `letter` date; the role
    comes from the words before it."""
    flat = " ".join(text.split())
    for m in _MEETING.finditer(flat):
        days = _days(m, letter)
        if days is None or not 1900 <= days[0].year <= 2200:
            continue
        before = flat[max(0, m.start() - 160) : m.start()].rsplit(". ", 1)[-1]  # this sentence only
        role = None
        if _REPORT.search(before):
            role = "reported"
        elif _AGENDA.search(before):
            role = "prepared"
        place = m["place2"] or m["place1"]
        return Mention(days, place, "informal" if m["informal"] else "formal", role)
    return None


def meeting_in(paragraphs: Sequence[Paragraph], limit: int = 8000, letter: date | None = None) -> Mention | None:
    """The first meeting named in the clean letter's opening `limit` characters, with its sentence as `quote`.

    The sentence is verbatim from the clean text that extract stores under sources/, so `jbz check` finds a
    councils.toml quote taken from it.
    """
    seen = 0
    for para in paragraphs:
        if seen > limit:
            break
        seen += len(para.text)
        for sentence in [para.text] if para.heading else split_sentences(para.text):
            found = find_mention(sentence, letter)
            if found is not None:
                return replace(found, quote=sentence)
    return None


# Any Council meeting with its days, for "tijdens de Raad": "de Raad Buitenlandse Zaken van 20 januari 2026",
# "de RBZ op 15 december a.s.", "JBZ-Raad van 13-14 oktober a.s.", "de Raad Algemene Zaken op 21 maart". The words
# between the name and the date hold no other Council name, so the match starts at the meeting's own name.
_COUNCIL = r"\b(?:(?:JBZ-|Europese |Telecom|Transport|Energie)?Raad|RBZ|RAZ|Ecofinraad|Gymnich)\b"
_ANY_MEETING = re.compile(
    rf"{_COUNCIL}(?:(?!{_COUNCIL})[^.;]){{0,80}}?\b(?:op|van|d\.d\.)\s+"
    rf"{_DAY_MONTH}(?:\s+{_YEAR})?",
    re.IGNORECASE,
)


def _meetings(paragraphs: Sequence[Paragraph], letter: date, limit: int) -> Iterator[tuple[date, str]]:
    """The first day and the words of each Council meeting the clean letter's opening `limit` characters name."""
    seen = 0
    for para in paragraphs:
        if seen > limit:
            break
        seen += len(para.text)
        for m in _ANY_MEETING.finditer(" ".join(para.text.split())):
            days = _days(m, letter)
            if days:
                yield days[0], m.group(0)


def next_meeting_day(paragraphs: Sequence[Paragraph], letter: date, limit: int = 8000) -> date | None:
    """The first day of the first Council meeting the letter's opening names on or after its date, or None.

    "Tijdens de Raad" in a letter that prepares a meeting means that meeting.
    """
    return next((day for day, _ in _meetings(paragraphs, letter, limit) if day >= letter), None)


def prepared_meeting(paragraphs: Sequence[Paragraph], letter: date, limit: int = 1500) -> tuple[date, str] | None:
    """The meeting the letter prepares, as (first day, its words), or None.

    An annotated agenda names the meeting it is for before any other, and it lies on or after the letter's date;
    a report names a meeting already held first ("het verslag van de JBZ-Raad van 8 en 9 december 2025").
    """
    first = next(_meetings(paragraphs, letter, limit), None)
    return first if first is not None and first[0] >= letter else None


def as_council(mention: Mention, document: str | None, url: str | None) -> Council:
    """The councils.toml entry the letter supports: its days and place, with the letter as source, and the
    letter in `prepared_by` or `reported_by` when it says which it is."""
    letters = (document,) if document else ()
    return Council(
        dates=mention.dates,
        kind=mention.kind,
        place=mention.place,
        prepared_by=letters if mention.role == "prepared" else (),
        reported_by=letters if mention.role == "reported" else (),
        source=document,
        quote=mention.quote,
        url=url,
    )
