"""Creating new records: the documented key order, an id that is free, and a file that never overwrites."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jbz_cli.core.dates import parse_day, parse_due
from jbz_cli.core.model import KINDS, SOURCE_KEYS, STATUSES
from jbz_cli.core.words import unknown_choice
from jbz_cli.errors import UsageError, WriteError
from jbz_cli.store.edits import Vet, WriteResult, must_validate
from jbz_cli.store.files import RecordsDir
from jbz_cli.store.fsio import ADD_TARGET, atomic_write, record_lock, sweep_stale, write_error
from jbz_cli.store.ids import check_folder, check_id, check_inside, existing_ids, slugify, unique_id, writable_root
from jbz_cli.store.toml_text import dumps, parse_toml, toml_value

# The lock that `jbz add` holds on the records folder while it picks a free id and creates the file
# (fsio.lock_path makes it the hidden `.add.lock`, removed again when the add ends).
ADD_LOCK = ADD_TARGET


@dataclass(frozen=True)
class NewRecord:
    """The fields `jbz add` takes; everything but kind and title is optional."""

    kind: str
    title: str
    status: str | None = None
    due: str | None = None
    topics: Sequence[str] = ()
    actor: str | None = None
    promised_to: str | None = None
    summary: str | None = None
    related: Sequence[str] = ()
    next_check: str | None = None
    document: str | None = None
    source_date: str | None = None
    section: str | None = None
    quote: str | None = None
    url: str | None = None
    created: str | None = None  # --created: the day the item came to be, when it is not the source date
    today: date | None = None  # the as-of day of `jbz add`; None (a draft) leaves `created` to the source date


def _opt_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return parse_day(value, "date")
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def created_day(req: NewRecord) -> date | None:
    """When the item came to be: --created, else the source date, else today (docs/records.md, "created").

    A draft (no `today`) writes none, so it exists from its source date. A day after today is refused: the
    record would be missing from today's views.
    """
    if req.today is None:
        return _opt_day(req.created, "--created")
    given = _opt_day(req.created, "--created")
    source = _opt_day(req.source_date, "--source-date")
    day = given or source or req.today
    if day > req.today:
        option = "--created" if given else "--source-date"
        hint = "" if given else "; if it is right, give --created with the day the item came to be"
        raise UsageError(
            f"{option} {day.isoformat()} is after today ({req.today.isoformat()}); "
            f"a record exists from the day it came to be{hint}"
        )
    return day


def new_record_data(req: NewRecord) -> dict[str, Any]:
    """The TOML table of a new record, keys in the documented order; raises UsageError on bad input."""
    if req.kind not in KINDS:
        raise UsageError(unknown_choice("kind", req.kind, KINDS))
    if not req.title.strip():
        raise UsageError("--title must not be empty")
    if req.status is not None and req.status not in STATUSES:
        raise UsageError(unknown_choice("status", req.status, STATUSES))
    if req.due is not None:
        try:
            parse_due(req.due)
        except ValueError as exc:
            raise UsageError(f"--due: {exc}") from None
    one_line = (
        ("--title", req.title),
        ("--actor", req.actor),
        ("--promised-to", req.promised_to),
        ("--document", req.document),
        ("--section", req.section),
        ("--url", req.url),
        *(("--topic", t) for t in req.topics),
    )
    for option, value in one_line:
        if value and any(c in value for c in "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029"):
            raise UsageError(f"{option} must be one line: it contains a line break")
    for value in req.related:
        try:
            check_id(value)
        except WriteError as exc:
            raise UsageError(f"--related: {exc}") from None
    data: dict[str, Any] = {"kind": req.kind, "title": req.title.strip()}
    if req.status:
        data["status"] = req.status
    created = created_day(req)
    if created:
        data["created"] = created
    if req.due:
        data["due"] = parse_due(req.due).text
    if req.topics:
        data["topics"] = [t.strip() for t in req.topics if t.strip()]
    for key, value in (("actor", req.actor), ("promised_to", req.promised_to), ("summary", req.summary)):
        if value:
            data[key] = value
    if req.related:
        data["related"] = list(req.related)
    next_check = _opt_day(req.next_check, "--next-check")
    if next_check:
        data["next_check"] = next_check
    source: dict[str, Any] = {}
    for key, value in (("document", req.document), ("section", req.section), ("quote", req.quote)):
        if value:
            source[key] = value
    source_date = _opt_day(req.source_date, "--source-date")
    if source_date:
        source["date"] = source_date
    if req.url:
        source["url"] = req.url
    if source:
        data["source"] = {k: source[k] for k in SOURCE_KEYS if k in source}
    for value in data.values():
        if isinstance(value, str) and "\x00" in value:
            raise UsageError("values must not contain NUL characters")
    return data


def record_text(data: dict[str, Any]) -> str:
    """A new record as people write them: scalars and one-line lists first, then [source].

    Values are serialised by tomli-w; only lists of strings are joined on one line, as in the docs.
    """
    lines = []
    for key, value in data.items():
        if key == "source":
            continue
        rendered = "[" + ", ".join(toml_value(v) for v in value) + "]" if isinstance(value, list) else toml_value(value)
        lines.append(f"{key} = {rendered}\n")
    text = "".join(lines)
    if "source" in data:
        text += "\n[source]\n" + dumps(data["source"])
    return text


def add_record(
    rdir: RecordsDir,
    req: NewRecord,
    *,
    record_id: str | None = None,
    folder: str | None = None,
    dry_run: bool = False,
    vet: Vet | None = None,
) -> WriteResult:
    """Create a new record file; never overwrites, and validates everything before the file exists.

    Without --id, the id is the title's slug or the next free `-2`, `-3`, ... suffix, chosen under a lock
    on the records folder so concurrent adds of one title each get their own id.
    """
    root = writable_root(rdir)
    data = new_record_data(req)
    target_dir = check_folder(root, folder)
    if record_id is not None:
        check_id(record_id)
        return _create(root, target_dir, data, record_id, dry_run, vet)
    if dry_run:
        return _create(root, target_dir, data, unique_id(slugify(req.title), set(existing_ids(root))), True, vet)
    with record_lock(root / ADD_LOCK):  # another add of the same title waits here, then sees this id as taken
        return _create(root, target_dir, data, unique_id(slugify(req.title), set(existing_ids(root))), False, vet)


def _create(
    root: Path, target_dir: Path, data: dict[str, Any], new_id: str, dry_run: bool, vet: Vet | None
) -> WriteResult:
    """Validate and write one new record file under its own lock; never overwrites."""
    taken = existing_ids(root)
    if new_id in taken:
        where = taken[new_id][0].relative_to(root)
        raise WriteError(f"id {new_id!r} is already used by {where}; jbz add never overwrites a record")
    text = record_text(data)
    path = target_dir / f"{new_id}.toml"
    display = str(path.relative_to(root))
    must_validate(text, new_id, display, "the new record")
    if parse_toml(text, display) != data:  # tomli-w and the reader must agree, or the file would lie
        raise WriteError("internal error: the new record does not read back as written; nothing was written")
    if vet is not None:
        vet(path, text, None)
    if dry_run:
        return WriteResult(new_id, path, text, None, True, (f"create {display}",))
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        check_inside(root, path)
        with record_lock(path):
            if os.path.lexists(path):
                raise WriteError(f"{display} already exists; jbz add never overwrites a record")
            sweep_stale(root, path)
            atomic_write(path, text, create=True)
    except OSError as exc:
        raise write_error(exc, path) from None
    return WriteResult(new_id, path, text, None, False, (f"create {display}",))
