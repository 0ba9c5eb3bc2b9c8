"""Record files as the rules see them, and the records folder they belong to.

This is the only module of `check` that imports `jbz_cli.store`, so where the store keeps its readers
and its id rules is written down once.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jbz_cli.check.diagnostics import ERROR, WARNING, Diagnostic
from jbz_cli.check.sources import SOURCES_FOLDER, SourceTexts, Vocabulary, load_vocabulary
from jbz_cli.core.build import FieldError, checked_record
from jbz_cli.core.model import Record, record_id_of
from jbz_cli.core.suggest import Choices
from jbz_cli.store.files import (
    Inside,
    Unlisted,
    iter_record_files,
    join_display,
    listed_link,
    printable,
    read_bounded,
    read_text_stat,
    scan_entries,
)
from jbz_cli.store.fsio import stale_leftovers
from jbz_cli.store.ids import MAX_ID_LENGTH, slugify
from jbz_cli.store.toml_text import Locations, parse_toml

__all__ = ["Folder", "RecordFile", "iter_record_files", "leftover_diagnostics", "slug_hint"]


def slug_hint(name: str) -> str:
    """The id `jbz add` would make of a file name, or "" when the name has nothing to make one of."""
    slug = slugify(name, MAX_ID_LENGTH)
    return slug if slug != slugify("") or slug in name.casefold() else ""


@dataclass
class Folder:
    """What the records folder knows beyond one file: every id, the vocabulary, the source texts."""

    path: Path
    display: str
    ids: dict[str, list[tuple[str, str]]]  # id -> [(absolute path, shown path)]
    vocabulary: Vocabulary | None
    sources: SourceTexts
    today: date | None = None  # the as-of day: a follow-up after it is an error (None: not checked)
    files: list[tuple[str, str, str]] = field(default_factory=list)  # (relative, path, absolute path), sorted
    links: dict[str, bool] = field(default_factory=dict)  # absolute path -> whether the listing says it is a link
    unlisted: Unlisted = field(default_factory=list)  # folders below it that could not be listed (walk.walk_paths)
    inside: Inside = field(init=False, repr=False)  # what reads of its files must stay inside, resolved once

    def __post_init__(self) -> None:
        self.inside = Inside(self.path)

    @functools.cached_property
    def id_choices(self) -> Choices:
        """Every id, folded once for the "did you mean" of each broken link."""
        return Choices(self.ids)

    @classmethod
    def scan(cls, path: Path, display: str, today: date | None = None) -> Folder:
        """List every record file below `path` (shown as `display`); source texts are read when asked for.

        The listing is kept (`files`), so checking the whole folder walks it once.
        """
        ids: dict[str, list[tuple[str, str]]] = {}
        files = []
        top = str(path)
        base = os.path.abspath(top)
        links: dict[str, bool] = {}
        unlisted: Unlisted = []
        for rel, file, is_link in scan_entries(path, listed_link, unlisted):  # no Path per file
            # The walk joins plain names to `top`, so this is os.path.abspath(file) without one call per file.
            absolute = base + file[len(top) :] if base != os.sep else os.sep + file[len(top) :].lstrip(os.sep)
            record_id = record_id_of(rel)
            ids.setdefault(record_id, []).append((absolute, join_display(display, rel)))
            files.append((rel, file, absolute))
            links[absolute] = is_link  # so reading it needs no lstat to guard against a link out of the folder
        sources = SourceTexts(path / SOURCES_FOLDER, join_display(display, SOURCES_FOLDER), read_bounded)
        vocabulary = load_vocabulary(path, display, read_bounded)
        return cls(path, display, ids, vocabulary, sources, today, files, links, unlisted)


def leftover_diagnostics(folder: Path, display: str) -> list[Diagnostic]:
    """A warning per lock or temp file below `folder` that a killed jbz write left behind (its writer is gone).

    Warnings, not errors: every record is still whole (writes are atomic), but `git status` shows the files.
    """
    out: list[Diagnostic] = []
    for item in stale_leftovers(folder):
        rel = printable(os.path.relpath(item.path, folder).replace(os.sep, "/"))
        what = "lock" if item.kind == "lock" else "temporary"
        target = printable(item.target.name)
        message = f"leftover {what} file of an interrupted write of {target}; the next jbz write removes it"
        out.append(Diagnostic(join_display(display, rel), 1, 1, WARNING, message, "leftovers"))
    return out


SHORT_LINE = 10_000  # lines up to this long are also searched directly for a value written with escapes
ECHO_WIDTH = 200  # characters of an offending line shown under a diagnostic


def cut_line(line: str, col: int = 1, width: int = ECHO_WIDTH) -> str:
    """The offending line as echoed: at most `width` characters around column `col`, with "…" and a note where
    text was left out, so a 5,000-id `related` line prints a few hundred bytes per diagnostic, not megabytes."""
    if len(line) <= width:
        return line
    start = max(0, min(col - 1 - width // 4, len(line) - width))
    end = start + width
    head = "…" if start else ""
    tail = "…" if end < len(line) else ""
    return f"{head}{line[start:end]}{tail} ({len(line) - width} of {len(line)} characters not shown)"


@dataclass
class RecordFile:
    """One file as the rules see it: its text and data when they could be read, and its field problems."""

    path: Path | str  # a plain string from a folder listing
    display: str
    id: str
    text: str | None = None
    data: dict[str, Any] | None = None
    problems: list[FieldError] = field(default_factory=list)
    record: Record | None = None  # built when the data has no field problems
    absolute: str = ""  # os.path.abspath(path), when the caller already knows it
    _lines: list[str] | None = field(default=None, repr=False)
    _locations: Locations | None = field(default=None, repr=False)
    _strings: dict[int, dict[str, int]] | None = field(default=None, repr=False)

    @classmethod
    def named(cls, path: Path | str, display: str, absolute: str = "") -> RecordFile:
        """The file before it is read: its id is its printable name without ".toml"."""
        name = os.path.basename(path)
        if not name.isprintable():
            name = printable(name)
        record_id = record_id_of(name)
        return cls(path, display, record_id, absolute=absolute or os.path.abspath(path))

    def load(self, root: Path | Inside | None = None, text: str | None = None, is_link: bool | None = None) -> None:
        """Read (or take `text`, a write's candidate), parse and collect field problems; raises RecordError.

        `text` is set as soon as the file is read, so a syntax error can still show its line. `is_link`: what the
        folder's listing said of the file (Inside.holds), None when it is not known.
        """
        self.text = read_text_stat(self.path, self.display, root, is_link)[0] if text is None else text
        self.data = parse_toml(self.text, self.display)
        self.record, self.problems = checked_record(self.data, self.id)

    @property
    def lines(self) -> list[str]:
        """The text's lines, split when a diagnostic first needs one (a clean file never does)."""
        if self._lines is None:
            self._lines = self.text.splitlines() if self.text is not None else []
        return self._lines

    def diag(
        self,
        rule: str,
        message: str,
        where: tuple[str | int, ...] = (),
        severity: str = ERROR,
        value: str | None = None,
    ) -> Diagnostic:
        """A diagnostic at the key path `where`, or at the quoted `value` found from that key on."""
        line, col = self.position(where)
        if value is not None:
            line, col = self.find_value(line, value, (line, col))
        return self.at(rule, message, line, col, severity, show=bool(where))

    def at(self, rule: str, message: str, line: int, col: int, severity: str = ERROR, show: bool = True) -> Diagnostic:
        """A diagnostic at line and col (from 1), with the source line under it when `show` and not blank."""
        source_line = None
        if show and 1 <= line <= len(self.lines) and self.lines[line - 1].strip():
            source_line = cut_line(self.lines[line - 1].rstrip(), col)
        return Diagnostic(self.display, line, col, severity, message, rule, source_line)

    def position(self, where: tuple[str | int, ...]) -> tuple[int, int]:
        """(line, col) of a key path such as ("followup", 1, "date"); (1, 1) when it cannot be found."""
        if self.text is None or not where:
            return 1, 1
        if self._locations is None:
            self._locations = Locations.of(self.text)
        found = self._locations.find(where)
        if found == (1, 1) and len(where) > 1:
            # An inline table or dotted key: point at its top-level key instead.
            found = self._locations.find(where[:1])
        if found == (1, 1) and isinstance(where[0], str):
            # A table header where a value belongs, such as [[source]].
            for table in (where[0],), (where[0], 0):
                if table in self._locations.first_header:
                    return self._locations.first_header[table]
        return found

    def find_value(self, start: int, value: str, default: tuple[int, int]) -> tuple[int, int]:
        """Where a string value sits, so a bad element of a multi-line array gets its own line.

        Each line's quoted strings are indexed once, so 5,000 bad ids on one line cost one pass over it.
        """
        needles = (json.dumps(value, ensure_ascii=False), f"'{value}'")
        for number in range(start, min(start + 200, len(self.lines)) + 1):
            line = self.lines[number - 1]
            quoted = self._quoted(number)
            for needle in needles:
                index = quoted.get(needle, -1)
                if index < 0 and len(line) <= SHORT_LINE:
                    index = line.find(needle)
                if index >= 0:
                    return number, index + 1
            if number > start and "]" in line:
                break
        return default

    def _quoted(self, number: int) -> dict[str, int]:
        """The quoted strings of line `number` ("..." with their escapes, '...'), each with its first column - 1."""
        if self._strings is None:
            self._strings = {}
        found = self._strings.get(number)
        if found is None:
            found = self._strings[number] = {}
            line = self.lines[number - 1]
            i = 0
            while i < len(line):
                quote = line[i]
                if quote in "\"'":
                    j = i + 1
                    while j < len(line) and line[j] != quote:
                        j += 2 if quote == '"' and line[j] == "\\" else 1
                    found.setdefault(line[i : j + 1], i)
                    i = j + 1
                else:
                    i += 1
        return found
