"""Replacing a cache file in one step (write a temporary file beside it, then rename it over the old one), and
reading one back without ever blocking.

For the throw-away files of the cache folder (the help text, the option descriptions, the prune stamp), so a
run that reads one sees the old file or the new one, never half of either, and a failed write leaves no temporary
file behind. Kept to `os` and `contextlib` so `jbz --help` can use it; record files need more (fsync, their mode, never
overwriting a new record's name) and go through `store/fsio.atomic_write`.
"""

from __future__ import annotations

import contextlib
import os
import stat


def replace_file(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write `data` (text as UTF-8) to `<path>.<pid>.tmp`, then rename it over `path`; OSError when it cannot.

    The temporary name is the one `store/cache.py` recognises as jbz's, so a killed writer's file is cleared.
    """
    temp = f"{os.fspath(path)}.{os.getpid()}.tmp"
    try:
        with open(temp, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)  # a full disk must not leave an empty temp file behind
        raise


def read_cached(path: str | os.PathLike[str], limit: int) -> str | None:
    """The UTF-8 text of a cache file jbz wrote, or None when it is missing, not a regular file, over `limit` bytes
    or not UTF-8: the caller then renders it again. Opened without blocking, so a FIFO put in its place cannot
    hang a run (store/files.read_bounded is the same rule for records)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        data = os.read(fd, limit + 1)
        return None if len(data) > limit else data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    finally:
        os.close(fd)
