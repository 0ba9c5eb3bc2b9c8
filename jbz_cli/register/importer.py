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

from jbz_cli.core.model import UNSAFE_RE
from jbz_cli.errors import RecordError, WriteError
from jbz_cli.store.edits import validate_text
from jbz_cli.store.files import MAX_RECORD_BYTES, read_text
from jbz_cli.store.fsio import atomic_write, record_lock, sweep_stale
from jbz_cli.store.ids import check_inside, existing_ids
from jbz_cli.store.toml_text import parse_toml

from .entry import EntryProblem, RegisterEntry, parse_timestamp
from .mapping import new_record_text, plan_change, record_id, register_table

FOLDER = "tk"
WORKERS = 8  # parallel record writes; see import_entries
_SECTION_RE = re.compile(r"^\[register\][ \t]*\r?$", re.MULTILINE)
_NEXT_HEADER_RE = re.compile(r"^[ \t]*\[", re.MULTILINE)


@dataclass(frozen=True)
class Selection:
    """The command's filters; None means no filter. `status` is a jbz status (open, partial, done, ...)."""

    ministerie: str | tuple[str, ...] | None = None  # one name or any of several (jbz.toml register.ministries)
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
    """One entry per Nummer: the newest by GewijzigdOp; each loser is reported.

    On equal GewijzigdOp the one read last wins (files in the order given, pages in the order fetched), so
    the same batch always settles the same way; the message says "same timestamp".
    """
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
        if entry.gewijzigd_op == other.gewijzigd_op:
            reason = f"duplicate: {older.origin} has the same timestamp as {newer.origin}, read later, which is kept"
        else:
            reason = f"duplicate: {older.origin} is older than {newer.origin} ({newer.gewijzigd_op_text})"
        summary.skipped.append((older.label, reason))
    return list(kept.values())


def selected(entry: RegisterEntry, selection: Selection) -> str | None:
    """Why the filters leave an entry out, or None when it is selected."""
    wanted = (selection.ministerie,) if isinstance(selection.ministerie, str) else selection.ministerie or ()
    if wanted and not any(name.casefold() in (entry.ministerie or "").casefold() for name in wanted):
        return "not selected by --ministerie"
    if selection.since and entry.gewijzigd_op and entry.gewijzigd_op.date() < selection.since:
        return "not selected by --since"
    if selection.status and entry.jbz_status != selection.status:
        return "not selected by --status"
    return None


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
                text = files[0].read_text(encoding="utf-8")
                if "register" not in text:
                    continue
                table = _register_section(text, rid)
            except (OSError, UnicodeDecodeError, RecordError):
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
    display_root: str = "",
) -> Summary:
    """Create, update or mark deleted one record per entry under root/tk/; never raises for one bad entry.

    Records are written by a few threads at once: each write waits for the disk (fsync), and the disk
    commits several at a time. Every record still has its own lock and atomic write. `display_root` is how
    messages name the folder (`records`), so files are named as the other commands name them.
    """
    summary = summary or Summary()
    existing = Existing.scan(root)
    chosen = deduplicate(entries, summary)
    work: list[tuple[str, RegisterEntry]] = []
    for nummer, rids in sorted(existing.clashes.items()):
        shown = ", ".join(_shown(display_root, root, existing.paths[rid][0]) for rid in rids)
        summary.problems.append(f"{nummer}: imported more than once ({shown}); keep one, then import again")
    for entry in chosen:
        rid = existing.find(entry)
        known = bool(rid and rid in existing.paths)
        reason = None if (entry.verwijderd and known) else selected(entry, selection)
        if reason:
            summary.skipped.append((entry.label, reason))
        elif rid is None or (entry.verwijderd and not known):
            summary.skipped.append((entry.label, "deleted in the register and never imported"))
        elif entry.nummer and entry.nummer.upper() in existing.clashes:
            summary.skipped.append((entry.label, "imported more than once"))
        else:
            work.append((rid, entry))
    total = len(work)
    if work and not dry_run:
        sweep_stale(root)  # once per import, not per record: what killed writers left behind

    def one(item: tuple[str, RegisterEntry]) -> Outcome:
        rid, entry = item
        try:
            return _import_one(root, rid, entry, existing, dry_run, display_root)
        except (WriteError, OSError) as exc:
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            return Outcome(
                "skipped", entry.label, "write failed", f"{entry.origin} ({entry.label}): not written: {message}"
            )

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for done, ((rid, entry), outcome) in enumerate(zip(work, pool.map(one, work), strict=True), start=1):
            _add(summary, outcome)
            if outcome.action != "skipped" and entry.jbz_status is None and not entry.verwijderd:
                summary.unknown_status.append((entry.nummer or rid.upper(), entry.status or ""))
            if progress:
                progress(done, total)
    return summary


