"""Batches tell the truth: a write over many records that fails part-way says exactly what it did.

Every record of a batch is planned and checked before the first write (store/edits.add_followups), so a bad id or
an invalid result writes nothing. An I/O failure during the writes (a full disk, a file made read-only meanwhile)
cannot be undone safely, since another writer may already have extended a record written earlier. So the batch
stops at the first failure and raises `BatchError`, which holds the results written before it and names every id
not written; the command reports both and exits non-zero, so a re-run can be given exactly the ids not written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from jbz_cli.errors import WriteError

T = TypeVar("T")


class BatchError(WriteError):
    """A batch that stopped part-way: `done` holds the results written, `left` the ids not written, in order."""

    def __init__(self, cause: WriteError, done: list, left: list[str]) -> None:
        self.done = done
        self.left = left
        total = len(done) + len(left)
        super().__init__(
            f"{cause}; the batch stopped there: {len(done)} of {total} records were written (listed above),"
            f" {len(left)} were not: {' '.join(left)}"
        )


def write_each(ids: Sequence[str], write_one: Callable[[str], T]) -> list[T]:
    """`write_one(id)` for each id in order; BatchError after the first failure once something was written."""
    done: list[T] = []
    for index, rid in enumerate(ids):
        try:
            done.append(write_one(rid))
        except WriteError as exc:
            if not done:
                raise  # nothing written: the message about the one file is the whole truth
            raise BatchError(exc, done, list(ids[index:])) from None
    return done
