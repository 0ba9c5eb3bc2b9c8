"""The walk of a records folder, started in a second process while the first is still importing the rest of jbz.

A warm `jbz list` at 10,000 records spends about 60 ms statting every record file (index_keys.walk_changes), and
a cold one about as long listing them for the files pass, after about 100 ms of importing the modules that
answer. Neither needs more than store/walk.py, so the fast start (cli/fast.py) forks a child that walks the
records folder it is about to read, as soon as it knows which. Where the folder has an index, the child sends
every folder's digest, which the index takes when it refreshes (Index.refresh, `taken`). Before that, as soon as
it has walked a folder whose digest is not the one the index last wrote beside it (index_keys.write_digests), it
sends that folder's files, which the index compares with its rows (and parses what changed) while the walk goes
on: a run after an edit then only parses the edited file, and mostly while it would be waiting anyway. Where the
folder has no index (or with --no-cache), the child sends the listing of the files pass (walk.listed_entries),
which that pass takes (files.load_records, `listed`). The child starts only where `os.fork` exists; anything
unexpected (no answer, a damaged one, a failed child, another folder) means the parent walks the folder itself,
as before.

A file changed between the child's look and the answer is seen by the next run, as a file changed just after
any walk is: the child's digests are of its own moment, with its own racy cut-off, and a file gone from a listing
by the time the pass reads it is a file that cannot be read, as it is when it goes during any pass.
"""

from __future__ import annotations

import marshal
import os
import time
from collections.abc import Callable
from pathlib import Path

from jbz_cli.store.forked import PIPE_BYTES, Child, frame, start_child, unframe
from jbz_cli.store.index_keys import RACY_NS, Diffed, Listed, Walked, folder_digests, index_path, read_digests
from jbz_cli.store.walk import Entry, Unlisted, listed_entries

_started: dict[str, tuple[Child, str]] = {}  # absolute records folder -> (the child, what it sends)
DIGESTS, ENTRIES = "digests", "entries"


def start(root: Path, display: str, cache_dir: Path, listing: bool = False) -> str | None:
    """Fork a child that walks `root` for this process (forked.start_child), and say what it will send: DIGESTS
    (folder_digests, for `taken`) when the folder has an index in `cache_dir` and not `listing`, else ENTRIES
    (walk.listed_entries, named by `display`, for `listed`: the files pass of a cold run or --no-cache). None when
    no child was started (no fork on this system, or one already started for this folder)."""
    key = os.path.abspath(root)
    if key in _started:
        return None
    try:
        what = DIGESTS if not listing and index_path(root, cache_dir).is_file() else ENTRIES
    except (OSError, ValueError):
        return None
    if what == DIGESTS:
        index_file = os.fspath(index_path(root, cache_dir))
        # A changed folder's files go out while this process is still importing: a pipe they fit in lets the walk
        # go on meanwhile (1,000 files are about 150 KB)
        child = start_child(lambda send: _walked(key, index_file, time.time_ns() - RACY_NS, send), PIPE_BYTES)
    else:
        child = start_child(lambda send: send(marshal.dumps(_listed(key, display))))
    if child is None:
        return None
    _started[key] = (child, what)
    return what


def _listed(root: str, display: str) -> tuple[str, list[Entry], Unlisted]:
    unlisted: Unlisted = []
    entries = listed_entries(root, display, unlisted)
    return display, entries, unlisted


def _walked(root: str, index_file: str, racy_ns: int, send: Callable[[bytes], None]) -> None:
    """Send each folder whose digest is not the one the index last wrote beside `index_file`
    (index_keys.read_digests) with its files, as (relative path, [Listed]), as soon as it is walked; then
    folder_digests' list (None when a folder cannot be listed: the index's own walk finds it). Each as a frame."""
    unlisted: Unlisted = []
    found = folder_digests(
        root, racy_ns, read_digests(index_file), lambda folder, files: send(frame((folder, files))), unlisted
    )
    send(frame(None if unlisted else found))