def _shown(display_root: str, root: Path, path: Path) -> str:
    """A file as the other commands name it: relative to the records folder, under the name it was given."""
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = path.name
    return rel if display_root in ("", ".") else f"{display_root.rstrip('/')}/{rel}"


def _add(summary: Summary, outcome: Outcome) -> None:
    if outcome.problem:
        summary.problems.append(outcome.problem)
    if outcome.action == "unchanged":
        summary.unchanged += 1
    elif outcome.action == "skipped":
        summary.skipped.append((outcome.nummer, outcome.reason))
    else:
        getattr(summary, outcome.action).append(outcome.nummer)


def vet_text(text: str, rid: str, display: str) -> None:
    """Refuse text `jbz check` or the reader would reject: RecordError for an invalid record, a string with a
    control, bidi or separator character (core.model.UNSAFE_RE, check's rule), or more than the reader's
    MAX_RECORD_BYTES."""
    size = len(text.encode("utf-8"))
    if size > MAX_RECORD_BYTES:
        raise RecordError(display, f"{size:,} bytes, more than the {MAX_RECORD_BYTES:,} jbz reads")
    data = parse_toml(text, display)
    validate_text(text, rid, display)
    for where, value in _strings(data, ()):
        found = UNSAFE_RE.search(value)
        if found:
            raise RecordError(display, f"control character U+{ord(found.group()):04X} in {where}")


def _strings(value: Any, where: tuple[str, ...]) -> Iterable[tuple[str, str]]:
    if isinstance(value, str):
        yield ".".join(where), value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*where, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value, start=1):
            yield from _strings(item, (*where, str(index)))


def _import_one(
    root: Path, rid: str, entry: RegisterEntry, existing: Existing, dry_run: bool, display_root: str
) -> Outcome:
    nummer = entry.nummer or rid.upper()
    files = existing.paths.get(rid, [])
    if len(files) > 1:
        raise WriteError(f"id {rid!r} is used by more than one file")
    if not files:
        path = root / FOLDER / f"{rid}.toml"
        text = new_record_text(entry)
        try:
            vet_text(text, rid, f"{FOLDER}/{rid}.toml")
        except RecordError as exc:
            return Outcome(
                "skipped", nummer, "invalid record", f"{entry.origin} ({nummer}): not a valid record: {exc.message}"
            )
        if not dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            check_inside(root, path)
            atomic_write(path, text, create=True)  # a hard link: never replaces a file that appeared meanwhile
        return Outcome("created", nummer)
    path = check_inside(root, files[0])
    display = _shown(display_root, root, path)
    table = existing.tables.get(rid)
    if table is None and not _register_held(path, display, nummer, existing.links.get(rid)):
        problem = (
            f"{display}: has the file name of {nummer} but no [register] table or register = {nummer!r} link; "
            f"not taken over (rename one of them); {entry.origin} not imported"
        )
        return Outcome("skipped", nummer, "a record of yours has its file name", problem)
    if table is not None:
        quick = _compare(table, entry, nummer)
        if quick is not None:
            return quick  # unchanged or older: decided from the scan, without a lock
    with record_lock(path) if not dry_run else contextlib.nullcontext():
        return _update_one(path, display, rid, nummer, entry, dry_run)


def _register_held(path: Path, display: str, nummer: str, link: str | None) -> bool:
    """Whether a record without a scanned [register] table may be updated: it links to this Nummer, or it
    cannot be read (so the update path names the fault). A hand-written record that merely has the file
    name of a register number is not taken over."""
    if link is not None:
        return link == nummer.upper()
    try:
        data = parse_toml(read_text(path, display), display)
    except RecordError:
        return True
    value = data.get("register")
    return isinstance(value, dict) or (isinstance(value, str) and value.strip().upper() == nummer.upper())


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
    """Read under the lock, plan the change, vet it, write it."""
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
        vet_text(change.text, rid, display)
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
