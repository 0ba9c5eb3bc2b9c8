"""Replacing a cache file in one step: write a temporary file beside it, then rename it over the old one.

For the throw-away files of the cache folder (the help text, the option descriptions, the prune stamp), so a
run that reads one sees the old file or the new one, never half of either, and a failed write leaves no temporary
file behind. Kept to `os` and `contextlib` so `jbz --help` can use it; record files need more (fsync, their mode, never
overwriting a new record's name) and go through `store/fsio.atomic_write`.
"""

from __future__ import annotations

import contextlib
import os


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