def taken(root: Path, compare: Callable[[str, list[Listed]], Diffed] | None = None) -> list[Walked] | None:
    """The folder digests a child started for `root` found, waiting for them; None when no child walked this
    folder for its digests or its answer cannot be used. Each changed folder it sends first goes to `compare`
    (index_keys.folder_comparer) as it arrives, and its comparison into that folder's Walked."""
    child = _claimed(root, DIGESTS)
    if child is None:
        return None
    diffs: dict[str, Diffed] = {}
    try:
        data = b""
        while True:
            chunk = child.read()
            if not chunk:
                return None
            frames, data = unframe(data + chunk)
            for value in frames:
                if not (type(value) is tuple and len(value) == 2):
                    return _with_diffs(value, diffs)
                folder, files = value
                if compare is not None and type(folder) is str and _well_listed(files):
                    diffs[folder] = compare(folder, files)
    finally:
        child.stop()


def _with_diffs(found: object, diffs: dict[str, Diffed]) -> list[Walked] | None:
    """The child's folder digests with the comparison of each changed folder; None when not its shape."""
    if not _well_formed(found):
        return None
    return [(path, folder, digest, count, diffs.get(folder)) for path, folder, digest, count, _ in found]  # type: ignore[union-attr]


def listed(root: Path, display: str) -> tuple[list[Entry], Unlisted] | None:
    """The record files a child listed for `root`, named by `display`, and the folders it could not list, waiting
    for it to finish; None when no child listed this folder so named, or its answer cannot be used."""
    found = _answer(root, ENTRIES)
    if not (isinstance(found, tuple) and len(found) == 3 and found[0] == display and isinstance(found[1], list)):
        return None
    # Shape, not content: the child is this code, and its answer arrived whole (exit status 0, a complete marshal).
    entries, unlisted = found[1], found[2]
    if not (isinstance(unlisted, list) and all(type(u) is tuple and len(u) == 2 for u in unlisted)):
        return None
    return (entries, unlisted) if all(type(e) is tuple and len(e) == 5 for e in entries) else None


def _answer(root: Path, what: str) -> object:
    """What the child started for `root` sent, when it was started for `what` (else it is left for the other
    taker); None when there is none or it failed."""
    child = _claimed(root, what)
    data = child.result() if child is not None else None
    if data is None:
        return None
    try:
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None


def _claimed(root: Path, what: str) -> Child | None:
    """The child started for `root`, no longer listed as started, when it was started for `what` (else it is left
    for the other taker)."""
    key = os.path.abspath(root)
    started = _started.get(key)
    if started is None or started[1] != what:
        return None
    del _started[key]
    return started[0]


def _well_formed(found: object) -> bool:
    """A list of folder_digests' tuples: anything else was not written by the child."""
    return isinstance(found, list) and all(
        type(item) is tuple
        and len(item) == 5
        and type(item[0]) is str
        and type(item[1]) is str
        and (item[2] is None or type(item[2]) is str)
        and type(item[3]) is int
        and (item[4] is None or _well_diffed(item[4]))
        for item in found
    )


def _well_diffed(diffed: object) -> bool:
    """An index_keys.Diffed: (stored digest, [Listed], [rel])."""
    return (
        type(diffed) is tuple
        and len(diffed) == 3
        and (diffed[0] is None or type(diffed[0]) is str)
        and _well_listed(diffed[1])
        and type(diffed[2]) is list
        and all(type(rel) is str for rel in diffed[2])
    )


def _well_listed(files: object) -> bool:
    """A list of index_keys.Listed: (relative path, path, signature or None)."""
    return type(files) is list and all(
        type(e) is tuple and len(e) == 3 and type(e[0]) is str and type(e[1]) is str and type(e[2]) in _TEXT
        for e in files
    )


_TEXT = (str, type(None))
