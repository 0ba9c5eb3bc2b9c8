"""The index's table layout and the SQL that answers a Filter; the flag conditions come from core.horizon.

Every clause mirrors one line of query.matches, and the flags are built from `Horizon.rules`, the same terms
that `Horizon.flags` evaluates in Python, so the index and the files cannot disagree on what is overdue.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Sequence
from datetime import date
from typing import Any

from jbz_cli.core.horizon import FLAG_FIELDS, FLAGS, NONE, SET, Horizon, Settings, horizon
from jbz_cli.core.model import KINDS, STATUSES, Record
from jbz_cli.core.query import Filter, fold, search_text, topic_key, unknown_status

# 14: a covering index of each file's signature (a changed folder is compared without reading the wide rows);
# 13: `held` (query.unknown_status, as Python decides it) replaces a lookup in the topics per hit;
# 12: actor, the done verdicts and two covering indexes (stats counted in SQL, store/index_counts), and each kept
# shape as the text json writes (present/item_text);
# 11: a racy folder kept with no digest, so its removal is seen; 10: a digest per folder; 9: topics in NFC;
# 8: search_fold drops soft hyphens, folds ligatures; 7: last_activity has `created`
SCHEMA = 14

# The files table: (column, SQL type) in row order. `live` is computed after insertion (see update_live).
COLUMNS = (
    ("rel", "TEXT PRIMARY KEY"),
    ("sig", "TEXT"),  # stat signature, NULL means "always parse again"
    ("id", "TEXT NOT NULL"),
    ("ok", "INTEGER NOT NULL"),  # 1: a record, 0: a problem
    ("live", "INTEGER NOT NULL"),  # 1: the record load_records would return (not a problem, not a duplicate)
    ("plain", "TEXT NOT NULL"),  # record_to_plain JSON, or [message, line, col] of the problem
    ("kind", "TEXT"),
    ("kind_rank", "INTEGER"),
    ("status", "TEXT"),
    ("status_rank", "INTEGER"),
    ("open", "INTEGER"),
    ("due_text", "TEXT"),
    ("due_by", "TEXT"),
    ("next_check", "TEXT"),
    ("last_activity", "TEXT"),
    ("source_date", "TEXT"),
    ("title", "TEXT"),
    ("title_fold", "TEXT"),
    ("actor_fold", "TEXT"),
    ("search_fold", "TEXT"),
    ("newest", "TEXT"),  # the latest dated event (created, source date, follow-ups): see latest_event
    ("actor", "TEXT"),
    # A done record's verdict (core/ontime.verdict): the day it was met, on time by the original and revised due.
    ("done_on", "TEXT"),
    ("met_original", "TEXT"),
    ("met_revised", "TEXT"),
    ("held", "INTEGER"),  # 1: query.unknown_status, held back from lists of open work (Filter.holds_back)
)
_NAMES = [name for name, _ in COLUMNS]
assert set(FLAG_FIELDS) <= set(_NAMES), "every date a flag rule reads is a column"
LIVE_AT = _NAMES.index("live")

# What a query fetches per hit: enough to flag it and print its row; "plain" is added to build Records.
HIT_COLUMNS = ("rel", "id", "kind", "status", "open", "due_text", "due_by", "next_check", "last_activity", "title")
HIT_COLUMNS_REST = (*(c for c in HIT_COLUMNS if c not in ("open", "due_by", "id")), "held")
FULL_COLUMNS = ("plain", "sig", "shape")  # with `full`: what builds the Record, and its cached JSON shape
_HitRow = namedtuple("_HitRow", (*HIT_COLUMNS, "flags", *FULL_COLUMNS), defaults=(None,) * len(FULL_COLUMNS))


class HitRow(_HitRow):
    """One row of select_sql by column name: HIT_COLUMNS, `flags` (one mark per flag in FLAGS order), and with
    `full` the FULL_COLUMNS (None otherwise)."""

    __slots__ = ()

    @classmethod
    def of_row(cls, _cursor: Any, row: tuple[Any, ...]) -> HitRow:
        """A sqlite3 row_factory: select_sql's columns as a HitRow."""
        n = len(HIT_COLUMNS)
        return cls(*row[:n], row[n : n + len(FLAGS)], *row[n + len(FLAGS) :])


