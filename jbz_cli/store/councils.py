"""Read a records folder's councils.toml (the TOML through the one parser, the meetings through core/councils.py),
and add a meeting or a letter to it the way a person would edit it: appended blocks, one changed line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from jbz_cli.core.councils import COUNCILS_FILE, Council, Councils, Problem, councils_from_data
from jbz_cli.errors import RecordError, WriteError
from jbz_cli.store.files import read_text
from jbz_cli.store.toml_text import parse_toml, toml_value


def parse_councils(text: str, display: str = COUNCILS_FILE) -> Councils:
    """The meetings in councils.toml text; a TOML syntax error becomes the one problem, at its line and column."""
    try:
        data = parse_toml(text, display)
    except RecordError as exc:
        return Councils(problems=[Problem(exc.line or 1, exc.col or 1, exc.message)])
    return councils_from_data(data, text)


def read_councils(folder: Path, display: str) -> Councils | None:
    """The councils.toml at the top of `folder`, or None when there is none; RecordError when it cannot be read."""
    path = folder / COUNCILS_FILE
    if not path.is_file():
        return None
    return parse_councils(read_text(path, display, folder), display)  # a link out of the folder is refused


# --- writing: what `jbz extract` stages and `--accept` adds --------------------------------------------------------

HEADER = (
    "# JBZ Council meetings: one [[council]] per meeting, only meetings whose date a source gives.\n"
    "# dates: the meeting's days; kind: formal or informal; prepared_by and reported_by: the letters to the Kamer.\n"
    "# source, quote and url: where the date comes from. jbz check verifies the quote against sources/.\n"
    "# Add meetings as letters announce them; never guess a date.\n"
)
LETTER_KEYS = ("prepared_by", "reported_by")


def council_block(c: Council) -> str:
    """One meeting as a `[[council]]` table, keys in the documented order (docs/cycle.md)."""
    lines = ["[[council]]", f"dates = [{', '.join(d.isoformat() for d in c.dates)}]"]
    if c.place:
        lines.append(f"place = {toml_value(c.place)}")
    lines.append(f"kind = {toml_value(c.kind)}")
    for key in LETTER_KEYS:
        if getattr(c, key):
            lines.append(f"{key} = [{', '.join(toml_value(d) for d in getattr(c, key))}]")
    for key in ("source", "quote", "url"):
        if getattr(c, key):
            lines.append(f"{key} = {toml_value(getattr(c, key))}")
    return "\n".join(lines) + "\n"


def _norm(reference: str) -> str:
    return re.sub(r"[\s.,]+", " ", reference.casefold()).strip()


def _missing(same: Council, c: Council, key: str) -> list[str]:
    have = {_norm(h) for h in getattr(same, key)}
    return [d for d in getattr(c, key) if _norm(d) not in have]


def is_listed(listed: Sequence[Council], c: Council) -> bool:
    """Whether councils.toml already lists meeting `c` (by its first day) with each of its letters."""
    same = next((m for m in listed if m.start == c.start), None)
    return same is not None and not any(_missing(same, c, key) for key in LETTER_KEYS)


def merge_council(text: str | None, listed: Sequence[Council], c: Council) -> tuple[str, str] | None:
    """councils.toml `text` (None: no file yet) with meeting `c` added, and a line saying what changed.

    A meeting already listed on the same first day keeps its dates, place and source; only the letters of `c`
    that it lacks are added to its `prepared_by` / `reported_by` line. None when there is nothing to add.
    Raises WriteError when such a list spans several lines, since rewriting it could lose the reader's layout.
    """
    same = next((m for m in listed if m.start == c.start), None)
    if same is None:
        base = text if text is not None else HEADER
        joined = base if not base.strip() else base.rstrip("\n") + "\n\n"
        return joined + council_block(c), f"added the {c.label()}"
    lines = (text or "").splitlines(keepends=True)
    end = next((n for n in range(same.line, len(lines)) if re.match(r"^\s*\[", lines[n])), len(lines))
    changes = []
    for key in LETTER_KEYS:
        missing = _missing(same, c, key)
        if not missing:
            continue
        rendered = f"{key} = [{', '.join(toml_value(d) for d in [*getattr(same, key), *missing])}]\n"
        at = next((n for n in range(same.line, end) if re.match(rf"^\s*{key}\s*=", lines[n])), None)
        if at is None:
            last = max((n for n in range(same.line, end) if lines[n].strip()), default=same.line - 1)
            lines.insert(last + 1, rendered)
            end += 1
        elif lines[at].rstrip().endswith("]"):
            lines[at] = rendered
        else:
            raise WriteError(f"{COUNCILS_FILE}:{at + 1}: {key} spans several lines; add {missing[0]!r} by hand")
        changes.append(f"{', '.join(missing)} to {key}")
    if not changes:
        return None
    return "".join(lines), f"added {'; '.join(changes)} of the {same.label()}"
