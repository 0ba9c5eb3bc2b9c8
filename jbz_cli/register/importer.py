"""Import register entries into a records folder: select, de-duplicate, then create or update one file each.

Every record is planned and written under its own lock, one at a time, with jbz's atomic write: a failure
or a bad entry costs that record only, and what was written before stays written.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jbz_cli.errors import RecordError, WriteError
from jbz_cli.store.edits import validate_text
from jbz_cli.store.files import read_text
from jbz_cli.store.fsio import atomic_write, record_lock, sweep_stale
from jbz_cli.store.ids import check_inside, existing_ids
from jbz_cli.store.toml_text import parse_toml

from .entry import EntryProblem, RegisterEntry, parse_timestamp
from .mapping import new_record_text, plan_change, record_id, register_table

FOLDER = "tk"
WORKERS = 8  # parallel record writes; see import_entries
_IMPORTED_RE = re.compile(r"^tz[0-9]")
_SECTION_RE = re.compile(r"^\[register\][ \t]*\r?$", re.MULTILINE)
_NEXT_HEADER_RE = re.compile(r"^[ \t]*\[", re.MULTILINE)


@dataclass(frozen=True)
class Selection:
    """The command's filters; None means no filter. `status` is a jbz status (open, partial, done, ...)."""

    ministerie: str | None = None
    since: date | None = None
    status: str | None = None


