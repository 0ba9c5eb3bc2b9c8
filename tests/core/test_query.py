from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jbz_cli.core.build import record_from_dict
from jbz_cli.core.model import Record
from jbz_cli.core.query import Filter, Settings, compute_flags, resolve, select, sort_items
from jbz_cli.errors import AmbiguousError, NotFoundError, UsageError


def rec(record_id: str, **fields: Any) -> Record:
    data: dict[str, Any] = {"kind": "deadline", "title": record_id.replace("-", " ")}
    data.update(fields)
    return record_from_dict(data, record_id)


def flags_on(record: Record, day: date, **kw: int) -> tuple[str, ...]:
    return compute_flags(record, Settings(day, **kw))


@pytest.mark.parametrize(
    ("due", "last_ok", "first_overdue"),
    [
        ("2026-Q4", date(2026, 12, 31), date(2027, 1, 1)),
        ("2026-H1", date(2026, 6, 30), date(2026, 7, 1)),
        ("2026-02", date(2026, 2, 28), date(2026, 3, 1)),
        ("2028-02", date(2028, 2, 29), date(2028, 3, 1)),
        ("2026", date(2026, 12, 31), date(2027, 1, 1)),
        ("2026-05-04", date(2026, 5, 4), date(2026, 5, 5)),
    ],
)
def test_overdue_starts_the_day_after_the_window(due: str, last_ok: date, first_overdue: date) -> None:
    record = rec("x", due=due)
    assert "overdue" not in flags_on(record, last_ok)
    assert "overdue" in flags_on(record, first_overdue)


@pytest.mark.parametrize("status", ["done", "missed", "dropped"])
def test_closed_items_carry_no_flags(status: str) -> None:
    record = rec("x", due="2020", status=status, next_check=date(2020, 1, 1))
    assert flags_on(record, date(2026, 1, 1)) == ()


@pytest.mark.parametrize("status", ["open", "waiting", "partial"])
def test_open_statuses_can_be_overdue(status: str) -> None:
    assert flags_on(rec("x", due="2020", status=status), date(2026, 1, 1)) == ("overdue",)


def test_due_soon_window_is_inclusive_and_configurable() -> None:
    record = rec("x", due="2026-12-29")
    assert flags_on(record, date(2026, 11, 29)) == ("due-soon",)  # exactly 30 days ahead
    assert flags_on(record, date(2026, 11, 28)) == ()  # 31 days ahead
    assert flags_on(record, date(2026, 12, 29)) == ("due-soon",)  # due today
    assert flags_on(record, date(2026, 11, 28), soon_days=31) == ("due-soon",)


def test_next_check_on_or_before_as_of_means_awaiting() -> None:
    record = rec("x", due="2030", next_check=date(2026, 3, 1))
    assert flags_on(record, date(2026, 2, 28)) == ()
    assert flags_on(record, date(2026, 3, 1)) == ("awaiting",)


def test_undated_item_awaits_after_stale_days_of_silence() -> None:
    record = rec("x", kind="commitment", source={"date": date(2025, 12, 17)})
    assert flags_on(record, date(2025, 12, 17) + timedelta(days=90)) == ()
    assert flags_on(record, date(2025, 12, 17) + timedelta(days=91)) == ("awaiting",)
    assert flags_on(record, date(2026, 2, 1), stale_days=30) == ("awaiting",)


def test_a_followup_resets_the_stale_clock() -> None:
    record = rec(
        "x",
        kind="commitment",
        source={"date": date(2025, 12, 17)},
        followup=[{"date": date(2026, 10, 1), "note": "Letter sent"}],
    )
    assert flags_on(record, date(2026, 11, 29)) == ()
    assert flags_on(record, date(2027, 1, 1)) == ("awaiting",)


def test_dated_items_never_go_stale() -> None:
    record = rec("x", due="2030", source={"date": date(2020, 1, 1)})
    assert flags_on(record, date(2026, 1, 1)) == ()


@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.dates(date(2000, 1, 1), date(2100, 1, 1)))
def test_overdue_and_due_soon_exclude_each_other(due: date, as_of: date) -> None:
    flags = flags_on(rec("x", due=due.isoformat()), as_of)
    assert not {"overdue", "due-soon"} <= set(flags)
    assert ("overdue" in flags) == (as_of > due)


