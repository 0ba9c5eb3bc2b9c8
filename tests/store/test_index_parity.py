"""Property: for any records, as-of date, filter and sort, the index answers exactly as reading the files does.

Records may carry the unknown-register-status topic, which open and flag filters hold back unless asked for.
Histories are random too (created dates, follow-ups that set a status or move the due date), and as-of dates fall
before, between and after their events: the index either answers as replaying the files does, or, for a day before
the newest event, declines so that the files are read.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jbz_cli.core.model import KINDS, STATUSES
from jbz_cli.core.query import FLAGS, SORT_KEYS, UNKNOWN_STATUS_TOPIC, Filter, Settings, select
from jbz_cli.core.replay import states_on
from jbz_cli.env import cache_dir
from jbz_cli.store import index
from jbz_cli.store.files import LoadResult, RecordsDir, load_records
from jbz_cli.store.index_sql import latest_event

# The unknown-register-status marker is a topic too, in two spellings, so holding it back is compared as well.
UNKNOWN = [UNKNOWN_STATUS_TOPIC, UNKNOWN_STATUS_TOPIC.title()]
TOPICS = ["ebsp", "etias", "c7", "migration", *UNKNOWN]
ACTORS = ["Dutch cabinet", "Commissie", "Minister of Justice", "Raad van de EU", "Éénmansactor"]
WORDS = ["Kamer", "geïnformeerd", "coördinatie", "Raad", "mandaat", "ETIAS", "terugkeer"]
BASE = date(2026, 11, 29)

days = st.integers(-500, 500).map(lambda n: BASE + timedelta(days=n))
edge_days = st.sampled_from([date.min, date(1, 1, 2), date(9999, 12, 30), date.max])
as_of_days = st.one_of(days, days, days, edge_days)


@st.composite
def dues(draw: st.DrawFn) -> Any:
    """A due of every precision: TOML date, day, month, quarter, half and year text."""
    day = draw(days)
    precision = draw(st.sampled_from(["date", "day", "month", "quarter", "half", "year"]))
    if precision == "date":
        return day
    if precision == "day":
        return day.isoformat()
    if precision == "month":
        return f"{day.year}-{day.month:02d}"
    if precision == "quarter":
        return f"{day.year}-{draw(st.sampled_from('Qq'))}{(day.month - 1) // 3 + 1}"
    if precision == "half":
        return f"{day.year}-{draw(st.sampled_from('Hh'))}{1 if day.month <= 6 else 2}"
    return str(day.year)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def followups(draw: st.DrawFn) -> dict[str, Any]:
    entry: dict[str, Any] = {"date": draw(days), "note": draw(st.sampled_from(WORDS))}
    status = draw(maybe(st.sampled_from(STATUSES)))
    if status:
        entry["status"] = status
        entry["evidence"] = "Kamerstuk 1"
    due = draw(maybe(dues()))
    if due is not None:
        entry["due"] = due if isinstance(due, str) else due.isoformat()
        previous = draw(maybe(dues()))
        if previous is not None:
            entry["previous_due"] = previous if isinstance(previous, str) else previous.isoformat()
    return entry


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": draw(st.sampled_from(KINDS)),
        "title": " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))),
    }
    status = draw(maybe(st.sampled_from(STATUSES)))
    if status:
        data["status"] = status
    due = draw(maybe(dues()))
    if due is not None:
        data["due"] = due
    topics = draw(st.lists(st.sampled_from(TOPICS), max_size=2))
    if topics:
        data["topics"] = topics
    actor = draw(maybe(st.sampled_from(ACTORS)))
    if actor:
        data["actor"] = actor
    if draw(st.booleans()):
        data["summary"] = draw(st.sampled_from(WORDS))
    created = draw(maybe(days))
    if created:
        data["created"] = created
    next_check = draw(maybe(days))
    if next_check:
        data["next_check"] = next_check
    if draw(st.booleans()):
        source: dict[str, Any] = {"document": "Kamerbrief"}
        source_date = draw(maybe(days))
        if source_date:
            source["date"] = source_date
        if draw(st.booleans()):
            source["quote"] = f"De minister zal de {draw(st.sampled_from(WORDS))} informeren."
        data["source"] = source
    fups = draw(st.lists(followups(), max_size=3))
    if fups:
        data["followup"] = fups
    return data


# A few files that are not records, or a second file with an id already used, so problems are compared too.
BROKEN = [
    'kind = "decision"\n',
    "title = \n",
    'kind = "plan"\ntitle = "x"\n',
    'kind = "deadline"\ntitle = "t"\ndue = "2026-13"\n',
]


@st.composite
def folders(draw: st.DrawFn) -> list[tuple[str, str]]:
    """(relative path, text) of every file of one records folder."""
    files = []
    for n, data in enumerate(draw(st.lists(records(), min_size=1, max_size=12))):
        sub = draw(st.sampled_from(["", "a/", "b/"]))
        files.append((f"{sub}r{n:02d}.toml", tomli_w.dumps(data)))
    for n, text in enumerate(draw(st.lists(st.sampled_from(BROKEN), max_size=2))):
        files.append((f"broken-{n}.toml", text))
    if draw(st.booleans()) and files:
        rel, text = files[0]
        files.append((f"z/{rel.rsplit('/', 1)[-1]}", text))  # a duplicate id sorts after the first
    return files


@st.composite
def filters(draw: st.DrawFn) -> Filter:
    openness = draw(st.sampled_from(["", "open", "closed"]))
    return Filter(
        open=openness == "open",
        closed=openness == "closed",
        statuses=draw(st.lists(st.sampled_from(STATUSES), max_size=2)),
        kinds=draw(st.lists(st.sampled_from(KINDS), max_size=2)),
        topics=draw(st.lists(st.sampled_from([*TOPICS, "nope"]), max_size=2)),
        actor=draw(maybe(st.sampled_from(["cabinet", "COMMISSIE", "een", "raad", " ", "x"]))),
        search=draw(maybe(st.sampled_from(["", "kamer", "geinformeerd coordinatie", "r0", "mandaat raad", "  "]))),
        flags=draw(st.lists(st.sampled_from([*FLAGS, "bogus"]), max_size=2)),
        due_by=draw(maybe(days)),
        due_after=draw(maybe(days)),
        ids=draw(st.lists(st.sampled_from(["r00", "r01", "r05", "nope"]), max_size=2)),
        include_unknown_status=draw(st.booleans()),
    )


queries = st.tuples(
    filters(),
    st.builds(Settings, as_of_days, st.integers(0, 400), st.integers(0, 400)),
    st.sampled_from(SORT_KEYS),
    st.booleans(),
    maybe(st.integers(0, 8)),
)


@st.composite
def open_work_filters(draw: st.DrawFn) -> Filter:
    """Only what decides whether records with an unknown register status are held back, so that it is met often."""
    openness = draw(st.sampled_from(["", "open", "open", "closed"]))
    return Filter(
        open=openness == "open",
        closed=openness == "closed",
        topics=draw(st.lists(st.sampled_from([*UNKNOWN, "ebsp"]), max_size=1)),
        flags=draw(st.lists(st.sampled_from(FLAGS), max_size=1)),
        include_unknown_status=draw(st.booleans()),
    )


open_work_queries = st.tuples(
    open_work_filters(),
    st.builds(Settings, st.just(date.max), st.integers(0, 400), st.integers(0, 400)),  # a day the index answers
    st.sampled_from(SORT_KEYS),
    st.booleans(),
    st.none(),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(folders(), st.lists(queries, min_size=1, max_size=6))
def test_index_and_files_give_the_same_answer(files: list[tuple[str, str]], asked: list[tuple[Any, ...]]) -> None:
    compare(files, asked)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(folders(), st.lists(open_work_queries, min_size=1, max_size=4))
def test_index_and_files_hold_back_the_same_records(files: list[tuple[str, str]], asked: list[tuple[Any, ...]]) -> None:
    compare(files, asked)


@contextmanager
def written(files: list[tuple[str, str]]) -> Iterator[tuple[RecordsDir, Path, LoadResult]]:
    """The generated `files` written into a fresh records folder: the folder, the cache folder the index uses and
    what the files alone give (the answer every index path is held to)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "records"
        for rel, text in files:
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        rdir = RecordsDir(root, str(root), "option")
        yield rdir, cache_dir(os.environ), load_records(rdir)


