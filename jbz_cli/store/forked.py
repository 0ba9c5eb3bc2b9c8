"""A long pass on two CPUs: a forked child does part of the work and sends back bytes, the parent the rest.

The one way jbz splits work: `in_two` cuts a list in two fixed parts (`jbz check`, check/split.py), `in_turns`
hands out numbered pieces to whichever process is free (the files pass, store/records_pass.py). The
child leaves with `os._exit`, so none of the parent's cleanup, buffered output or open databases run twice; the
parent reads the child's bytes after its own part (in_two), or as each piece arrives (in_turns), and always
reaps it (the pipe's reader is closed before waiting, so a child still writing gets a broken pipe rather than
waiting forever). Any failure (no pipe, no fork, an exception or a kill in the child, no bytes) hands back None or
leaves pieces untaken, and the caller does that part itself: a split never changes an answer, only how long it
takes.
"""

from __future__ import annotations

import contextlib
import marshal
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
        data, ended_well = self.rest()
        return data if ended_well and data else None

    def read(self) -> bytes:
        """What the child sends next, waiting for it; b"" once it has closed its end (ended)."""
        os.set_blocking(self._read_end, True)
        try:
            return os.read(self._read_end, _CHUNK)
        except OSError:
            return b""

    def stop(self) -> None:
        """End the child now, whatever it is doing, and reap it (SIGKILL: it holds nothing that needs closing)."""
        import signal

        with contextlib.suppress(OSError):  # already ended
            os.kill(self._pid, signal.SIGKILL)
        self.abandon()

    def received(self) -> bytes:
        """What the child has sent since the last call, without waiting (b"" when nothing is there yet)."""
        os.set_blocking(self._read_end, False)
        chunks = []
        while True:
            try:
                chunk = os.read(self._read_end, _CHUNK)
            except OSError:  # BlockingIOError: nothing more for now
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)

    def rest(self) -> tuple[bytes, bool]:
        """The rest of what the child sends, read to the end of its pipe, once it has ended, and whether it ended
        well (exit status 0)."""
        os.set_blocking(self._read_end, True)
        inp = os.fdopen(self._read_end, "rb")
        try:
            data = inp.read()
        except OSError:
            data = b""
        finally:
            inp.close()
            status = _waited(self._pid)
        return data, status == 0

    def abandon(self) -> None:
        """Stop listening and reap the child: one still writing gets a broken pipe rather than waiting forever."""
        os.close(self._read_end)
        _waited(self._pid)


def start_child(theirs: Callable[[Callable[[bytes], None]], None], pipe_bytes: int = 0) -> Child | None:
    """Fork a child that runs `theirs(send)`, which sends bytes back with `send` (once or piece by piece), for
    `Child.result` or `Child.received` and `Child.rest` later; None when there is no `os.fork`, no pipe or no second
    process. `pipe_bytes`: ask for a pipe this large (Linux), so that a child sending while this process is busy
    rarely waits. The child puts the null device on its standard streams first (a reader of this process's output
    never waits for it to close its copy) and leaves with `os._exit`, running none of the parent's cleanup and
    flushing none of its buffers."""
    if not hasattr(os, "fork"):
        return None
    try:
        read_end, write_end = os.pipe()
    except OSError:  # out of descriptors
        return None
    if pipe_bytes:
        try:
            import fcntl

            fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, pipe_bytes)
        except (ImportError, AttributeError, OSError):  # not Linux, or over the system's limit: the usual size
            pass
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
            theirs(lambda data: _send(write_end, data))
            os.close(write_end)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return Child(pid, read_end)


