"""Near-miss suggestions, one helper for every "did you mean" jbz prints (check, filters, show, add).

difflib's ratio with a 0.75 cutoff, compared without regard to case, so `comitment` finds `commitment` and
`EBPS` finds `ebsp` but unrelated words suggest nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.75


class Choices:
    """Choices folded once, for many suggestions among the same ones (`jbz check`: one for each broken related id
    of a folder); `closest` and `suggest` take it where they take any iterable of strings."""

    __slots__ = ("by_key", "keys", "picked")

    def __init__(self, choices: Iterable[str]) -> None:
        self.by_key: dict[str, str] = {}
        for choice in choices:
            self.by_key.setdefault(choice.casefold(), choice)
        self.keys = list(self.by_key)
        self.picked: dict[str, str | None] = {}  # folded word -> its pick: a broken link is often copied


def closest(word: str, choices: Iterable[str] | Choices) -> str | None:
    """The choice closest to `word` (case ignored), or None when none is close enough.

    difflib decides, among the choices rapidfuzz's Indel ratio keeps: that ratio counts the longest common
    subsequence, which is never shorter than the blocks difflib matches, so it is never below difflib's ratio
    and drops no choice difflib could pick. The same answer, without difflib's quadratic look at each of
    thousands of ids (`jbz check` suggests one for every broken related id).
    """
    folded = choices if isinstance(choices, Choices) else Choices(choices)
    key = word.casefold()
    if key not in folded.picked:
        folded.picked[key] = _pick(key, folded)
    return folded.picked[key]


def _pick(key: str, folded: Choices) -> str | None:
    by_key, candidates = folded.by_key, folded.keys
    if len(candidates) > PREFILTER_FROM:
        from rapidfuzz import fuzz, process

        cutoff = CUTOFF * 100 - 1e-6  # rapidfuzz scores 0-100, in floating point
        kept = process.extract(key, candidates, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        candidates = [found for found, _score, _index in kept]
    matches = difflib.get_close_matches(key, candidates, n=1, cutoff=CUTOFF)
    return by_key[matches[0]] if matches else None


PREFILTER_FROM = 50  # choices; fewer cost difflib less than importing rapidfuzz


def suggest(word: str, choices: Iterable[str] | Choices) -> str:
    """The closest choice as "; did you mean 'x'?", or "" when none is close."""
    match = closest(word, choices)
    return f"; did you mean {match!r}?" if match is not None else ""
