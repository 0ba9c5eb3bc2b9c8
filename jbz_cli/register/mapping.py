"""Register entry to record text: a new record, its [register] table, and the text edits changes.py makes.

Pure: text in, text out. An imported record is owned by the user except its [register] table: top-level
status and due follow the register through appended follow-ups (as `jbz followup` would), and everything
else written by hand (topics, notes, follow-ups, comments, formatting) is kept byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jbz_cli.core.query import UNKNOWN_STATUS_TOPIC
from jbz_cli.errors import WriteError
from jbz_cli.store.add import record_text
from jbz_cli.store.edits import append_text, followup_fragment, set_top_level
from jbz_cli.store.toml_text import dumps

from .entry import RegisterEntry
from .navigation import LINKS

PROMISED_TO = "Tweede Kamer"
# The topic that marks a record whose register status is empty or unknown (docs/register.md, "Statuses"); the
# core holds such records back from lists of open work (core.query.Filter.holds_back).
UNKNOWN_TOPIC = UNKNOWN_STATUS_TOPIC
DEFAULT_STATUS = "open"  # a commitment's status before any follow-up (core.replay.default_status)
TITLE_LENGTH = 100
REGISTER_DOCUMENT = "Tweede Kamer, register van toezeggingen"
# [register] keys, in the order they are written. A change in TRACKED, toegezegd_aan or a link is a dated
# follow-up (changes.plan_change); the others only update the table.
TRACKED = ("status", "datum_nakoming", "kamerbrief_nakoming")
LINK_KEYS = tuple(key for _odata, _xml, key, _word in LINKS)
LINK_WORDS = {key: word for _odata, _xml, key, word in LINKS}
REGISTER_KEYS = (
    "id",
    "nummer",
    *TRACKED,
    "toegezegd_aan",
    *LINK_KEYS,
    "ministerie",
    "activiteit",
    "gewijzigd_op",
    "api_gewijzigd_op",
    "verwijderd",
)

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


# [register] keys onto the RegisterEntry fields they come from.
_FROM = {
    "id": "id",
    "nummer": "nummer",
    "status": "status",
    "datum_nakoming": "datum_nakoming",
    "kamerbrief_nakoming": "kamerbrief_nakoming",
    "toegezegd_aan": "toegezegd_aan",
    **{key: key for key in LINK_KEYS},
    "ministerie": "ministerie",
    "activiteit": "activiteit",
    "gewijzigd_op": "gewijzigd_op",
    "api_gewijzigd_op": "api_gewijzigd_op",
    "verwijderd": "verwijderd",
}


def _many(values: tuple[str, ...]) -> str | list[str] | None:
    """One value as text (as earlier imports wrote it), several as a list, none as absent."""
    if not values:
        return None
    return values[0] if len(values) == 1 else list(values)


def as_list(value: Any) -> list[str]:
    """A [register] value that may be text or a list, as a list."""
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def link_refs(entry: RegisterEntry, key: str, known: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The entries a link points at, by Nummer where the page or an earlier import tells the Id's Nummer."""
    known = known or {}
    return tuple(known.get(ref.lower(), ref) for ref in getattr(entry, key))