def _send(fd: int, data: bytes) -> None:
    """All of `data` into the pipe `fd`, now: a write may take only part of it."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _with_child(mine: Callable[[], R], theirs: Callable[[], bytes]) -> tuple[R, bytes | None]:
    """`mine()` here while a forked child runs `theirs()` and sends its bytes back; None for them when the child
    could not run or failed in any way."""
    child = start_child(lambda send: send(theirs()))
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
_FRAME = struct.Struct("<I")  # the length of one piece's result as the child sends it
MAX_TURNS = 8192  # pieces: their numbers (32 KiB) fit a pipe's buffer before anyone reads, on any Linux
PIPE_BYTES = 1 << 20  # the child's results in flight: Linux lets any process have a pipe this large
_CHUNK = 1 << 20


def in_turns(
    count: int, do: Callable[[int], R], child_do: Callable[[int], Any], take: Callable[[int, Any], None]
) -> dict[int, R]:
    """Pieces 0 to `count` - 1 shared with a forked child as each process becomes free: `do(n)` for the pieces
    this process took, by number. The child sends `child_do(n)` (plain values that marshal writes) for each piece
    it takes as soon as it has done it, and this process hands it to `take(n, result)` between its own pieces,
    so that taking them in overlaps the work rather than following it. A piece the child did not send whole (it
    failed, was killed, or `take` refused it) is left to the caller, who does it itself.

    The numbers wait in a pipe, written before the fork; each process reads the next one when it has finished
    the last, so neither waits for the other at the end however their speeds differ (a second process copies
    pages it touches, a busy machine slows either). Call only where `os.fork` exists; ValueError past MAX_TURNS.
    """
    if count > MAX_TURNS:
        raise ValueError(f"at most {MAX_TURNS} pieces, not {count}")
    try:
        queue_in, queue_out = os.pipe()
    except OSError:  # out of descriptors
        return {n: do(n) for n in range(count)}
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
        return {n: do(n) for n in range(count)}

    def theirs(send: Callable[[bytes], None]) -> None:
        for n in _turns(queue_in):
            send(frame((n, child_do(n))))

    try:  # without a child (no pipe, no fork), this process empties the queue itself
        child = start_child(theirs, PIPE_BYTES)
        mine: dict[int, R] = {}
        if child is None:
            return {n: do(n) for n in _turns(queue_in)}
        frames = _Frames(take)
        try:
            for n in _turns(queue_in):
                mine[n] = do(n)
                frames.feed(child.received())
        except BaseException:
            child.abandon()
            raise
        frames.feed(child.rest()[0])  # whole pieces from a child that failed later are as good as any
        return mine
    finally:
        os.close(queue_in)


def frame(value: object) -> bytes:
    """`value` (plain values that marshal writes) as one frame a child sends: its length, then its bytes."""
    data = marshal.dumps(value)
    return _FRAME.pack(len(data)) + data


def unframe(data: bytes) -> tuple[list[object], bytes]:
    """The values of the whole frames at the start of `data`, and the bytes after them (a frame not yet whole); a
    frame that does not decode is dropped."""
    found: list[object] = []
    start = 0
    while len(data) - start >= _FRAME.size:
        (size,) = _FRAME.unpack_from(data, start)
        end = start + _FRAME.size + size
        if end > len(data):
            break
        with contextlib.suppress(EOFError, ValueError, TypeError):  # dropped
            found.append(marshal.loads(data[start + _FRAME.size : end]))
        start = end
    return found, data[start:]


class _Frames:
    """The child's pieces as they arrive, each a frame of (number, result), handed to `take`; a piece cut short
    (the child stopped) or that is not such a pair is dropped."""

    __slots__ = ("_buffer", "_take")

    def __init__(self, take: Callable[[int, Any], None]) -> None:
        self._buffer, self._take = b"", take

    def feed(self, data: bytes) -> None:
        pieces, self._buffer = unframe(self._buffer + data if self._buffer else data)
        for piece in pieces:
            if type(piece) is tuple and len(piece) == 2:
                self._take(*piece)


def queue_turns(queue_out: int, count: int) -> bool:
    """Pieces 0 to `count` - 1 into a queue's write end, without waiting: False when they do not all fit (past
    MAX_TURNS, or a smaller pipe), and nobody should take from it."""
    if count > MAX_TURNS:
        return False
    if count == 0:
        return True
    numbers = b"".join(_TURN.pack(n) for n in range(count))
    try:
        os.set_blocking(queue_out, False)
        return os.write(queue_out, numbers) == len(numbers)
    except OSError:
        return False


def next_turn(queue: int) -> int | None:
    """The next piece from a queue whose numbers are all written (queue_turns), or None once it is empty."""
    try:
        raw = os.read(queue, _TURN.size)
    except OSError:  # BlockingIOError: empty, its writer not yet closed
        return None
    return _TURN.unpack(raw)[0] if len(raw) == _TURN.size else None


def _turns(queue: int) -> Iterator[int]:
    """The numbers this process takes from the queue, one at a time, until it is empty."""
    while True:
        raw = os.read(queue, _TURN.size)
        if len(raw) != _TURN.size:
            return
        yield _TURN.unpack(raw)[0]
