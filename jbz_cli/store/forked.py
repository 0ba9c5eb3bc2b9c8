"""A long pass on two CPUs: a forked child does the last part of a list and sends back bytes, the parent the rest.

The one way jbz splits work, for the files pass (store/records_pass.py) and `jbz check` (check/split.py). The
child leaves with `os._exit`, so none of the parent's cleanup, buffered output or open databases run twice; the
parent reads the child's bytes after its own part (the pipe's reader is closed before waiting, so a child still
writing gets a broken pipe rather than waiting forever) and always reaps it. Any failure (no pipe, no fork, an
exception or a kill in the child, no bytes) hands back None, and the caller does that part itself: a split never
changes an answer, only how long it takes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_two(
    items: Sequence[T], half: int, mine: Callable[[Sequence[T]], R], theirs: Callable[[Sequence[T]], bytes]
) -> tuple[R, bytes | None]:
    """`mine(items[:half])`, done here, and the bytes `theirs(items[half:])` gave in a forked child, or None when
    the child could not run or failed in any way. Call only where `os.fork` exists."""
    try:
        read_end, write_end = os.pipe()
    except OSError:  # out of descriptors
        return mine(items[:half]), None
    try:
        pid = os.fork()
    except OSError:  # no memory or too many processes for a second one
        os.close(read_end)
        os.close(write_end)
        return mine(items[:half]), None
    if pid == 0:  # the child: its part, sent back, and out without running any of the parent's cleanup
        code = 1
        try:
            os.close(read_end)
            data = theirs(items[half:])
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    inp = os.fdopen(read_end, "rb")
    try:
        first = mine(items[:half])
        data = inp.read()
    finally:
        inp.close()
        status = _waited(pid)
    return first, (data if status == 0 and data else None)


def _waited(pid: int) -> int:
    """The child's exit status once it has ended; -1 when it cannot be had (already reaped elsewhere)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return -1
