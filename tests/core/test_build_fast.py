"""The straight path for well-formed records (core/build_fast.py) never changes what a record builds into, nor
any message, key path or rule the full builder gives for one that is not well formed.

Random tables mix valid and invalid values for every field; HYPOTHESIS_PROFILE=long searches far deeper.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jbz_cli.core.build import FieldError, _build, _Problems, checked_record, record_from_dict
from jbz_cli.core.build_fast import well_formed
from jbz_cli.store.files import load_records_data
from jbz_cli.store.root import RecordsDir, bundled_records

ODD = st.sampled_from([None, 3, 1.5, True, [], {}, "", "  ", datetime(2026, 1, 2, 3, 4), ["a", 1], ("a",)])
GOOD_DAYS = st.sampled_from([date(2026, 3, 1), " 2026-05-01 ", "2026-07-31"])
BAD_DAYS = st.sampled_from([date(1850, 1, 1), "2026-02-30", "2026-5-1", "31-12-2026"])
GOOD_DUES = st.sampled_from(["2026-Q4", "2026-q4", "2026-H1", "2026", "2026-02", date(2026, 1, 3)])
BAD_DUES = st.sampled_from(["2026-13", "Q4 2026", "2026-02-30", date(2201, 1, 1)])
GOOD_TEXT = st.sampled_from(["plain", "café", "e\u0301", "x\ty"])
BAD_TEXT = st.sampled_from(["a\nb", "  ", "", "line\u2028sep"])


def field_values(good: bool) -> dict[str, st.SearchStrategy[Any]]:
    """Each key of a record table with values the builder accepts (`good`), or with odd and bad ones."""
    days, dues, text = (GOOD_DAYS, GOOD_DUES, GOOD_TEXT) if good else (BAD_DAYS | ODD, BAD_DUES | ODD, BAD_TEXT | ODD)
    followup = st.fixed_dictionaries(
        {"date": GOOD_DAYS},
        optional={
            "note": GOOD_TEXT,
            "status": st.sampled_from(["done", "partial"]),
            "evidence": GOOD_TEXT,
            "due": GOOD_DUES,
            "previous_due": GOOD_DUES,
        },
    )
    source = st.fixed_dictionaries({}, optional={"document": GOOD_TEXT, "date": GOOD_DAYS, "url": GOOD_TEXT})
    if not good:  # one key of a follow-up or the source goes wrong, or the table is no table
        followup = (
            followup.flatmap(
                lambda f: st.sampled_from(sorted({"date", *f})).flatmap(
                    lambda k: st.one_of(days, text, dues, st.just("finished")).map(lambda v: {**f, k: v})
                )
            )
            | ODD
            | st.just({"note": "undated"})
        )
        source = (
            source.flatmap(
                lambda f: st.sampled_from(["document", "date", "url", "quote"]).flatmap(
                    lambda k: st.one_of(days, text).map(lambda v: {**f, k: v})
                )
            )
            | ODD
        )
    good_lists = st.lists(GOOD_TEXT, max_size=3) | GOOD_TEXT
    return {
        "kind": st.sampled_from(["decision", "commitment", "deadline"] if good else ["Commitment", "promise"])
        | (st.nothing() if good else ODD),
        "title": GOOD_TEXT if good else BAD_TEXT | ODD,
        "status": st.sampled_from(["open", "waiting", "done", "dropped"] if good else ["Done", "closed"]),
        "due": dues,
        "topics": good_lists if good else st.lists(GOOD_TEXT | ODD, min_size=1, max_size=2) | ODD,
        "related": good_lists if good else ODD,
        "actor": text,
        "promised_to": text,
        "summary": text,
        "due_phrase": text,
        "next_check": days,
        "created": days,
        "register": st.sampled_from(["TZ202601", {"nummer": "x"}]) if good else st.sampled_from([" ", 3, []]),
        "source": source,
        "followup": st.lists(followup, max_size=3) | followup if good else st.lists(followup, min_size=1, max_size=3),
    }


GOOD, BAD = field_values(True), field_values(False)


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    """A parsed record table: well formed, with none, one or two keys dropped or given a wrong value."""
    optional = sorted(set(GOOD) - {"kind", "title"})
    chosen = ["kind", "title", *draw(st.lists(st.sampled_from(optional), unique=True))]
    data = {key: draw(GOOD[key]) for key in chosen}
    for key in draw(st.lists(st.sampled_from(sorted(GOOD)), unique=True, max_size=2)):
        if draw(st.booleans()) and key in data:
            del data[key]
        else:
            data[key] = draw(BAD[key])
    return data


def slow_outcome(data: dict[str, Any]) -> object:
    """What the full builder alone makes of `data`: the record, or the first problem as (message, where, rule)."""
    try:
        return _build(data, "r", "p.toml", _Problems(collect=False))
    except FieldError as exc:
        return (str(exc), exc.where, exc.rule)


def outcome(data: dict[str, Any]) -> object:
    try:
        return record_from_dict(data, "r", "p.toml")
    except FieldError as exc:
        return (str(exc), exc.where, exc.rule)


@given(tables())
def test_loading_builds_the_same_record_or_reports_the_same_problem(data: dict[str, Any]) -> None:
    assert outcome(data) == slow_outcome(data)


@given(tables())
def test_check_sees_the_same_record_and_every_problem(data: dict[str, Any]) -> None:
    problems = _Problems(collect=True)
    record = _build(data, "r", "p.toml", problems)
    found, listed = checked_record(data, "r", "p.toml")
    assert found == record
    assert [(str(p), p.where, p.rule) for p in listed] == [(str(p), p.where, p.rule) for p in problems.items]


def test_a_well_formed_record_keeps_every_value() -> None:
    data = {
        "kind": "commitment",
        "title": "Report on the pact",
        "due": "2026-q4",
        "topics": ["cafe\u0301", "migration"],
        "next_check": date(2026, 11, 1),
        "source": {"document": "Kamerstuk 32 317, nr. 987", "date": date(2025, 12, 17), "url": "https://x.nl"},
        "followup": {"date": "2026-01-05", "note": "asked", "status": "waiting", "due": date(2026, 12, 31)},
    }
    record = well_formed(data, "r", "p.toml")
    assert record is not None and record == slow_outcome(data)
    assert record.due is not None and record.due.text == "2026-Q4"
    assert record.topics == ("café", "migration")
    assert record.followups[0].due == "2026-12-31"
    assert hash(record) == hash(slow_outcome(data))


@pytest.mark.parametrize("key", ["kind", "title"])
def test_a_record_without_a_required_field_is_left_to_the_full_builder(key: str) -> None:
    data = {"kind": "decision", "title": "t"}
    del data[key]
    assert well_formed(data, "r") is None
    with pytest.raises(FieldError, match=f"missing required field '{key}'"):
        record_from_dict(data, "r")


def test_every_bundled_record_takes_the_straight_path() -> None:
    root = bundled_records()
    loaded, problems = load_records_data(RecordsDir(root, str(root), "bundled"))
    assert loaded and not problems
    for record, data in loaded:
        assert well_formed(data, record.id, record.path) == record
