"""On time against the original due date and against the revised one, and counting by period."""

from __future__ import annotations

from datetime import date

from histories import record

from jbz_cli.core.ontime import LATE, ON_TIME, UNKNOWN, count_timeliness, verdict

D = date.fromisoformat

# Due 2026-01-31, moved to March, done on 1 March: late by the promise, on time by the agreed extension.
SLIPPED_THEN_DONE = """
kind = "commitment"
title = "Send the evaluation to the Kamer"
status = "done"
due = "2026-03"
created = 2025-12-17

[[followup]]
date = 2026-01-20
due = "2026-03"
previous_due = "2026-01-31"

[[followup]]
date = 2026-03-01
status = "done"
evidence = "Kamerstuk 32 317, nr. 1001"
"""

ON_TIME_BOTH = """
kind = "deadline"
title = "Council adopts the roadmap"
status = "done"
due = "2026-Q1"
created = 2025-12-17

[[followup]]
date = 2026-02-10
status = "done"
evidence = "Council conclusions"
"""

DONE_WITHOUT_DATE = """
kind = "commitment"
title = "Reported in the same letter"
status = "done"
due = "2026"
created = 2025-12-17
"""


def test_a_slipped_item_is_late_against_the_original_and_on_time_against_the_revised_due() -> None:
    judged = verdict(record(SLIPPED_THEN_DONE))
    assert (judged.closed, judged.original, judged.revised) == (D("2026-03-01"), LATE, ON_TIME)
    assert (judged.original_due.text, judged.revised_due.text) == ("2026-01-31", "2026-03")  # type: ignore[union-attr]


def test_without_a_done_follow_up_the_verdict_is_unknown() -> None:
    judged = verdict(record(DONE_WITHOUT_DATE))
    assert (judged.original, judged.revised) == (UNKNOWN, UNKNOWN)


def _records() -> list:
    return [
        record(SLIPPED_THEN_DONE, "slipped"),
        record(ON_TIME_BOTH, "roadmap"),
        record(DONE_WITHOUT_DATE, "same-letter"),
    ]


def test_counts_both_ways_per_kind() -> None:
    counts = {kind: c.counts() for kind, c in count_timeliness(_records()).items()}
    assert counts == {
        "commitment": {
            "original": {ON_TIME: 0, LATE: 1, UNKNOWN: 1},
            "revised": {ON_TIME: 1, LATE: 0, UNKNOWN: 1},
        },
        "deadline": {"original": {ON_TIME: 1, LATE: 0, UNKNOWN: 0}, "revised": {ON_TIME: 1, LATE: 0, UNKNOWN: 0}},
    }


def test_as_of_counts_only_what_was_done_by_then() -> None:
    counts = count_timeliness(_records(), to_day=D("2026-02-28"))
    assert counts["commitment"].original == {ON_TIME: [], LATE: [], UNKNOWN: ["same-letter"]}
    assert counts["deadline"].revised[ON_TIME] == ["roadmap"]


def test_a_period_counts_only_what_was_done_in_it() -> None:
    counts = count_timeliness(_records(), from_day=D("2026-03-01"), to_day=D("2026-03-31"))
    assert counts["commitment"].revised == {ON_TIME: ["slipped"], LATE: [], UNKNOWN: []}
    assert counts["deadline"].revised == {ON_TIME: [], LATE: [], UNKNOWN: []}


def test_revised_agrees_with_stats_when_the_history_is_consistent() -> None:
    from jbz_cli.core.overviews import build_stats

    stats = build_stats(_records())
    mine = count_timeliness(_records())
    for kind, timeliness in stats.done.items():
        assert timeliness.on_time == mine[kind].revised[ON_TIME]
        assert timeliness.late == mine[kind].revised[LATE]
        assert timeliness.unknown == mine[kind].revised[UNKNOWN]
