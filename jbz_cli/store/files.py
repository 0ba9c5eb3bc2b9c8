"""Finding and reading record files; every problem becomes a RecordError with a file and line."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from jbz_cli.core.model import Record, record_id_of  # noqa: F401 (re-exported)
from jbz_cli.errors import RecordError
from jbz_cli.store import walk_ahead
from jbz_cli.store.reading import (  # noqa: F401 (re-exported: the readers were here first)
    MAX_RECORD_BYTES,
    Inside,
    Unreadable,
    load_file,
    load_file_data,
    read_bounded,
    read_bounded_stat,
    read_text,
    read_text_stat,
    record_of_text,
)
from jbz_cli.store.records_pass import Kept, Sieve, merge, read_split
from jbz_cli.store.root import ROOT_FILES, RecordsDir, bundled_records, resolve_records_dir  # noqa: F401 (re-exported)
from jbz_cli.store.walk import (  # noqa: F401 (re-exported)
    MAX_DEPTH,
    Unlisted,
    join_display,
    listed_entries,
    listed_link,
    printable,
    scan_entries,
    signature,
    unlisted_problem,
    walk_folders,
)


class LoadResult(NamedTuple):
    """The records of a folder that could be read, and one RecordError per file that could not."""

    records: list[Record]
    problems: list[RecordError]


def iter_record_files(root: Path, unlisted: Unlisted | None = None) -> list[tuple[str, Path]]:
    """Every *.toml below root as (relative path, path), sorted; hidden files and folders are skipped.
    `unlisted`: see walk.walk_paths."""
    return [(rel, Path(path)) for rel, path, _ in scan_entries(root, lambda _entry: None, unlisted)]


def scan_record_files(
    root: Path, stat: bool = True, sign: Callable[[os.stat_result], Any] | None = None
) -> list[tuple[str, str, Any]]:
    """Like iter_record_files, with each file's stat (None when it fails) so the index can spot changes.

    `sign` turns each stat into something smaller to keep (the index's signature: 100,000 stat results take
    about 60 MiB); it is not called when the stat fails.
    """

    def info(entry: os.DirEntry[str]) -> Any:
        if not stat:
            return None
        try:
            found = entry.stat()
        except OSError:
            return None
        return sign(found) if sign is not None else found

    return scan_entries(root, info)


def display_path(rdir: RecordsDir, rel: str) -> str:
    """A file of this records folder as messages show it (join_display with the folder as the user gave it)."""
    return join_display(rdir.display, rel)


def load_records(
    rdir: RecordsDir, kept: Kept | None = None, workers: int = 1, sieve: Sieve | None = None
) -> LoadResult:
    """Load every record; bad files become problems so the rest still list. `kept`: see load_records_data.
    `workers`: the CPUs the caller lets a long pass use (records_pass.read_split: at most two; same answer).
    `sieve`: the caller needs only the records it keeps; some others may be left out (read_split)."""
    loaded, problems = _load(rdir, kept, with_data=False, workers=workers, sieve=sieve)
    return LoadResult([record for record, _data in loaded], problems)


def load_records_data(
    rdir: RecordsDir, kept: Kept | None = None
) -> tuple[list[tuple[Record, dict]], list[RecordError]]:
    """Every record with its parsed table, and one RecordError per unreadable, invalid or duplicate file.

    One listing and one open, stat and read per file: the listing says which entries are links, so the symlink
    guard costs no `lstat`. With `kept`, each file read is added to it with the stat of the open file (Kept).
    """
    loaded, problems = _load(rdir, kept, with_data=True)
    return [(record, data or {}) for record, data in loaded], problems


def _load(
    rdir: RecordsDir,
    kept: Kept | None,
    with_data: bool,
    workers: int = 1,
    sieve: Sieve | None = None,
) -> tuple[list[tuple[Record, dict | None]], list[RecordError]]:
    """The pass of store/records_pass.py over every record file of `rdir`, in path order."""
    ahead = walk_ahead.listed(rdir.path, rdir.display)  # listed by a second process while this one started
    if ahead is None:
        unlisted: Unlisted = []
        ahead = listed_entries(rdir.path, rdir.display, unlisted), unlisted
    entries, unlisted = ahead
    outcomes = read_split(entries, Inside(rdir.path), kept is not None, with_data, workers, sieve)
    loaded, problems = merge(entries, outcomes, kept)
    if unlisted:  # first, in path order: the records of these folders are missing from everything after
        problems[:0] = [RecordError(*unlisted_problem(rdir.display, rel, why)) for rel, why in sorted(unlisted)]
    return loaded, problems
