"""`list --format json` and `jsonl` through the index without holding every record at once.

`index.find` with a shaper fetches every hit's record data and shape text before it shapes any of them; on 100,000
records that is 33,000 record texts next to 33,000 shape texts. Here the query's rows are read one at a time, and
each keeps only its shape's JSON text (made and stored when the index has none for that file version); the writer
then decodes and writes the shapes one by one (index_hits.Shapes).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from jbz_cli.core.horizon import FLAGS
from jbz_cli.core.query import Filter, Settings
from jbz_cli.store.files import RecordsDir
from jbz_cli.store.index import Index, open_index
from jbz_cli.store.index_hits import Found, Hit, IndexUnavailable, Shaper, shaped
from jbz_cli.store.index_sql import select_sql

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
) -> Found:
    """index.find(..., shape=shape), with Found.hits left empty and Found.shapes built from one row at a time.

    IndexUnavailable when the index cannot answer (then the files are read).
    """
    index = open_index(rdir, cache_dir)
    try:
        shapes = shaped(index.conn, _hits(index, flt, settings, sort, reverse, limit), rdir, shape)
        return Found([], index.problems(), shapes)
    except ERRORS as exc:
        raise IndexUnavailable(str(exc)) from None
    finally:
        index.close()


def _hits(index: Index, flt: Filter, settings: Settings, sort: str, reverse: bool, limit: int | None) -> Iterator[Hit]:
    """Index.query(..., full=True) one hit at a time: Index.iter_query where the index offers it, else the same
    statement (index_sql.select_sql) read row by row, with Index.query's checks and column order."""
    iterate = getattr(index, "iter_query", None)
    if iterate is not None:
        yield from iterate(flt, settings, sort, reverse, limit, full=True)
        return
    flt.validate()
    newest = index.conn.execute("SELECT max(newest) FROM files WHERE live = 1").fetchone()[0]
    if newest is not None and date.fromisoformat(newest) > settings.as_of:
        raise IndexUnavailable("the as-of date is before the newest event: replay the files")
    sql, params = select_sql(flt, settings, sort, reverse, limit, True)
    flag_sets: dict[tuple[Any, ...], tuple[str, ...]] = {}
    for row in index.conn.execute(sql, params):
        marks = row[10:13]  # the flag columns, in FLAGS order (index_sql.select_sql)
        flags = flag_sets.get(marks)
        if flags is None:
            flags = flag_sets[marks] = tuple(flag for flag, on in zip(FLAGS, marks, strict=True) if on)
        yield Hit(row[0], row[1], row[2], row[3], row[5], row[9], flags, *row[13:16])
