"""Propose decisions, commitments, deadlines and fulfilments from a letter's clean sentences.

Each sentence is scored with the markers in `markers.py`; a forward-looking deadline phrase adds to
the score. Sentences above the threshold become candidates, with the Dutch deadline phrase turned into
a window relative to the letter's date. Nothing here reads files, the clock or the environment.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .calendars import Calendars
from .markers import ACTORS, AGENDA, COMMITMENT, DECISION, EXCLUDE, FULFILMENT, KAMER, PAST, Marker
from .phrases import Deadline, find_deadlines, first_deadline
from .segment import cap_sentence, split_sentences
from .text import Paragraph
from .titles import english_title

__all__ = ["KINDS", "THRESHOLD", "Candidate", "propose"]

KINDS = ("decision", "commitment", "deadline", "fulfilment")
THRESHOLD = 1.5  # a score at or above it makes a candidate; tuned on the bundled letter (docs/extract.md)
_MINISTER = re.compile(r"\b(?:de )?(minister|staatssecretaris) van ([A-Z][\w]+(?: (?:en|van) [A-Z][\w]+)*)")


@dataclass(frozen=True)
class Candidate:
    """One proposed record; `present.shapes.candidate_dict` is its JSON (`jbz extract --format json`).

    `due` is a jbz due string or None; `due_phrase` the Dutch words it came from; `vague` is true for
    phrases such as "binnenkort" that have no window. `confidence` is between 0 and 1. `matches` is
    the id of an existing record a fulfilment follows up, and `tracked` the id of a record that already
    holds this quote.
    """

    kind: str
    quote: str
    section: str
    title: str
    due: str | None
    due_phrase: str | None
    vague: bool
    actor: str | None
    promised_to: str | None
    confidence: float
    document: str | None
    date: str | None
    matches: str | None = None
    tracked: str | None = None


def _score(sentence: str, markers: list[Marker]) -> float:
    return sum(weight for pattern, weight in markers if pattern.search(sentence))


def _actor(sentence: str) -> str | None:
    minister = _MINISTER.search(sentence[:120])
    best: tuple[int, str] | None = None
    for pattern, name in ACTORS:
        m = pattern.search(sentence)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name or m.group(0))
    if minister and (best is None or minister.start() < best[0]):
        return f"{minister[1]} van {minister[2]}"
    return best[1] if best else None


# A section about promises and motions: what its sentences report is how they were kept.
# The heading must be about promises as such ("Toezeggingen", "Stand van zaken toezeggingen en moties"); a
# heading naming one motion ("Motie Ram over ngo's") holds new commitments too.
_PROMISES_SECTION = re.compile(
    r"^(?:[IVX]{1,4}\.|\d{1,2}\.|[a-z]\.)?\s*(?:(?:overzicht|stand van zaken|openstaande|afgedane)\s+)?"
    r"(?:toezeggingen|moties)(?:\s+en\s+(?:toezeggingen|moties))?\s*$",
    re.I,
)
_SENTENCE_END = tuple('.?!;:)"”’')


def _classify(sentence: str, deadline: Deadline | None, section: str = "") -> tuple[str, float] | None:
    """The kind and raw score of a sentence, or None when it is not a candidate.

    The score adds the marker weights of markers.py; agenda prose outweighs a bare "zal", a date with
    "jl." lowers commitments but not decisions, and under a "Toezeggingen" heading a candidate is a
    fulfilment. A dated sentence without any other marker is a deadline only when it is a sentence
    (it ends with punctuation): a heading such as "Raad Buitenlandse Zaken van 2-3 september" is not.
    """
    fulfil = _score(sentence, FULFILMENT)
    kamer = _score(sentence, KAMER)
    commit = _score(sentence, COMMITMENT)
    decide = _score(sentence, DECISION)
    exclude = _score(sentence, EXCLUDE)
    past = _score(sentence, PAST)
    agenda = _score(sentence, AGENDA) if not kamer else 0.0
    forward = 0.0
    if deadline is not None:
        forward = 1.6 if deadline.forward else 0.8 if deadline.vague else 0.0
    if fulfil:
        return "fulfilment", fulfil  # "hierbij informeer ik" is how a promise is kept
    total = kamer + commit + forward + exclude + past + agenda
    if decide + exclude / 2 >= max(total, THRESHOLD) and decide >= THRESHOLD:
        return "decision", decide + exclude / 2
    if total < THRESHOLD:
        return None
    if _PROMISES_SECTION.search(section.rsplit(" – ", 1)[-1]):
        return "fulfilment", total
    if kamer:
        return "commitment", total
    if forward and commit < 1.6:
        if not sentence.rstrip().endswith(_SENTENCE_END):
            return None
        return "deadline", total
    return "commitment", total


def propose(
    paragraphs: Sequence[Paragraph],
    letter_date: date,
    *,
    document: str | None = None,
    calendars: Calendars | None = None,
    threshold: float = THRESHOLD,
) -> list[Candidate]:
    """Candidates from clean paragraphs, in letter order.

    `letter_date` anchors every deadline phrase; `document` is copied onto each candidate. Headings are
    never candidates.
    """
    out: list[Candidate] = []
    for para in paragraphs:
        if para.heading:
            continue
        for sentence in (piece for whole in split_sentences(para.text) for piece in cap_sentence(whole)):
            if len(sentence) < 25:
                continue
            deadline = first_deadline(sentence, letter_date, calendars)
            found = _classify(sentence, deadline, para.section)
            if found is None or found[1] < threshold:
                continue
            kind, score = found
            windows: list[Deadline | None] = [None]
            if kind != "decision":
                # "EURODAC in juni 2026 en ETIAS in het vierde kwartaal van 2026": one candidate per window.
                usable = [d for d in find_deadlines(sentence, letter_date, calendars) if d.forward or d.vague]
                windows = list(usable) if usable else [None]
            actor = _actor(sentence)
            kamer = _score(sentence, KAMER) > 0
            for window in windows:
                out.append(
                    Candidate(
                        kind=kind,
                        quote=sentence,
                        section=para.section,
                        title=english_title(
                            kind,
                            sentence,
                            para.section,
                            actor,
                            window.due if window else None,
                            bool(window and window.vague),
                            kamer,
                        ),
                        due=window.due if window else None,
                        due_phrase=window.phrase if window else None,
                        vague=bool(window and window.vague),
                        actor=actor,
                        promised_to="Tweede Kamer" if kamer or kind == "fulfilment" else None,
                        confidence=round(1 / (1 + math.exp(-(score - threshold - 0.5))), 2),
                        document=document,
                        date=letter_date.isoformat(),
                    )
                )
    return out