@dataclass
class Summary:
    """What one run did; `jbz_cli.present.shapes.import_summary_dict` is its JSON shape."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (nummer or origin, reason)
    problems: list[str] = field(default_factory=list)
    unknown_status: list[tuple[str, str]] = field(default_factory=list)  # (nummer, the register's word)


def _key(entry: RegisterEntry) -> str:
    return entry.nummer.upper() if entry.nummer else f"id:{entry.id}"


def deduplicate(entries: Iterable[RegisterEntry], summary: Summary) -> list[RegisterEntry]:
    """One entry per Nummer: the newest by GewijzigdOp (the later one on a tie); each loser is reported."""
    kept: dict[str, RegisterEntry] = {}
    for entry in entries:
        key = _key(entry)
        other = kept.get(key)
        if other is None:
            kept[key] = entry
            continue
        assert entry.gewijzigd_op is not None and other.gewijzigd_op is not None
        newer, older = (entry, other) if entry.gewijzigd_op >= other.gewijzigd_op else (other, entry)
        kept[key] = newer
        summary.skipped.append(
            (older.label, f"duplicate: {older.origin} is older than {newer.origin} ({newer.gewijzigd_op_text})")
        )
    return list(kept.values())


def selected(entry: RegisterEntry, selection: Selection) -> str | None:
    """Why the filters leave an entry out, or None when it is selected."""
    if selection.ministerie and selection.ministerie.casefold() not in (entry.ministerie or "").casefold():
        return "not selected by --ministerie"
    if selection.since and entry.gewijzigd_op and entry.gewijzigd_op.date() < selection.since:
        return "not selected by --since"
    if selection.status and entry.jbz_status != selection.status:
        return "not selected by --status"
    return None


@dataclass
class Existing:
    """Imported records already in the folder: file by record id, record id by register Id, and the
    [register] table each held when scanned (so an unchanged entry costs no lock and no second read)."""

    paths: dict[str, list[Path]]
    by_register_id: dict[str, str]
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def scan(cls, root: Path) -> Existing:
        paths = existing_ids(root) if root.is_dir() else {}
        found = cls(paths, {})
        for rid, files in paths.items():
            if not _IMPORTED_RE.match(rid) or len(files) != 1:
                continue
            try:
                table = _register_section(files[0].read_text(encoding="utf-8"), rid)
            except (OSError, UnicodeDecodeError, RecordError):
                continue  # reported when the entry is imported, not here
            if isinstance(table, dict):
                found.tables[rid] = table
                if isinstance(table.get("id"), str):
                    found.by_register_id[table["id"].lower()] = rid
        return found


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


@dataclass(frozen=True)
class Outcome:
    """What happened to one entry; the caller adds it to the Summary in input order."""

    action: str  # created | updated | deleted | unchanged | skipped
    nummer: str
    reason: str = ""
    problem: str = ""


def import_entries(
    root: Path,
    entries: Iterable[RegisterEntry],
    selection: Selection = Selection(),
    *,
    dry_run: bool = False,
    summary: Summary | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int = WORKERS,
) -> Summary:
    """Create, update or mark deleted one record per entry under root/tk/; never raises for one bad entry.

    Records are written by a few threads at once: each write waits for the disk (fsync), and the disk
    commits several at a time. Every record still has its own lock and atomic write.
    """
    summary = summary or Summary()
    existing = Existing.scan(root)
    chosen = deduplicate(entries, summary)
    work: list[tuple[str, RegisterEntry]] = []
    for entry in chosen:
        rid = record_id(entry.nummer) if entry.nummer else existing.by_register_id.get((entry.id or "").lower())
        known = bool(rid and rid in existing.paths)
        reason = None if (entry.verwijderd and known) else selected(entry, selection)
        if reason:
            summary.skipped.append((entry.label, reason))
        elif rid is None or (entry.verwijderd and not known):
            summary.skipped.append((entry.label, "deleted in the register and never imported"))
        else:
            if entry.jbz_status is None and not entry.verwijderd:
                summary.unknown_status.append((entry.nummer or rid.upper(), entry.status or ""))
            work.append((rid, entry))
    total = len(work)
    if work and not dry_run:
        sweep_stale(root)  # once per import, not per record: what killed writers left behind

    def one(item: tuple[str, RegisterEntry]) -> Outcome:
        rid, entry = item
        try:
            return _import_one(root, rid, entry, existing, dry_run)
        except (WriteError, OSError) as exc:
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            return Outcome(
                "skipped", entry.label, "write failed", f"{entry.origin} ({entry.label}): not written: {message}"
            )

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for done, outcome in enumerate(pool.map(one, work), start=1):
            _add(summary, outcome)
            if progress:
                progress(done, total)
    return summary


def _add(summary: Summary, outcome: Outcome) -> None:
    if outcome.problem:
        summary.problems.append(outcome.problem)
    if outcome.action == "unchanged":
        summary.unchanged += 1
    elif outcome.action == "skipped":
        summary.skipped.append((outcome.nummer, outcome.reason))
    else:
        getattr(summary, outcome.action).append(outcome.nummer)


def _import_one(root: Path, rid: str, entry: RegisterEntry, existing: Existing, dry_run: bool) -> Outcome:
    nummer = entry.nummer or rid.upper()
    files = existing.paths.get(rid, [])
    if len(files) > 1:
        raise WriteError(f"id {rid!r} is used by more than one file")
    if not files:
        path = root / FOLDER / f"{rid}.toml"
        text = new_record_text(entry)
        try:
            validate_text(text, rid, f"{FOLDER}/{rid}.toml")
        except RecordError as exc:
            return Outcome(
                "skipped", nummer, "invalid record", f"{entry.origin} ({nummer}): not a valid record: {exc.message}"
            )
        if not dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            check_inside(root, path)
            atomic_write(path, text, create=True)  # a hard link: never replaces a file that appeared meanwhile
        return Outcome("created", nummer)
    table = existing.tables.get(rid)
    if table is not None:
        quick = _compare(table, entry, nummer)
        if quick is not None:
            return quick  # unchanged or older: decided from the scan, without a lock
    path = check_inside(root, files[0])
    display = path.relative_to(root.resolve()).as_posix()
    with record_lock(path) if not dry_run else contextlib.nullcontext():
        return _update_one(path, display, rid, nummer, entry, dry_run)


def _stored_time(table: dict[str, Any]) -> Any:
    value = table.get("gewijzigd_op")
    if not isinstance(value, str):
        return None
    try:
        return parse_timestamp(value, "gewijzigd_op")[0]
    except EntryProblem:
        return None


def _compare(table: dict[str, Any], entry: RegisterEntry, nummer: str) -> Outcome | None:
    """Skipped when the entry is older than what was imported, unchanged when it says the same; else None."""
    stored = _stored_time(table)
    if stored is not None and entry.gewijzigd_op is not None and entry.gewijzigd_op < stored:
        return Outcome("skipped", nummer, f"older than the imported version ({table.get('gewijzigd_op')})")
    if register_table(entry, table) == table:
        return Outcome("unchanged", nummer)
    return None


def _update_one(path: Path, display: str, rid: str, nummer: str, entry: RegisterEntry, dry_run: bool) -> Outcome:
    # Read under the lock, so a follow-up someone else just appended is part of what we extend.
    try:
        text = read_text(path, display)
        validate_text(text, rid, display)
    except RecordError as exc:
        problem = f"{exc}; fix the file first (jbz edit {rid}); not updated from {entry.origin}"
        return Outcome("skipped", nummer, "record file is invalid", problem)
    current = parse_toml(text, display)
    table = current.get("register") if isinstance(current.get("register"), dict) else {}
    quick = _compare(table, entry, nummer)
    if quick is not None:
        return quick
    change = plan_change(text, current, entry, nummer)
    if change is None:
        return Outcome("unchanged", nummer)
    try:
        validate_text(change.text, rid, display)
    except RecordError as exc:
        problem = f"{display}: the update from {entry.origin} would not be valid ({exc.message})"
        return Outcome("skipped", nummer, "update would be invalid", problem)
    if not dry_run:
        atomic_write(path, change.text)
    return Outcome("deleted" if change.deleted else "updated", nummer)


def records_root(path: Path) -> Path:
    """The records folder as an absolute path, created when missing (an import may start from nothing)."""
    os.makedirs(path, exist_ok=True)
    return path.resolve()
