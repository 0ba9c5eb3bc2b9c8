"""The lock that keeps one builder per index, and the signal that the index is cold.

A builder holds an exclusive lock on the `-lock` file next to the database while it builds (`build_lock`). Every
other run checks it without waiting (`building`) and reads the files instead of waiting or building a second time.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from jbz_cli.store.fsio import lock_held
from jbz_cli.store.index_hits import IndexUnavailable

# (files done, files to do): called after each batch of a build, so a terminal can show how far it is
Progress = Callable[[int, int], None]
LOCK_SUFFIX = "-lock"


class Cold(IndexUnavailable):
    """No usable index for this folder: answer from the files and build it afterwards (PendingBuild)."""


def lock_file(db: Path) -> Path:
    """The file a builder locks: next to the database, removed with it (cache.SQLITE_SIDE_FILES)."""
    return Path(f"{db}{LOCK_SUFFIX}")


def building(db: Path) -> bool:
    """Whether another process is building this index now (it holds build_lock)."""
    return lock_held(lock_file(db))


@contextlib.contextmanager
def build_lock(db: Path) -> Iterator[bool]:
    """Hold the build lock for `db` without waiting; yields False when another builder has it (or no lock can be
    made there), and then nothing should be built."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no fork either, so builds are inline and SQLite serialises them
        yield True
        return
    try:
        db.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(lock_file(db), os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing releases the lock
