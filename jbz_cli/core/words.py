"""Every phrase jbz builds from record values: due dates, changes, waits and statuses, in one place.

Pure string functions over plain values (no Record), so core and present say things the same way and a
wording change is one edit here. Outputs are pinned by tests, so every function keeps its exact bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from jbz_cli.core.dates import DueWindow

if TYPE_CHECKING:  # words are pure strings; the horizon decides, so only its type is named here
    from jbz_cli.core.horizon import Awaiting

# The Tweede Kamer register of toezeggingen uses these words for the same states.
REGISTER_TERMS = {
    "open": "Openstaand",
    "waiting": "Openstaand (wacht op derden)",
    "partial": "Deels afgedaan",
    "done": "Afgedaan",
    "missed": "Niet nagekomen",
    "dropped": "Vervallen",
}


def unknown_choice(what: str, value: object, choices: Sequence[str]) -> str:
    """ "unknown kind 'deadlin': expected one of decision, commitment, deadline; did you mean 'deadline'?": one
    wording for every refused status or kind, whether it came from an option, a prompt or a record file."""
    from jbz_cli.core.suggest import suggest  # difflib only when there is something to refuse

    hint = suggest(value, choices) if isinstance(value, str) else ""
    return f"unknown {what} {value!r}: expected one of {', '.join(choices)}{hint}"


def duplicate_id(record_id: str, others: Sequence[str]) -> str:
    """ "duplicate id 'x': also in a/x.toml": the loader, the index and check name a clash in the same words."""
    return f"duplicate id {record_id!r}: also in {', '.join(others)}"


def days(n: int) -> str:
    """ "1 day", "5 days"."""
    return f"{n} day" if n == 1 else f"{n} days"


def status_words(status: str) -> str:
    """The status with the register's Dutch term: "open (Openstaand)"."""
    return f"{status} ({REGISTER_TERMS[status]})"


# --- due dates --------------------------------------------------------------------------------------------------


def due_words(due: DueWindow | None) -> str:
    """A due window as a person says it: the day itself, or "Q4 2026", "first half of 2026"; "-" for none."""
    if due is None:
        return "-"
    return due.text if due.precision == "day" else due.label()


def due_span(due: DueWindow | None) -> str:
    """The day as written, or a window with its first and last day: "Q4 2026 (2026-10-01 to 2026-12-31)"."""
    if due is None:
        return "-"
    if due.precision == "day":
        return due.text
    return f"{due.label()} ({due.start.isoformat()} to {due.end.isoformat()})"


def due_by_words(due: DueWindow | None) -> str:
    """An exact day as is; a window as the letter said it, with its last day: "Q4 2026 (by 2026-12-31)"."""
    if due is None:
        return "no due date"
    if due.precision == "day":
        return due.end.isoformat()
    return f"{due.label()} (by {due.end.isoformat()})"


def due_event_words(due: DueWindow) -> str:
    """A calendar event's due line: the day, or the window and why the event sits on its last day."""
    if due.precision == "day":
        return due.end.isoformat()
    return f"{due.label()} (no exact day given; shown on its last day, {due.end.isoformat()})"


def window_prefix(due: DueWindow | None) -> str:
    """ "[Q4 2026] " before a title when the letter gave no exact day; "" otherwise."""
    if due is None or due.precision == "day":
        return ""
    return f"[{due.label()}] "


def overdue_words(due: DueWindow | None, late_days: int) -> str:
    """ "Q4 2026, 3 days ago"."""
    return f"{due_words(due)}, {days(late_days)} ago"


def due_in_words(due: DueWindow | None, left_days: int) -> str:
    """ "2026-12-15, in 16 days" or "..., today"."""
    when = "today" if left_days == 0 else f"in {days(left_days)}"
    return f"{due_words(due)}, {when}"


# --- changes --------------------------------------------------------------------------------------------------


def status_change(status: str) -> str:
    return f"status -> {status}"


def next_check_note(day: date) -> str:
    """The note of a follow-up that only set a new next_check, so its history line says what it did."""
    return f"Next check set to {day.isoformat()}"


def change_marks(status: str | None, due: str | None, previous_due: str | None, evidence: str | None) -> list[str]:
    """What a follow-up changed, in the same words in show, history, briefings and calendars."""
    marks = []
    if status:
        marks.append(status_change(status))
    if due:
        marks.append(f"due {previous_due or '-'} -> {due}")
    if evidence:
        marks.append(f"evidence: {evidence}")
    return marks


def marks_text(marks: Sequence[str]) -> str:
    """Several marks in one run of text: "status -> done; evidence: Kamerstuk 32317, nr. 990"."""
    return "; ".join(marks)


# --- why an item awaits follow-up -------------------------------------------------------------------------------


def awaiting_words(why: Awaiting) -> str:
    """Why an item awaits follow-up, short for the dashboard: "check since ..." or "no news since ..."."""
    if why.check is not None:
        return f"check since {why.check.isoformat()}"
    return f"no news since {why.since.isoformat()}" if why.since else "no news"


def awaiting_brief_words(why: Awaiting) -> str:
    """Why an item needs chasing, in full for a briefing, with the days of silence."""
    if why.check is not None:
        return f"next check was due {why.check.isoformat()}"
    if why.since is not None:
        return f"no news since {why.since.isoformat()} ({why.days} days)"
    return "no news"


# --- the Council a letter belongs to (jbz extract) --------------------------------------------------------------

LETTER_ROLES = {"prepared": "prepares", "reported": "reports on", None: "names"}


def letter_council_words(role: str | None, label: str) -> str:
    """ "reports on the JBZ Council of 8-9 December 2025 in Brussel"; "prepares ..." for an annotated agenda."""
    return f"{LETTER_ROLES[role]} the {label}"
