"""Register entry to record text, and the change one newer entry makes to an imported record.

Pure: text in, text out. An imported record is owned by the user except its [register] table: top-level
status and due follow the register through appended follow-ups (as `jbz followup` would), and everything
else written by hand (topics, notes, follow-ups, comments, formatting) is kept byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from jbz_cli.errors import WriteError
from jbz_cli.store.add import record_text
from jbz_cli.store.edits import append_text, followup_fragment, set_top_level
from jbz_cli.store.toml_text import dumps

from .entry import RegisterEntry, map_status

PROMISED_TO = "Tweede Kamer"
TITLE_LENGTH = 100
REGISTER_DOCUMENT = "Tweede Kamer, register van toezeggingen"
# [register] keys, in the order they are written; a change in the first three is a dated follow-up.
TRACKED = ("status", "datum_nakoming", "kamerbrief_nakoming")
REGISTER_KEYS = ("id", "nummer", *TRACKED, "ministerie", "activiteit", "gewijzigd_op", "verwijderd")

_HEADER_RE = re.compile(r"^\s*\[")
_REGISTER_HEADER_RE = re.compile(r"^\s*\[\s*register\s*\]\s*(#.*)?$")
_SOURCE_HEADER_RE = re.compile(r"^\s*\[\s*source\s*\]\s*(#.*)?$")
_LINK_LINE_RE = re.compile(r"^\s*register\s*=\s*[\"'][^\"']*[\"']\s*(#.*)?$")


def record_id(nummer: str) -> str:
    """The file name (without .toml) for a register number: TZ202504-057 gives tz202504-057."""
    return re.sub(r"[^a-z0-9-]+", "-", nummer.strip().lower()).strip("-")


def title_for(entry: RegisterEntry) -> str:
    """A one-line title: the number and the start of the text, cut at a word."""
    text = " ".join((entry.tekst or "").split())
    if len(text) > TITLE_LENGTH:
        text = text[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return f"{entry.nummer}: {text}" if text else f"{entry.nummer}"


def actor_for(entry: RegisterEntry) -> str | None:
    """Functie and Naam, e.g. "Minister van Justitie en Veiligheid (Van Weel, D.M.)"."""
    if entry.functie and entry.naam:
        return f"{entry.functie} ({entry.naam})"
    return entry.functie or entry.naam


def register_table(entry: RegisterEntry, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The raw register fields as a TOML table; absent values are left out (TOML has no null).

    A deleted SyncFeed entry carries only its id, so the previous table's values are kept for the rest.
    """
    values: dict[str, Any] = {
        "id": entry.id,
        "nummer": entry.nummer,
        "status": entry.status,
        "datum_nakoming": entry.datum_nakoming,
        "kamerbrief_nakoming": entry.kamerbrief_nakoming,
        "ministerie": entry.ministerie,
        "activiteit": entry.activiteit,
        "gewijzigd_op": entry.gewijzigd_op_text,
        "verwijderd": True if entry.verwijderd else None,
    }
    if entry.verwijderd and previous:
        for key in REGISTER_KEYS:
            if values[key] is None and key != "verwijderd":
                values[key] = previous.get(key)
    return {key: values[key] for key in REGISTER_KEYS if values[key] is not None}


def register_text(table: dict[str, Any]) -> str:
    return "[register]\n" + dumps(table)


def new_record_text(entry: RegisterEntry) -> str:
    """The full text of a new imported record: the fields people read, [source], then [register]."""
    data: dict[str, Any] = {"kind": "commitment", "title": title_for(entry)}
    status = entry.jbz_status
    data["status"] = "dropped" if entry.verwijderd else status or "open"
    if entry.datum_nakoming:
        data["due"] = entry.datum_nakoming.isoformat()
    actor = actor_for(entry)
    if actor:
        data["actor"] = actor
    data["promised_to"] = PROMISED_TO
    if entry.aanmaakdatum:
        data["created"] = entry.aanmaakdatum
    source: dict[str, Any] = {"document": f"{REGISTER_DOCUMENT} {entry.nummer}"}
    if entry.aanmaakdatum:
        source["date"] = entry.aanmaakdatum
    if entry.tekst:
        source["quote"] = entry.tekst
    data["source"] = source
    return record_text(data) + "\n" + register_text(register_table(entry))


def replace_register(text: str, table: dict[str, Any]) -> str:
    """Swap the [register] table for a new one, keeping every other line; append it when missing.

    A hand-written record linked by `register = "TZ..."` has that line replaced by the table.
    """
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _REGISTER_HEADER_RE.match(line)), None)
    newline = "\r\n" if "\r\n" in text else "\n"
    body = register_text(table).replace("\n", newline)
    if start is None:
        first_table = next((i for i, line in enumerate(lines) if _HEADER_RE.match(line)), len(lines))
        kept = [line for i, line in enumerate(lines) if i >= first_table or not _LINK_LINE_RE.match(line)]
        return append_text("".join(kept), body)
    end = start + 1
    while end < len(lines) and not _HEADER_RE.match(lines[end]):
        end += 1
    # Keep the blank lines and comments that separate [register] from the next table.
    while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return "".join([*lines[:start], body, *lines[end:]])


