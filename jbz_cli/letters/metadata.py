"""What a letter says about itself: its document number, date, the Council meeting and its official URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .meeting import Mention, find_mention
from .phrases import MONTH_ABBREVIATIONS, MONTHS, month_number

__all__ = ["LetterMeta", "document_url", "read_metadata"]

# Full names first, then abbreviations with or without a full stop ("3 mrt. 2026"), as deadlines read them.
_MONTH = "(" + "|".join(MONTHS) + r"|(?:" + "|".join(MONTH_ABBREVIATIONS) + r")\b\.?)"
# `[ \t]*`, not `\s*`, after `^`: with re.M, `\s*` would run over every following newline from every line start.
_DOSSIER = re.compile(r"^[ \t]*(\d{2} \d{3}(?:-[A-Z0-9]+)?)\b", re.M)
_TK_NUMBER = re.compile(r"\bNr\.\s*(\d{1,4})\b")
_EK_LETTER = re.compile(r"^[ \t]*([A-Z]{1,3})(?:[ \t]*+(?:\n|BRIEF|Brief)|[ \t]{2,})", re.M)
_EK_INLINE = re.compile(r"\b(\d{2} \d{3}),\s*([A-Z]{1,3})\b")
_DATE = re.compile(r"Den Haag,\s+(\d{1,2})\s+" + _MONTH + r"\s+(\d{4})", re.I)


@dataclass(frozen=True)
class LetterMeta:
    """Metadata of one letter; each field is None when the letter does not say.

    `document` is written as records cite it ("Kamerstuk 32 317, nr. 987"); `meeting` is the Council
    meeting the letter reports on or prepares, as the letter names it (see meeting.py).
    """

    document: str | None = None
    date: date | None = None
    url: str | None = None
    meeting: Mention | None = None
    invalid_date: str | None = None  # "Den Haag, 31 februari 2026" as written, when that day does not exist

    @property
    def meeting_dates(self) -> tuple[date, ...]:
        """The Council's days, () when the letter names none."""
        return self.meeting.dates if self.meeting else ()

    @property
    def meeting_place(self) -> str | None:
        return self.meeting.place if self.meeting else None


def document_url(document: str) -> str | None:
    """The page on zoek.officielebekendmakingen.nl for "Kamerstuk 32 317, nr. 987" or "Kamerstuk 32 317, OO"."""
    m = re.search(r"(\d{2}) ?(\d{3})(?:-([A-Z0-9]+))?,\s*(?:nr\.\s*(\d+)|([A-Z]{1,3}))\b", document)
    if not m:
        return None
    dossier = m[1] + m[2] + (f"-{m[3]}" if m[3] else "")
    number = m[4] or m[5]
    return f"https://zoek.officielebekendmakingen.nl/kst-{dossier}-{number}.html"


def _document(head: str) -> str | None:
    inline = _EK_INLINE.search(head)
    if inline:
        return f"Kamerstuk {inline[1]}, {inline[2]}"
    dossier = _DOSSIER.search(head)
    if not dossier:
        return None
    number = _TK_NUMBER.search(head)
    if number:
        return f"Kamerstuk {dossier[1]}, nr. {number[1]}"
    letter = _EK_LETTER.search(head[dossier.end() :])
    if letter:
        return f"Kamerstuk {dossier[1]}, {letter[1]}"
    return None


def read_metadata(text: str) -> LetterMeta:
    """Read the metadata from the letter's text; only the first part of the letter is searched."""
    head = text[:3000]
    document = _document(head)
    when = invalid = None
    m = _DATE.search(text[:6000])
    if m:
        try:
            when = date(int(m[3]), month_number(m[2].lower()), int(m[1]))
        except ValueError:
            invalid = m[0]
    meeting = find_mention(text[:8000])
    url = document_url(document) if document else None
    return LetterMeta(document, when, url, meeting, invalid)


def source_file_name(meta: LetterMeta) -> str | None:
    """ "kst-32317-987.txt" for the letter's official page, as `jbz check` looks quotes up in sources/."""
    if not meta.url:
        return None
    m = re.search(r"/([^/]+)\.html?$", meta.url)
    return f"{m[1]}.txt" if m else None


def folder_for(document: str | None) -> str:
    """ "32317-987" for Kamerstuk 32 317, nr. 987, the way the bundled records are grouped; else "extracted".

    The dossier number stays whole: Kamerstuk 21 501-02, nr. 2778 is "21501-02-2778", not "21501-2778".
    """
    m = re.search(r"(\d{2}) ?(\d{3})(-[A-Z0-9]{1,4})?,\s*(?:nr\.\s*(\d+)|([A-Z]{1,3}))", document or "")
    return f"{m[1]}{m[2]}{m[3] or ''}-{m[4] or m[5]}" if m else "extracted"
