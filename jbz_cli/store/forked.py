"""A long pass on two CPUs: a forked child does part of the work and sends back bytes, the parent the rest.

The one way jbz splits work: `in_two` cuts a list in two fixed parts (`jbz check`, check/split.py), `in_turns`
hands out numbered pieces to whichever process is free (the files pass, store/records_pass.py). The
child leaves with `os._exit`, so none of the parent's cleanup, buffered output or open databases run twice; the
parent reads the child's bytes after its own part (the pipe's reader is closed before waiting, so a child still
writing gets a broken pipe rather than waiting forever) and always reaps it. Any failure (no pipe, no fork, an
exception or a kill in the child, no bytes) hands back None, and the caller does that part itself: a split never
changes an answer, only how long it takes.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_two(
    items: Sequence[T], half: int, mine: Callable[[Sequence[T]], R], theirs: Callable[[Sequence[T]], bytes]
) -> tuple[R, bytes | None]:
    """`mine(items[:half])`, done here, and the bytes `theirs(items[half:])` gave in a forked child, or None when
    the child could not run or failed in any way. Call only where `os.fork` exists."""
    return _with_child(lambda: mine(items[:half]), lambda: theirs(items[half:]))


def _with_child(mine: Callable[[], R], theirs: Callable[[], bytes]) -> tuple[R, bytes | None]:
    """`mine()` here while a forked child runs `theirs()` and sends its bytes back; None for them when the child
    could not run or failed in any way."""
    try:
        read_end, write_end = os.pipe()
    except OSError:  # out of descriptors
        return mine(), None
    try:
        pid = os.fork()
    except OSError:  # no memory or too many processes for a second one
        os.close(read_end)
        os.close(write_end)
        return mine(), None
    if pid == 0:  # the child: its part, sent back, and out without running any of the parent's cleanup
        code = 1
        try:
            os.close(read_end)
            data = theirs()
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    inp = os.fdopen(read_end, "rb")
    try:
        first = mine()
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


_TURN = struct.Struct("<I")  # one piece's number in the queue; a pipe hands each read's bytes to one reader
MAX_TURNS = 8192  # pieces: their numbers (32 KiB) fit a pipe's buffer before anyone reads, on any Linux


def in_turns(
    count: int, do: Callable[[int], R], theirs: Callable[[list[tuple[int, R]]], bytes]
) -> tuple[dict[int, R], bytes | None]:
    """Pieces 0 to `count` - 1 shared with a forked child as each process becomes free: `do(n)` for the pieces
    this process took, by number, and the bytes `theirs` made of the child's (number, result) list, or None when
    the child could not run or failed in any way (the caller then does the pieces missing here itself).

    The numbers wait in a pipe, written before the fork; each process reads the next one when it has finished
    the last, so neither waits for the other at the end however their speeds differ (a second process copies
    pages it touches, a busy machine slows either). Call only where `os.fork` exists; ValueError past MAX_TURNS.
    """
    if count > MAX_TURNS:
        raise ValueError(f"at most {MAX_TURNS} pieces, not {count}")
    try:
        queue_in, queue_out = os.pipe()
    except OSError:  # out of descriptors
        return {n: do(n) for n in range(count)}, None
    numbers = b"".join(_TURN.pack(n) for n in range(count))
    try:
        os.set_blocking(queue_out, False)  # a pipe smaller than the queue must fail here, not wait for a reader
        written = os.write(queue_out, numbers)
    except OSError:
        written = -1
    finally:
        os.close(queue_out)  # the queue holds every number now (or failed): its readers see its end when it is empty
    if written != len(numbers):
        os.close(queue_in)
        return {n: do(n) for n in range(count)}, None
    try:  # without a child (no pipe, no fork), this process empties the queue itself
        return _with_child(
            lambda: {n: do(n) for n in _turns(queue_in)}, lambda: theirs([(n, do(n)) for n in _turns(queue_in)])
        )
    finally:
        os.close(queue_in)


def _turns(queue: int) -> Iterator[int]:
    """The numbers this process takes from the queue, one at a time, until it is empty."""
    while True:
        raw = os.read(queue, _TURN.size)
        if len(raw) != _TURN.size:
            return
        yield _TURN.unpack(raw)[0]