def set_quote(text: str, quote: str) -> str:
    """Change `quote` in the [source] table, keeping every other byte; add the table when the record has no
    source. WriteError when it cannot be done safely (an inline source, a quote written over several lines)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _SOURCE_HEADER_RE.match(line)), None)
    if start is None and not any(re.match(r"\s*source\s*[.=]", line) for line in lines):
        return append_text(text, "[source]\n" + dumps({"quote": quote}))  # a linked record without a source
    if start is None:
        raise WriteError("cannot change source.quote automatically: [source] is not a table of its own; use jbz edit")
    end = start + 1
    while end < len(lines) and not _HEADER_RE.match(lines[end]):
        end += 1
    body = set_top_level("".join(lines[start + 1 : end]), "quote", quote, after=("date", "document"))
    return "".join([*lines[: start + 1], body, *lines[end:]])


@dataclass(frozen=True)
class Change:
    """What a newer register entry changes: the new text and short descriptions for the summary."""

    text: str
    changes: tuple[str, ...]
    deleted: bool = False


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "-"
    return value.isoformat() if isinstance(value, date) else str(value)


def plan_change(text: str, current: dict[str, Any], entry: RegisterEntry, nummer: str) -> Change | None:
    """The update an entry makes to an imported record's text, or None when nothing would change.

    `current` is the record as parsed (top-level status and due, and its [register] table). A change of
    status, date or fulfilling letter appends one follow-up dated by GewijzigdOp, e.g.
    "register: Openstaand → Afgedaan", with the fulfilling letter (else the register number) as evidence.
    A changed Tekst, Functie or Naam replaces source.quote or actor (the quote is the register's text,
    verbatim) and is named in that follow-up, so the record never silently diverges from the register.
    Raises WriteError when the quote cannot be changed in place (see set_quote).
    """
    old = current.get("register") if isinstance(current.get("register"), dict) else {}
    new = register_table(entry, old)
    if new == old:
        return None
    assert entry.gewijzigd_op is not None  # the parsers refuse an entry without GewijzigdOp
    day = entry.gewijzigd_op.date()
    notes: list[str] = []
    entry_fields: dict[str, Any] = {"date": day}
    new_text = text
    status = "dropped" if entry.verwijderd else map_status(new.get("status"))
    if entry.verwijderd and not old.get("verwijderd"):
        notes.append("entry deleted (Verwijderd)")
    elif old.get("status") != new.get("status") or (old.get("verwijderd") and not entry.verwijderd):
        notes.append(f"{_shown(old.get('status'))} → {_shown(new.get('status'))}")
    if old.get("datum_nakoming") != new.get("datum_nakoming"):
        notes.append(f"datum nakoming {_shown(old.get('datum_nakoming'))} → {_shown(new.get('datum_nakoming'))}")
        if new.get("datum_nakoming"):
            due = new["datum_nakoming"].isoformat()
            previous_due = current.get("due")
            if isinstance(previous_due, date):
                previous_due = previous_due.isoformat()
            if previous_due != due:
                entry_fields["due"] = due
                if previous_due:
                    entry_fields["previous_due"] = str(previous_due)
                new_text = set_top_level(new_text, "due", due, after=("status", "title", "kind"))
    if old.get("kamerbrief_nakoming") != new.get("kamerbrief_nakoming"):
        notes.append(f"kamerbrief nakoming {_shown(new.get('kamerbrief_nakoming'))}")
    source = current.get("source") if isinstance(current.get("source"), dict) else {}
    if entry.tekst and not entry.verwijderd and source.get("quote") != entry.tekst:
        notes.append("Tekst changed; source.quote now holds the new text")
        new_text = set_quote(new_text, entry.tekst)
    actor = actor_for(entry)
    if actor and not entry.verwijderd and current.get("actor") != actor:
        notes.append(f"Functie/Naam {_shown(current.get('actor'))} → {actor}")
        new_text = set_top_level(new_text, "actor", actor, after=("due", "status", "title"))
    if notes and status and status != current.get("status", "open"):
        entry_fields["status"] = status
        new_text = set_top_level(new_text, "status", status, after=("title", "kind"))
    new_text = replace_register(new_text, new)
    if not notes:
        return Change(new_text, ("register fields",))
    entry_fields["note"] = "register: " + "; ".join(notes)
    entry_fields["evidence"] = new.get("kamerbrief_nakoming") or f"{REGISTER_DOCUMENT} {nummer}"
    ordered = {
        k: entry_fields[k] for k in ("date", "note", "status", "evidence", "due", "previous_due") if k in entry_fields
    }
    new_text = append_text(new_text, followup_fragment(ordered))
    return Change(
        new_text,
        tuple(f"register: {note}" for note in notes),
        deleted=bool(entry.verwijderd and not old.get("verwijderd")),
    )
