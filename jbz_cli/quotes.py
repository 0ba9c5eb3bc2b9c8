"""Compare verbatim quotes with a source document's text, ignoring layout.

Source texts are extracted from PDF or HTML: line breaks fall anywhere, words are hyphenated at line
ends, and lost bullet glyphs show up as U+FFFD. A quote copied by a person has none of that, so both
sides are normalised the same way before comparing, and layout never decides whether a quote is verbatim.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["contains_quote", "normalise"]

_REPLACEMENT = "\ufffd"
_SPACE_AFTER_HYPHEN = re.compile(r"-\s+")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The canonical form both sides of a quote comparison go through.

    NFC (so a decomposed "ë" equals a composed one), U+FFFD dropped, whitespace after a hyphen
    dropped (so "Secretaris-\\nGeneraal" equals "Secretaris-Generaal"), any other whitespace run
    collapsed to one space, and the ends stripped.
    """
    text = unicodedata.normalize("NFC", text).replace(_REPLACEMENT, "")
    text = _SPACE_AFTER_HYPHEN.sub("-", text)
    return _SPACES.sub(" ", text).strip()


def contains_quote(text: str, quote: str) -> bool:
    """Whether quote occurs in text, ignoring layout; an empty quote proves nothing and never matches."""
    needle = normalise(quote)
    return bool(needle) and needle in normalise(text)