def register_table(
    entry: RegisterEntry, previous: dict[str, Any] | None = None, known: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The raw register fields as a TOML table; absent values are left out (TOML has no null).

    A field the page does not carry (`$select`, no `$expand`, a deleted SyncFeed entry with only its id)
    keeps the previous table's value: absence is never a deletion. `known` maps register Ids (lower case)
    to Numbers, so a link given by Id is stored by Nummer when that entry is known.
    """
    values: dict[str, Any] = {
        "id": entry.id,
        "nummer": entry.nummer,
        "status": "" if entry.status is None and not entry.verwijderd else entry.status,  # an empty status shows
        "datum_nakoming": entry.datum_nakoming,
        "kamerbrief_nakoming": _many(entry.kamerbrief_nakoming),
        "toegezegd_aan": _many(entry.toegezegd_aan),
        **{key: _many(link_refs(entry, key, known)) for key in LINK_KEYS},
        "ministerie": entry.ministerie,
        "activiteit": entry.activiteit,
        "gewijzigd_op": entry.gewijzigd_op_text,
        "api_gewijzigd_op": entry.api_gewijzigd_op_text,
        "verwijderd": True if entry.verwijderd else None,
    }
    previous = previous or {}
    for key in REGISTER_KEYS:
        unknown = not entry.carries(_FROM[key]) or (entry.verwijderd and values[key] is None)
        if unknown and key != "verwijderd":
            values[key] = previous.get(key)
    return {key: values[key] for key in REGISTER_KEYS if values[key] is not None}


def register_text(table: dict[str, Any]) -> str:
    return "[register]\n" + dumps(table)


@dataclass(frozen=True)
class Context:
    """What one entry's record needs from the rest of the import: register Ids to Numbers (`known`), the record
    id of every entry that exists or is being created, by Nummer (`ids`), and the day to date a change whose
    time the page does not give (`today`, from the command; None when unknown)."""

    known: Mapping[str, str] = field(default_factory=dict)
    ids: Mapping[str, str] = field(default_factory=dict)
    today: date | None = None


def created_day(entry: RegisterEntry, context: Context) -> date | None:
    """The day the entry was made: Aanmaakdatum, else its change time, else the import day."""
    if entry.aanmaakdatum:
        return entry.aanmaakdatum
    return entry.gewijzigd_op.date() if entry.gewijzigd_op else context.today


def related_links(entry: RegisterEntry, context: Context) -> list[tuple[str, str, str | None]]:
    """(what the link means, the Nummer or Id, the record id when that entry is a record) per link."""
    out = []
    for key in LINK_KEYS:
        for ref in link_refs(entry, key, context.known):
            out.append((LINK_WORDS[key], ref, context.ids.get(ref.upper())))
    return out


def evidence_for(letters: Any, nummer: str) -> str:
    return "; ".join(as_list(letters)) or f"{REGISTER_DOCUMENT} {nummer}"


def new_record_text(entry: RegisterEntry, context: Context | None = None) -> str:
    """The full text of a new imported record: the fields people read, [source], [register], and the state it
    was imported in as a follow-up on its created day when that is not a commitment's default (`open`), so
    replaying the record gives that state from the day it was made (docs/records.md, "The state on any day")."""
    context = context or Context()
    data: dict[str, Any] = {"kind": "commitment", "title": title_for(entry)}
    status = entry.jbz_status
    data["status"] = "dropped" if entry.verwijderd else status or "open"
    if entry.datum_nakoming:
        data["due"] = entry.datum_nakoming.isoformat()
    if status is None and not entry.verwijderd:
        data["topics"] = [UNKNOWN_TOPIC]
    actor = actor_for(entry)
    if actor:
        data["actor"] = actor
    data["promised_to"] = entry.promised_to or PROMISED_TO
    links = related_links(entry, context)
    if links:
        data["summary"] = "Register links: " + "; ".join(f"{word} {ref}" for word, ref, _rid in links) + "."
        related = [rid for _word, _ref, rid in links if rid]
        if related:
            data["related"] = list(dict.fromkeys(related))
    if entry.aanmaakdatum:
        data["created"] = entry.aanmaakdatum
    source: dict[str, Any] = {"document": f"{REGISTER_DOCUMENT} {entry.nummer}"}
    if entry.aanmaakdatum:
        source["date"] = entry.aanmaakdatum
    if entry.tekst:
        source["quote"] = entry.tekst
    data["source"] = source
    table = register_table(entry, None, context.known)
    text = record_text(data) + "\n" + register_text(table)
    day = created_day(entry, context)
    if data["status"] != DEFAULT_STATUS and day is not None:
        first = {
            "date": day,
            "note": f"register: {entry.status or 'Verwijderd'} when first imported",
            "status": data["status"],
            "evidence": evidence_for(table.get("kamerbrief_nakoming"), entry.nummer or ""),
        }
        text = append_text(text, followup_fragment(first))
    return text


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
