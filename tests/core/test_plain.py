"""record_to_plain, written out field by field for speed, equals a generic walk over RECORD_KEYS, SOURCE_KEYS and
FOLLOWUP_KEYS: the index stores exactly what it stored before, and a new key cannot be left out of it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from jbz_cli.core.dates import DueWindow
from jbz_cli.core.model import FOLLOWUP_KEYS, RECORD_KEYS, SOURCE_KEYS, Followup, Record, Source, record_to_plain
from jbz_cli.store.files import RecordsDir, load_records

RECORDS = Path(__file__).resolve().parents[2] / "records"


def walk(value: Any) -> Any:
    """The definition: dates as ISO text, windows and tables as lists in key order, tuples as lists."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, DueWindow):
        return [value.text, value.start.isoformat(), value.end.isoformat(), value.precision]
    if isinstance(value, Source):
        return [walk(getattr(value, key)) for key in SOURCE_KEYS]
    if isinstance(value, Followup):
        return [walk(getattr(value, key)) for key in FOLLOWUP_KEYS]
    if isinstance(value, tuple):
        return [walk(v) for v in value]
    return value


def by_walk(record: Record) -> list[Any]:
    return [walk(getattr(record, "followups" if key == "followup" else key)) for key in RECORD_KEYS]


def test_bundled_records() -> None:
    loaded = load_records(RecordsDir(RECORDS, "records", "option"))
    assert len(loaded.records) > 50
    for record in loaded.records:
        plain = record_to_plain(record)
        assert plain == by_walk(record)
        assert json.dumps(plain, ensure_ascii=False) == json.dumps(by_walk(record), ensure_ascii=False)


texts = st.none() | st.text(max_size=5)
days = st.none() | st.dates()
windows = st.none() | st.builds(
    DueWindow, st.text(max_size=7), st.dates(), st.dates(), st.sampled_from(["day", "year"])
)
followups = st.builds(Followup, st.dates(), st.text(max_size=5), texts, texts, texts, texts)
sources = st.none() | st.builds(Source, texts, days, texts, texts, texts)
records = st.builds(
    Record,
    id=st.just("x"),
    kind=st.sampled_from(["decision", "commitment", "deadline"]),
    title=st.text(max_size=5),
    status=st.sampled_from(["open", "done"]),
    due=windows,
    topics=st.lists(st.text(max_size=3), max_size=3).map(tuple),
    actor=texts,
    promised_to=texts,
    summary=texts,
    related=st.lists(st.text(max_size=3), max_size=3).map(tuple),
    next_check=days,
    source=sources,
    followups=st.lists(followups, max_size=3).map(tuple),
    created=days,
    due_phrase=texts,
)


@given(records)
def test_any_record(record: Record) -> None:
    assert record_to_plain(record) == by_walk(record)
