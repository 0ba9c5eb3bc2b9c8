"""The cache folder: which files in it are jbz's, what each index is for, and pruning the ones nobody needs.

jbz keeps three kinds of files there: one SQLite index per records folder (store/index.py names it
`records-<hash>.sqlite3`; SQLite adds `-wal`, `-shm` and `-journal` files next to it, a build its `-lock`, the
index its folder digests in `-folders`),
files the code built and keyed by its source (named by store/code_key.keyed_name, `<stem>-<key>.<ext>`, such as
the rendered `jbz --help`), each written through a `<name>.<pid>.tmp` file, and the day of the last prune. Every
file is throw-away: the records are the only source of truth.

An index whose records folder is gone, or that was not used for PRUNE_AFTER_DAYS days, is removed. Checking
that costs one `stat` per run (`note_use`); the cache folder is listed at most once a day, when the day of the
last prune (kept in the PRUNE_STAMP file) is not today. Today is a parameter: the CLI passes the clock's day.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple

from jbz_cli.errors import WriteError
from jbz_cli.store.index import index_path
from jbz_cli.store.replace import replace_file

INDEX_PREFIX = "records-"
INDEX_SUFFIX = ".sqlite3"
# -lock: the build lock (store/index_lock.py); -folders: folder digests for a walk ahead (index_keys.write_digests)
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal", "-lock", "-folders")
# code_key.keyed_name's shape (`<stem>-<24 hex>.<ext>`), maybe with the .<pid>.tmp of a writer
_KEYED_RE = re.compile(r"[a-z]+(?:-[a-z]+)*-[0-9a-f]{24}\.(?:txt|json)(?:\.[0-9]+\.tmp)?")
PRUNE_STAMP = "pruned-on"  # the ISO day of the last prune, so the folder is listed once a day at most
PRUNE_AFTER_DAYS = 90


class IndexInfo(NamedTuple):
    """One index in the cache folder.

    `records` is the absolute records folder it indexes (None when the index cannot tell: damaged, or written
    by a version without that entry); `present` whether that folder still exists; `size` the bytes of the
    database and its SQLite side files; `last_used` the day jbz last read it: the database file's mtime, which
    `note_use` moves to the day of each run (not the side files': merely reading an index, as `indexes` does,
    changes SQLite's `-shm`).
    """

    file: Path
    records: str | None
    present: bool
    size: int
    last_used: date


# store/index_keys.index_path's shape: the prefix, 24 hex digits of the folder's hash, the suffix
_INDEX_RE = re.compile(re.escape(INDEX_PREFIX) + "[0-9a-f]{24}" + re.escape(INDEX_SUFFIX))


def _is_index(name: str) -> bool:
    """An index database by its name alone (`records-2025.sqlite3` of another program is not one)."""
    return _INDEX_RE.fullmatch(name) is not None


def _is_keyed(name: str) -> bool:
    """A file named by code_key.keyed_name (`help-<key>.txt`, the key 24 hex digits; older versions also wrote
    `.json` ones), or the temporary file a killed run left while writing one; never a file of another program's."""
    return _KEYED_RE.fullmatch(name) is not None


def own_files(cache_dir: Path) -> list[Path]:
    """Every file in `cache_dir` that jbz wrote (indexes with their side files, help texts), sorted; [] when the
    folder is missing. Anything else in the folder is not jbz's and is never listed."""
    try:
        with os.scandir(cache_dir) as it:
            # Not only regular files: a FIFO or socket under an index's name would stop every run from using the
            # index, so `cache clear` must be able to remove it. Folders are never jbz's.
            names = [e.name for e in it if not e.is_dir(follow_symlinks=False)]
    except OSError:
        return []
    mine = set()
    for name in names:
        base = next((name[: -len(side)] for side in SQLITE_SIDE_FILES if name.endswith(side)), name)
        stamp_temp = name.startswith(f"{PRUNE_STAMP}.") and name.endswith(".tmp")
        if _is_index(base) or _is_keyed(name) or name == PRUNE_STAMP or stamp_temp:
            mine.add(name)
    return [cache_dir / name for name in sorted(mine)]


def _records_of(db: Path) -> str | None:
    """The records folder an index was built for, read without writing (store/index.py keeps it as meta 'root')."""
    try:
        conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except (sqlite3.Error, ValueError, OSError):
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'root'").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return row[0] if row and isinstance(row[0], str) else None


def indexes(cache_dir: Path) -> list[IndexInfo]:
    """Every index in the cache folder, sorted by file name."""
    found: list[IndexInfo] = []
    for path in own_files(cache_dir):
        if not _is_index(path.name):
            continue
        try:
            used = date.fromtimestamp(path.stat().st_mtime)
        except (OSError, ValueError, OverflowError):
            continue
        size = 0
        for file in (path, *(Path(f"{path}{side}") for side in SQLITE_SIDE_FILES)):
            try:
                size += file.stat().st_size
            except OSError:
                continue
        records = _records_of(path)
        present = records is not None and os.path.isdir(records)
        found.append(IndexInfo(path, records, present, size, used))
    return found


def _stale(info: IndexInfo, today: date, days: int) -> bool:
    gone = info.records is not None and not info.present
    return gone or info.last_used < today - timedelta(days=days)


def _remove_index(path: Path) -> bool:
    removed = False
    for file in (path, *(Path(f"{path}{side}") for side in SQLITE_SIDE_FILES)):
        try:
            file.unlink()
        except OSError:
            continue
        removed = True
    return removed


def prune(cache_dir: Path, today: date, days: int = PRUNE_AFTER_DAYS) -> list[IndexInfo]:
    """Remove the indexes whose records folder is gone or that were last used more than `days` days before
    `today`; returns what was removed. A removed index is only a slower next run for its folder."""
    removed = [info for info in indexes(cache_dir) if _stale(info, today, days)]
    return [info for info in removed if _remove_index(info.file)]


def note_use(cache_dir: Path, root: Path, today: date) -> None:
    """Mark the index of `root` as used on `today`, and prune the cache folder if that has not happened today.

    Costs one stat when the index was already used today. Never raises: the cache is a convenience.
    """
    path = index_path(root, cache_dir)
    try:
        st = path.stat()
        if date.fromtimestamp(st.st_mtime) >= today:
            return
        os.utime(path, (st.st_atime, datetime.combine(today, time()).timestamp()))
    except (OSError, ValueError, OverflowError):
        return
    maybe_prune(cache_dir, today)


def maybe_prune(cache_dir: Path, today: date) -> list[IndexInfo]:
    """prune(), unless the stamp file says it already ran on `today`; then write the stamp. Never raises."""
    stamp = cache_dir / PRUNE_STAMP
    try:
        if stamp.read_text(encoding="ascii").strip() == today.isoformat():
            return []
    except (OSError, ValueError):
        pass
    try:
        removed = prune(cache_dir, today)
        replace_file(stamp, today.isoformat() + "\n")
    except (OSError, sqlite3.Error, ValueError, OverflowError):
        return []
    return removed


def clear(cache_dir: Path) -> list[Path]:
    """Remove every file jbz keeps in the cache folder (own_files) and nothing else; returns what was removed.

    The folder itself stays: it may be shared ($JBZ_CACHE_DIR, $XDG_CACHE_HOME). An index another jbz has open
    only makes that run read its unlinked copy; the next run builds a new one. WriteError when a file cannot be
    removed (the ones before it are gone).
    """
    removed = []
    for path in own_files(cache_dir):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise WriteError(f"cannot remove {path}: {exc.strerror or exc}") from None
        removed.append(path)
    return removed
