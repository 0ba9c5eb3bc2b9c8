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
from collections.abc import Callable, Mapping
from pathlib import Path

from jbz_cli.store.forked import PIPE_BYTES, Child, frame, next_turn, queue_turns, start_child, unframe
from jbz_cli.store.index_keys import (
    RACY_NS,
    Diffed,
    Listed,
    Walked,
    folder_digests,
    folder_walked,
    index_path,
    read_digests,
)
from jbz_cli.store.walk import Entry, Unlisted, list_folder, listed_entries

# absolute records folder -> (the child, what it sends, the read end of the queue of folders it shares, or None)
_started: dict[str, tuple[Child, str, int | None]] = {}
DIGESTS, ENTRIES = "digests", "entries"
_PIECES, _PIECE = 0, 1  # frames: (_PIECES, [(path, relative path)]) the folders shared; (_PIECE, n, [Walked])


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
    queue = None
    if what == DIGESTS:
        index_file = os.fspath(index_path(root, cache_dir))
        queue = _queue()
        # A changed folder's files go out while this process is still importing: a pipe they fit in lets the walk
        # go on meanwhile (1,000 files are about 150 KB)
        child = start_child(lambda send: _walked(key, index_file, time.time_ns() - RACY_NS, send, queue), PIPE_BYTES)
        if queue is not None:
            os.close(queue[1])  # the child fills the queue and closes its own copy: then its end is seen
    else:
        child = start_child(lambda send: send(marshal.dumps(_listed(key, display))))
    if child is None:
        if queue is not None:
            os.close(queue[0])
        return None
    _started[key] = (child, what, None if queue is None else queue[0])
    return what


def _queue() -> tuple[int, int] | None:
    """A pipe whose numbered folders the child and this process take in turns (forked.next_turn)."""
    try:
        read_end, write_end = os.pipe()
    except OSError:  # out of descriptors: the child walks alone
        return None
    os.set_blocking(read_end, False)  # shared with the child: neither ever waits on an empty queue
    return read_end, write_end


def _listed(root: str, display: str) -> tuple[str, list[Entry], Unlisted]:
    unlisted: Unlisted = []
    entries = listed_entries(root, display, unlisted)
    return display, entries, unlisted


def _walked(
    root: str, index_file: str, racy_ns: int, send: Callable[[bytes], None], queue: tuple[int, int] | None
) -> None:
    """Walk `root` as folder_digests does, sharing its subfolders with the parent, and send, each as a frame:

    - each folder whose digest is not the one the index last wrote beside `index_file` (index_keys.read_digests)
      with its files, as (relative path, [Listed]), as soon as it is walked;
    - (_PIECES, [(path, relative path)]): the records folder's subfolders, numbered in the queue, which the parent
      may take from once this has come (none when they do not fit a queue: this process walks them all);
    - (_PIECE, n, [Walked]): the folders of subfolder n, for each this process took;
    - last, the records folder's own Walked and those of any subfolder not shared, as a list; None when a folder
      cannot be listed (the index's own walk finds it)."""
    stored = read_digests(index_file)
    unlisted: Unlisted = []

    def changed(folder: str, files: list[Listed]) -> None:
        send(frame((folder, files)))

    top = _top(root, racy_ns, stored, changed, unlisted)
    if top is None:
        send(frame(None))
        return
    found, folders = top
    shared = queue is not None and queue_turns(queue[1], len(folders))
    if queue is not None:
        os.close(queue[1])
    send(frame((_PIECES, folders if shared else [])))
    if shared:
        while (n := next_turn(queue[0])) is not None:  # type: ignore[index]
            path, rel = folders[n]
            send(frame((_PIECE, n, folder_digests(path, racy_ns, stored, changed, unlisted, rel))))
    else:
        for path, rel in folders:
            found += folder_digests(path, racy_ns, stored, changed, unlisted, rel)
    send(frame(None if unlisted else found))


def _top(
    root: str,
    racy_ns: int,
    stored: dict[str, str | None] | None,
    changed: Callable[[str, list[Listed]], None] | None,
    unlisted: Unlisted,
) -> tuple[list[Walked], list[tuple[str, str]]] | None:
    """The records folder's own Walked and its subfolders (path, relative path); None when it cannot be listed."""
    try:
        fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        listed = list_folder(root, "", fd, unlisted)
        if listed is None:
            return None
        files, folders = listed
        return [folder_walked(root, "", files, racy_ns, stored, changed)], folders
    finally:
        os.close(fd)


