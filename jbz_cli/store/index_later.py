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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
from jbz_cli.store.records_pass import Sieve

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
    rdir: RecordsDir, cache_dir: Path, workers: int = 1, sieve: Sieve | None = None
) -> tuple[LoadResult, PendingBuild]:
    """Every record from the files (store.load_records, on up to `workers` CPUs; `sieve`: see there), and the
    build that makes the index from that pass."""
    build = PendingBuild(rdir, cache_dir)
    return load_records(rdir, build.kept, workers, sieve), build


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
    picks = Picks(flt, settings)
    loaded, build = read_files(rdir, cache_dir, workers, picks)
    # Every record was picked as it was read, here or (its flags sent along) in the child.
    items = [item for item in map(picks.item_of, loaded.records) if item is not None]
    return ordered(items, sort, reverse, limit), loaded, build


class Picks:
    """Which records as written are among what select(states_on([them], as_of), flt, settings) keeps, and their
    Items there: records_pass's Sieve for a cold `list`. The Item `keep` made for a record, kept with the record
    (which keeps its id() its own), is not made again; nor is one the child made, whose flags `note` sends and
    `adopt` takes, where the record's state on the as-of day is the record itself (most records, most days)."""

    def __init__(self, flt: Filter, settings: Settings) -> None:
        flt.validate()  # a bad filter is the user's error before any file is read, as select says it
        self._pick, self._day = picker(flt, settings), settings.as_of
        self._picked: dict[int, tuple[Record, Item]] = {}

    def item_of(self, record: Record) -> Item | None:
        """The record's Item on the as-of day, or None when the filter does not take it."""
        hit = self._picked.get(id(record))
        if hit is not None and hit[0] is record:
            return hit[1]
        state = state_on(record, self._day)
        return self._pick(state) if state is not None else None

    def keep(self, record: Record) -> bool:
        item = self.item_of(record)
        if item is not None:
            self._picked[id(record)] = (record, item)
        return item is not None

    def note(self, record: Record) -> tuple[str, ...] | None:
        """The flags of a kept record whose Item holds the record itself; None for any other."""
        hit = self._picked.get(id(record))
        if hit is None or hit[0] is not record or hit[1].record is not record:
            return None
        return hit[1].flags

    def adopt(self, record: Record, note: Any) -> None:
        if type(note) is tuple and all(type(flag) is str for flag in note):
            self._picked[id(record)] = (record, Item(record, note))


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
