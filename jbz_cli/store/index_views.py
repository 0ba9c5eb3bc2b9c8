"""Summary and agenda through the index: every record's flags from its columns (stats: store/index_counts).

Reading every record from its JSON row, replaying it and flagging it in Python is most of an overview's time on a
large folder. A record whose newest event (created, source date, follow-ups) is on or before the as-of day stands
exactly as the index's columns hold it (they are its state after its latest event, see index_sql.record_row), so
such a record becomes an `IndexedRecord` built from columns, flagged by SQL made from `Horizon.rules` (the same
terms Horizon.flags evaluates) and sorted by the SQL that `list --sort due` uses; its JSON row is read and decoded
only when a view asks for a field the columns do not hold. A record with a later event is decoded and replayed to
the day, as the files path does. The counts themselves stay the core's (report.summary_of, agenda_of), so nothing
is counted twice.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, cast

from jbz_cli.core.dates import DueWindow, parse_due
from jbz_cli.core.horizon import FLAGS, Settings, compute_flags, horizon
from jbz_cli.core.model import Record, record_from_plain
from jbz_cli.core.query import Filter, Item, matches, sort_items, unknown_status
from jbz_cli.core.replay import state_on
from jbz_cli.errors import RecordError
from jbz_cli.store.files import RecordsDir, display_path
from jbz_cli.store.index import Index, IndexUnavailable, open_index
from jbz_cli.store.index_sql import HIT_COLUMNS, flag_sql, unknown_status_sql, where_sql

ERRORS = (sqlite3.Error, ValueError, TypeError, KeyError, IndexError)
# What a row gives an IndexedRecord, in the order of the query's first columns: the hit columns of a list answer.
COLUMNS = HIT_COLUMNS


class _Days(dict[str | None, date | None]):
    """ISO text to date, each text parsed once."""

    def __missing__(self, text: str | None) -> date | None:
        value = self[text] = date.fromisoformat(text) if text else None
        return value


class _Windows(dict[str, DueWindow]):
    def __missing__(self, text: str) -> DueWindow:
        value = self[text] = parse_due(text)
        return value


class Overview:
    """The items of one as-of day and the folder's problems; the index stays open (one read snapshot) until
    `close`, so that a record's JSON row is read only when a view needs the whole record."""

    def __init__(self, index: Index, rdir: RecordsDir, settings: Settings, flt: Filter, flagged: bool) -> None:
        self.index = index
        self.rdir = rdir
        self.by_status: Counter[str] = Counter()  # with `flagged`: every record that passes the filter, by status
        self.held: set[str] = set()  # with `flagged`: the ids of query.unknown_status among the items
        index.conn.execute("BEGIN")  # every read below, lazy ones included, sees the same snapshot
        self.items = _items(self, settings, flt, flagged)
        self.problems: list[RecordError] = index.problems()

    def plain(self, rel: str) -> str:
        try:
            row = self.index.conn.execute("SELECT plain FROM files WHERE rel = ?", (rel,)).fetchone()
        except sqlite3.Error as exc:
            raise IndexUnavailable(str(exc)) from None
        if row is None:
            raise IndexUnavailable(f"row {rel!r} vanished")
        return cast(str, row[0])

    def close(self) -> None:
        self.index.close()


class IndexedRecord:
    """A `core.model.RecordView` from the index's columns after the record's latest event; any other field decodes
    the row once.

    Every member of RecordView equals the same attribute of the decoded, replayed record
    (tests/store/test_index_views.py), so the core's functions and the views read it as they read that Record.
    """

    __slots__ = (
        *("id", "kind", "status", "is_open", "due", "due_by", "next_check", "last_activity", "title"),
        *("topics", "actor", "_rel", "_source", "_plain", "_full"),
    )

    def __init__(self, source: Overview, rel: str) -> None:
        self._source = source
        self._rel = rel
        self._plain: str | None = None
        self._full: Record | None = None

    def __getattr__(self, name: str) -> Any:
        """A field the columns do not hold (or an unset one): from the whole record, decoded once."""
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.record(), name)

    def record(self) -> Record:
        """The Record itself, as Hit.record builds it: decoded and replayed after its latest event."""
        if self._full is None:
            plain = json.loads(self._plain or self._source.plain(self._rel))
            self._plain = None
            raw = record_from_plain(plain, self.id, display_path(self._source.rdir, self._rel))
            self._full = state_on(raw, date.max) or raw
        return self._full


