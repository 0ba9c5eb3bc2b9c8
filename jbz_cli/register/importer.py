"""Import register entries into a records folder: select, de-duplicate, then create or update one file each.

Every record is planned and written under its own lock, one at a time, with jbz's atomic write: a failure
or a bad entry costs that record only, and what was written before stays written.
"""

from __future__ import annotations

import contextlib
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
from jbz_cli.store.ids import check_inside
from jbz_cli.store.toml_text import parse_toml

from .changes import plan_change
from .entry import EntryProblem, RegisterEntry, parse_timestamp
from .existing import Existing
from .mapping import Context, new_record_text, register_table
from .vet import vet_text

FOLDER = "tk"
WORKERS = 8  # parallel record writes; see import_entries


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
    notices: list[str] = field(default_factory=list)  # said on stderr; not problems (the exit status stays 0)


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
        unknown = entry.gewijzigd_op is None or other.gewijzigd_op is None
        later = unknown or entry.gewijzigd_op >= other.gewijzigd_op  # type: ignore[operator]
        newer, older = (entry, other) if later else (other, entry)
        kept[key] = newer
        if unknown:
            reason = f"duplicate: {older.origin} and {newer.origin} have no change time; the one read later is kept"
        elif entry.gewijzigd_op == other.gewijzigd_op:
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
    today: date | None = None,
) -> Summary:
    """Create, update or mark deleted one record per entry under root/tk/; never raises for one bad entry.

    Records are written by a few threads at once: each write waits for the disk (fsync), and the disk
    commits several at a time. Every record still has its own lock and atomic write. `display_root` is how
    messages name the folder (`records`), so files are named as the other commands name them. `today` dates
    a change whose time the page does not give (a `$select` without GewijzigdOp or ApiGewijzigdOp).
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
    context = _context(existing, chosen, work, today)
    for _rid, entry in work:
        if entry.gewijzigd_op is None:
            summary.notices.append(
                f"{entry.origin} ({entry.label}): no GewijzigdOp or ApiGewijzigdOp; imported, but its change time "
                "is unknown, so a change is dated on the import day and an older copy cannot be told apart"
            )
    total = len(work)
    if work and not dry_run:
        sweep_stale(root)  # once per import, not per record: what killed writers left behind

    def one(item: tuple[str, RegisterEntry]) -> Outcome:
        rid, entry = item
        try:
            return _import_one(root, rid, entry, existing, dry_run, display_root, context)
        except (WriteError, OSError) as exc:
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            return Outcome(
                "skipped", entry.label, "write failed", f"{entry.origin} ({entry.label}): not written: {message}"
            )

    # An entry the scan already shows unchanged (or older) is decided here, without a thread, a lock or a read.
    outcomes = [_quick(existing, rid, entry, context) for rid, entry in work]
    pending = [i for i, outcome in enumerate(outcomes) if outcome is None]
    done = total - len(pending)
    if progress and done:
        progress(done, total)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for i, outcome in zip(pending, pool.map(one, [work[i] for i in pending]), strict=True):
            outcomes[i] = outcome
            done += 1
            if progress:
                progress(done, total)
    for (rid, entry), outcome in zip(work, outcomes, strict=True):
        assert outcome is not None
        _add(summary, outcome)
        # A page that left Status out (`$select`) says nothing about it: only an explicit null, empty or
        # unknown word is an unknown status (RegisterEntry.carries).
        if (
            outcome.action != "skipped"
            and entry.jbz_status is None
            and not entry.verwijderd
            and entry.carries("status")
        ):
            summary.unknown_status.append((entry.nummer or rid.upper(), entry.status or ""))
    return summary


def _quick(existing: Existing, rid: str, entry: RegisterEntry, context: Context) -> Outcome | None:
    """Unchanged or older, decided from the scanned [register] table; None when the record must be read."""
    table = existing.tables.get(rid)
    if table is None or len(existing.paths.get(rid, [])) != 1:
        return None
    return _compare(table, entry, entry.nummer or rid.upper(), context)


def _context(
    existing: Existing, chosen: list[RegisterEntry], work: list[tuple[str, RegisterEntry]], today: date | None
) -> Context:
    """Register Ids to Numbers (from the folder and this batch), and the record id of every entry that is a
    record or is about to become one, so links between entries become `related` ids that `jbz check` finds."""
    known = {rid_id: existing.tables[rid].get("nummer", "") for rid_id, rid in existing.by_register_id.items()}
    known.update({entry.id.lower(): entry.nummer for entry in chosen if entry.id and entry.nummer})
    ids = {nummer: rid for nummer, rid in existing.by_nummer.items() if nummer not in existing.clashes}
    ids.update({entry.nummer.upper(): rid for rid, entry in work if entry.nummer and not entry.verwijderd})
    return Context({k: v for k, v in known.items() if isinstance(v, str) and v}, ids, today)


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


def _import_one(
    root: Path,
    rid: str,
    entry: RegisterEntry,
    existing: Existing,
    dry_run: bool,
    display_root: str,
    context: Context,
) -> Outcome:
    nummer = entry.nummer or rid.upper()
    files = existing.paths.get(rid, [])
    if len(files) > 1:
        raise WriteError(f"id {rid!r} is used by more than one file")
    if not files:
        path = root / FOLDER / f"{rid}.toml"
        text = new_record_text(entry, context)
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
        quick = _compare(table, entry, nummer, context)
        if quick is not None:
            return quick  # unchanged or older: decided from the scan, without a lock
    with record_lock(path) if not dry_run else contextlib.nullcontext():
        return _update_one(path, display, rid, nummer, entry, dry_run, context)


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


def _stored_time(table: dict[str, Any], entry: RegisterEntry) -> Any:
    """The imported version's time on the entry's own clock (GewijzigdOp, else ApiGewijzigdOp), or None."""
    value = table.get("gewijzigd_op" if entry.gewijzigd_op_text else "api_gewijzigd_op")
    if not isinstance(value, str):
        return None
    try:
        return parse_timestamp(value, "gewijzigd_op")[0]
    except EntryProblem:
        return None


def _compare(table: dict[str, Any], entry: RegisterEntry, nummer: str, context: Context) -> Outcome | None:
    """Skipped when the entry is older than what was imported, unchanged when it says the same; else None."""
    stored = _stored_time(table, entry)
    if stored is not None and entry.gewijzigd_op is not None and entry.gewijzigd_op < stored:
        shown = table.get("gewijzigd_op" if entry.gewijzigd_op_text else "api_gewijzigd_op")
        return Outcome("skipped", nummer, f"older than the imported version ({shown})")
    if register_table(entry, table, context.known) == table:
        return Outcome("unchanged", nummer)
    return None


def _update_one(
    path: Path, display: str, rid: str, nummer: str, entry: RegisterEntry, dry_run: bool, context: Context
) -> Outcome:
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
    quick = _compare(table, entry, nummer, context)
    if quick is not None:
        return quick
    change = plan_change(text, current, entry, nummer, context)
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
