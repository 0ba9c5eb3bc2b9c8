"""`list --format json` and `jsonl` through the index without holding every record at once.

`index.find` with a shaper fetches every hit's record data and shape text before it shapes any of them; on 100,000
records that is 33,000 record texts next to 33,000 shape texts. Here the query's rows are read one at a time, and
each keeps only its shape's JSON text (made and stored when the index has none for that file version); the writer
then decodes and writes the shapes one by one (index_hits.Shapes).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from jbz_cli.core.query import Filter, Settings
from jbz_cli.store.files import RecordsDir
from jbz_cli.store.index import Index, open_index
from jbz_cli.store.index_hits import Found, Hit, IndexUnavailable, Shaper, shaped

ERRORS = (sqlite3.Error, ValueError, TypeError, KeyError, IndexError)


def find_shapes(
    rdir: RecordsDir,
    cache_dir: Path,
    flt: Filter,
    settings: Settings,
    shape: Shaper,
    sort: str = "due",
    reverse: bool = False,
    limit: int | None = None,
    defer_cold: bool = False,
) -> Found:
    """index.find(..., shape=shape), with Found.hits left empty and Found.shapes built from one row at a time.

    IndexUnavailable when the index cannot answer (then the files are read); index_lock.Cold with `defer_cold`
    when the index should be built after answering from the files (see index.Index).
    """
    index = open_index(rdir, cache_dir, defer_cold)
    try:
        shapes = shaped(index.conn, _hits(index, flt, settings, sort, reverse, limit), rdir, shape)
        return Found([], index.problems(), shapes)
    except ERRORS as exc:
        raise IndexUnavailable(str(exc)) from None
    finally:
        index.close()


def _hits(index: Index, flt: Filter, settings: Settings, sort: str, reverse: bool, limit: int | None) -> Iterator[Hit]:
    """Index.query(..., full=True) one hit at a time (Index.iter_query)."""
    yield from index.iter_query(flt, settings, sort, reverse, limit, full=True)
