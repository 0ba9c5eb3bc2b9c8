"""Record files as the rules see them, and the records folder they belong to.

This is the only module of `check` that imports `jbz_cli.store`, so where the store keeps its readers
and its id rules is written down once.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jbz_cli.check.diagnostics import ERROR, Diagnostic
from jbz_cli.check.sources import SOURCES_FOLDER, SourceTexts, Vocabulary, join_display, load_vocabulary
from jbz_cli.core.build import FieldError, field_problems
from jbz_cli.store.files import iter_record_files, printable, read_text
from jbz_cli.store.ids import MAX_ID_LENGTH, slugify
from jbz_cli.store.toml_text import locate, parse_toml

__all__ = ["Folder", "RecordFile", "iter_record_files", "slug_hint"]


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

    @classmethod
    def scan(cls, path: Path, display: str) -> Folder:
        """List every record file below `path` (shown as `display`); source texts are read when asked for."""
        ids: dict[str, list[tuple[str, str]]] = {}
        for rel, file in iter_record_files(path):
            record_id = rel.rsplit("/", 1)[-1][: -len(".toml")]
            ids.setdefault(record_id, []).append((os.path.abspath(file), join_display(display, rel)))
        sources = SourceTexts(path / SOURCES_FOLDER, join_display(display, SOURCES_FOLDER))
        return cls(path, display, ids, load_vocabulary(path, display), sources)


@dataclass
class RecordFile:
    """One file as the rules see it: its text and data when they could be read, and its field problems."""

    path: Path
    display: str
    id: str
    text: str | None = None
    data: dict[str, Any] | None = None
    lines: list[str] = field(default_factory=list)
    problems: list[FieldError] = field(default_factory=list)

    @classmethod
    def named(cls, path: Path, display: str) -> RecordFile:
        """The file before it is read: its id is its printable name without ".toml"."""
        name = printable(path.name)
        return cls(path, display, name[: -len(".toml")] if name.endswith(".toml") else name)

    def load(self, text: str | None = None) -> None:
        """Read (or take `text`, a write's candidate), parse and collect field problems; raises RecordError.

        `text` is set as soon as the file is read, so a syntax error can still show its line.
        """
        self.text = read_text(self.path, self.display) if text is None else text
        self.lines = self.text.splitlines()
        self.data = parse_toml(self.text, self.display)
        self.problems = field_problems(self.data)

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
            source_line = self.lines[line - 1].rstrip()
        return Diagnostic(self.display, line, col, severity, message, rule, source_line)

    def position(self, where: tuple[str | int, ...]) -> tuple[int, int]:
        """(line, col) of a key path such as ("followup", 1, "date"); (1, 1) when it cannot be found."""
        if self.text is None or not where:
            return 1, 1
        found = locate(self.text, where)
        if found == (1, 1) and len(where) > 1:
            # An inline table or dotted key: point at its top-level key instead.
            found = locate(self.text, where[:1])
        if found == (1, 1) and isinstance(where[0], str):
            # A table header where a value belongs, such as [[source]].
            header = re.compile(rf"^\s*\[\[?\s*{re.escape(where[0])}\s*\]")
            for number, line in enumerate(self.lines, 1):
                if header.match(line):
                    return number, len(line) - len(line.lstrip()) + 1
        return found

    def find_value(self, start: int, value: str, default: tuple[int, int]) -> tuple[int, int]:
        """Where a string value sits, so a bad element of a multi-line array gets its own line."""
        needles = (json.dumps(value, ensure_ascii=False), f"'{value}'")
        for number in range(start, min(start + 200, len(self.lines)) + 1):
            line = self.lines[number - 1]
            for needle in needles:
                index = line.find(needle)
                if index >= 0:
                    return number, index + 1
            if number > start and "]" in line:
                break
        return default