DDL = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE files(" + ", ".join(f"{name} {kind}" for name, kind in COLUMNS) + ")",
    "CREATE INDEX files_id ON files(id)",
    "CREATE INDEX files_not_live ON files(rel) WHERE live = 0",
    # Covers what ids and tsv need without reading the wide rows (plain, search_fold): a few pages, not the table.
    "CREATE INDEX files_hits ON files(live, open, due_by, id, " + ", ".join(HIT_COLUMNS_REST) + ")",
    "CREATE INDEX files_newest ON files(live, newest)",  # max(newest) without a scan
    # Covers a changed folder's stored signatures (index_keys.known_signatures): a few pages, not its wide rows.
    "CREATE INDEX files_sigs ON files(rel, sig)",
    # Covers what `jbz stats` counts (store/index_counts) without reading the wide rows.
    "CREATE INDEX files_counts ON files(live, kind, status, actor, done_on, met_original, met_revised, id, newest)",
    # Each folder's digest of its record files' names and signatures at the last walk (index_keys.walk_changes).
    "CREATE TABLE folders(rel TEXT PRIMARY KEY, digest TEXT)",  # NULL: a racy folder, compared again next run
    "CREATE TABLE topics(rel TEXT NOT NULL, topic TEXT NOT NULL)",
    "CREATE INDEX topics_rel ON topics(rel, topic)",
    "CREATE INDEX files_held ON files(held) WHERE held = 1",  # the few held-back records, without a scan
    "CREATE INDEX topics_topic ON topics(topic)",  # each topic's count in one pass over this index (index_counts)
    # Each record's JSON shape as the caller made it, for the file version `sig` (store/index_hits.py).
    "CREATE TABLE shapes(rel TEXT PRIMARY KEY, sig TEXT NOT NULL, shape TEXT NOT NULL)",
)
# Rows are written without `live`, which starts at 0.
INSERT = "INSERT OR REPLACE INTO files VALUES (" + ", ".join("0" if n == "live" else "?" for n in _NAMES) + ")"
INSERT_LIVE = "INSERT INTO files VALUES (" + ", ".join("?" for _ in _NAMES) + ")"  # into an empty table


def live_rows(rows: Sequence[tuple[Any, ...]], winners: set[str]) -> list[tuple[Any, ...]]:
    """Rows for an empty table, in path order, with `live` set as update_live would set it afterwards: 1 for
    the first readable file of each id (`winners` holds the ids already given one), saving an UPDATE per row."""
    out = []
    for row in rows:
        live = 0
        if row[3] and row[2] not in winners:  # ok, and the first file with this id
            winners.add(row[2])
            live = 1
        out.append((*row[:LIVE_AT], live, *row[LIVE_AT:]))
    return out


FULL_RECOMPUTE = 1000  # more changed ids than this: recompute duplicate states in one pass


def update_live(conn: sqlite3.Connection, ids: set[str]) -> None:
    """Mark the one record per id that load_records keeps: the first readable file in path order."""
    if len(ids) > FULL_RECOMPUTE:
        rows = conn.execute("SELECT rel, id, ok FROM files").fetchall()
    else:
        rows = []
        for record_id in ids:
            rows += conn.execute("SELECT rel, id, ok FROM files WHERE id = ?", (record_id,)).fetchall()
    rows.sort(key=lambda r: r[0])
    winners: set[str] = set()
    live = []
    for rel, record_id, ok in rows:
        if ok and record_id not in winners:
            winners.add(record_id)
            live.append((1, rel))
        else:
            live.append((0, rel))
    conn.executemany("UPDATE files SET live = ? WHERE rel = ?", live)


