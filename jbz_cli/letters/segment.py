"""Sentence splitting for Dutch official letters, with the abbreviations they use.

A period ends a sentence when the next word starts with a capital, a digit or a quote, unless the word
before it is an abbreviation that never ends a sentence ("nr.", "o.a.", "d.d.") or an initial
("D.M. van Weel"). "jl." and "a.s." end a sentence only when a capital follows ("16 december jl. De
Commissie"). Bullets start a new sentence.
"""

from __future__ import annotations

import re

from .calendars import words

__all__ = ["ABBREVIATIONS", "MAX_SENTENCE", "cap_sentence", "split_sentences"]

# Abbreviations after which a sentence never ends, lowercase and without the final period.
ABBREVIATIONS = words(
    "nr nrs o.a d.d bijv bv i.c m.b.t t.a.v t.b.v i.v.m m.u.v ca art mr dhr mw drs dr ir prof resp vgl zgn "
    "p blz e.a i.p.v incl excl evt z.g.a.n n.a.v d.w.z m.n c.q jo t.o.v "
    # Abbreviated months ("uiterlijk 1 mrt. 2026"); "mei" is never abbreviated.
    "jan feb febr mrt apr jun jul aug sep sept okt nov"
)
# A bullet with the spaces around it starts only where a space run starts (`(?<!\s)`), or at the bullet itself:
# trying `\s*•` from inside a long run of spaces would scan that run again from every position.
_BOUNDARY = re.compile(r"(?<=[.?!])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9À-Ý•])|(?<!\s)\s*•\s*|•\s*")


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph, each stripped; the text between boundaries is kept verbatim."""
    sentences: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start : m.start()].rstrip()
        if not before:
            start = m.end()
            continue
        if not m.group(0).strip().startswith("•"):
            word = re.search(r"(\S+)[.?!][\"”’)]?$", before)
            token = word[1].lower() if word else ""
            if token in ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", word[1] if word else ""):
                continue
        sentences.append(before.strip())
        start = m.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return [s.lstrip("• ").strip() for s in sentences if s.strip("• ")]


# A "sentence" longer than this (no full stop for pages) is quoted in pieces: every candidate quotes its whole
# sentence, so one endless sentence with many dates would make as many quotes of all of it, in quadratic time.
MAX_SENTENCE = 1_000
# Where a piece may end: after a semicolon, or after a comma before a conjunction, else after any comma or space.
_CLAUSE_BREAKS = (
    re.compile(r";\s+"),
    re.compile(r",\s+(?=(?:en|of|maar|want|terwijl|zodat|waarbij|omdat|dat|die|waardoor|alsmede)\b)", re.I),
    re.compile(r",\s+"),
    re.compile(r"\s+"),
)


def cap_sentence(sentence: str) -> list[str]:
    """`sentence` as it is, or, when over MAX_SENTENCE characters, in verbatim pieces of at most that length cut at
    the strongest clause boundary inside each stretch (a stretch without any space is cut at the length)."""
    if len(sentence) <= MAX_SENTENCE:
        return [sentence]
    pieces: list[str] = []
    start = 0
    while len(sentence) - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = limit
        for breaks in _CLAUSE_BREAKS:
            found = [m.end() for m in breaks.finditer(sentence, start + MAX_SENTENCE // 2, limit)]
            if found:
                cut = found[-1]
                break
        pieces.append(sentence[start:cut].strip())
        start = cut
    pieces.append(sentence[start:].strip())
    return [piece for piece in pieces if piece]
