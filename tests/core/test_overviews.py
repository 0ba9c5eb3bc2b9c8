"""The overviews' numbers, computed from records without any terminal in between."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jbz_cli.core.build import record_from_dict
from jbz_cli.core.overviews import (
    add_months,
    awaiting_reason,
    build_agenda,
    build_stats,
    build_summary,
    closed_on,
    month_end,
    stats_rows,
)
from jbz_cli.core.query import Settings
from jbz_cli.core.words import due_words
from jbz_cli.errors import UsageError
from jbz_cli.store.files import RecordsDir, load_records

AS_OF = date(2026, 11, 29)

SETTINGS = Settings(AS_OF)


def rec(rid: str, **fields: object):
    data = {"kind": "deadline", "title": rid.replace("-", " ")}
    data.update(fields)
    return record_from_dict(data, rid)


def done(rid: str, due: str | None, *closings: tuple[date, str], kind: str = "commitment"):
    followups = [{"date": d, "note": "x", "status": s, "evidence": "Kamerstuk"} for d, s in closings]
    fields: dict[str, object] = {"kind": kind, "status": "done", "followup": followups}
    if due:
        fields["due"] = due
    return rec(rid, **fields)


@pytest.fixture
def basic(basic_dir: Path):
    return load_records(RecordsDir(basic_dir, "records", "option")).records


def ids(items) -> list[str]:
    return [i.record.id for i in items]


def test_summary_sections_of_the_fixture(basic) -> None:
    summary = build_summary(basic, SETTINGS, "records")
    assert summary.total == 8
    assert summary.by_status == {"open": 4, "waiting": 1, "partial": 1, "done": 2, "missed": 0, "dropped": 0}
    assert ids(summary.overdue) == ["c7-action-plan"]
    assert ids(summary.due_soon) == ["pool-dutch-contribution"]
    # Longest silent first: the undated EBSP commitment has had no news since its source date.
    assert ids(summary.awaiting) == ["ebsp-keep-kamer-informed", "pool-dutch-contribution"]


def test_summary_overdue_is_oldest_due_first() -> None:
    records = [rec("b-late", due="2026-10-01"), rec("a-later", due="2026-11-01"), rec("c-oldest", due="2025-Q1")]
    summary = build_summary(records, SETTINGS, "r")
    assert ids(summary.overdue) == ["c-oldest", "b-late", "a-later"]


def test_summary_due_soon_follows_soon_days() -> None:
    records = [rec("in-10", due="2026-12-09"), rec("in-40", due="2027-01-08")]
    assert ids(build_summary(records, Settings(AS_OF, soon_days=30), "r").due_soon) == ["in-10"]
    assert ids(build_summary(records, Settings(AS_OF, soon_days=45), "r").due_soon) == ["in-10", "in-40"]


def test_awaiting_reason_names_the_check_date_or_the_silence() -> None:
    checked = rec("a", next_check=date(2026, 11, 1))
    silent = rec("b", kind="commitment", source={"document": "d", "date": date(2025, 12, 17)})
    assert awaiting_reason(checked, AS_OF) == "check since 2026-11-01"
    assert awaiting_reason(silent, AS_OF) == "no news since 2025-12-17"
    assert awaiting_reason(checked, AS_OF, full=True) == "next check was due 2026-11-01"
    assert (
        awaiting_reason(silent, AS_OF, full=True)
        == f"no news since 2025-12-17 ({(AS_OF - date(2025, 12, 17)).days} days)"
    )


def test_agenda_default_window_starts_at_the_oldest_overdue_month(basic) -> None:
    agenda = build_agenda(basic, SETTINGS)
    assert (agenda.start, agenda.end) == (date(2026, 6, 1), date(2027, 5, 31))
    assert [m.key for m in agenda.months][:2] == ["2026-06", "2026-07"]
    assert len(agenda.months) == 12
    grouped = {m.key: ids(m.items) for m in agenda.months if m.items}
    assert grouped == {
        "2026-06": ["c7-action-plan"],
        "2026-12": ["pool-dutch-contribution", "ebsp-negotiations-end-2026", "etias-operational"],
        "2027-01": ["asylum-ep-position"],
    }
    assert [m.overdue for m in agenda.months if m.items] == [1, 0, 0]


def test_agenda_without_overdue_starts_at_the_as_of_month() -> None:
    agenda = build_agenda([rec("x", due="2027-02-10")], SETTINGS)
    assert agenda.start == date(2026, 11, 1)
    assert agenda.end == date(2027, 5, 31)
    assert ids(agenda.items) == ["x"]


def test_agenda_explicit_window_drops_items_outside_it(basic) -> None:
    agenda = build_agenda(basic, SETTINGS, start=date(2026, 7, 1), end=date(2026, 12, 31))
    assert ids(agenda.items) == ["pool-dutch-contribution", "ebsp-negotiations-end-2026", "etias-operational"]
    assert [m.key for m in agenda.months] == ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]


def test_agenda_open_only_by_default(basic) -> None:
    window = {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}
    assert "iom-roadmap-march" not in ids(build_agenda(basic, SETTINGS, **window).items)
    assert "iom-roadmap-march" in ids(build_agenda(basic, SETTINGS, open_only=False, **window).items)


def test_agenda_rejects_a_window_that_ends_before_it_starts(basic) -> None:
    with pytest.raises(UsageError, match="after --to"):
        build_agenda(basic, SETTINGS, start=date(2027, 1, 1), end=date(2026, 12, 31))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 29), 6, date(2027, 5, 1)),
        (date(2026, 12, 31), 1, date(2027, 1, 1)),
        (date(2026, 1, 5), 0, date(2026, 1, 1)),
    ],
)
def test_add_months_crosses_years(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_month_end_handles_february_and_december() -> None:
    assert month_end(date(2028, 2, 3)) == date(2028, 2, 29)
    assert month_end(date(2026, 12, 1)) == date(2026, 12, 31)


def test_due_words_say_imprecise_windows_in_words() -> None:
    assert due_words(rec("a", due="2026-Q4").due) == "Q4 2026"
    assert due_words(rec("b", due="2026-H1").due) == "first half of 2026"
    assert due_words(rec("c", due="2026-12-15").due) == "2026-12-15"
    assert due_words(rec("d").due) == "-"


def test_stats_counts_every_kind_status_topic_and_actor(basic) -> None:
    stats = build_stats(basic)
    assert stats.total == 8
    assert stats.by_kind == {"decision": 1, "commitment": 2, "deadline": 5}
    assert stats.by_status["open"] == 4 and stats.by_status["missed"] == 0
    assert list(stats.by_topic.items())[:3] == [("migration", 5), ("security", 3), ("ebsp", 2)]
    assert stats.by_actor["European Commission"] == 2


def test_stats_record_without_actor_counts_under_none() -> None:
    assert build_stats([rec("a"), rec("b", actor="X")]).by_actor == {"(none)": 1, "X": 1}


def test_on_time_uses_the_latest_follow_up_that_set_done() -> None:
    records = [
        done("on-the-day", "2026-06-30", (date(2026, 6, 30), "done")),
        done("in-window", "2026-Q2", (date(2026, 5, 2), "done")),
        done("late", "2026-03", (date(2026, 4, 1), "done")),
        # Reopened and closed again after the deadline: the latest closing counts.
        done(
            "reclosed-late",
            "2026-03-31",
            (date(2026, 3, 1), "done"),
            (date(2026, 3, 5), "open"),
            (date(2026, 5, 1), "done"),
        ),
        done("no-due", None, (date(2026, 3, 1), "done")),
        done("no-closing", "2026-03-31", (date(2026, 3, 1), "partial")),
        done("deadline-met", "2026-03", (date(2026, 3, 20), "done"), kind="deadline"),
        rec("still-open", kind="commitment", due="2026-01-01"),
    ]
    stats = build_stats(records)
    c = stats.done["commitment"]
    assert (c.on_time, c.late, c.unknown) == (
        ["in-window", "on-the-day"],
        ["late", "reclosed-late"],
        ["no-closing", "no-due"],
    )
    assert stats.done["deadline"].counts() == {"on_time": 1, "late": 0, "unknown": 0}
    assert closed_on(records[3]) == date(2026, 5, 1)


def test_decisions_are_not_weighed_for_timeliness() -> None:
    stats = build_stats([done("a-decision", "2026-01", (date(2026, 3, 1), "done"), kind="decision")])
    assert set(stats.done) == {"commitment", "deadline"}
    assert all(sum(t.counts().values()) == 0 for t in stats.done.values())


def test_stats_rows_are_section_key_count(basic) -> None:
    rows = stats_rows(build_stats(basic))
    assert rows[0] == ("total", "records", 8)
    assert ("kind", "deadline", 5) in rows
    assert ("done-deadline", "on-time", 1) in rows
    assert {r[0] for r in rows} == {"total", "kind", "status", "topic", "actor", "done-commitment", "done-deadline"}
