"""Drawing for people: the output Style, rich consoles, wrapping, aligned rows, and making record text harmless.

Record text comes from files anyone may edit, so whatever reaches a terminal or a line format goes through
`safe_text` (`one_line` adds the line-format escapes); the CLI puts `SafeStream` on stdout and stderr, and
`console` guards rich's text segments and never reads markup. This module is the one home for that rule.
rich is imported only inside the functions that draw, so piped runs stay fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, TextIO

from jbz_cli.core.model import UNSAFE_RANGES, UNSAFE_RE

STATUS_STYLE = {
    "open": "bold",
    "waiting": "cyan",
    "partial": "yellow",
    "done": "green",
    "missed": "red",
    "dropped": "dim",
}
FLAG_STYLE = {"overdue": "bold red", "due-soon": "yellow", "awaiting": "magenta"}


class Style(NamedTuple):
    """How the output stream wants to be written to; decided once by the CLI.

    `width` is in terminal columns and only counts when `terminal` is true.
    """

    terminal: bool = False
    color: bool = False
    width: int = 80
    boxes: bool = True  # rules and box characters; off for TERM=dumb, which shows them as junk


UNSAFE = UNSAFE_RE  # what safe_text escapes; defined in core so `jbz check` reports the same code points


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def safe_text(value: str) -> str:
    """`value` with every UNSAFE code point written as a visible `\\uXXXX` escape (ESC becomes `\\u001b`).

    The one rule for record text reaching any output: a title can never clear the screen, set the clipboard,
    open a hyperlink or reorder what a terminal shows. The escape is also a valid JSON string escape for the
    same character, so JSON text passed through stays valid and means the same. Every UNSAFE code point is
    one that str.isprintable rejects (tested), so printable text is returned without the character scan.
    """
    return value if value.isprintable() else UNSAFE.sub(_escape, value)


class SafeText(str):
    """Text that has been through safe_text already: SafeStream writes it as it is instead of scanning it again."""

    __slots__ = ()


# Every byte that begins the UTF-8 form of an UNSAFE code point; text without any of them holds none.
_LEADS = {chr(c).encode("utf-8")[0] for lo, hi in UNSAFE_RANGES for c in range(lo, hi + 1)}
_NOT_LEADS = bytes(b for b in range(256) if b not in _LEADS)


def safe_utf8(raw: bytes) -> SafeText:
    """safe_text of UTF-8 `raw`; one pass over the bytes spares the character scan when no byte could begin an
    UNSAFE code point (a JSON document of plain Dutch text). Raises UnicodeDecodeError for bytes that are not
    UTF-8."""
    text = raw.decode("utf-8")
    return SafeText(text if not raw.translate(None, _NOT_LEADS) else safe_text(text))


def one_line(value: str) -> str:
    """Escape backslash, tab, newline and carriage return, then safe_text: a field can never break a line format."""
    if value.isprintable() and "\\" not in value:  # tab, newline, return and every UNSAFE point are unprintable
        return value
    text = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return safe_text(text)


class SafeStream:
    """A text stream that passes every write through safe_text: the guard the CLI puts on stdout and stderr.

    rich consoles unwrap it (`raw`) and guard their text segments instead, so their own colour codes survive.
    """

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(text if type(text) is SafeText else safe_text(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def console(out: TextIO, style: Style) -> Any:
    """A rich Console writing to `out` that never reads markup and passes all text through safe_text.

    Piped output gets no wrapping and no colour codes.
    """
    import rich.text
    from rich.console import Console
    from rich.segment import Segment

    # rich drops BEL, BS, VT, FF and CR from every Text it builds; docs/output.md promises a visible escape instead.
    rich.text.strip_control_codes = safe_text  # type: ignore[assignment]

    class SafeConsole(Console):
        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            safe = (seg if seg.control else Segment(safe_text(seg.text), seg.style) for seg in buffer)
            return super()._render_buffer(safe)

    return SafeConsole(
        file=out.raw if isinstance(out, SafeStream) else out,
        markup=False,
        width=style.width if style.terminal else 10_000,
        no_color=not style.color,
        color_system="auto" if style.color else None,
        force_terminal=style.terminal and style.color,
        highlight=False,
        emoji=False,
        soft_wrap=not style.terminal,
    )


def wrap(text: str, style: Style, indent: str = "  ") -> str:
    """Indented paragraphs, filled to the terminal width (at least 40 columns); piped text is only indented."""
    if not style.terminal:
        return indent + text.replace("\n", "\n" + indent)
    import textwrap  # only views that wrap load it, not the line formats

    width = max(40, style.width - 1)
    paragraphs = [
        textwrap.fill(p, width, initial_indent=indent, subsequent_indent=indent) for p in text.splitlines() or [""]
    ]
    return "\n".join(paragraphs)


# A labelled line: indent, a label (words with single spaces), then two or more spaces before the value.
_LABELLED = re.compile(r"^( *)(\S+(?: \S+)*?)( {2,})(?=\S)")


def hang(text: str, style: Style) -> str:
    """Lines longer than the terminal folded with a hanging indent under their value, so a label stays alone.

    The value starts after a line's first gap of two spaces ("  status   open", "  2026-01-05  follow-up …"),
    else two columns in from the line's own indent. Words (ids, urls) are never broken. Piped text is unchanged.
    """
    if not style.terminal:
        return text
    import textwrap

    width = max(40, style.width - 1)  # as wrap(), so its paragraphs are left alone
    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        found = _LABELLED.match(line)
        lead = len(line) - len(line.lstrip(" "))
        column = found.end() if found and found.end() <= width // 2 else lead + 2
        wrapper = textwrap.TextWrapper(
            width, subsequent_indent=" " * column, break_long_words=False, break_on_hyphens=False
        )
        out += [_outdent(folded, width) for folded in wrapper.wrap(line)]
    return "\n".join(out)


def _outdent(line: str, width: int) -> str:
    """A folded line holding one word too long for its indent (an id, a url), moved left until it fits; a word
    wider than the terminal keeps a two-column margin, and only the terminal wraps it."""
    if len(line) <= width:
        return line
    word = line.lstrip(" ")
    return " " * (width - len(word) if len(word) <= width else 2) + word


def plain_rows(rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Aligned columns with two spaces between them; never wrapped, so each row stays one line.

    Every column but the last is padded to its widest cell; empty columns vanish.
    """
    if not rows:
        return []
    count = len(rows[0])
    widths = [max(len(row[n]) for row in rows) for n in range(count - 1)]
    lines = []
    for row in rows:
        cells = [f"{one_line(cell):<{widths[n]}}" for n, cell in enumerate(row[:-1]) if widths[n]]
        lines.append((indent + "  ".join([*cells, one_line(row[-1])])).rstrip())
    return lines


