"""Rebuild paragraphs from the shape of the lines, for text that has no blank line between them.

Text copied from the letter pages of tweedekamer.nl or officielebekendmakingen.nl, and many PDF
extractions, put paragraphs on consecutive lines, wrapped at a fixed width (about 90 characters on
tweedekamer.nl) or one paragraph per line. Blank lines cannot be relied on, so a paragraph is taken to
end where a line stops well short of the usual width, and a heading-shaped line after a sentence end,
a bullet or a numbered heading starts a new one. `text.split_blocks` uses this for text that is
"dense": fewer than one blank line per fifteen lines of text.
"""

from __future__ import annotations

import re

__all__ = ["dense", "rebuild_blocks", "split_unwrapped"]

_TERMINAL = tuple(".:;?!")
_BULLET = re.compile(r"^\s*(?:[•\ufffd\-–*·▪]\s|\(?[a-z0-9]{1,2}\)\s)")
_NUMBERED = re.compile(r"^\s*(?:[IVX]{1,4}|\d{1,2})\.\s+[A-Z]")
_PLACE_DATE = re.compile(r"^\s*Den Haag,\s+\d{1,2}\s+\w+\s+\d{4}\s*$")
# Lines longer than this are whole paragraphs: the text was not wrapped at all.
_UNWRAPPED = 200


def dense(lines: list[str]) -> bool:
    """True when blank lines do not separate the paragraphs (fewer than one per 15 lines of text)."""
    text_lines = sum(1 for line in lines if line.strip() and line != "\f")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    inner = lines[filled[0] : filled[-1] + 1] if filled else []  # the newline that ends a file is no paragraph break
    blank = sum(1 for line in inner if not line.strip())
    return text_lines >= 4 and blank * 15 < text_lines


def _width(lines: list[str]) -> int:
    """The wrapping width: the 95th percentile of the line lengths (a few overlong lines aside)."""
    lengths = sorted(len(line.strip()) for line in lines)
    return lengths[int(0.95 * (len(lengths) - 1))] if lengths else 0


def _heading_shaped(line: str, width: int) -> bool:
    text = line.strip()
    return 0 < len(text) < 0.75 * width and text[:1].isupper() and not text.endswith((*_TERMINAL, ","))


def rebuild_blocks(lines: list[str]) -> list[list[str]]:
    """Consecutive text lines (no blank lines among them) as blocks, one per paragraph or heading.

    A line that the next word would have fitted on ends its block (the break was not a wrap), unless
    it stops without punctuation and the next line goes on in lowercase; so does the line before a bullet, a
    numbered heading, the `Den Haag, <date>` line, or a heading-shaped line that follows a sentence
    end. When the lines are not wrapped (the width is over 200 characters) each line is a block.
    """
    lines = [line.rstrip() for line in lines if line.strip()]
    width = _width(lines)
    if width > _UNWRAPPED:
        return split_unwrapped(lines)
    blocks: list[list[str]] = []
    block: list[str] = []
    for index, line in enumerate(lines):
        if block:
            prev = block[-1].strip()
            word = line.split(maxsplit=1)[0]
            cut = not prev.endswith((*_TERMINAL, ",")) and line.lstrip()[:1].islower()
            starts = (
                (len(prev) + 1 + len(word) < width - 1 and not cut)
                or _BULLET.match(line)
                or _NUMBERED.match(line)
                or _PLACE_DATE.match(line)
                or _PLACE_DATE.match(prev)
                or (
                    prev.endswith(_TERMINAL)
                    and _heading_shaped(line, width)
                    and index + 1 < len(lines)
                    and lines[index + 1].strip()[:1].isupper()
                )
            )
            if starts:
                blocks.append(block)
                block = []
        block.append(line)
    if block:
        blocks.append(block)
    return blocks


def split_unwrapped(block: list[str]) -> list[list[str]]:
    """A block holding a line longer than any wrapping width was not wrapped: each line is a paragraph or heading.

    Text saved with one paragraph per line and no blank lines would otherwise be one paragraph, its headings inside
    the quotes. A line that stops without punctuation and is followed by one going on in lowercase still joins it.
    """
    if len(block) < 2 or max(len(line.strip()) for line in block) <= _UNWRAPPED:
        return [block]
    out: list[list[str]] = []
    for line in block:
        prev = out[-1][-1].strip() if out else ""
        if prev and not prev.endswith((*_TERMINAL, ",")) and line.lstrip()[:1].islower():
            out[-1].append(line)
        else:
            out.append([line])
    return out
