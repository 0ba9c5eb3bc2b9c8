"""One pass over a records folder's files: read, parse and build each, then merge in path order.

This is what `--no-cache` and a cold run cost, so it is written for speed without changing an answer:

- Files are read a batch at a time and then parsed and built (batching the system calls keeps the parser's
  working set in the CPU caches: a fifth less time than alternating one read and one parse at 10,000 files).
- The cyclic garbage collector is paused for the pass: it makes about thirty objects a file, none in a cycle, and
  the collector would otherwise walk every object kept so far again and again.
- With two CPUs and MIN_SPLIT files or more, a forked child reads, parses and builds the last 45 % while this
  process does the first (read_split). The child sends its outcomes back as plain values (model.record_to_plain,
  through marshal): making a record of them costs a sixth of reading, parsing and building it, where unpickling
  whole records cost half. The parent merges them after its own. Any failure of the child (killed, out
  of memory, an exception, a short or damaged answer) makes the parent do that part itself: a split never
  changes an answer, only how long it takes. The child is always waited for, so none is left behind.
- A caller that needs only some records (a cold `list`, which answers from the pass) passes `keep`: the child then
  sends back only the records it accepts, and marks the others CLAIMED, so encoding and decoding cost what the
  answer needs (a third of the records for `--overdue`), not what the folder holds.
- The merge alone decides which file claims an id (the first in path order that builds; a broken file does not),
  so a duplicate is reported exactly as one file at a time would.
"""

from __future__ import annotations

import gc
import marshal
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from jbz_cli.core.model import Record, record_from_plain, record_to_plain
from jbz_cli.core.words import duplicate_id
from jbz_cli.errors import RecordError
from jbz_cli.store.forked import in_two
from jbz_cli.store.reading import Inside, read_text_stat, record_of_text


class Claimed:
    """A record that built in the child's part but that the caller's `keep` declined: it claims its id (a later
    file with that id is a duplicate), and is not sent back."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "CLAIMED"


CLAIMED = Claimed()

# What one pass over the files kept per file, for an index built from it: relative path -> (the stat signature the
# file was read under, index_keys.signature, and the record as written or the problem it gave).
Kept = dict[str, tuple[str, "Record | RecordError"]]

# A file of the pass: (relative path, path, whether the listing says it is a symbolic link, shown path, record id).
Entry = tuple[str, str, "bool | None", str, str]
# What the pass made of one file: the record or its problem, the parsed table (when asked for), and the signature
# of the file it read (None when it could not be read, or when no signature was asked for).
Outcome = tuple["Record | RecordError | Claimed", "dict[str, Any] | None", "str | None"]

BATCH = 256  # files read before they are parsed: enough to amortise the switch, a few hundred KB of text
MIN_SPLIT = 2_000  # files; below this the fork and the pickling cost more than the second CPU saves


def signature(st: os.stat_result) -> str:
    """Size, mtime, ctime, inode and device: an edit in the same second still changes ctime or size, or it is racy
    (the index's rule for a file that may have changed)."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block, and back as it was after it (reference counting still
    frees everything the block drops)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_entries(entries: Sequence[Entry], inside: Inside, signed: bool, with_data: bool) -> list[Outcome]:
    """An Outcome for each entry, in order; never raises for a file (every problem is its RecordError)."""
    out: list[Outcome] = []
    with collector_paused():
        for start in range(0, len(entries), BATCH):
            batch = entries[start : start + BATCH]
            texts: list[tuple[str, os.stat_result] | RecordError] = []
            for _rel, path, is_link, display, _id in batch:
                try:
                    texts.append(read_text_stat(path, display, inside, is_link))
                except RecordError as exc:
                    texts.append(exc)
            for (_rel, _path, _link, display, record_id), got in zip(batch, texts, strict=True):
                if isinstance(got, RecordError):
                    out.append((got, None, None))
                    continue
                text, info = got
                sign = signature(info) if signed else None
                try:
                    record, data = record_of_text(text, record_id, display)
                except RecordError as exc:
                    out.append((exc, None, sign))
                    continue
                out.append((record, data if with_data else None, sign))
    return out