SORT_SQL = {
    "due": ("due_by IS NULL", "due_by"),
    "id": (),
    "status": ("status_rank",),
    "kind": ("kind_rank",),
    "title": ("title_fold",),
    "source": ("source_date IS NULL", "source_date"),
    "activity": ("last_activity IS NULL", "last_activity"),
}


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


def latest_event(r: Record) -> date | None:
    """The last day on which replaying the record can change it; from then on it stands as replayed to the end."""
    days = [f.date for f in r.followups]
    days += [d for d in (r.created, r.source.date if r.source else None) if d is not None]
    return max(days) if days else None


def record_row(rel: str, sig: str | None, record_id: str, plain: str, raw: Record) -> tuple[Any, ...]:
    """A readable record's row, in COLUMNS order without `live`.

    The columns hold the record as replayed after its latest event, so the index answers exactly like the
    files for any as-of date on or after the folder's newest event (Index.iter_query refuses earlier ones).
    """
    from jbz_cli.core.ontime import met  # rows are built only for changed files
    from jbz_cli.core.replay import state_on

    r = state_on(raw, date.max) or raw
    judged = met(r)
    return (
        rel,
        sig,
        record_id,
        1,
        plain,
        r.kind,
        KINDS.index(r.kind),
        r.status,
        STATUSES.index(r.status),
        1 if r.is_open else 0,
        r.due.text if r.due else None,
        _iso(r.due_by),
        _iso(r.next_check),
        _iso(r.last_activity),
        _iso(r.source.date if r.source else None),
        r.title,
        fold(r.title),
        fold(r.actor or ""),
        search_text(r),
        _iso(latest_event(raw)),
        r.actor,
        *((_iso(judged.closed), judged.original, judged.revised) if judged else (None, None, None)),
        1 if unknown_status(r) else 0,
    )


def problem_row(rel: str, sig: str | None, record_id: str, plain: str) -> tuple[Any, ...]:
    """A broken file's row: only its place and its problem."""
    return (rel, sig, record_id, 0, plain, *([None] * (len(COLUMNS) - 6)))


SHAPE_SQL = "(SELECT shape FROM shapes s WHERE s.rel = files.rel AND s.sig = files.sig)"


def select_sql(
    flt: Filter,
    settings: Settings,
    sort: str,
    reverse: bool,
    limit: int | None,
    full: bool = False,
    kept: bool = False,
    columns: Sequence[str] | None = None,
) -> tuple[str, list[Any]]:
    """query.select as one statement and its parameters.

    Rows come in HIT_COLUMNS order, then one column per flag in FLAGS order (true when the record has the flag,
    from the same Horizon.rules terms as the filter), then with `full` plain, sig and the cached shape (or NULL):
    read them by name with HitRow.of_row. With `kept` (and `full`), plain is NULL where a shape is kept: a caller
    that writes shapes builds a record only for a hit without one. With `columns`, the rows hold only these
    columns of the files table, in that order (`("id",)` for ids: a range of the covering index files_hits).
    """
    h = horizon(settings)
    params: list[Any] = []
    # 1 or 0/NULL per flag, in FLAGS order
    flags = [f"({flag_sql(flag, h, params)})" for flag in FLAGS] if columns is None else []
    where, where_params = where_sql(flt, settings)
    params += where_params
    keys = [*SORT_SQL[sort], "id"]
    if sort == "due" and _dated(flt, h):  # every hit has a due_by: the order the covering index gives, no sort
        keys = ["due_by", "id"]
    order = ", ".join(f"{k} {'DESC' if reverse else 'ASC'}" for k in keys)
    extra = ["plain", "sig", SHAPE_SQL] if full else []  # FULL_COLUMNS
    table = "files"
    hits = HIT_COLUMNS
    if full and kept:  # the shapes table has a rel and a sig too
        table = "files LEFT JOIN shapes k ON k.rel = files.rel AND k.sig = files.sig"
        hits = tuple(f"files.{c}" if c == "rel" else c for c in HIT_COLUMNS)
        extra = ["CASE WHEN k.shape IS NULL THEN files.plain END", "files.sig", "k.shape"]
    chosen = ", ".join([*hits, *flags, *extra] if columns is None else columns)
    sql = f"SELECT {chosen} FROM {table} WHERE {' AND '.join(where)} ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return sql, params


