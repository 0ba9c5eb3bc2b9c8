"""Compare candidate quotes with the quotes of existing records.

Two comparisons: "already tracked" (the same words, ignoring layout) and "follows up" (a fulfilment
that talks about the same thing, measured with rapidfuzz's token-set ratio).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from jbz_cli.core.quotes import normalise

from .calendars import words

__all__ = ["FOLLOW_UP_SCORE", "KnownQuote", "already_tracked", "follow_up_for", "overlap", "slip_of"]

FOLLOW_UP_SCORE = 60.0  # rapidfuzz token_set_ratio (0-100) from which a fulfilment names a record


@dataclass(frozen=True)
class KnownQuote:
    """An existing record's id, kind and source quote."""

    id: str
    kind: str
    quote: str


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    """Cached: every candidate is compared with every known quote, so each text is normalised once, not per pair."""
    return normalise(text).lower()


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[list[str], frozenset[str]]:
    words = _WORDS.findall(_key(text))
    return words, frozenset(words)


_WORDS = re.compile(r"\w+")


# Words every promise to the Kamer shares; left out of the follow-up comparison, or "Uw Kamer wordt geïnformeerd
# over de voortgang" would link a Morocco pilot to the return hubs.
_BOILERPLATE = words(
    "uw kamer kamers wordt worden zal zullen het kabinet geïnformeerd informeren voortgang over de van een en "
    "dit deze dat die op in te om bij met voor aan als is zijn hiermee hierover toezegging toegezegd lid"
)


def _content(text: str) -> str:
    return " ".join(t for t in _tokens(text)[0] if t not in _BOILERPLATE)


# Month names and their abbreviations: a date is "1 mrt. 2027" as much as "1 maart 2027".
_MONTHS = words(
    "januari februari maart april mei juni juli augustus september oktober november december "
    "jan feb febr mrt apr jun jul aug sep sept okt nov dec"
)


def _figures(text: str) -> frozenset[str]:
    """The dates and numbers in a quote: words with a digit, and month names."""
    return frozenset(t for t in _tokens(text)[1] if t in _MONTHS or any(c.isdigit() for c in t))


def _content_words(text: str) -> list[str]:
    """The words that say what a quote is about: no boilerplate, and no dates or numbers (compared apart)."""
    figures = _figures(text)
    return [t for t in _tokens(text)[0] if t not in _BOILERPLATE and t not in figures]


def overlap(a: str, b: str) -> float:
    """Share of the shorter quote's words that the other quote has too, 0-1; 1 when one contains the other."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return 0.0
    if ka in kb or kb in ka:
        return 1.0
    (ta, set_a), (tb, set_b) = _tokens(a), _tokens(b)
    small, large = (ta, set_b) if len(ta) <= len(tb) else (tb, set_a)
    return sum(1 for t in small if t in large) / len(small) if small else 0.0


def _same_words(a: str, b: str, threshold: float) -> bool:
    """The shorter quote's content words (boilerplate left out) are, to `threshold`, in the other quote.

    Promises share "uw Kamer ... informeren over de voortgang"; those words alone never make two quotes the same.
    """
    ca, cb = _content_words(a), _content_words(b)
    small, large = (ca, set(cb)) if len(ca) <= len(cb) else (cb, set(ca))
    if not small:
        return _key(a) == _key(b)
    return sum(1 for t in small if t in large) / len(small) >= threshold


def _same_figures(a: str, b: str) -> bool:
    """The shorter quote's dates and numbers are all in the other: "1 mrt. 2028" is not "1 mrt. 2027"."""
    fa, fb = _figures(a), _figures(b)
    small, large = (fa, fb) if len(_tokens(a)[0]) <= len(_tokens(b)[0]) else (fb, fa)
    return small <= large


def _same_item(quote: str, known: Sequence[KnownQuote], threshold: float, figures: bool) -> str | None:
    """The first record with this quote's words whose dates and numbers agree (`figures`) or differ (not)."""
    for item in known:
        same = overlap(quote, item.quote) >= threshold and _same_words(quote, item.quote, threshold)
        if same and _same_figures(quote, item.quote) == figures:
            return item.id
    return None


def already_tracked(quote: str, known: Sequence[KnownQuote], threshold: float = 0.9) -> str | None:
    """The id of the first record whose quote holds this quote's words and its dates and numbers, else None.

    A quote with the same words but another date or number is a new or moved item, not a tracked one
    (see `slip_of`).
    """
    return _same_item(quote, known, threshold, figures=True)


def slip_of(quote: str, known: Sequence[KnownQuote], threshold: float = 0.9) -> str | None:
    """The id of a record with this quote's words but other dates or numbers: a deadline moved, or a follow-up."""
    return _same_item(quote, known, threshold, figures=False)


def follow_up_for(quote: str, known: Sequence[KnownQuote], threshold: float = FOLLOW_UP_SCORE) -> str | None:
    """The id of the open commitment this fulfilment most likely follows up, or None below `threshold`."""
    best: tuple[float, str] | None = None
    for item in known:
        if item.kind != "commitment" or already_tracked(quote, (item,)):
            continue
        score = fuzz.token_set_ratio(_content(quote), _content(item.quote))
        if score >= threshold and (best is None or score > best[0]):
            best = (score, item.id)
    return best[1] if best else None
