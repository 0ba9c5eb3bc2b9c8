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

__all__ = ["FOLLOW_UP_SCORE", "KnownQuote", "already_tracked", "follow_up_for", "overlap"]

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


def already_tracked(quote: str, known: Sequence[KnownQuote], threshold: float = 0.9) -> str | None:
    """The id of the first record whose quote holds this quote's words (or the reverse), else None."""
    for item in known:
        if overlap(quote, item.quote) >= threshold:
            return item.id
    return None


def follow_up_for(quote: str, known: Sequence[KnownQuote], threshold: float = FOLLOW_UP_SCORE) -> str | None:
    """The id of the open commitment this fulfilment most likely follows up, or None below `threshold`."""
    best: tuple[float, str] | None = None
    for item in known:
        if item.kind != "commitment" or overlap(quote, item.quote) >= 0.9:
            continue
        score = fuzz.token_set_ratio(_content(quote), _content(item.quote))
        if score >= threshold and (best is None or score > best[0]):
            best = (score, item.id)
    return best[1] if best else None
