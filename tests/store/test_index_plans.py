"""The index looks records up by id and counts through covering indexes, never by reading every row.

Without statistics SQLite may pick the index on `live` for `live = 1 AND id IN (...)` and read every live row, so
`jbz show ID` on 100,000 records took as long as a listing. These run each query the store sends and ask SQLite
how it plans to answer it.
"""

from __future__ import annotations

import os
import random
from datetime import date
from pathlib import Path

from test_index import write_record

from jbz_cli.core.query import Filter, Settings
from jbz_cli.env import cache_dir
from jbz_cli.store import index_counts
from jbz_cli.store.files import RecordsDir
from jbz_cli.store.index import open_index


def plans(root: Path, run: object) -> list[str]:
    """The query plan of every SELECT that `run(index)` sends, one line per step."""
    idx = open_index(RecordsDir(root, "records", "option"), cache_dir(os.environ))
    sent: list[str] = []
    try:
        idx.conn.set_trace_callback(sent.append)
        run(idx)  # type: ignore[operator]
        idx.conn.set_trace_callback(None)
        steps = []
        for sql in sent:
            if sql.lstrip().upper().startswith("SELECT"):
                steps += [row[3] for row in idx.conn.execute("EXPLAIN QUERY PLAN " + sql)]
        return steps
    finally:
        idx.close()


def folder(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    (root / "letter").mkdir(parents=True)
    rng = random.Random(5)
    for n in range(40):
        write_record(root / "letter", f"item-{n:03d}", rng)
    (root / "letter" / "broken.toml").write_text("kind = \n", encoding="utf-8")
    return root


def test_records_by_id_and_the_problems_are_looked_up(tmp_path: Path) -> None:
    root = folder(tmp_path)
    steps = plans(root, lambda idx: (idx.records(["item-007"]), idx.problems()))
    assert [step for step in steps if "files_id (id=?)" in step] == [  # the record asked for, each problem's rival
        "SEARCH files USING INDEX files_id (id=?)",
        "SEARCH w USING INDEX files_id (id=?) LEFT-JOIN",
    ], steps
    assert not any(step.startswith("SCAN") for step in steps), steps


def test_stats_counts_read_covering_indexes(tmp_path: Path) -> None:
    root = folder(tmp_path)
    settings = Settings(date(2026, 11, 29))
    steps = plans(root, lambda idx: index_counts._tally(idx, settings, Filter(), None))
    assert not any(step.startswith("SCAN files") for step in steps), steps
    counted = [step for step in steps if "files" in step and "USING" in step]
    assert counted and all("COVERING INDEX" in step or "files_newest" in step for step in counted), steps


def test_the_held_back_check_reads_a_column_not_the_topics(tmp_path: Path) -> None:
    """`list --overdue` leaves out records whose register status is unknown by a column of each hit: the ids and
    tsv answer is a range of one covering index, and no answer looks each hit up in the topics table."""
    root = folder(tmp_path)
    settings = Settings(date(2026, 11, 29))
    overdue = Filter(flags=("overdue",))
    full = plans(root, lambda idx: list(idx.iter_query(overdue, settings, full=True, kept=True)))
    rows = plans(root, lambda idx: list(idx.iter_query(overdue, settings, rows=True)))
    ids = plans(root, lambda idx: list(idx.iter_query(overdue, settings, ids=True)))
    for steps in (full, rows, ids):
        assert not any("topics" in step for step in steps), steps
        assert not any(step.startswith("SCAN") or "TEMP B-TREE" in step for step in steps), steps
    for steps in (rows, ids):
        assert any(step.startswith("SEARCH files USING COVERING INDEX files_hits") for step in steps), steps


def test_the_summary_finds_held_back_records_without_a_scan(tmp_path: Path) -> None:
    """The summary takes the held-back records out of its counts through the partial index of the few of them."""
    from jbz_cli.store.index_views import Overview

    root = folder(tmp_path)
    settings = Settings(date(2026, 11, 29))
    steps = plans(root, lambda idx: Overview(idx, RecordsDir(root, "records", "option"), settings, Filter(), True, 5))
    assert any("files_held" in step for step in steps), steps
