"""Summary and agenda through the index: every record's flags from its columns (stats: store/index_counts).

Reading every record from its JSON row, replaying it and flagging it in Python is most of an overview's time on a
large folder. A record whose newest event (created, source date, follow-ups) is on or before the as-of day stands
exactly as the index's columns hold it (they are its state after its latest event, see index_sql.record_row), so
such a record becomes an `IndexedRecord` built from columns, flagged by SQL made from `Horizon.rules` (the same
terms Horizon.flags evaluates) and sorted by the SQL that `list --sort due` uses; its JSON row is read and decoded
only when a view asks for a field the columns do not hold. A record with a later event is decoded and replayed to
the day, as the files path does. The counts themselves stay the core's (report.summary_of, agenda_of), so nothing
is counted twice.

A summary written as text shows only the first `--limit` items of each list: then only those rows are read (`_top`,
with `jbz list`'s statement for each flag) and each list is counted in SQL, so its cost follows what is shown, not
how much is flagged; the core still picks, orders and cuts each list (overviews.summary_lists).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, cast

from jbz_cli.core.dates import DueWindow, parse_due
from jbz_cli.core.horizon import FLAGS, Settings, compute_flags, horizon
from jbz_cli.core.model import Record
from jbz_cli.core.overviews import SUMMARY_LISTS, Partial, held_back, summary_lists
from jbz_cli.core.query import Filter, Item, matches, sort_items, unknown_status
from jbz_cli.core.replay import state_on
from jbz_cli.errors import RecordError
from jbz_cli.store.files import RecordsDir
from jbz_cli.store.index import Index, IndexUnavailable, open_index
from jbz_cli.store.index_open import stored_record, text_columns
from jbz_cli.store.index_sql import HELD, HIT_COLUMNS, flag_sql, select_sql, where_sql

ERRORS = (sqlite3.Error, ValueError, TypeError, KeyError, IndexError)
# What a row gives an IndexedRecord, in the order of the query's first columns: the hit columns of a list answer.
COLUMNS = HIT_COLUMNS
HELD_AT = len(COLUMNS) + len(FLAGS)  # with `flagged`, _items' rows end with `held` after the flag marks


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

    def __init__(
        self, index: Index, rdir: RecordsDir, settings: Settings, flt: Filter, flagged: bool, limit: int = 0
    ) -> None:
        self.index = index
        self.rdir = rdir
        self.by_status: Counter[str] = Counter()  # with `flagged`: every record that passes the filter, by status
        self.held: set[str] = set()  # with `flagged`: the ids of query.unknown_status among the flagged records
        self.partial: Partial | None = None  # with `flagged` and a limit: the counts of the summary's lists
        index.conn.execute("BEGIN")  # every read below, lazy ones included, sees the same snapshot
        if flagged and limit:
            self.items = _top(self, settings, flt, limit)
        else:
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
            plain = self._plain or self._source.plain(self._rel)
            self._plain = None
            raw = stored_record(self._source.index.path, self._source.rdir, self._rel, self.id, plain)
            self._full = state_on(raw, date.max) or raw
        return self._full


def overview(
    rdir: RecordsDir,
    cache_dir: Path,
    settings: Settings,
    flt: Filter | None = None,
    flagged: bool = False,
    limit: int = 0,
) -> Overview:
    """select(states_on(records, settings.as_of), flt or Filter(), settings) and the problems of load_records,
    through the index. With `flagged`, only the items with a flag, as the summary lists them, with every record
    counted by status (Overview.by_status) and the unknown-status ones among them named (Overview.held); with a
    `limit` too, only the first `limit` items of each of the summary's lists (and maybe a few more), with the
    lists' lengths counted in SQL (Overview.partial, for summary_of).
    An item reads its topics (and every field the columns do not hold) from its row only if a view asks: the agenda
    writes none, and the formats that do (csv, json) read other fields of the whole record anyway.
    IndexUnavailable when the index cannot answer. Close it."""
    index = open_index(rdir, cache_dir)
    try:
        return Overview(index, rdir, settings, flt or Filter(), flagged, limit)
    except ERRORS as exc:
        index.close()
        raise IndexUnavailable(str(exc)) from None
    except BaseException:
        index.close()
        raise


def _later(source: Overview, settings: Settings, flt: Filter, flagged: bool) -> tuple[set[str], list[Item]]:
    """The rows of records with an event after the day, and their items: decoded, replayed to the day and filtered
    as select() does (with `flagged`: counted by status, held ids noted, only those with a flag kept)."""
    later, items = set(), []
    rows = source.index.conn.execute(
        "SELECT rel, id, plain FROM files WHERE live = 1 AND newest > ?", (settings.as_of.isoformat(),)
    )
    for rel, rid, plain in rows:
        later.add(rel)
        state = state_on(stored_record(source.index.path, source.rdir, rel, rid, plain), settings.as_of)
        if state is not None:
            flags = compute_flags(state, settings)
            if matches(state, flags, flt):
                if flagged:
                    source.by_status[state.status] += 1
                    if flags and unknown_status(state):
                        source.held.add(state.id)
                if flags or not flagged:
                    items.append(Item(state, flags))
    return later, items


class _Rows:
    """Items from rows in COLUMNS order then one flag mark per flag in FLAGS order: each record built from its
    columns, each date and due text parsed once, each flag tuple made once."""

    def __init__(self, source: Overview) -> None:
        self.source = source
        self.days, self.windows = _Days(), _Windows()
        self.flag_sets: dict[tuple[Any, ...], tuple[str, ...]] = {}

    def item(self, row: Sequence[Any]) -> Item:
        rel, rid, kind, status, is_open, due_text, due_by, next_check, last, title = row[:10]
        text_columns(self.source.index.path, rel, rid, kind, title)
        days = self.days
        r = IndexedRecord(self.source, rel)
        r.id, r.kind, r.status, r.is_open, r.title = rid, kind, status, is_open == 1, title
        r.due_by, r.next_check, r.last_activity = days[due_by], days[next_check], days[last]
        if due_text is None:
            r.due = None
        elif self.windows[due_text].end == r.due_by:  # always: parse_due reads its own text back; else decode if read
            r.due = self.windows[due_text]
        bits = tuple(row[10 : 10 + len(FLAGS)])
        flags = self.flag_sets.get(bits)
        if flags is None:
            flags = self.flag_sets[bits] = tuple(f for f, on in zip(FLAGS, bits, strict=True) if on)
        return Item(r, flags)


def _items(source: Overview, settings: Settings, flt: Filter, flagged: bool) -> list[Item]:
    conn, day = source.index.conn, settings.as_of.isoformat()
    later, items = _later(source, settings, flt, flagged)
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
        _count_statuses(source, " AND ".join(rest), rest_params)
        columns.append("held")
        where.append("(" + " OR ".join(f"({flag_sql(flag, h, where_params)})" for flag in FLAGS) + ")")
    sql = f"SELECT {', '.join(columns)} FROM files WHERE {' AND '.join(where)}"
    rows = _Rows(source)
    for row in conn.execute(sql, [*params, *where_params]):
        if row[0] in later:
            continue
        if flagged and row[HELD_AT]:
            source.held.add(row[1])
        items.append(rows.item(row))
    return sort_items(items, "due")


def _count_statuses(source: Overview, cond: str, params: list[Any]) -> None:
    """Count the records that pass `cond` by status into Overview.by_status; grouped by kind too, the covering
    index files_counts gives them in order, with no sort."""
    for status, n in source.index.conn.execute(
        f"SELECT status, count(*) FROM files WHERE {cond} GROUP BY kind, status", params
    ):
        source.by_status[status] += n


def _top(source: Overview, settings: Settings, flt: Filter, limit: int) -> list[Item]:
    """What summary_of needs to show the first `limit` items of each of its lists: every replayed record with a flag,
    and for each list the first rows of `jbz list` with its flag (select_sql, in the list's order), enough to leave
    `limit` once the replayed and held-back ones are set aside. Sets Overview.partial: each list's length and the
    held-back count, counted in SQL over the records that stand as their columns hold them, plus the core's count
    over the replayed ones (summary_lists, held_back)."""
    conn, h = source.index.conn, horizon(settings)
    later, replayed = _later(source, settings, flt, True)
    where, where_params = where_sql(flt, settings)
    if later:
        where.append("(newest IS NULL OR newest <= ?)")
        where_params.append(settings.as_of.isoformat())
    cond = " AND ".join(where)
    _count_statuses(source, cond, where_params)
    sizes: dict[str, int] = {}
    for flag in FLAGS:  # one count each: a flag alone is a range of the covering index, three ORed are a scan
        flag_params = list(where_params)
        sql = f"SELECT count(*) FROM files WHERE {cond} AND {flag_sql(flag, h, flag_params)}"
        sizes[flag] = conn.execute(sql, flag_params).fetchone()[0]
    # The held-back ones (a few rows of the files_held index) are not in the lists: their ids for summary_of, and
    # each one out of the counts of its flags.
    params: list[Any] = []
    marks = [f"({flag_sql(flag, h, params)})" for flag in FLAGS]
    params += where_params
    held: dict[str, tuple[Any, ...]] = {}
    held_rows = f"(SELECT rowid AS h FROM files WHERE {HELD}) CROSS JOIN files ON files.rowid = h"  # that order
    for rid, *bits in conn.execute(f"SELECT id, {', '.join(marks)} FROM {held_rows} WHERE {cond}", params):
        if any(bits):
            held[rid] = tuple(bits)
    for bits in held.values():
        sizes.update((flag, sizes[flag] - 1) for flag, on in zip(FLAGS, bits, strict=True) if on)
    source.held.update(held)
    later_lists = summary_lists(replayed, source.held)
    source.partial = Partial(
        limit,
        {name: sizes[flag] + len(later_lists[name]) for name, flag, _ in SUMMARY_LISTS},
        len(held) + held_back(replayed, source.held),
    )
    rows, chosen = _Rows(source), {}
    # Held-back rows are let through (and left out by summary_lists) where `flt` lets them through: one lookup fewer
    # per row.
    some = replace(flt, include_unknown_status=flt.include_unknown_status or not flt.holds_back)
    for _, flag, order in SUMMARY_LISTS:  # a record with two flags is one item, found by either list
        wanted = limit + len(later) + len(source.held)
        sql, params = select_sql(replace(some, flags=(*flt.flags, flag)), settings, order, False, wanted, False)
        for row in conn.execute(sql, params):
            if row[0] not in later and row[0] not in chosen:
                chosen[row[0]] = rows.item(row)
    return [*replayed, *chosen.values()]
