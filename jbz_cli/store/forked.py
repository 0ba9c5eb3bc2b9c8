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
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_two(
    items: Sequence[T], half: int, mine: Callable[[Sequence[T]], R], theirs: Callable[[Sequence[T]], bytes]
) -> tuple[R, bytes | None]:
    """`mine(items[:half])`, done here, and the bytes `theirs(items[half:])` gave in a forked child, or None when
    the child could not run or failed in any way. Call only where `os.fork` exists."""
    return _with_child(lambda: mine(items[:half]), lambda: theirs(items[half:]))


class Child:
    """A forked child that is sending its bytes back (start_child)."""

    __slots__ = ("_pid", "_read_end")

    def __init__(self, pid: int, read_end: int) -> None:
        self._pid, self._read_end = pid, read_end

    def result(self) -> bytes | None:
        """The bytes the child sent, read to the end of its pipe, once it has ended; None when it sent nothing or
        failed in any way."""
        inp = os.fdopen(self._read_end, "rb")
        try:
            data = inp.read()
        except OSError:
            data = b""
        finally:
            inp.close()
            status = _waited(self._pid)
        return data if status == 0 and data else None

    def abandon(self) -> None:
        """Stop listening and reap the child: one still writing gets a broken pipe rather than waiting forever."""
        os.close(self._read_end)
        _waited(self._pid)


def start_child(theirs: Callable[[], bytes]) -> Child | None:
    """Fork a child that runs `theirs()` and sends the bytes back, for `Child.result` later; None when there is
    no `os.fork`, no pipe or no second process. The child puts the null device on its standard streams first (a
    reader of this process's output never waits for it to close its copy) and leaves with `os._exit`, running
    none of the parent's cleanup and flushing none of its buffers."""
    if not hasattr(os, "fork"):
        return None
    try:
        read_end, write_end = os.pipe()
    except OSError:  # out of descriptors
        return None
    try:
        pid = os.fork()
    except OSError:  # no memory or too many processes for a second one
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # pragma: no cover - the child: its part, sent back, and out
        code = 1
        try:
            os.close(read_end)
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            data = theirs()
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return Child(pid, read_end)


def _with_child(mine: Callable[[], R], theirs: Callable[[], bytes]) -> tuple[R, bytes | None]:
    """`mine()` here while a forked child runs `theirs()` and sends its bytes back; None for them when the child
    could not run or failed in any way."""
    child = start_child(theirs)
    if child is None:
        return mine(), None
    try:
        first = mine()
    except BaseException:
        child.abandon()
        raise
    return first, child.result()


def _waited(pid: int) -> int:
    """The child's exit status once it has ended; -1 when it cannot be had (already reaped elsewhere)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return -1


_TURN = struct.Struct("<I")  # one piece's number in the queue; a pipe hands each read's bytes to one reader
MAX_TURNS = 8192  # pieces: their numbers (32 KiB) fit a pipe's buffer before anyone reads, on any Linux


def in_turns(
    count: int,
    do: Callable[[int], R],
    theirs: Callable[[list[tuple[int, Any]]], bytes],
    child_do: Callable[[int], Any] | None = None,
) -> tuple[dict[int, R], bytes | None]:
    """Pieces 0 to `count` - 1 shared with a forked child as each process becomes free: `do(n)` for the pieces
    this process took, by number, and the bytes `theirs` made of the child's (number, result) list, or None when
    the child could not run or failed in any way (the caller then does the pieces missing here itself).
    `child_do`: what the child does with a piece instead of `do` (a result ready to send, made while this
    process is still busy with its own pieces rather than after).

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
            lambda: {n: do(n) for n in _turns(queue_in)},
            lambda: theirs([(n, (child_do or do)(n)) for n in _turns(queue_in)]),
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
