"""Match verbatim quotes against the text of a source document.

Record quotes are copied from PDF extractions, where line breaks, page
breaks, hyphenation at line ends and bullet glyphs (U+FFFD) appear at
arbitrary places. A quote is therefore compared with the source after both
have been normalised in the same way, so that layout never decides whether a
quote is "verbatim".
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["INVISIBLE", "clean_chars", "contains_quote", "find_quote_line", "invisible_in", "normalise"]

_BULLET = "\ufffd"
# Characters a reader cannot see, removed wherever letter text is compared, searched or stored: soft
# hyphen, zero-width space/non-joiner/joiner, word joiner, byte order mark, and the directional marks.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f"
_DROP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))
_SPACES = re.compile("[\u00a0\u2007\u202f]")
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")


def clean_chars(text: str) -> str:
    """The one character normalisation of letter text, used by extract, the quote check, search and the index.

    Compatibility characters are folded (NFKC: the ligature "\ufb01" is "fi", full-width letters are
    letters), the invisible characters in INVISIBLE are removed, and no-break spaces become spaces.
    Line-break hyphens are a matter of layout, joined by `normalise` and by the letter reader.
    """
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", _SPACES.sub(" ", text.translate(_DROP_INVISIBLE)))


def invisible_in(text: str) -> str | None:
    """The first invisible character in `text`, as U+XXXX, or None; a stored quote must hold none."""
    match = _INVISIBLE_RE.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def _normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and keep, per output character, its input offset.

    The offsets let :func:`find_quote_line` point back at the original
    line, which is what a user needs to fix a broken quote.

    Rules, applied as one pass so that the offsets stay exact:

    * characters go through `clean_chars` (NFKC, invisible characters dropped, no-break spaces made
      spaces), so a decomposed "ë" matches "ë" and "\ufb01" matches "fi";
    * U+FFFD (bullets lost in PDF extraction) is dropped;
    * whitespace directly after a hyphen or a soft hyphen is dropped, so "Secretaris-\\n
      Generaal", "Secretaris- Generaal" and "Secretaris-Generaal" compare
      equal (real compounds keep their hyphen in the extraction);
    * any other run of whitespace becomes one space;
    * leading and trailing whitespace is removed.
    """
    text = unicodedata.normalize("NFC", text)
    chars: list[str] = []
    offsets: list[int] = []
    space_at: int | None = None  # offset of a pending whitespace run
    soft = False  # just after a soft hyphen: a line break there split a word, so it joins
    for index, raw in enumerate(text):
        if raw == _BULLET or raw in INVISIBLE:
            soft = soft or raw == "\u00ad"
            continue
        # A ligature folds to several letters; each of them points at the ligature.
        for char in raw if raw.isascii() else clean_chars(raw):
            if char.isspace():
                if chars and chars[-1] != "-" and space_at is None and not soft:
                    space_at = index
                continue
            soft = False
            if space_at is not None:
                chars.append(" ")
                offsets.append(space_at)
                space_at = None
            chars.append(char)
            offsets.append(index)
    return "".join(chars), offsets


def normalise(text: str) -> str:
    """Return ``text`` in the canonical form used to compare quotes.

    See :func:`_normalise_with_offsets` for the rules; both sides of a
    comparison must go through this function.
    """
    return _normalise_with_offsets(text)[0]


def contains_quote(text: str, quote: str) -> bool:
    """Tell whether ``quote`` occurs in ``text``, ignoring layout.

    An empty quote never matches: a record without a real quote must not
    pass a check that is meant to prove its source.
    """
    needle = normalise(quote)
    return bool(needle) and needle in normalise(text)


def find_quote_line(text: str, quote: str) -> int | None:
    """Return the 1-based line of ``text`` where ``quote`` starts, or None.

    Used in error messages and to order records as they appear in a letter.
    NFC normalisation never adds or removes line breaks, so the line number
    holds for the original text too.
    """
    needle = normalise(quote)
    if not needle:
        return None
    haystack, offsets = _normalise_with_offsets(text)
    position = haystack.find(needle)
    if position < 0:
        return None
    original = unicodedata.normalize("NFC", text)
    return original.count("\n", 0, offsets[position]) + 1
