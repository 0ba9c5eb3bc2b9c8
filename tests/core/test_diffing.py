"""The diff's own rules, on records built in memory."""

from __future__ import annotations

from datetime import date

import pytest
from histories import record

from jbz_cli.core.diffing import diff
from jbz_cli.errors import UsageError

D = date.fromisoformat

REOPENED_LATE = """
kind = "commitment"
title = "Answer the Kamer's questions"
status = "open"
created = 2026-01-05
due = "2026-02"

[[followup]]
date = 2026-02-20
status = "done"
evidence = "Aanhangsel 1234"

[[followup]]
date = 2026-05-12
note = "The answers were incomplete"
status = "open"
"""

MOVED_EARLIER = """
kind = "deadline"
title = "Roadmap goes to the Council"
status = "open"
created = 2026-01-05
due = "2026-09"

[[followup]]
date = 2026-04-10
due = "2026-12"
previous_due = "2026-06"

[[followup]]
date = 2026-05-10
due = "2026-09"
previous_due = "2026-12"
"""


def _summary(text: str, start: str, end: str) -> dict[str, list[tuple[str | None, dict]]]:
    result = diff([record(text)], D(start), D(end))
    return {
        name: [(c.day.isoformat() if c.day else None, c.detail) for c in changes]
        for name, changes in result.sections.items()
        if changes
    }


def test_a_reopened_item_past_its_due_date_is_overdue_from_the_day_it_reopened() -> None:
    found = _summary(REOPENED_LATE, "2026-03-31", "2026-06-30")
    assert list(found) == ["reopened", "became_overdue"]
    assert found["became_overdue"][0][0] == "2026-05-12"


def test_closing_and_reopening_in_one_period_are_both_listed() -> None:
    found = _summary(REOPENED_LATE, "2026-01-31", "2026-06-30")
    assert found["closed"] == [("2026-02-20", {"status": "done", "evidence": "Aanhangsel 1234", "note": None})]
    assert found["reopened"] == [("2026-05-12", {"status": "open", "previous_status": "done"})]
    # not overdue on 31 January (due in February), overdue on 30 June since it reopened
    assert found["became_overdue"][0][0] == "2026-05-12"


def test_a_deadline_moved_later_then_partly_back_still_slipped_from_first_to_last() -> None:
    found = _summary(MOVED_EARLIER, "2026-03-31", "2026-06-30")
    assert found == {
        "slipped": [
            ("2026-05-10", {"from": "2026-06", "to": "2026-09", "from_by": "2026-06-30", "to_by": "2026-09-30"})
        ]
    }


def test_a_deadline_moved_earlier_did_not_slip() -> None:
    assert _summary(MOVED_EARLIER, "2026-04-30", "2026-06-30") == {}


def test_moving_an_overdue_deadline_later_ends_its_overdue_state() -> None:
    text = MOVED_EARLIER.replace('previous_due = "2026-06"', 'previous_due = "2026-03"')
    found = _summary(text, "2026-04-05", "2026-04-30")
    assert found["no_longer_overdue"] == [
        (
            "2026-04-10",
            {"due": "2026-12", "previous_due": "2026-03", "status": "open", "reason": "due moved to 2026-12"},
        )
    ]


def test_from_after_to_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="FROM 2026-06-30 is after TO 2026-03-31"):
        diff([], D("2026-06-30"), D("2026-03-31"))
