"""What a query of the index returns: hits (stored columns), the records behind them, and their JSON shapes.

`shaped` keeps each record's JSON shape in the index's `shapes` table, keyed by the file version (its stat
signature) it was made from, so `list --format json` on a large folder reads stored text instead of building,
replaying and shaping every record. The store does not know the shape: the caller passes the function that makes
its text (present/item_text via the CLI) and the one that fills in the fields that depend on the run (`path`, as
the folder was named, and `flags`, of the as-of day).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from jbz_cli.core.model import Record, record_from_plain
from jbz_cli.core.query import Item
from jbz_cli.errors import RecordError
from jbz_cli.store.files import RecordsDir, display_path

# (record as replayed after its latest event) -> its shape as JSON text, with `path` and `flags` left to fill in
Shaper = Callable[[Record], str]
# (kept text, path, flags) -> the shape with them, as a dict or as the text the writer writes
Filler = Callable[[str, str, tuple[str, ...]], Any]


class IndexUnavailable(Exception):
    """The index cannot answer this run; read the files directly instead."""


@dataclass
class Hit:
    """One matched record as stored columns; enough for tsv and ids without building a Record."""

    rel: str
    id: str
    kind: str
    status: str
    due_text: str | None
    title: str
    flags: tuple[str, ...]
    plain: str | None = None
    sig: str | None = None  # with plain: the file version the row was read from
    shape: str | None = None  # with plain: the cached JSON shape of that version, if any (index_hits.shaped)

    def record(self, rdir: RecordsDir) -> Record:
        """The record as replayed after its latest event, matching the row's columns."""
        if self.plain is None:
            raise IndexUnavailable("record data was not fetched")
        raw = record_from_plain(json.loads(self.plain), self.id, display_path(rdir, self.rel))
        from jbz_cli.core.replay import state_on  # only json and tables need Records

        return state_on(raw, date.max) or raw


class Found(NamedTuple):
    """Hits of one query and the problems of the folder, in store.load_records' order and words."""

    hits: list[Hit]
    problems: list[RecordError]
    shapes: Shapes | None = None

    def items(self, rdir: RecordsDir) -> list[Item]:
        return [Item(h.record(rdir), h.flags) for h in self.hits]


class Shapes(Sequence[Any]):
    """Each hit's shape from its kept text, made only when it is reached, with the run's `path` and `flags`.

    A list of 33,000 decoded shapes is most of the memory of `list --format json` on 100,000 records; the texts
    they come from are a fraction of it, so an answer is kept as texts and written one shape at a time. `fill`
    makes each shape (a dict for jsonl, the finished text for json).
    """

    def __init__(self, rdir: RecordsDir, texts: list[tuple[str, str, tuple[str, ...]]], fill: Filler) -> None:
        self.rdir = rdir
        self.texts = texts  # (shape as JSON text, rel, flags) per hit, in the query's order
        self.fill = fill

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._made(t) for t in self.texts[index]]
        return self._made(self.texts[index])

    def __iter__(self) -> Iterator[Any]:
        return map(self._made, self.texts)

    def _made(self, entry: tuple[str, str, tuple[str, ...]]) -> Any:
        text, rel, flags = entry
        return self.fill(text, display_path(self.rdir, rel), flags)


def shaped(conn: sqlite3.Connection, hits: Iterable[Hit], rdir: RecordsDir, shape: Shaper, fill: Filler) -> Shapes:
    """Each hit's shape: from the cache when it was made from the same file version, else made now and kept.

    Hits need `full` rows (plain, sig, shape). A shape is stored only for a file read with a signature (not racy)
    and under the version read, so a file changed meanwhile by another run never gets this run's shape. Keeping
    them is best effort: a busy or read-only index just makes them again next time. The hits give up their
    record data and shape text (the returned Shapes holds the text), so nothing is held twice.
    """
    texts: list[tuple[str, str, tuple[str, ...]]] = []
    new: list[tuple[str, str, str]] = []
    for hit in hits:
        text = hit.shape
        if text is None:
            text = shape(hit.record(rdir))
            if hit.sig is not None:
                new.append((hit.rel, hit.sig, text))
        texts.append((text, hit.rel, hit.flags))
        hit.plain = hit.shape = None
    if new:
        try:
            with conn:
                conn.executemany("INSERT OR REPLACE INTO shapes VALUES (?, ?, ?)", new)
        except sqlite3.Error:
            pass
    return Shapes(rdir, texts, fill)
