"""One pass over a records folder's files: read, parse and build each, then merge in path order.

This is what `--no-cache` and a cold run cost, so it is written for speed without changing an answer:

- Files are read a batch at a time and then parsed and built (batching the system calls keeps the parser's
  working set in the CPU caches: a fifth less time than alternating one read and one parse at 10,000 files).
- The cyclic garbage collector is paused for the pass: it makes about thirty objects a file, none in a cycle, and
  the collector would otherwise walk every object kept so far again and again.
- With two CPUs and MIN_SPLIT files or more, a forked child and this process take batches of files in turn,
  each the next one free when it has finished its last (read_split, store/forked.in_turns), so neither waits
  for the other at the end, whichever is slower. The child sends its outcomes back as plain values
  (model.record_to_plain, through marshal): making a record of them costs a sixth of reading, parsing and
  building it, where unpickling whole records cost half. The parent puts each batch back in its place. Any
  failure of the child (killed, out of memory, an exception, a short or damaged answer) makes the parent read
  the batches it is missing: a split never changes an answer, only how long it takes. The child is always
  waited for, so none is left behind.
- A caller that needs only some records (a cold `list`, which answers from the pass) passes a `Sieve`, which
  each process applies as it reads: the child sends back only the records it keeps, so encoding and decoding cost
  what the answer needs (a third of the records for `--overdue`), not what the folder holds, and what the caller
  does with the records after the pass (replay, flags, sorting) is done on those alone. With each record the
  child sends the sieve's note (the flags it found), so the parent does not work them out again.
- The child sends each batch as soon as it has read it, and the parent takes in what has arrived between its own
  batches (forked.in_turns): decoding the child's records overlaps the reading instead of following it, and the
  child's last batch is all that is left when the parent's own are done.
- The merge alone decides which file claims an id (the first in path order that builds; a broken file does not),
  so a duplicate is reported exactly as one file at a time would.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from jbz_cli.core.model import Record, record_from_plain, record_to_plain
from jbz_cli.core.words import duplicate_id
from jbz_cli.errors import RecordError
from jbz_cli.store.forked import MAX_TURNS, in_turns
from jbz_cli.store.reading import Inside, read_texts, record_of_text
from jbz_cli.store.walk import Entry, signature


class Claimed:
    """A record that built but that the caller's `keep` declined: it claims its id (a later file with that id is a
    duplicate) and is left out of the records. `record` is held for `kept` (the index build) in this process;
    the child sends none back (CLAIMED), and the build reads those files again."""

    __slots__ = ("record",)

    def __init__(self, record: Record | None = None) -> None:
        self.record = record

    def __repr__(self) -> str:
        return f"Claimed({self.record.id if self.record else ''})"


CLAIMED = Claimed()

# What one pass over the files kept per file, for an index built from it: relative path -> (the stat signature the
# file was read under, index_keys.signature, and the record as written or the problem it gave).
Kept = dict[str, tuple[str, "Record | RecordError"]]

# What the pass made of one file: the record or its problem, the parsed table (when asked for), and the signature
# of the file it read (None when it could not be read, or when no signature was asked for).
Outcome = tuple["Record | RecordError | Claimed", "dict[str, Any] | None", "str | None"]

BATCH = 256  # files read before they are parsed: enough to amortise the switch, a few hundred KB of text
FREEZE_FROM = 50_000  # objects the collector tracks, made since its last run: a few thousand records' worth
MIN_SPLIT = 2_000  # files; below this the fork and the pickling cost more than the second CPU saves


class Sieve(Protocol):
    """What a caller that needs only some records gives the pass (index_later.Picks): the same sieve in the parent
    and, forked with it, in the child."""

    def keep(self, record: Record) -> bool:
        """Whether the caller needs `record` (as written)."""
        ...

    def note(self, record: Record) -> Any:
        """What the child sends along with a record `keep` took (plain values marshal writes, or None), for
        `adopt` in the parent."""
        ...

    def adopt(self, record: Record, note: Any) -> None:
        """The parent's copy of a record the child kept, with the child's note for it (not None)."""
        ...


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block, and back as it was after it (reference counting still
    frees everything the block drops). What a long block made is then frozen (gc.freeze): the records hold no
    cycles, and the first collection after the pass would otherwise walk every object it made, and the next
    ones again as they age. A short one is left to the collector, whose cost it barely changes."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if gc.get_count()[0] > FREEZE_FROM:
                gc.freeze()
            gc.enable()


def read_entries(entries: Sequence[Entry], inside: Inside, signed: bool, with_data: bool) -> list[Outcome]:
    """An Outcome for each entry, in order; never raises for a file (every problem is its RecordError)."""
    out: list[Outcome] = []
    with collector_paused():
        for start in range(0, len(entries), BATCH):
            batch = entries[start : start + BATCH]
            texts = read_texts([(path, is_link, display) for _rel, path, is_link, display, _id in batch], inside)
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
    A Claimed outcome claims its id but adds no record (to `kept`, only the record it holds)."""
    loaded: list[tuple[Record, dict[str, Any] | None]] = []
    problems: list[RecordError] = []
    seen: dict[str, str] = {}
    for (rel, _path, _link, display, record_id), (got, data, sign) in zip(entries, outcomes, strict=True):
        if record_id in seen:
            problems.append(RecordError(display, duplicate_id(record_id, [seen[record_id]])))
            continue
        if isinstance(got, Claimed):
            seen[record_id] = display
            if kept is not None and sign is not None and got.record is not None:
                kept[rel] = (sign, got.record)
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
    sieve: Sieve | None = None,
) -> list[Outcome]:
    """read_entries, shared with a forked child a batch at a time (forked.in_turns) when `workers` > 1,
    `os.fork` exists and there are MIN_SPLIT entries or more. The tables (`with_data`) are not sent back: asking
    for them reads in one process. `sieve`: the records it declines come back Claimed, holding the record where
    this process read it, and without it (CLAIMED) where the child did (in one process, it is not asked); the
    child's kept records reach it through `adopt`. A batch the child took but did not send back well is read
    here: the answer is the same."""
    if workers < 2 or with_data or len(entries) < MIN_SPLIT or not hasattr(os, "fork"):
        return read_entries(entries, inside, signed, with_data)
    from jbz_cli.store.toml_text import fast_parser

    fast_parser()  # the parser imported and probed once, before the fork, not once in each process
    size = max(BATCH, -(-len(entries) // MAX_TURNS))
    batches = [entries[start : start + size] for start in range(0, len(entries), size)]
    theirs: dict[int, list[Outcome]] = {}

    def take(n: int, sent: Any) -> None:
        got = _unpacked(n, sent, batches, sieve) if n not in theirs else None
        if got is not None:
            theirs[n] = got

    with collector_paused():
        mine = in_turns(
            len(batches),
            lambda n: _sifted(read_entries(batches[n], inside, signed, False), sieve, held=True),
            lambda n: _portable(_sifted(read_entries(batches[n], inside, signed, False), sieve, held=False), sieve),
            take,
        )
        out: list[Outcome] = []
        for n, batch in enumerate(batches):
            got = mine.get(n)
            if got is None:
                got = theirs.get(n)
            out.extend(got if got is not None else read_entries(batch, inside, signed, False))
    return out


def _sifted(outcomes: list[Outcome], sieve: Sieve | None, held: bool) -> list[Outcome]:
    """`outcomes` with each record that `sieve` declines made Claimed (holding the record when `held`)."""
    if sieve is None:
        return outcomes
    keep = sieve.keep
    return [((Claimed(got) if held else CLAIMED), None, sign) if isinstance(got, Record) and not keep(got)
            else (got, data, sign) for got, data, sign in outcomes]  # fmt: skip


# How the child marks each outcome for the parent.
_BUILT, _FAILED, _CLAIMED = 0, 1, 2


def _portable(outcomes: list[Outcome], sieve: Sieve | None) -> list[tuple[int, Any, str | None, Any]]:
    """One batch of the child's outcomes as plain values (which marshal writes and reads back several times faster
    than pickle does records): each record as model.record_to_plain with the sieve's note, each problem as
    (path, message, line, col), each CLAIMED record as a mark."""
    note = sieve.note if sieve is not None else lambda _record: None
    return [
        (_FAILED, (got.path, got.message, got.line, got.col), sign, None)
        if isinstance(got, RecordError)
        else (_CLAIMED, None, sign, None)
        if isinstance(got, Claimed)
        else (_BUILT, record_to_plain(got), sign, note(got))  # type: ignore[arg-type]
        for got, _data, sign in outcomes
    ]


def _unpacked(
    n: object, sent: object, batches: Sequence[Sequence[Entry]], sieve: Sieve | None = None
) -> list[Outcome] | None:
    """Batch `n`'s outcomes from what the child sent for it (each record it kept handed to `sieve.adopt` with its
    note), or None when that is not one well-formed outcome for each entry of the batch."""
    try:
        entries = batches[n]  # type: ignore[index]
        if type(n) is not int or len(sent) != len(entries):  # type: ignore[arg-type]
            return None
        outcomes: list[Outcome] = []
        notes: list[tuple[Record, Any]] = []
        for (how, got, sign, note), (_rel, _path, _link, display, record_id) in zip(sent, entries, strict=True):  # type: ignore[call-overload]
            if how == _BUILT:
                record = record_from_plain(got, record_id, display)
                outcomes.append((record, None, sign))
                if note is not None:
                    notes.append((record, note))
            else:
                outcomes.append((RecordError(*got) if how == _FAILED else _claimed(how), None, sign))
    except Exception:  # anything at all: the parent reads that batch itself
        return None
    if sieve is not None:
        for record, note in notes:
            sieve.adopt(record, note)
    return outcomes


def _claimed(how: int) -> Claimed:
    if how != _CLAIMED:
        raise ValueError(f"not an outcome: {how!r}")
    return CLAIMED
