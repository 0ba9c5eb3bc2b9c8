"""A record's state on a day is its history replayed up to and including that day."""

from __future__ import annotations

from datetime import date

import pytest
from histories import record

from jbz_cli.core.horizon import FLAG_AWAITING, FLAG_OVERDUE, Settings, compute_flags
from jbz_cli.core.replay import (
    due_on,
    exists_from,
    history_problems,
    initial_due,
    initial_status,
    moves,
    state_on,
    transitions,
)
from jbz_cli.store.toml_text import locate

D = date.fromisoformat

CLOSED_LATER = """
kind = "commitment"
title = "Report to the Kamer on the pilot"
status = "done"
created = 2025-12-17
due = "2026-Q1"

[source]
date = 2025-12-17

[[followup]]
date = 2026-05-01
note = "Letter sent"
status = "done"
evidence = "Kamerstuk 32 317, nr. 999"
"""

MOVED = """
kind = "deadline"
title = "ETIAS enters into operation"
status = "done"
due = "2026-Q4"
created = 2025-12-17

[[followup]]
date = 2026-01-20
note = "Postponed"
due = "2026-Q2"
previous_due = "2026-01-31"

[[followup]]
date = 2026-04-02
note = "Postponed again"
due = "2026-Q4"
previous_due = "2026-Q2"

[[followup]]
date = 2026-10-15
status = "done"
evidence = "Council press release"
"""


@pytest.mark.parametrize(
    ("text", "day", "exists"),
    [
        ('kind = "commitment"\ntitle = "t"\ncreated = 2026-02-01\n', "2026-01-31", False),
        ('kind = "commitment"\ntitle = "t"\ncreated = 2026-02-01\n', "2026-02-01", True),
        ('kind = "commitment"\ntitle = "t"\n[source]\ndate = 2025-12-17\n', "2025-12-16", False),
        ('kind = "commitment"\ntitle = "t"\n[source]\ndate = 2025-12-17\n', "2025-12-17", True),
        # created wins over the source date: the record was entered later than the letter was sent
        ('kind = "commitment"\ntitle = "t"\ncreated = 2026-03-01\n[source]\ndate = 2025-12-17\n', "2026-01-01", False),
        ('kind = "commitment"\ntitle = "t"\n', "1900-01-01", True),
    ],
)
def test_a_record_exists_from_created_else_its_source_date_else_always(text: str, day: str, exists: bool) -> None:
    assert (state_on(record(text), D(day)) is not None) is exists


def test_exists_from_names_the_day() -> None:
    assert exists_from(record(CLOSED_LATER)) == D("2025-12-17")
    assert exists_from(record('kind = "deadline"\ntitle = "t"\n')) is None


@pytest.mark.parametrize(
    ("day", "status", "followups"),
    [("2026-04-30", "open", 0), ("2026-05-01", "done", 1), ("2027-01-01", "done", 1)],
)
def test_status_is_the_latest_set_on_or_before_the_day(day: str, status: str, followups: int) -> None:
    state = state_on(record(CLOSED_LATER), D(day))
    assert state is not None
    assert (state.status, len(state.followups)) == (status, followups)


def test_an_item_closed_after_the_as_of_date_was_overdue_on_it() -> None:
    settings = Settings(as_of=D("2026-04-15"))
    state = state_on(record(CLOSED_LATER), settings.as_of)
    assert state is not None
    assert compute_flags(state, settings) == (FLAG_OVERDUE,)
    assert compute_flags(record(CLOSED_LATER), settings) == ()  # what --as-of showed before replaying


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('kind = "commitment"\ntitle = "t"\nstatus = "waiting"\n', "waiting"),  # no follow-up set a status
        ('kind = "decision"\ntitle = "t"\n', "done"),
        (CLOSED_LATER, "open"),  # a commitment starts open
        (
            'kind = "commitment"\ntitle = "t"\nstatus = "done"\n'
            '[[followup]]\ndate = 2026-01-01\nstatus = "waiting"\n'
            '[[followup]]\ndate = 2026-02-01\nstatus = "done"\nevidence = "x"\n',
            "open",
        ),
    ],
)
def test_initial_status_is_derived_from_the_history(text: str, expected: str) -> None:
    assert initial_status(record(text)) == expected


@pytest.mark.parametrize(
    ("day", "due", "status"),
    [
        ("2026-01-19", "2026-01-31", "open"),
        ("2026-01-20", "2026-Q2", "open"),
        ("2026-04-01", "2026-Q2", "open"),
        ("2026-04-02", "2026-Q4", "open"),
        ("2026-10-15", "2026-Q4", "done"),
    ],
)
def test_the_due_date_is_the_one_in_force_that_day(day: str, due: str, status: str) -> None:
    state = state_on(record(MOVED), D(day))
    assert state is not None
    assert state.due is not None
    assert (state.due.text, state.status) == (due, status)