def _dated(flt: Filter, h: Horizon) -> bool:
    """Whether every record that passes `flt` has a due_by: a due-date bound, or a flag whose every alternative
    compares due_by (a comparison with NULL fails, as None does in the rule)."""
    if flt.due_by is not None or flt.due_after is not None:
        return True
    rules = h.rules
    return any(
        rules.get(flag) and all(any(name == "due_by" and op != NONE for name, op, _ in terms) for terms in rules[flag])
        for flag in flt.flags
    )


def _in(column: str, values: Sequence[str], params: list[Any]) -> str:
    params.extend(values)
    return f"{column} IN ({', '.join('?' * len(values))})"


def flag_sql(flag: str, h: Horizon, params: list[Any]) -> str:
    """One flag's rule from Horizon.rules as SQL; NULL dates fail comparisons there as None does in Python."""
    rule = h.rules.get(flag)
    if not rule:
        return "0"  # an unknown flag, or one no date can have, matches nothing, as in query.matches
    alternatives = []
    for terms in rule:
        parts = []
        for name, op, cut in terms:
            if op == NONE:
                parts.append(f"{name} IS NULL")
            elif op == SET:
                parts.append(f"{name} IS NOT NULL")
            else:
                assert cut is not None
                parts.append(f"{name} {op} ?")
                params.append(cut.isoformat())  # ISO dates sort as text in date order
        alternatives.append("(" + " AND ".join(parts) + ")")
    return f"open = 1 AND ({' OR '.join(alternatives)})"


# query.unknown_status, as record_row stored it: Python's rule, never restated in SQL (whose lower() folds ASCII
# only). The partial index files_held finds the few such records without a scan.
HELD = "held = 1"


LIVE = "live = 1"  # the record load_records keeps for its id: where_sql's first condition, alone for Filter()


def where_sql(flt: Filter, settings: Settings) -> tuple[list[str], list[Any]]:
    """The Filter as SQL conditions (joined with AND) and their parameters."""
    where = [LIVE]
    params: list[Any] = []
    if flt.open:
        where.append("open = 1")
    if flt.closed:
        where.append("open = 0")
    if flt.statuses:
        where.append(_in("status", list(flt.statuses), params))
    if flt.kinds:
        where.append(_in("kind", list(flt.kinds), params))
    if flt.topics:
        sub = _in("lower(t.topic)", [topic_key(t) for t in flt.topics], params)
        where.append(f"EXISTS (SELECT 1 FROM topics t WHERE t.rel = files.rel AND {sub})")
    if flt.actor:
        needle = fold(flt.actor)
        if needle:
            where.append("instr(actor_fold, ?) > 0")
            params.append(needle)
    h = horizon(settings)
    for flag in dict.fromkeys(flt.flags):
        where.append(flag_sql(flag, h, params))
    if flt.due_by is not None:
        where.append("due_by IS NOT NULL AND due_by <= ?")
        params.append(flt.due_by.isoformat())
    if flt.due_after is not None:
        where.append("due_by IS NOT NULL AND due_by > ?")
        params.append(flt.due_after.isoformat())
    if flt.ids:
        where.append(_in("id", list(flt.ids), params))
    if flt.holds_back:
        where.append("held = 0")
    if flt.search:
        for word in fold(flt.search).split():
            where.append("instr(search_fold, ?) > 0")
            params.append(word)
    return where, params
