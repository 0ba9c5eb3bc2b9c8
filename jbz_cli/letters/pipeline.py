"""From a letter's text to candidates: clean, read the metadata, propose, and compare with records."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from .calendars import Calendars
from .candidates import Candidate, propose
from .match import KnownQuote, already_tracked, follow_up_for, slip_of
from .meeting import meeting_in, next_meeting_day, prepared_meeting
from .metadata import LetterMeta, document_url, read_metadata
from .segment import MAX_SENTENCE, split_sentences
from .text import Paragraph, clean_letter

__all__ = ["Extraction", "LetterError", "extract_letter", "source_text"]


# Below this share of words read (%), stderr warns: a letter cut short must never pass unnoticed.
LOW_COVERAGE = 60


class LetterError(ValueError):
    """The text is not a letter jbz can read (empty, or no date and no sentences)."""


@dataclass(frozen=True)
class Extraction:
    """The result of reading one letter: its metadata, clean paragraphs, footnotes and candidates."""

    meta: LetterMeta
    paragraphs: tuple[Paragraph, ...]
    footnotes: dict[int, str]
    candidates: tuple[Candidate, ...]
    words_read: int = 0
    words_used: int = 0
    long_sentences: int = 0  # sentences over MAX_SENTENCE characters, quoted in pieces

    def coverage(self) -> str:
        """One line for stderr: how much of the text became paragraphs and footnotes, so a letter
        that was cut short never passes unnoticed."""
        body = sum(1 for p in self.paragraphs if not p.heading)
        share = 100 * self.words_used / self.words_read if self.words_read else 0
        line = (
            f"read {self.words_used} of {self.words_read} words ({share:.0f}%): {body} paragraphs, "
            f"{len(self.paragraphs) - body} headings, {len(self.footnotes)} footnotes, "
            f"{len(self.candidates)} candidates"
        )
        if self.long_sentences:
            line += (
                f"; {self.long_sentences} sentence{'s' if self.long_sentences > 1 else ''} over {MAX_SENTENCE} "
                "characters cut at clause boundaries for quoting"
            )
        if share < LOW_COVERAGE:
            line += "; much of the text was not read as a letter: check the file"
        return line


def extract_letter(
    text: str,
    *,
    document: str | None = None,
    letter_date: date | None = None,
    known: Sequence[KnownQuote] = (),
    calendars: Calendars | None = None,
) -> Extraction:
    """Propose the records in a letter's extracted text.

    `document` and `letter_date` override what the letter says; `known` are the quotes of existing
    records, used to mark candidates `already tracked` and to link fulfilments to the record they
    follow up. Raises LetterError when the text is empty or has no date and none was given.
    """
    if not text.strip():
        raise LetterError("the file is empty")
    meta = read_metadata(text)
    if document:
        meta = replace(meta, document=document, url=document_url(document))
    if letter_date:
        meta = replace(meta, date=letter_date)
    if meta.date is None and meta.invalid_date:
        raise LetterError(f"the letter date {meta.invalid_date!r} is not a valid date; pass --date YYYY-MM-DD")
    if meta.date is None:
        raise LetterError("no letter date found (no 'Den Haag, <day> <month> <year>' line); pass --date YYYY-MM-DD")
    paragraphs, notes = clean_letter(text)
    if not any(not p.heading for p in paragraphs):
        raise LetterError("no running text found; is this a letter?")
    meeting = meeting_in(paragraphs, letter=meta.date)
    if meeting is not None:
        meta = replace(meta, meeting=meeting)
    candidates = []
    prepared = prepared_meeting(paragraphs, meta.date)
    council_day = prepared[0] if prepared else next_meeting_day(paragraphs, meta.date)
    for cand in propose(paragraphs, meta.date, document=meta.document, calendars=calendars):
        cand = at_the_council(cand, council_day, prepared)
        tracked = already_tracked(cand.quote, known)
        if cand.kind == "fulfilment":
            matches = follow_up_for(cand.quote, known)
        else:  # same words, another date: proposed anew, pointing at the record it may move or follow up
            matches = None if tracked else slip_of(cand.quote, known)
        candidates.append(replace(cand, tracked=tracked, matches=matches))
    # Best first: a reviewer short of time reads the top of the list (a stable sort keeps letter order on ties).
    candidates.sort(key=lambda c: -c.confidence)
    used = sum(len(p.text.split()) for p in paragraphs) + sum(len(n.split()) for n in notes.values())
    long = sum(len(s) > MAX_SENTENCE for p in paragraphs if not p.heading for s in split_sentences(p.text))
    return Extraction(meta, tuple(paragraphs), notes, tuple(candidates), len(text.split()), used, long)


# "tijdens de Raad", "in de JBZ-Raad", "op de aanstaande Raad", "vóór deze Raad", "tijdens de RAZ": the meeting the
# letter prepares.
_AT_COUNCIL = re.compile(
    r"\b(?:tijdens|in|op|bij|vóór|voorafgaand aan) (?:de|deze) (?:aanstaande |komende |volgende )?"
    r"(?:(?:JBZ-)?Raad\b(?! van Europa)|RAZ\b|RBZ\b)"
)


def at_the_council(cand: Candidate, council_day: date | None, prepared: tuple[date, str] | None = None) -> Candidate:
    """A commitment or deadline without a window gets the first day of the letter's meeting when it is due there.

    It is due there when its sentence says so ("tijdens de Raad", `_AT_COUNCIL`), or when the letter is the
    annotated agenda of that meeting (`prepared`: its day and words) and the cabinet says what it will do without
    naming a time: in an agenda, "Het kabinet zal de oproep doen …" is done at the meeting. A promise to the Kamer
    is not: it is kept in a later letter.
    """
    if council_day is None or cand.due or cand.kind not in ("commitment", "deadline"):
        return cand
    m = _AT_COUNCIL.search(cand.quote)
    if m is not None:
        return replace(cand, due=council_day.isoformat(), due_phrase=m.group(0))
    own = cand.actor == "kabinet" and cand.promised_to is None and not cand.vague
    if prepared is not None and cand.kind == "commitment" and own:
        return replace(cand, due=prepared[0].isoformat(), due_phrase=prepared[1])
    return cand


def source_text(result: Extraction) -> str:
    """The clean letter for sources/: one paragraph per block, then the footnotes by number.

    Quotes are taken from this text, so `jbz check` finds every one of them in it, also those that
    ran across a footnote or a page break in the original layout.
    """
    meta = result.meta
    head = [meta.document or "", f"Den Haag, {meta.date.isoformat()}" if meta.date else ""]
    body = [p.text for p in result.paragraphs]
    notes = [f"{n} {text}" for n, text in sorted(result.footnotes.items())]
    parts = ["\n".join(h for h in head if h), *body]
    if notes:
        parts.append("Voetnoten\n" + "\n".join(notes))
    return "\n\n".join(parts) + "\n"