RECORDS = [
    rec("ebsp-deal", due="2026", topics=["ebsp", "migration"], actor="European Commission"),
    rec(
        "ebsp-inform",
        kind="commitment",
        topics=["ebsp"],
        actor="Dutch cabinet",
        summary="Kamer wordt geïnformeerd",
        source={"date": date(2025, 12, 17)},
    ),
    rec("etias", due="2026-Q4", topics=["etias"], actor="eu-LISA", status="waiting"),
    rec("return-ga", kind="decision", topics=["return-regulation"], actor="Raad (België)"),
    rec("c7-plan", due="2026-H1", topics=["c7"], actor="C7 ministers", status="partial"),
]
ASOF = Settings(date(2026, 11, 29))


def ids(flt: Filter, **kw: Any) -> list[str]:
    return [i.record.id for i in select(RECORDS, flt, ASOF, **kw)]


def test_default_sort_is_due_by_then_undated_by_id() -> None:
    assert ids(Filter()) == ["c7-plan", "ebsp-deal", "etias", "ebsp-inform", "return-ga"]


def test_open_and_closed_split_the_records() -> None:
    assert set(ids(Filter(open=True))) | set(ids(Filter(closed=True))) == {r.id for r in RECORDS}
    assert ids(Filter(closed=True)) == ["return-ga"]


def test_filters_combine_with_and() -> None:
    assert ids(Filter(topics=["ebsp"], kinds=["commitment"])) == ["ebsp-inform"]
    assert ids(Filter(statuses=["waiting", "partial"])) == ["c7-plan", "etias"]


def test_actor_matches_substring_ignoring_case_and_accents() -> None:
    assert ids(Filter(actor="belgie")) == ["return-ga"]
    assert ids(Filter(actor="COMMISSION")) == ["ebsp-deal"]


def test_search_ignores_accents_and_needs_every_word() -> None:
    assert ids(Filter(search="geinformeerd")) == ["ebsp-inform"]
    assert ids(Filter(search="Kamer GEÏNFORMEERD")) == ["ebsp-inform"]
    assert ids(Filter(search="kamer missing-word")) == []


def test_flag_filters() -> None:
    assert ids(Filter(flags=["overdue"])) == ["c7-plan"]
    assert ids(Filter(flags=["awaiting"])) == ["ebsp-inform"]


def test_due_by_and_due_after_use_window_ends() -> None:
    assert ids(Filter(due_by=date(2026, 6, 30))) == ["c7-plan"]
    assert ids(Filter(due_after=date(2026, 6, 30))) == ["ebsp-deal", "etias"]


def test_sort_keys_limit_and_reverse() -> None:
    assert ids(Filter(), sort="id", limit=2) == ["c7-plan", "ebsp-deal"]
    assert ids(Filter(), sort="id", reverse=True)[0] == "return-ga"
    assert ids(Filter(), sort="kind")[-1] == "etias"  # deadlines after decisions and commitments
    with pytest.raises(UsageError, match="unknown sort key"):
        sort_items([], "colour")


def test_unknown_status_or_kind_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown status 'closed'"):
        ids(Filter(statuses=["closed"]))
    with pytest.raises(UsageError, match="unknown kind"):
        ids(Filter(kinds=["promise"]))


def test_resolve_exact_id_beats_topic() -> None:
    records = [*RECORDS, rec("etias-2", topics=["etias"])]
    assert resolve(records, "etias").kind == "record"


def test_resolve_topic_gives_dossier_oldest_source_first() -> None:
    records = [
        rec("b", topics=["pool"], source={"date": date(2026, 1, 1)}),
        rec("a", topics=["pool"], source={"date": date(2025, 1, 1)}),
    ]
    result = resolve(records, "pool")
    assert result.kind == "dossier"
    assert [r.id for r in result.records] == ["a", "b"]


def test_resolve_prefix_then_substring() -> None:
    assert resolve(RECORDS, "ret").records[0].id == "return-ga"
    assert resolve(RECORDS, "plan").records[0].id == "c7-plan"


def test_resolve_ambiguous_lists_candidates() -> None:
    with pytest.raises(AmbiguousError, match="ebsp-deal, ebsp-inform"):
        resolve(RECORDS, "ebsp-")


def test_resolve_nothing_found() -> None:
    with pytest.raises(NotFoundError, match="no record or topic matches 'zzz'"):
        resolve(RECORDS, "zzz")


def test_a_refused_kind_reads_the_same_from_a_filter_and_from_a_record_file() -> None:
    from jbz_cli.core.build import FieldError

    with pytest.raises(UsageError) as option:
        Filter(kinds=("deadlin",)).validate()
    with pytest.raises(FieldError) as file:
        record_from_dict({"kind": "deadlin", "title": "T"}, "x")
    expected = "unknown kind 'deadlin': expected one of decision, commitment, deadline; did you mean 'deadline'?"
    assert str(option.value) == str(file.value) == expected