def merge(
    entries: Sequence[Entry], outcomes: Sequence[Outcome], kept: Kept | None
) -> tuple[list[tuple[Record, dict[str, Any] | None]], list[RecordError]]:
    """The records in path order with their tables, and the problems: the first file of an id that builds claims
    it, a later one is a duplicate (and was never the pass's to keep); a file that could be read goes into `kept`.
    A CLAIMED outcome claims its id but adds no record (and nothing to `kept`: the index build reads it again)."""
    loaded: list[tuple[Record, dict[str, Any] | None]] = []
    problems: list[RecordError] = []
    seen: dict[str, str] = {}
    for (rel, _path, _link, display, record_id), (got, data, sign) in zip(entries, outcomes, strict=True):
        if record_id in seen:
            problems.append(RecordError(display, duplicate_id(record_id, [seen[record_id]])))
            continue
        if got is CLAIMED:
            seen[record_id] = display
            continue
        if kept is not None and sign is not None:
            kept[rel] = (sign, got)  # type: ignore[assignment]
        if isinstance(got, RecordError):
            problems.append(got)
            continue
        loaded.append((got, data))  # type: ignore[arg-type]
        seen[record_id] = display
    return loaded, problems


def read_split(
    entries: Sequence[Entry],
    inside: Inside,
    signed: bool,
    with_data: bool,
    workers: int = 1,
    keep: Callable[[Record], bool] | None = None,
) -> list[Outcome]:
    """read_entries, with the last files (about 45 %) done by a forked child when `workers` > 1, `os.fork` exists
    and there are MIN_SPLIT entries or more. The tables (`with_data`) are not sent back: asking for them reads in
    one process. `keep`: the child's records it declines come back CLAIMED (the parent's own part is whole)."""
    if workers < 2 or with_data or len(entries) < MIN_SPLIT or not hasattr(os, "fork"):
        return read_entries(entries, inside, signed, with_data)
    # The child's share is smaller: it also encodes what it built and copies the pages it touches (copy on write),
    # about a fifth more CPU a file than the parent spends, who decodes the child's share after its own.
    half = len(entries) * 5 // 9
    from jbz_cli.store.toml_text import fast_parser

    fast_parser()  # the parser imported and probed once, before the fork, not once in each process
    first, data = in_two(
        entries,
        half,
        lambda part: read_entries(part, inside, signed, False),
        lambda part: _portable(_sifted(read_entries(part, inside, signed, False), keep)),
    )
    with collector_paused():
        second = _unpacked(data, entries[half:]) if data is not None else None
    return first + (second if second is not None else read_entries(entries[half:], inside, signed, False))


def _sifted(outcomes: list[Outcome], keep: Callable[[Record], bool] | None) -> list[Outcome]:
    """`outcomes` with each record that `keep` declines made CLAIMED."""
    if keep is None:
        return outcomes
    return [(CLAIMED, None, sign) if isinstance(got, Record) and not keep(got) else (got, data, sign)
            for got, data, sign in outcomes]  # fmt: skip


# How the child marks each outcome for the parent.
_BUILT, _FAILED, _CLAIMED = 0, 1, 2


def _portable(outcomes: list[Outcome]) -> bytes:
    """The child's outcomes as bytes: each record as model.record_to_plain (plain values, which marshal writes and
    reads back several times faster than pickle does records), each problem as (path, message, line, col)."""
    return marshal.dumps(
        [
            (_FAILED, (got.path, got.message, got.line, got.col), sign)
            if isinstance(got, RecordError)
            else (_CLAIMED, None, sign)
            if got is CLAIMED
            else (_BUILT, record_to_plain(got), sign)  # type: ignore[arg-type]
            for got, _data, sign in outcomes
        ]
    )


def _unpacked(data: bytes, entries: Sequence[Entry]) -> list[Outcome] | None:
    """The child's outcomes for `entries` from its bytes, or None when they are not one well-formed outcome each."""
    if not data:
        return None
    try:
        sent = marshal.loads(data)
        if len(sent) != len(entries):
            return None
        return [
            (
                record_from_plain(got, record_id, display)
                if how == _BUILT
                else RecordError(*got)
                if how == _FAILED
                else _claimed(how),
                None,
                sign,
            )
            for (how, got, sign), (_rel, _path, _link, display, record_id) in zip(sent, entries, strict=True)
        ]
    except Exception:  # anything at all: the parent reads that part itself
        return None


def _claimed(how: int) -> Claimed:
    if how != _CLAIMED:
        raise ValueError(f"not an outcome: {how!r}")
    return CLAIMED
