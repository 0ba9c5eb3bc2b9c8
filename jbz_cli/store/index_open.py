"""Opening the index's SQLite file: WAL mode, and a damaged or foreign file thrown away and started afresh once."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

from jbz_cli.core.model import Record, record_from_plain
from jbz_cli.errors import IndexDamaged, RecordError
from jbz_cli.store.files import RecordsDir, display_path
from jbz_cli.store.index_hits import IndexUnavailable

BUSY_TIMEOUT_S = 0.5  # seconds a writer waits for another; longer means read the files this time


def connect(path: Path, fresh: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode with WAL; IndexUnavailable when the file cannot be opened or is busy."""
    _not_a_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise IndexUnavailable(f"cannot open {path}: {exc}") from None
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.Error as exc:
        conn.close()
        if fresh or _is_busy(exc) or not isinstance(exc, sqlite3.DatabaseError):
            raise IndexUnavailable(str(exc)) from None
        remove_files(path)  # not a database, or a damaged one: start afresh, once
        return connect(path, fresh=True)
    return conn


def _not_a_file(path: Path) -> None:
    """A folder under the index's name cannot be used (IndexUnavailable: read the files); a FIFO, socket or device
    there is removed, so the index starts afresh instead of every run waiting on it."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return
    if stat.S_ISDIR(mode):
        raise IndexUnavailable(f"{path} is a folder, not an index")
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        remove_files(path)


def remove_files(path: Path) -> None:
    """The database and its WAL files; IndexUnavailable when one cannot be removed."""
    for suffix in ("", "-wal", "-shm", "-folders"):
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise IndexUnavailable(f"cannot replace {path}: {exc}") from None


def _is_busy(exc: sqlite3.Error) -> bool:
    """Another jbz holds the lock: wait for nothing, read the files this time."""
    return "locked" in str(exc) or "busy" in str(exc)


def damaged(path: Path, what: str) -> IndexDamaged:
    """The error for an index at `path` that holds what it could not have written (`what`, with the row), after
    removing it: the next run rebuilds it from the files instead of meeting the same row again."""
    try:
        remove_files(path)
        then = "it was removed, and the next run rebuilds it"
    except IndexUnavailable:
        then = "run `jbz cache clear`"
    return IndexDamaged(f"the index {path} is damaged ({what}); {then}")


def stored_record(path: Path, rdir: RecordsDir, rel: str, record_id: str, plain: str) -> Record:
    """The record an index row stores as JSON (`plain`), named by its file in `rdir`; IndexDamaged (see damaged)
    when the row does not decode as one."""
    try:
        return record_from_plain(json.loads(plain), record_id, display_path(rdir, rel))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise damaged(path, f"row {rel!r}: {type(exc).__name__}: {exc}") from None


def stored_problem(path: Path, display: str, rel: str, plain: str) -> RecordError:
    """The problem an index row stores as JSON [message, line, col] for the file shown as `display`; IndexDamaged
    (see damaged) when the row does not decode as one."""
    try:
        message, line, col = json.loads(plain)
        return RecordError(display, str(message), int(line), int(col))
    except (ValueError, TypeError) as exc:
        raise damaged(path, f"row {rel!r}: {type(exc).__name__}: {exc}") from None


def text_columns(path: Path, rel: str, record_id: object, kind: object, title: object) -> None:
    """IndexDamaged (see damaged) unless a row's id, kind and title are text, as the index always writes them:
    the one check of the columns a list or view prints before it trusts a row."""
    if not (type(record_id) is str and type(kind) is str and type(title) is str):
        raise damaged(path, f"row {rel!r}: an id, kind or title that is not text")
