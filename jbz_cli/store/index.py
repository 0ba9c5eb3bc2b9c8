"""A throw-away SQLite index of a records folder, so that large folders answer in a fraction of a second.

The TOML files stay the only source of truth. The index lives in the user's cache directory, one database per
records folder, and is refreshed on every run: a stat walk finds added, changed and removed files, only those are
parsed again, and the question is answered with one SQL query. Whenever the index cannot be trusted or used
(corrupt, locked, read-only, another version), `IndexUnavailable` tells the caller to read the files directly.

Nothing is unpickled: records are stored as JSON lists of plain values (model.record_to_plain).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from jbz_cli import __version__
from jbz_cli.core.horizon import FLAGS, Settings
from jbz_cli.core.model import Record, record_id_of
from jbz_cli.core.query import Filter
from jbz_cli.core.words import duplicate_id
from jbz_cli.errors import RecordError
from jbz_cli.store import index_open, walk_ahead
from jbz_cli.store.code_key import code_digest
from jbz_cli.store.files import Kept, LoadResult, RecordsDir, display_path
from jbz_cli.store.files import load_records as read_records
from jbz_cli.store.index_build import parsed_batches, reading_ahead
from jbz_cli.store.index_hits import Filler, Found, Hit, IndexUnavailable, Shaper, shaped
from jbz_cli.store.index_keys import (
    RACY_NS,
    diff_folder,
    folder_comparer,
    index_path,
    known_signatures,
    stored_digests,
    walk_changes,
    write_digests,
)
from jbz_cli.store.index_keys import signature as _signature
from jbz_cli.store.index_lock import Cold, Progress, building
from jbz_cli.store.index_open import _is_busy, connect, remove_files
from jbz_cli.store.index_sql import DDL, INSERT, INSERT_LIVE, SCHEMA, HitRow, live_rows, select_sql, update_live

WRITE_BATCH = 2000  # rows parsed and inserted at a time
# With defer_cold, an index this far behind is cold: more changed files than this, and more than a quarter of the
# folder. Bringing a file up to date costs about three times reading it for an answer (docs/architecture.md).
STALE_FILES = 500
STALE_SHARE = 4


def _identity(root: Path) -> dict[str, str]:
    """What the stored data depends on; any difference means rebuild."""
    return {
        "schema": str(SCHEMA),
        "jbz": __version__,
        "code": code_digest(),  # the code that built the rows and the stored JSON shapes
        "python": f"{sys.version_info[0]}.{sys.version_info[1]}",
        "unicode": unicodedata.unidata_version,  # fold() output depends on it
        "root": os.path.abspath(root),
    }


class Index:
    """An open, refreshed index for one records folder.

    `defer_cold`: raise Cold instead of building when the index is missing, from another version or too far
    behind (index_later answers from the files then). `kept`: what a pass over the files read (files.Kept), used
    instead of reading a file again. `progress` hears how far a build is. `locked`: the caller holds the build
    lock (index_lock); otherwise a build in another process makes this IndexUnavailable at once.
    """

    def __init__(
        self,
        rdir: RecordsDir,
        cache_dir: Path,
        *,
        defer_cold: bool = False,
        kept: Kept | None = None,
        progress: Progress | None = None,
        locked: bool = False,
    ) -> None:
        self.rdir = rdir
        self.path = index_path(rdir.path, cache_dir)
        self.defer_cold, self.progress = defer_cold, progress
        self.kept: Kept = {} if kept is None else kept
        if not locked and building(self.path):
            raise IndexUnavailable("another jbz is building the index")
        if defer_cold and not self.path.exists():
            raise Cold("no index yet")
        self.conn = self._connect()
        try:
            self._check_identity()
            self.refresh()
        except BaseException:
            self.close()
            raise

    # -- opening -------------------------------------------------------------------------------------------------
    def _connect(self, fresh: bool = False) -> sqlite3.Connection:
        return connect(self.path, fresh)

    def _remove_files(self) -> None:
        remove_files(self.path)

    def close(self) -> None:
        self.conn.close()

    def _check_identity(self) -> None:
        want = _identity(self.rdir.path)
        try:
            have = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError:
            have = {}
        if have == want:
            return
        if self.defer_cold:
            raise Cold("the index is from another version")
        # Empty, from another version, or damaged beyond the meta table: start again.
        self._rebuild_schema(want)

    def _rebuild_schema(self, want: dict[str, str]) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            for (name,) in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall():
                self.conn.execute(f'DROP TABLE IF EXISTS "{name}"')
            self._create_schema(want)
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self.conn.in_transaction:
                self.conn.rollback()
            if _is_busy(exc):
                raise IndexUnavailable(str(exc)) from None
            self._recreate_file(want)

    def _recreate_file(self, want: dict[str, str]) -> None:
        """A file that is not a database, or a corrupt one: throw it away and start afresh once."""
        self.conn.close()
        self._remove_files()
        self.conn = self._connect(fresh=True)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self._create_schema(want)
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise IndexUnavailable(str(exc)) from None

    def _create_schema(self, want: dict[str, str]) -> None:
        for statement in DDL:
            self.conn.execute(statement)
        self.conn.executemany("INSERT INTO meta VALUES (?, ?)", want.items())

    # -- refreshing ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Parse what was added or changed since the last run and forget what was removed.

        One digest per folder (index_keys.walk_changes) answers "nothing changed here" without listing the
        folder's files or fetching their stored signatures; only the folders whose digest differs, and those that
        are gone, are compared file by file. A folder with a racy file (written within the clock's resolution of
        the scan) keeps no digest, so it is compared (and that file parsed) again next run. A file that changes
        between the walk and the parse keeps the older signature: the next run sees it differ and parses again.
        """
        racy_ns = time.time_ns() - RACY_NS
        stored = stored_digests(self.conn)
        compare = reading_ahead(self.rdir, folder_comparer(self.conn, stored), self.kept)
        ahead = walk_ahead.taken(self.rdir.path, compare, stored)
        walk = walk_changes(self.rdir.path, racy_ns, stored, _signature, ahead)
        if walk.unlisted:  # its records would be taken for removed: the files pass reports the folder instead
            raise IndexUnavailable(f"cannot list {walk.unlisted[0][0]}: {walk.unlisted[0][1]}")
        gone = [folder for folder in stored if folder not in walk.digests]
        if not walk.changed and not walk.diffed and not gone:
            return
        empty = self.conn.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None
        changed: list[tuple[str, str, str | None]] = []
        removed: list[str] = []
        for folder in [*walk.changed, *gone]:
            new, old = diff_folder(walk.changed.get(folder, []), known_signatures(self.conn, folder))
            changed += new
            removed += old
        for _seen, new, old in walk.diffed.values():  # compared by the walk ahead
            changed += new
            removed += old
        changed.sort(key=lambda entry: entry[0])  # path order, as the files are read (the first of an id wins)
        if self.defer_cold and len(changed) > max(STALE_FILES, walk.files // STALE_SHARE):
            raise Cold(f"{len(changed)} files changed")
        # Every folder is kept, a racy one with no digest: a folder that goes away before it ever had a digest must
        # still be found gone next run, with its files.
        digests = walk.digests
        if changed or removed or digests != stored:
            self._apply(changed, removed, digests, empty)

    def _apply(
        self,
        changed: list[tuple[str, str, str | None]],
        removed: list[str],
        digests: dict[str, str | None],
        empty: bool,
    ) -> None:
        """One transaction, parsed and written in batches so a rebuild of 100,000 files stays small in memory.

        Into an `empty` table (a cold cache) rows go in path order with `live` already set (index_sql.live_rows).
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("DELETE FROM folders")
            self.conn.executemany("INSERT INTO folders VALUES (?, ?)", digests.items())
            gone = [(rel,) for rel in removed]
            self.conn.executemany("DELETE FROM topics WHERE rel = ?", gone)
            self.conn.executemany("DELETE FROM shapes WHERE rel = ?", gone)
            self.conn.executemany("DELETE FROM files WHERE rel = ?", gone)
            ids = {record_id_of(rel) for rel in removed}
            winners: set[str] = set()
            done = 0
            for parsed in parsed_batches(self.rdir, changed, WRITE_BATCH, self.kept):
                rows = [row for row, _ in parsed]
                topic_rows = [(row[0], t) for row, topics in parsed for t in topics]
                if empty:
                    self.conn.executemany(INSERT_LIVE, live_rows(rows, winners))
                else:
                    self.conn.executemany("DELETE FROM topics WHERE rel = ?", [(row[0],) for row in rows])
                    self.conn.executemany(INSERT, rows)
                    ids |= {row[2] for row in rows}
                self.conn.executemany("INSERT INTO topics VALUES (?, ?)", topic_rows)
                done += len(parsed)
                if self.progress is not None:
                    self.progress(done, len(changed))
            if not empty:
                update_live(self.conn, ids)
            self.conn.execute("COMMIT")
            write_digests(self.path, digests)  # for the next walk ahead (index_keys.read_digests)
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.rollback()
            raise IndexUnavailable(str(exc)) from None

    # -- answering -----------------------------------------------------------------------------------------------
    def problems(self) -> list[RecordError]:
        """Broken files and duplicates, in the order and words of store.load_records."""
        rows = self.conn.execute(
            "SELECT f.rel, f.id, f.ok, f.plain, w.rel FROM files f "
            "LEFT JOIN files w ON w.id = f.id AND +w.live = 1 WHERE f.live = 0"
        ).fetchall()
        rows.sort(key=lambda r: r[0])
        found = []
        for rel, record_id, ok, plain, winner in rows:
            display = display_path(self.rdir, rel)
            if winner is not None and winner < rel:
                other = display_path(self.rdir, winner)
                found.append(RecordError(display, duplicate_id(record_id, [other])))
            elif not ok:
                found.append(index_open.stored_problem(self.path, display, rel, plain))
            else:  # a readable file that is neither live nor a later duplicate cannot happen
                raise IndexUnavailable(f"inconsistent index row {rel!r}")
        return found

    def records(self, ids: Sequence[str] | None = None) -> list[Record]:
        """Every record load_records would return, in the same order; with `ids`, only those with these ids."""
        sql = "SELECT rel, id, plain FROM files WHERE live = 1"
        if ids is not None:  # +live: SQLite would rather scan every live row than look the ids up (files_id)
            sql = f"SELECT rel, id, plain FROM files WHERE +live = 1 AND id IN ({', '.join('?' * len(ids))})"
        rows = self.conn.execute(sql, list(ids or ())).fetchall()
        rows.sort(key=lambda r: r[0])
        return [index_open.stored_record(self.path, self.rdir, rel, rid, p) for rel, rid, p in rows]

    def iter_query(
        self,
        flt: Filter,
        settings: Settings,
        sort: str = "due",
        reverse: bool = False,
        limit: int | None = None,
        full: bool = False,
        rows: bool = False,
        kept: bool = False,
        ids: bool = False,
    ) -> Iterator[Any]:
        """query.select as one SQL query, its answers one at a time as SQLite returns them: Hits, whose `full` also
        fetches what is needed to build each Record, or with `rows` (id, kind, status, due text, flags, title)
        tuples for tsv, without a Hit each, or with `ids` (id,) tuples, read from the covering index alone;
        `kept`: see index_sql.select_sql.

        The checks run on the first `next`; the index must stay open until the iterator is exhausted.
        """
        flt.validate()
        newest = self.conn.execute("SELECT max(newest) FROM files WHERE live = 1").fetchone()[0]
        if newest is not None and date.fromisoformat(newest) > settings.as_of:
            raise IndexUnavailable("the as-of date is before the newest event: replay the files")
        if ids:
            for row in self.conn.execute(*select_sql(flt, settings, sort, reverse, limit, columns=("id",))):
                if type(row[0]) is not str:
                    raise index_open.damaged(self.path, f"an id that is not text: {row[0]!r}")
                yield row
            return
        sql, params = select_sql(flt, settings, sort, reverse, limit, full, kept)
        flag_sets: dict[tuple[Any, ...], tuple[str, ...]] = {}
        cursor = self.conn.execute(sql, params)
        cursor.row_factory = HitRow.of_row  # columns by name (index_sql.HitRow), not by position
        for row in cursor:
            index_open.text_columns(self.path, row.rel, row.id, row.kind, row.title)
            marks = row.flags  # one mark per flag, in FLAGS order
            flags = flag_sets.get(marks)
            if flags is None:
                flags = flag_sets[marks] = tuple(flag for flag, on in zip(FLAGS, marks, strict=True) if on)
            if rows:
                yield (row.id, row.kind, row.status, row.due_text, flags, row.title)
            else:
                extra = (row.plain, row.sig, row.shape) if full else ()
                yield Hit(row.rel, row.id, row.kind, row.status, row.due_text, row.title, flags, *extra)


def open_index(rdir: RecordsDir, cache_dir: Path, defer_cold: bool = False) -> Index:
    """Open and refresh the index; IndexUnavailable for any reason it cannot be trusted this run (Cold, with
    `defer_cold`, when it should be built after answering from the files: see Index)."""
    try:
        return Index(rdir, cache_dir, defer_cold=defer_cold)
    except IndexUnavailable:
        raise
    except (sqlite3.Error, OSError, ValueError, TypeError, KeyError, IndexError) as exc:
        raise IndexUnavailable(str(exc)) from None


def load_records(
    rdir: RecordsDir, cache_dir: Path, ids: Sequence[str] | None = None, defer_cold: bool = False
) -> tuple[list[Record], list[RecordError]]:
    """store.load_records through the index; with `ids`, only the records with these ids (and every problem)."""
    index = open_index(rdir, cache_dir, defer_cold)
    try:
        return index.records(ids), index.problems()
    except (sqlite3.Error, ValueError, TypeError, KeyError, IndexError) as exc:
        raise IndexUnavailable(str(exc)) from None
    finally:
        index.close()


def load_or_read(rdir: RecordsDir, cache_dir: Path) -> LoadResult:
    """What store.load_records returns, from the index when it can answer and from the files when not."""
    try:
        records, problems = load_records(rdir, cache_dir)
    except Exception:  # IndexUnavailable, or a damaged cache: the files are the truth
        return read_records(rdir)
    return LoadResult(records, problems)


def find(
    rdir: RecordsDir,
    cache_dir: Path,
    flt: Filter,
    settings: Settings,
    sort: str = "due",
    reverse: bool = False,
    limit: int | None = None,
    full: bool = False,
    shape: tuple[Shaper, Filler] | None = None,
    rows: bool = False,
    defer_cold: bool = False,
    ids: bool = False,
) -> Found:
    """load_records + query.select through the index, with the same problems reported.

    With `shape` (a shaper and a filler), Found.shapes holds each hit's shape (index_hits.shaped) and no hits: rows
    are read one at a time and each keeps only its shape's text, so json on 100,000 records never holds every
    record. With `rows` or `ids`, Found.hits are Index.iter_query's row tuples instead of Hits. `defer_cold`: see
    Index.
    """
    index = open_index(rdir, cache_dir, defer_cold)
    try:
        if shape is not None:
            hits = index.iter_query(flt, settings, sort, reverse, limit, full=True, kept=True)
            shapes = shaped(index.conn, hits, rdir, *shape)
            return Found([], index.problems(), shapes)
        hits = index.iter_query(flt, settings, sort, reverse, limit, full, rows, ids=ids)
        return Found(list(hits), index.problems())
    except (sqlite3.Error, ValueError, TypeError, KeyError, IndexError) as exc:
        raise IndexUnavailable(str(exc)) from None
    finally:
        index.close()


__all__ = [
    "Cold",
    "Found",
    "Hit",
    "Index",
    "IndexUnavailable",
    "find",
    "index_path",
    "load_or_read",
    "load_records",
    "open_index",
]
