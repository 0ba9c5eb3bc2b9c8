"""Follow-ups that keep the past: a backfill goes where its date belongs, and a first status change keeps the start.

A record's state on an earlier day is replayed from its follow-ups (core/replay, docs/records.md "The state on any
day"). A write that appends a follow-up must not change the answer for any day before it, so:

- a follow-up dated before later ones is inserted before the first later one, keeping the file oldest first;
- the first follow-up that sets a status on a record that started in another status (say `waiting`) would turn
  the derived initial status into the kind's default; the follow-up core/replay.start_followup makes, on the
  record's first day, comes first;
- closing a record that is already closed is refused, so a retried `jbz done` writes nothing twice.
"""

from __future__ import annotations

from jbz_cli.core.model import Record
from jbz_cli.core.replay import closing
from jbz_cli.errors import UsageError
from jbz_cli.store.toml_text import Locations


def insert_before(text: str, index: int, fragment: str) -> str:
    """`fragment` (a [[followup]] table) placed right before the header of follow-up `index`, with a blank line."""
    line, _col = Locations.of(text).first_header.get(("followup", index), (0, 0))
    if line == 0:
        raise UsageError(f"cannot find follow-up {index + 1} to insert before; use jbz edit")
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    body = fragment.replace("\n", newline) if newline != "\n" else fragment
    return "".join([*lines[: line - 1], body, newline, *lines[line - 1 :]])


def refuse_closed(record: Record) -> None:
    """Refuse to close a record that is closed already, saying when and on what evidence (UsageError)."""
    if record.is_open:
        return
    found = closing(record)
    if found is None:
        raise UsageError(f"{record.id} is already {record.status} (since it was recorded); nothing was written")
    evidence = f", evidence {found.followup.evidence!r}" if found.followup.evidence else ""
    raise UsageError(
        f"{record.id} is already {record.status}: closed on {found.day.isoformat()}{evidence}; "
        "nothing was written (to change it, use jbz followup --status)"
    )
