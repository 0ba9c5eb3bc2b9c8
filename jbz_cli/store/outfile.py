"""The one writer for `-o FILE`: replace a file in one step, but never replace what is not a file.

A regular file (or a new name) is written through a temporary file and a rename, so a reader never sees half an
export. Anything else that already has the name is written to as it is: a FIFO, a terminal, `/dev/null` or
`/dev/stdout` (which is a link to the process's own output) receive the bytes directly, exactly as a shell's
`>` would deliver them; a rename there would put a regular file in place of the device and the reader would get
nothing. A symbolic link to a regular file is followed, so the link stays and its target gets the new content.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from jbz_cli.errors import WriteError
from jbz_cli.store.fsio import write_atomic


def write_output(path: Path, data: bytes) -> None:
    """Write `data` to `path` as `-o` promises; WriteError (one line naming the path) when it cannot."""
    shown = str(path)
    try:
        info = os.stat(path)  # follows links: /dev/stdout -> /proc/self/fd/1 -> the pipe or terminal
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise WriteError(f"cannot write {shown!r}: {exc.strerror or exc}") from None
    if info is None:
        real = Path(os.path.realpath(path)) if os.path.islink(path) else path  # a link to a file not made yet
        write_atomic(real, data)
        return
    if stat.S_ISREG(info.st_mode):
        real = Path(os.path.realpath(path))
        try:
            same = os.stat(real).st_ino == info.st_ino
        except OSError:
            same = False
        if same:
            write_atomic(real, data)  # keeps a link pointing at it; replaces the file in one step
            return
        _write_direct(path, data, os.O_APPEND)  # a /proc/self/fd link to a file the shell opened for us
        return
    if stat.S_ISDIR(info.st_mode):
        raise WriteError(f"cannot write {shown!r}: it is a folder")
    if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode) or stat.S_ISSOCK(info.st_mode):
        _write_direct(path, data, 0)
        return
    raise WriteError(f"cannot write {shown!r}: it is a block device; give a file name")


def _write_direct(path: Path, data: bytes, extra: int) -> None:
    """Open an existing FIFO, terminal or device and write all of `data`; never creates or replaces it."""
    flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0) | extra
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise WriteError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BrokenPipeError:
        pass  # the reader left, as with a closed stdout: not an error of ours
    except OSError as exc:
        raise WriteError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
