"""The records an import finds already in the folder, scanned once: which record holds which register entry."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jbz_cli.errors import RecordError
from jbz_cli.store.files import read_text
from jbz_cli.store.ids import existing_ids
from jbz_cli.store.toml_text import parse_toml

from .entry import RegisterEntry
from .mapping import record_id

_SECTION_RE = re.compile(r"^\[register\][ \t]*\r?$", re.MULTILINE)
_NEXT_HEADER_RE = re.compile(r"^[ \t]*\[", re.MULTILINE)


@dataclass
class Existing:
    """Records already in the folder: files by record id, and for every record with a [register] table its
    id by register Nummer and by register Id, and the table it held when scanned (so an unchanged entry costs
    no lock and no second read). Imported records are found by their [register] table wherever they are
    and whatever their file is called; two records with the same Nummer are remembered as a clash."""

    paths: dict[str, list[Path]]
    by_register_id: dict[str, str]
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_nummer: dict[str, str] = field(default_factory=dict)
    clashes: dict[str, list[str]] = field(default_factory=dict)  # Nummer -> every record id holding it
    links: dict[str, str] = field(default_factory=dict)  # record id -> its `register = "TZ..."` link

    @classmethod
    def scan(cls, root: Path) -> Existing:
        paths = existing_ids(root) if root.is_dir() else {}
        found = cls(paths, {})
        for rid, files in paths.items():
            if len(files) != 1:
                continue
            try:
                text = read_text(files[0], str(files[0]))
                if "register" not in text:
                    continue
                table = _register_section(text, rid)
            except RecordError:
                continue  # reported when an entry would update it, not here
            if isinstance(table, str):
                found.links[rid] = table.strip().upper()
            if not isinstance(table, dict):
                continue
            found.tables[rid] = table
            if isinstance(table.get("id"), str):
                found.by_register_id[table["id"].lower()] = rid
            nummer = table.get("nummer")
            if isinstance(nummer, str) and nummer.strip():
                key = nummer.strip().upper()
                if key in found.by_nummer:
                    found.clashes.setdefault(key, [found.by_nummer[key]]).append(rid)
                found.by_nummer.setdefault(key, rid)
        return found

    def find(self, entry: RegisterEntry) -> str | None:
        """The record id an entry updates: the record holding its Nummer, else its Id, else its file name."""
        if entry.nummer and entry.nummer.upper() in self.by_nummer:
            return self.by_nummer[entry.nummer.upper()]
        if entry.id and entry.id.lower() in self.by_register_id:
            return self.by_register_id[entry.id.lower()]
        return record_id(entry.nummer) if entry.nummer else None


def _register_section(text: str, display: str) -> Any:
    """The [register] table, parsing only that section when it stands alone (the usual case); else the file."""
    match = _SECTION_RE.search(text)
    if match:
        following = _NEXT_HEADER_RE.search(text, match.end())
        section = text[match.start() : following.start() if following else len(text)]
        try:
            return parse_toml(section, display).get("register")
        except RecordError:
            pass
    return parse_toml(text, display).get("register")