def overview(
    rdir: RecordsDir, cache_dir: Path, settings: Settings, flt: Filter | None = None, flagged: bool = False
) -> Overview:
    """select(states_on(records, settings.as_of), flt or Filter(), settings) and the problems of load_records,
    through the index. With `flagged`, only the items with a flag, as the summary lists them, with every record
    counted by status (Overview.by_status) and the unknown-status ones among the items named (Overview.held).
    An item reads its topics (and every field the columns do not hold) from its row only if a view asks: the agenda
    writes none, and the formats that do (csv, json) read other fields of the whole record anyway.
    IndexUnavailable when the index cannot answer. Close it."""
    index = open_index(rdir, cache_dir)
    try:
        return Overview(index, rdir, settings, flt or Filter(), flagged)
    except ERRORS as exc:
        index.close()
        raise IndexUnavailable(str(exc)) from None
    except BaseException:
        index.close()
        raise


def _items(source: Overview, settings: Settings, flt: Filter, flagged: bool) -> list[Item]:
    conn, rdir, day = source.index.conn, source.rdir, settings.as_of.isoformat()
    items = []
    later = set()  # a record with an event after the day is decoded and replayed to it, then filtered as select() does
    for rel, rid, plain in conn.execute("SELECT rel, id, plain FROM files WHERE live = 1 AND newest > ?", (day,)):
        later.add(rel)
        state = state_on(record_from_plain(json.loads(plain), rid, display_path(rdir, rel)), settings.as_of)
        if state is not None:
            flags = compute_flags(state, settings)
            if matches(state, flags, flt):
                if flagged:
                    source.by_status[state.status] += 1
                    if flags and unknown_status(state):
                        source.held.add(state.id)
                if flags or not flagged:
                    items.append(Item(state, flags))
    # Every other record stands as its columns hold it: the Filter and the flags are SQL (index_sql), as for list.
    h = horizon(settings)
    params: list[Any] = []
    columns = [*COLUMNS, *(flag_sql(flag, h, params) for flag in FLAGS)]
    where, where_params = where_sql(flt, settings)
    # No condition on `newest` here: it would take the query off the covering index (files_hits).
    if flagged:  # counts of every record by status; rows of flagged ones, each saying whether query.unknown_status
        rest, rest_params = list(where), list(where_params)
        if later:
            rest.append("(newest IS NULL OR newest <= ?)")
            rest_params.append(day)
        counted = f"SELECT status, count(*) FROM files WHERE {' AND '.join(rest)} GROUP BY status"
        source.by_status.update(dict(conn.execute(counted, rest_params)))
        columns.append(unknown_status_sql(params))
        where.append("(" + " OR ".join(f"({flag_sql(flag, h, where_params)})" for flag in FLAGS) + ")")
    sql = f"SELECT {', '.join(columns)} FROM files WHERE {' AND '.join(where)}"
    days, windows = _Days(), _Windows()
    flag_sets: dict[tuple[Any, ...], tuple[str, ...]] = {}
    for row in conn.execute(sql, [*params, *where_params]):
        rel, rid, kind, status, is_open, due_text, due_by, next_check, last, title = row[:10]
        if rel in later:
            continue
        r = IndexedRecord(source, rel)
        r.id, r.kind, r.status, r.is_open, r.title = rid, kind, status, is_open == 1, title
        r.due_by, r.next_check, r.last_activity = days[due_by], days[next_check], days[last]
        if due_text is None:
            r.due = None
        elif windows[due_text].end == r.due_by:  # always: parse_due reads its own text back; else decode if read
            r.due = windows[due_text]
        if flagged and row[13]:
            source.held.add(rid)
        bits = row[10:13]
        flags = flag_sets.get(bits)
        if flags is None:
            flags = flag_sets[bits] = tuple(f for f, on in zip(FLAGS, bits, strict=True) if on)
        items.append(Item(r, flags))
    return sort_items(items, "due")
