"""The first answer from the files, the index built afterwards: what a cold run does.

Building the index costs several times what answering from the files does (rows, derived columns, inserts), so a
run that finds no usable index (missing, from another version of jbz, or too far behind the files) answers from
one pass over the files (files.load_records, the same path as --no-cache, so the answer is the same byte for
byte) and hands back a `PendingBuild`. The CLI runs it after the answer is written, in a detached process where it
can. The build reuses what the pass read (files.Kept) for every file whose signature has not changed since.

One builder at a time (store/index_lock.py): while one builds, every other run reads the files without waiting
and without starting a second build.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jbz_cli.core.horizon import Settings
from jbz_cli.core.model import Record
from jbz_cli.core.query import Filter, Item, ordered, picker, select
from jbz_cli.core.replay import state_on, states_on
from jbz_cli.store.files import Kept, LoadResult, RecordsDir, load_records
from jbz_cli.store.index import Index
from jbz_cli.store.index import load_records as indexed
from jbz_cli.store.index_hits import IndexUnavailable
from jbz_cli.store.index_keys import index_path
from jbz_cli.store.index_lock import Cold, Progress, build_lock

# Fewer files than this build in well under a second (about 0.2 ms a file): not worth a separate process.
DETACH_FROM = 2000


@dataclass
class PendingBuild:
    """An index to build for `rdir` after the answer is out, from what the files pass kept."""

    rdir: RecordsDir
    cache_dir: Path
    kept: Kept = field(default_factory=dict)

    @property
    def long(self) -> bool:
        """Whether the build is long enough to be worth running in a detached process (DETACH_FROM)."""
        return len(self.kept) >= DETACH_FROM

    def run(self, progress: Progress | None = None) -> bool:
        """Build (or bring up to date) the index under the build lock; whether it is ready. Never raises: the
        answer has been given, and a build that fails is only a slower next run."""
        with build_lock(index_path(self.rdir.path, self.cache_dir)) as mine:
            if not mine:
                return False
            try:
                Index(self.rdir, self.cache_dir, kept=self.kept, progress=progress, locked=True).close()
            except (IndexUnavailable, sqlite3.Error, OSError, ValueError, TypeError, KeyError, IndexError):
                return False
        return True


def read_files(
    rdir: RecordsDir, cache_dir: Path, workers: int = 1, keep: Callable[[Record], bool] | None = None
) -> tuple[LoadResult, PendingBuild]:
    """Every record from the files (store.load_records, on up to `workers` CPUs; `keep`: see there), and the build
    that makes the index from that pass."""
    build = PendingBuild(rdir, cache_dir)
    return load_records(rdir, build.kept, workers, keep), build


def select_from_files(
    rdir: RecordsDir,
    cache_dir: Path,
    flt: Filter,
    settings: Settings,
    sort: str,
    reverse: bool,
    limit: int | None,
    workers: int = 1,
) -> tuple[list[Item], LoadResult, PendingBuild]:
    """query.select over the records of the files as they stood on the as-of day (the --no-cache answer), the
    records as written (for the caller's topic check: every one when `flt` names topics, else perhaps only those
    the answer needs), and the build to run afterwards.

    A forked reader (records_pass.read_split) sends back only the records that query.picker takes as they stood
    on the as-of day; select then sees the same candidates it would have kept of them all."""
    if flt.topics:
        loaded, build = read_files(rdir, cache_dir, workers)
        return select(states_on(loaded.records, settings.as_of), flt, settings, sort, reverse, limit), loaded, build
    keep, item_of = _kept_on(flt, settings)
    loaded, build = read_files(rdir, cache_dir, workers, keep)
    # This process's records were picked as it read them; the child's are picked here.
    items = [item for item in map(item_of, loaded.records) if item is not None]
    return ordered(items, sort, reverse, limit), loaded, build


def _kept_on(flt: Filter, settings: Settings) -> tuple[Callable[[Record], bool], Callable[[Record], Item | None]]:
    """Whether a record as written is among what select(states_on([it], as_of), flt, settings) keeps, and its
    Item there (None when it is not): the Item `keep` made for a record, kept with the record (which keeps its
    id() its own), is not made again."""
    flt.validate()  # a bad filter is the user's error before any file is read, as select says it
    pick, day = picker(flt, settings), settings.as_of
    picked: dict[int, tuple[Record, Item]] = {}

    def item_of(record: Record) -> Item | None:
        hit = picked.get(id(record))
        if hit is not None and hit[0] is record:
            return hit[1]
        state = state_on(record, day)
        return pick(state) if state is not None else None

    def keep(record: Record) -> bool:
        item = item_of(record)
        if item is not None:
            picked[id(record)] = (record, item)
        return item is not None

    return keep, item_of


def load_or_read(rdir: RecordsDir, cache_dir: Path, workers: int = 1) -> tuple[LoadResult, PendingBuild | None]:
    """What store.load_records returns: from the index when it is ready, else from the files, with the build to
    run afterwards when the index is cold (None when another process is building it or it cannot be used)."""
    try:
        records, problems = indexed(rdir, cache_dir, defer_cold=True)
    except Cold:
        return read_files(rdir, cache_dir, workers)
    except Exception:  # IndexUnavailable, or a damaged cache: the files are the truth
        return load_records(rdir, workers=workers), None
    return LoadResult(records, problems), None
