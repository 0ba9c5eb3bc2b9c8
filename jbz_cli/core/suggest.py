"""Near-miss suggestions, one helper for every "did you mean" jbz prints (check, filters, show, add).

difflib's ratio with a 0.75 cutoff, compared without regard to case, so `comitment` finds `commitment` and
`EBPS` finds `ebsp` but unrelated words suggest nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.75


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to `word` (case ignored), or None when none is close enough."""
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(choice.casefold(), choice)
    matches = difflib.get_close_matches(word.casefold(), list(by_key), n=1, cutoff=CUTOFF)
    return by_key[matches[0]] if matches else None


def suggest(word: str, choices: Iterable[str]) -> str:
    """The closest choice as "; did you mean 'x'?", or "" when none is close."""
    match = closest(word, choices)
    return f"; did you mean {match!r}?" if match is not None else ""
