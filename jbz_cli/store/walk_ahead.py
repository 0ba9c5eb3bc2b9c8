"""The index's freshness walk, started in a second process while the first is still importing the rest of jbz.

A warm `jbz list` at 10,000 records spends about 60 ms statting every record file (index_keys.walk_changes) and
about as long importing the modules that answer. The walk needs only store/walk.py, so the fast start
(cli/fast.py) forks a child that walks the records folder it is about to read, as soon as it knows which, and
the index takes the child's folder digests when it refreshes (Index.refresh). The child starts only where
`os.fork` exists and the folder already has an index; anything unexpected (no answer, a damaged one, a failed
child, another folder) means the index walks the folder itself, as before.

A file changed between the child's stat and the answer is seen by the next run, as a file changed just after
any walk is: the child's digests are of its own moment, with its own racy cut-off.
"""

from __future__ import annotations

import marshal
import os
import time
from pathlib import Path

from jbz_cli.store.index_keys import RACY_NS, Walked, folder_digests, index_path

_started: dict[str, tuple[int, int]] = {}  # absolute records folder -> (the child's pid, read end of its pipe)


def start(root: Path, cache_dir: Path) -> bool:
    """Fork a child that walks `root` (index_keys.folder_digests) for a later `taken(root)`; False when none
    was started (no fork on this system, no index of this folder in `cache_dir` yet, or one already started)."""
    key = os.path.abspath(root)
    if key in _started or not hasattr(os, "fork"):
        return False
    try:
        if not index_path(root, cache_dir).is_file():
            return False
        read_end, write_end = os.pipe()
    except (OSError, ValueError):
        return False
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return False
    if pid == 0:  # pragma: no cover - the child; tests see what it sends (tests/store/test_walk_ahead.py)
        _child(key, read_end, write_end)
    os.close(write_end)
    _started[key] = (pid, read_end)
    return True


def _child(root: str, read_end: int, write_end: int) -> None:
    """Walk, send the digests, and leave without running the parent's exit handlers or flushing its buffers."""
    code = 1
    try:
        os.close(read_end)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # a reader of jbz's output must not wait for this process to close its copy
            os.dup2(null, fd)
        data = memoryview(marshal.dumps(folder_digests(root, time.time_ns() - RACY_NS)))
        while data:
            data = data[os.write(write_end, data) :]
        code = 0
    except BaseException:
        pass
    finally:
        os._exit(code)


def taken(root: Path) -> list[Walked] | None:
    """The folder digests the child started for `root` found, waiting for it to finish; None when no child
    walked this folder or its answer cannot be used."""
    entry = _started.pop(os.path.abspath(root), None)
    if entry is None:
        return None
    pid, read_end = entry
    chunks: list[bytes] | None = []
    try:
        while chunk := os.read(read_end, 1 << 20):
            chunks.append(chunk)  # type: ignore[union-attr]
    except OSError:
        chunks = None
    finally:
        os.close(read_end)
        status = _reaped(pid)
    if chunks is None or status != 0:
        return None
    try:
        found = marshal.loads(b"".join(chunks))
    except (EOFError, ValueError, TypeError):
        return None
    return found if _well_formed(found) else None


def _reaped(pid: int) -> int | None:
    """The child's exit status once it has ended; None when it was not ours to wait for."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    return os.waitstatus_to_exitcode(status)


def _well_formed(found: object) -> bool:
    """A list of folder_digests' tuples: anything else was not written by the child."""
    return isinstance(found, list) and all(
        type(item) is tuple
        and len(item) == 4
        and type(item[0]) is str
        and type(item[1]) is str
        and (item[2] is None or type(item[2]) is str)
        and type(item[3]) is int
        for item in found
    )
