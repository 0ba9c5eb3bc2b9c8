"""`jbz check` on councils.toml: one `path:line:col` diagnostic per problem, and each quote against its source.

A meeting's date must come from a letter, so a quote that the stored source text does not contain is an error,
as it is for records.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from jbz_cli.check.diagnostics import ERROR, Diagnostic
from jbz_cli.check.files import Folder
from jbz_cli.core.councils import COUNCILS_FILE
from jbz_cli.core.quotes import normalise
from jbz_cli.errors import RecordError
from jbz_cli.store.councils import parse_councils
from jbz_cli.store.files import read_text

RULE = "councils"  # shown in each diagnostic; the file is checked when the syntax or schema rule runs


def is_top_file(path: Path, folder: Folder) -> bool:
    """Whether `path` sits at the top of the records folder (where councils.toml and jbz.toml mean themselves)."""
    try:
        return path.resolve().parent == folder.path.resolve()
    except OSError:
        return False


def is_councils_file(path: Path | str, folder: Folder) -> bool:
    """Only the councils.toml at the top of a records folder lists meetings; anywhere else it is a record."""
    return os.path.basename(path) == COUNCILS_FILE and is_top_file(Path(path), folder)


def check_councils(
    path: Path, display: str, folder: Folder, rules: Sequence[str], text: str | None = None
) -> list[Diagnostic]:
    """The diagnostics of one councils.toml, by line; none unless the syntax or schema rule runs.

    `text` is the file's candidate content when a write is vetted before the file changes; else the file is read.
    """
    if "syntax" not in rules and "schema" not in rules:
        return []

    def diag(line: int, col: int, message: str) -> Diagnostic:
        shown = lines[line - 1].rstrip() if 1 <= line <= len(lines) and lines[line - 1].strip() else None
        return Diagnostic(display, line, col, ERROR, message, RULE, shown)

    if text is None:
        try:
            text = read_text(path, display)
        except RecordError as exc:
            return [Diagnostic(display, exc.line, exc.col, ERROR, exc.message, RULE)]
    lines = text.splitlines()
    parsed = parse_councils(text, display)
    out = [diag(p.line, p.col, p.message) for p in parsed.problems]
    for council in parsed.meetings:
        if not council.quote:
            continue
        found = folder.sources.find({"document": council.source, "url": council.url})
        if found is None:
            continue
        shown, document = found
        if not document.contains(normalise(council.quote)):
            line = next(
                (n for n in range(council.line, len(lines) + 1) if lines[n - 1].lstrip().startswith("quote")), 1
            )
            out.append(diag(line, 1, f"quote not found in {shown}; copy it verbatim"))
    out.sort(key=lambda d: (d.line, d.col))
    return out