class RowLayout(NamedTuple):
    """One layout for a whole listing, so columns line up across its groups (widths in columns)."""

    one_line: bool
    id_width: int
    detail_width: int


def row_layout(rows: Sequence[tuple[str, Any, str]], style: Style) -> RowLayout:
    """One line per item when every title fits whole beside the id and detail; else each title goes below.

    Choosing by the whole title keeps titles from getting shorter on a wider terminal: below, a title gets the
    full width; beside, it is never cut.
    """
    id_width = max((len(r[0]) for r in rows), default=0)
    detail_width = max((len(_plain(r[1])) for r in rows), default=0)
    title_width = max((len(r[2]) for r in rows), default=0)
    room = style.width - 1 - (2 + id_width + 2 + detail_width + 2)
    return RowLayout(room >= title_width, id_width, detail_width)


def _plain(detail: Any) -> str:
    return detail if isinstance(detail, str) else detail.plain


def clip(text: str, width: int) -> str:
    """At most `width` characters, the last one an ellipsis when cut; cut at a word boundary when one falls in
    the last third of the room (`...diplomatic…`, never `...diplomatic conf…`)."""
    if len(text) <= width:
        return text
    room = max(0, width - 1)
    cut = text[:room]
    space = cut.rfind(" ")
    if space >= room * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def rich_rows(rows: Sequence[tuple[str, Any, str]], style: Style, layout: RowLayout | None = None) -> Any:
    """Rows of id, detail (str or rich Text) and title drawn to fit the terminal; print them with crop=False.

    Only a title is ever cut (with an ellipsis); an id or a detail (a due, a status, flags) is shown whole, on a
    line of its own when it does not fit beside the id.
    """
    from rich.text import Text

    layout = layout or row_layout(rows, style)
    out = Text(no_wrap=True, overflow="ignore")
    for n, (rid, detail, title) in enumerate(rows):
        styled = detail if isinstance(detail, Text) else Text(detail)
        if n:
            out.append("\n")
        # An id too long for its indent starts further left, so the terminal never has to break it.
        out.append(" " * max(0, min(2, style.width - len(rid))) if not layout.one_line else "  ")
        if layout.one_line:
            out.append(f"{rid:<{layout.id_width}}", style="bold")
            out.append("  ")
            out.append_text(styled)
            out.append(" " * (layout.detail_width - len(styled.plain) + 2))
            out.append(title)
        else:
            out.append(rid, style="bold")
            fits = 2 + len(rid) + 2 + len(styled.plain) <= style.width - 1
            out.append("  " if fits else "\n    ")
            out.append_text(styled)
            out.append("\n    " + clip(title, style.width - 5))
    return out
