"""`jbz stats` counted by SQL over the index's columns, without building a record for each row.

A record whose newest event is on or before the as-of day stands as its columns hold it (index_sql.record_row),
so its kind, status, topics, actor and done verdict (core/ontime.met, stored when the row was built) are counted
with GROUP BY over a covering index. A record with a later event is decoded and replayed to the day and tallied by
the core (overviews.tally_stats), as the files path does; the two tallies add up. The ranking and every view stay
the core's (overviews.stats_of), and tests/store/test_index_counts.py holds the answer to that of the files.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from jbz_cli.core.horizon import Settings, compute_flags
from jbz_cli.core.model import Record
from jbz_cli.core.ontime import TIMED_KINDS
from jbz_cli.core.overviews import NO_ACTOR, StatsTally, tally_stats
from jbz_cli.core.query import Filter, matches
from jbz_cli.core.replay import state_on
from jbz_cli.errors import RecordError
from jbz_cli.store.files import RecordsDir
from jbz_cli.store.index import Index, IndexUnavailable, open_index
from jbz_cli.store.index_open import stored_record
from jbz_cli.store.index_sql import LIVE, where_sql

ERRORS = (sqlite3.Error, ValueError, TypeError, KeyError, IndexError)


def stats_tally(
    rdir: RecordsDir, cache_dir: Path, settings: Settings, flt: Filter | None, from_day: date | None
) -> tuple[StatsTally, list[RecordError]]:
    """tally_stats(select(states_on(records, settings.as_of), flt or Filter(), settings), from_day) and the problems
    of load_records, through the index; IndexUnavailable when it cannot answer."""
    index = open_index(rdir, cache_dir)
    try:
        index.conn.execute("BEGIN")  # one read snapshot for every query below
        return _tally(index, settings, flt or Filter(), from_day), index.problems()
    except ERRORS as exc:
        raise IndexUnavailable(str(exc)) from None
    finally:
        index.close()


def later_records(index: Index, settings: Settings, flt: Filter) -> tuple[list[Record], bool]:
    """The records with an event after the as-of day, replayed to it and filtered as select() does, and whether
    there was any such row (one created after the day replays to nothing)."""
    found, seen = [], False
    rows = index.conn.execute(
        "SELECT rel, id, plain FROM files WHERE live = 1 AND newest > ? ORDER BY rel", (settings.as_of.isoformat(),)
    )
    for rel, rid, plain in rows:
        seen = True
        state = state_on(stored_record(index.path, index.rdir, rel, rid, plain), settings.as_of)
        if state is not None and matches(state, compute_flags(state, settings), flt):
            found.append(state)
    return found, seen


def _topics(conn: sqlite3.Connection, where: list[str], params: list[Any]) -> Counter[str]:
    """How many of the records that pass `where` carry each topic (twice if a record lists it twice)."""
    if where == [LIVE]:  # every record: each topic's rows, less those of files that are not records
        every = Counter(dict(conn.execute("SELECT topic, count(*) FROM topics GROUP BY topic")))
        every.subtract(
            dict(
                conn.execute(
                    "SELECT t.topic, count(*) FROM files f JOIN topics t ON t.rel = f.rel WHERE f.live = 0"
                    " GROUP BY t.topic"
                )
            )
        )
        return +every  # drops a topic that only files left out carry
    sql = f"SELECT t.topic, count(*) FROM files JOIN topics t ON t.rel = files.rel WHERE {' AND '.join(where)}"
    return Counter(dict(conn.execute(sql + " GROUP BY t.topic", params)))


def _tally(index: Index, settings: Settings, flt: Filter, from_day: date | None) -> StatsTally:
    conn = index.conn
    later, seen = later_records(index, settings, flt)
    where, params = where_sql(flt, settings)
    if seen:  # the others stand as their columns hold them
        where.append("(newest IS NULL OR newest <= ?)")
        params.append(settings.as_of.isoformat())
    cond = " AND ".join(where)
    tally = StatsTally()
    for kind, status, actor, n in conn.execute(
        f"SELECT kind, status, actor, count(*) FROM files WHERE {cond} GROUP BY kind, status, actor", params
    ):
        tally.total += n
        tally.kinds[kind] += n
        tally.statuses[status] += n
        tally.actors[actor or NO_ACTOR] += n
    tally.topics = _topics(conn, where, params)
    weighed: list[Any] = [*params, *TIMED_KINDS]
    sql = (
        f"SELECT id, kind, met_original, met_revised FROM files WHERE {cond} AND met_original IS NOT NULL"
        f" AND kind IN ({', '.join('?' * len(TIMED_KINDS))})"
    )
    if from_day is not None:  # ontime.judge: only the items met on or after it; one met on no known day, nowhere
        sql += " AND done_on IS NOT NULL AND done_on >= ?"
        weighed.append(from_day.isoformat())
    tally.judged = [tuple(row) for row in conn.execute(sql, weighed)]
    return tally + tally_stats(later, from_day)