def compare(files: list[tuple[str, str]], asked: list[tuple[Any, ...]]) -> None:
    """Ask the index and the files every query on one folder; both give the same hits, rows and problems."""
    with written(files) as (rdir, cache, loaded):
        newest = max((latest_event(r) or date.min for r in loaded.records), default=date.min)
        for n, (flt, run, sort, reverse, limit) in enumerate(asked):
            direct = select(states_on(loaded.records, run.as_of), flt, run, sort, reverse, limit)
            try:
                found = index.find(rdir, cache, flt, run, sort, reverse, limit, full=n == 0)
            except index.IndexUnavailable:
                assert run.as_of < newest, "the index declined a day it can answer"
                continue
            assert run.as_of >= newest, "the index answered for a day before the newest event"
            want = [(i.record.id, i.flags) for i in direct]
            assert [(h.id, h.flags) for h in found.hits] == want, (flt, run, sort, reverse, limit)
            assert [str(p) for p in found.problems] == [str(p) for p in loaded.problems]
            if n == 0:
                assert found.items(rdir) == direct
            rows = index.find(rdir, cache, flt, run, sort, reverse, limit, rows=True).hits  # tsv
            recs = [(i.record, i.flags) for i in direct]
            assert rows == [(x.id, x.kind, x.status, x.due.text if x.due else None, f, x.title) for x, f in recs]
            ids = index.find(rdir, cache, flt, run, sort, reverse, limit, rows=True, ids=True).hits  # ids
            assert ids == [(i.record.id,) for i in direct]
        index.index_path(rdir.path, cache).unlink(missing_ok=True)