def test_moves_and_transitions_list_the_history_oldest_first() -> None:
    rec = record(MOVED)
    assert initial_due(rec) is not None and initial_due(rec).text == "2026-01-31"  # type: ignore[union-attr]
    assert [(m.day.isoformat(), m.before.text, m.after.text) for m in moves(rec)] == [  # type: ignore[union-attr]
        ("2026-01-20", "2026-01-31", "2026-Q2"),
        ("2026-04-02", "2026-Q2", "2026-Q4"),
    ]
    assert [(t.before, t.after) for t in transitions(rec)] == [("open", "done")]


def test_follow_ups_are_replayed_in_date_order_whatever_the_file_order() -> None:
    rec = record(
        'kind = "commitment"\ntitle = "t"\nstatus = "done"\n'
        '[[followup]]\ndate = 2026-03-01\nstatus = "done"\nevidence = "x"\n'
        '[[followup]]\ndate = 2026-02-01\nstatus = "waiting"\n'
    )
    assert [state_on(rec, D(d)).status for d in ("2026-01-01", "2026-02-15", "2026-03-01")] == [  # type: ignore[union-attr]
        "open",
        "waiting",
        "done",
    ]


NEXT_CHECK = """
kind = "commitment"
title = "Kamer is kept informed"
status = "open"
created = 2025-12-17
next_check = 2026-03-01

[[followup]]
date = 2026-02-10
note = "Progress letter announced"

[[followup]]
date = 2026-03-05
note = "Progress letter sent"
"""


@pytest.mark.parametrize(
    ("day", "next_check", "awaiting"),
    [
        ("2026-02-28", "2026-03-01", False),  # not yet due for a check
        ("2026-03-02", "2026-03-01", True),  # the follow-up of 10 February came before the check date
        ("2026-03-05", None, False),  # met by the follow-up of 5 March
        ("2026-04-01", None, False),
    ],
)
def test_next_check_is_met_by_a_follow_up_dated_on_or_after_it(
    day: str, next_check: str | None, awaiting: bool
) -> None:
    state = state_on(record(NEXT_CHECK), D(day))
    assert state is not None
    assert state.next_check == (D(next_check) if next_check else None)
    assert (FLAG_AWAITING in compute_flags(state, Settings(as_of=D(day)))) is awaiting


def test_later_follow_ups_do_not_count_for_last_activity() -> None:
    state = state_on(record(NEXT_CHECK), D("2026-02-20"))
    assert state is not None
    assert state.last_activity == D("2026-02-10")
    assert [f.note for f in state.followups] == ["Progress letter announced"]


def test_a_record_without_follow_ups_is_returned_as_it_is() -> None:
    rec = record('kind = "deadline"\ntitle = "t"\ndue = "2026"\ncreated = 2026-01-01\n')
    assert state_on(rec, D("2026-06-01")) is rec


BAD_HISTORY = """kind = "deadline"
title = "Eurodac enters into operation"
status = "open"
created = 2026-01-10
due = "2026-09"

[[followup]]
date = 2026-01-05
note = "Dated before the record was created"

[[followup]]
date = 2026-02-01
due = "2026-06"
previous_due = "2026-03"

[[followup]]
date = 2026-05-01
due = "2026-08"
previous_due = "2026-04"
"""


def test_history_problems_name_each_contradiction_with_a_line_to_fix() -> None:
    problems = history_problems(record(BAD_HISTORY))
    lines = BAD_HISTORY.splitlines()
    found = [(lines[locate(BAD_HISTORY, where)[0] - 1], message) for where, message in problems]
    assert found == [
        ("date = 2026-01-05", "follow-up 1 is dated 2026-01-05, before the record was created on 2026-01-10"),
        (
            'previous_due = "2026-04"',
            "follow-up 3 says the due date was '2026-04', but follow-up 2 had moved it to '2026-06'",
        ),
        ('due = "2026-09"', "due is '2026-09', but follow-up 3 moved it to '2026-08'"),
    ]


def test_a_status_that_disagrees_with_the_last_follow_up_is_a_problem() -> None:
    rec = record(
        'kind = "commitment"\ntitle = "t"\nstatus = "open"\n[[followup]]\ndate = 2026-01-01\nstatus = "done"\n'
    )
    assert history_problems(rec) == [(("status",), "status is 'open', but follow-up 1 set it to 'done'")]


@pytest.mark.parametrize("text", [CLOSED_LATER, MOVED, NEXT_CHECK])
def test_consistent_histories_have_no_problems(text: str) -> None:
    assert history_problems(record(text)) == []


def test_due_on_accepts_a_toml_date_and_a_string_as_the_same_deadline() -> None:
    rec = record(
        'kind = "deadline"\ntitle = "t"\ndue = 2026-06-30\n'
        '[[followup]]\ndate = 2026-01-01\ndue = "2026-06-30"\nprevious_due = "2026-03"\n'
    )
    assert history_problems(rec) == []
    assert due_on(rec, D("2026-12-31")) is rec.due  # today's output keeps the text as written
