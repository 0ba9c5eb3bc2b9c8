"""Finding and reading record files; every problem becomes a RecordError with a file and line."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jbz_cli.core.model import Record, record_id_of
from jbz_cli.errors import RecordError, RecordsDirError
from jbz_cli.store.reading import (  # noqa: F401 (re-exported: the readers were here first)
    MAX_RECORD_BYTES,
    Inside,
    Unreadable,
    listed_link,
    load_file,
    load_file_data,
    read_bounded,
    read_bounded_stat,
    read_text,
    read_text_stat,
    record_of_text,
)
from jbz_cli.store.records_pass import Entry, Kept, merge, read_split, signature  # noqa: F401 (re-exported)
from jbz_cli.store.root import ROOT_FILES, RecordsDir, bundled_records, resolve_records_dir  # noqa: F401 (re-exported)

MAX_DEPTH = 100  # folder levels below the records folder; Python's stack ends near 1,000, a real tree at 3


@dataclass
class LoadResult:
    """The records of a folder that could be read, and one RecordError per file that could not."""

    records: list[Record] = field(default_factory=list)
    problems: list[RecordError] = field(default_factory=list)


def iter_record_files(root: Path) -> list[tuple[str, Path]]:
    """Every *.toml below root as (relative path, path), sorted; hidden files and folders are skipped."""
    return [(rel, Path(path)) for rel, path, _ in scan_record_files(root, stat=False)]


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


def scan_entries(root: Path, info: Callable[[os.DirEntry[str]], Any]) -> list[tuple[str, str, Any]]:
    """Every record file below root as (relative path, path, info(its directory entry)), sorted by relative path."""
    found = [(rel, entry.path, info(entry)) for _, files in walk_folders(root) for rel, entry in files]
    found.sort(key=lambda f: f[0])
    return found


def walk_folders(root: Path | str) -> Iterator[tuple[str, list[tuple[str, os.DirEntry[str]]]]]:
    """Each readable folder below root, as (its relative path with a trailing "/", "" for root, and its record
    files as (relative path, directory entry)), in no particular order; a folder that cannot be listed is skipped.

    The one rule for which files are records: hidden names are skipped, folders are not followed through
    symbolic links, ROOT_FILES at the top are not records; names that do not print are shown escaped (printable).
    RecordsDirError for folders nested more than MAX_DEPTH deep.
    """
    stack = [(os.fspath(root), "")]
    while stack:
        folder, rel = stack.pop()
        if rel.count("/") > MAX_DEPTH:
            shown = printable(rel if len(rel) <= 60 else rel[:60] + "...")
            raise RecordsDirError(f"{shown}: folders nested more than {MAX_DEPTH} deep below the records folder")
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue
        files = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if not name.isprintable():
                name = printable(name)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                stack.append((entry.path, f"{rel}{name}/"))
            elif name.endswith(".toml") and not (rel == "" and name in ROOT_FILES):  # meetings, settings
                files.append((f"{rel}{name}", entry))
        yield rel, files


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def printable(name: str) -> str:
    """A file name that prints on one line without crashing output: undecodable bytes become U+FFFD,
    control characters such as a newline become escapes like \\n."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _CONTROL_RE.sub(lambda m: repr(m[0])[1:-1], name)


def join_display(folder: str, rel: str) -> str:
    """A path as shown in messages: `rel` under the shown folder, or `rel` alone when that is "." or ""."""
    return rel if folder in ("", ".") else f"{folder.rstrip('/')}/{rel}"


def display_path(rdir: RecordsDir, rel: str) -> str:
    """A file of this records folder as messages show it (join_display with the folder as the user gave it)."""
    return join_display(rdir.display, rel)


def load_records(
    rdir: RecordsDir, kept: Kept | None = None, workers: int = 1, keep: Callable[[Record], bool] | None = None
) -> LoadResult:
    """Load every record; bad files become problems so the rest still list. `kept`: see load_records_data.
    `workers`: the CPUs the caller lets a long pass use (records_pass.read_split: at most two; same answer).
    `keep`: the caller needs only the records it accepts; some others may be left out (read_split)."""
    loaded, problems = _load(rdir, kept, with_data=False, workers=workers, keep=keep)
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
    keep: Callable[[Record], bool] | None = None,
) -> tuple[list[tuple[Record, dict | None]], list[RecordError]]:
    """The pass of store/records_pass.py over every record file of `rdir`, in path order."""
    entries: list[Entry] = [
        (rel, path, is_link, display_path(rdir, rel), record_id_of(rel))
        for rel, path, is_link in scan_entries(rdir.path, listed_link)
    ]
    outcomes = read_split(entries, Inside(rdir.path), kept is not None, with_data, workers, keep)
    return merge(entries, outcomes, kept)
