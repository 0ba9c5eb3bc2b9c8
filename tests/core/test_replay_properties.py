"""Properties of replaying random, consistent histories."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from jbz_cli.core.dates import parse_due
from jbz_cli.core.model import STATUSES, Followup, Record, record_from_plain, record_to_plain
from jbz_cli.core.replay import (
    due_on,
    history_problems,
    next_check_on,
    same_window,
    state_on,
    states_through,
    status_on,
)

DUES = ["2026-01-31", "2026-03", "2026-Q2", "2026-H2", "2026", "2027-Q1", "2027-06-15"]
START = date(2025, 12, 1)


@st.composite
def histories(draw: st.DrawFn) -> Record:
    """A record whose top-level fields agree with its follow-ups, as jbz followup writes them."""
    kind = draw(st.sampled_from(["commitment", "deadline"]))
    created = START + timedelta(days=draw(st.integers(0, 60)))
    status = "open"
    due = draw(st.none() | st.sampled_from(DUES))
    followups = []
    day = created
    for _ in range(draw(st.integers(0, 6))):
        day += timedelta(days=draw(st.integers(0, 90)))
        new_status = draw(st.none() | st.sampled_from(STATUSES))
        new_due = draw(st.none() | st.sampled_from(DUES))
        followups.append(Followup(day, "n", new_status, "ev", new_due, due if new_due else None))
        status = new_status or status
        due = new_due or due
    next_check = draw(st.none() | st.dates(START, date(2027, 6, 1)))
    return Record(
        id="r",
        kind=kind,
        title="t",
        status=status,
        due=parse_due(due) if due else None,
        next_check=next_check,
        followups=tuple(followups),
        created=created,
    )


@given(histories())
def test_after_every_date_the_replay_is_the_record_as_written(rec: Record) -> None:
    last = max([rec.created, *(f.date for f in rec.followups)])  # type: ignore[type-var]
    state = state_on(rec, last + timedelta(days=1))
    assert state is not None
    assert state.status == rec.status
    assert same_window(state.due, rec.due)
    assert state.followups == rec.followups
    assert history_problems(rec) == []


@given(histories(), st.dates(date(2025, 11, 1), date(2028, 1, 1)))
def test_a_day_sees_only_its_past(rec: Record, day: date) -> None:
    state = state_on(rec, day)
    if rec.created is not None and day < rec.created:
        assert state is None
        return
    assert state is not None
    assert all(f.date <= day for f in state.followups)
    assert len(state.followups) == sum(f.date <= day for f in rec.followups)
    if state.last_activity is not None:
        assert state.last_activity <= day
    if state.next_check is not None:
        assert not any(state.next_check <= f.date <= day for f in rec.followups)
    setters = [f for f in rec.followups if f.status and f.date <= day]
    assert state.status == (setters[-1].status if setters else "open")


@given(histories(), st.dates(date(2025, 11, 1), date(2028, 1, 1)))
def test_status_on_a_day_without_news_is_the_status_of_the_day_before(rec: Record, day: date) -> None:
    if not any(f.date == day for f in rec.followups):
        assert status_on(rec, day) == status_on(rec, day - timedelta(days=1))


@given(histories())
def test_the_index_form_keeps_created(rec: Record) -> None:
    # An index written before `created` existed has an older SCHEMA and is rebuilt, never read as lists.
    assert record_from_plain(record_to_plain(rec), rec.id, rec.path) == rec


@st.composite
def shuffled_histories(draw: st.DrawFn) -> Record:
    """A history whose follow-ups may sit out of date order in the file, as a hand edit can leave them."""
    rec = draw(histories())
    order = draw(st.permutations(range(len(rec.followups))))
    return replace(rec, followups=tuple(rec.followups[i] for i in order))


@given(st.one_of(histories(), shuffled_histories()), st.lists(st.dates(date(2025, 11, 1), date(2028, 1, 1))))
def test_states_through_is_state_on_for_every_day(rec: Record, days: list[date]) -> None:
    """The feed's one-pass replay gives, day for day, exactly what state_on gives."""
    days += [f.date for f in rec.followups]
    assert states_through(rec, days) == {day: state_on(rec, day) for day in days}


@st.composite
def any_records(draw: st.DrawFn) -> Record:
    """A record whose top-level status, due and next_check need not agree with its follow-ups (hand-edited)."""
    rec = draw(histories())
    return replace(
        rec,
        status=draw(st.sampled_from(STATUSES)),
        due=draw(st.none() | st.sampled_from(DUES).map(parse_due)),
        next_check=draw(st.none() | st.dates(START, date(2027, 6, 1))),
    )


@given(any_records(), st.dates(date(2025, 11, 1), date(2028, 1, 1)))
def test_state_on_is_the_replay_of_status_due_and_next_check(rec: Record, day: date) -> None:
    state = state_on(rec, day)
    if rec.created is not None and day < rec.created:
        assert state is None
        return
    assert state == replace(
        rec,
        status=status_on(rec, day),
        due=due_on(rec, day),
        next_check=next_check_on(rec, day),
        followups=tuple(f for f in rec.followups if f.date <= day),
    )