def taken(
    root: Path,
    compare: Callable[[str, list[Listed]], Diffed] | None = None,
    stored: Mapping[str, str | None] | None = None,
) -> list[Walked] | None:
    """The folder digests a child started for `root` found, waiting for them, and walking with it the subfolders
    it shares that it has not taken yet (`stored`: the index's digests, which tell which of those changed);
    None when no child walked this folder for its digests, or its answer cannot be used. Each changed folder goes
    to `compare` (index_keys.folder_comparer) as soon as it is found, and its comparison into its Walked."""
    claimed = _claimed(root, DIGESTS)
    if claimed is None:
        return None
    child, queue = claimed
    answer = _Answer(compare)
    racy_ns = time.time_ns() - RACY_NS
    try:
        while answer.found is None:
            n = next_turn(queue) if queue is not None and answer.pieces else None
            if n is not None and n >= len(answer.pieces):  # type: ignore[arg-type]
                return None
            if n is not None:  # a subfolder the child has not taken: walked here meanwhile
                path, rel = answer.pieces[n]  # type: ignore[index]
                try:
                    answer.mine[n] = folder_digests(path, racy_ns, stored, answer.changed, answer.unlisted, rel)
                except Exception:  # anything at all: the index walks the folder itself, and says what is wrong
                    return None
                chunk = child.received()
            else:
                chunk = child.read()
                if not chunk:
                    return None
            answer.feed(chunk)
    finally:
        child.stop()
        if queue is not None:
            os.close(queue)
    return answer.walked()


class _Answer:
    """The child's frames as they come (see _walked), with the subfolders this process walked itself."""

    def __init__(self, compare: Callable[[str, list[Listed]], Diffed] | None) -> None:
        self.compare = compare
        self.diffs: dict[str, Diffed] = {}
        self.pieces: list[tuple[str, str]] | None = None
        self.theirs: dict[int, list[Walked]] = {}
        self.mine: dict[int, list[Walked]] = {}
        self.unlisted: Unlisted = []
        self.found: list[Walked] | None = None  # the last frame, once it has come
        self.failed = False
        self._data = b""

    def changed(self, folder: str, files: list[Listed]) -> None:
        if self.compare is not None:
            self.diffs[folder] = self.compare(folder, files)

    def feed(self, chunk: bytes) -> None:
        frames, self._data = unframe(self._data + chunk)
        for value in frames:
            if type(value) is tuple and len(value) == 2 and type(value[0]) is str:
                if _well_listed(value[1]):
                    self.changed(*value)
            elif type(value) is tuple and len(value) == 2 and value[0] == _PIECES and _well_pieces(value[1]):
                self.pieces = value[1]
            elif type(value) is tuple and len(value) == 3 and value[0] == _PIECE and type(value[1]) is int:
                if not _well_formed(value[2]):
                    self.failed = True
                self.theirs[value[1]] = value[2]
            else:  # the last frame, or one not of these shapes
                self.failed = self.failed or not _well_formed(value)
                self.found = [] if self.failed else value  # type: ignore[assignment]

    def walked(self) -> list[Walked] | None:
        """Every folder's Walked, each changed one with its comparison; None when any part is missing."""
        count = len(self.pieces or ())
        if self.failed or self.unlisted or self.found is None or {*self.theirs, *self.mine} != set(range(count)):
            return None
        found = [*self.found, *(w for part in (self.theirs, self.mine) for walked in part.values() for w in walked)]
        return [(path, folder, digest, n, self.diffs.get(folder)) for path, folder, digest, n, _ in found]


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
    claimed = _claimed(root, what)
    data = claimed[0].result() if claimed is not None else None
    if data is None:
        return None
    try:
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None


def _claimed(root: Path, what: str) -> tuple[Child, int | None] | None:
    """The child started for `root` and its queue, no longer listed as started, when it was started for `what`
    (else it is left for the other taker)."""
    key = os.path.abspath(root)
    started = _started.get(key)
    if started is None or started[1] != what:
        return None
    del _started[key]
    return started[0], started[2]


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


def _well_pieces(pieces: object) -> bool:
    """A list of (path, relative path ending in "/")."""
    return type(pieces) is list and all(
        type(p) is tuple and len(p) == 2 and type(p[0]) is str and type(p[1]) is str and p[1].endswith("/")
        for p in pieces
    )


def _well_listed(files: object) -> bool:
    """A list of index_keys.Listed: (relative path, path, signature or None)."""
    return type(files) is list and all(
        type(e) is tuple and len(e) == 3 and type(e[0]) is str and type(e[1]) is str and type(e[2]) in _TEXT
        for e in files
    )


_TEXT = (str, type(None))
