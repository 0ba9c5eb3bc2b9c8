"""The change one newer register entry makes to an imported record, written so the record's past replays.

Pure: text in, text out. Each change the register made becomes one follow-up dated at the register's change
time (GewijzigdOp), with from → to. A record whose state when first imported was not a commitment's default
(`open`) and that has no follow-up saying so gets one on its created day first, so replaying it gives the
imported state until the change (the one replay rule of docs/records.md, "The state on any day").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from jbz_cli.errors import WriteError
from jbz_cli.store.edits import append_text, followup_fragment, set_top_level

from .entry import RegisterEntry, map_status
from .mapping import (
    DEFAULT_STATUS,
    LINK_KEYS,
    LINK_WORDS,
    PROMISED_TO,
    UNKNOWN_TOPIC,
    Context,
    actor_for,
    as_list,
    evidence_for,
    register_table,
    replace_register,
    set_quote,
)


@dataclass(frozen=True)
class Change:
    """What a newer register entry changes: the new text and short descriptions for the summary."""

    text: str
    changes: tuple[str, ...]
    deleted: bool = False


def _shown(value: Any) -> str:
    if isinstance(value, str):
        value = " ".join(value.split())  # a status written before words were normalised: "  " is empty
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value.isoformat() if isinstance(value, date) else str(value)


def _day(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _first_state(current: dict[str, Any], old: dict[str, Any], nummer: str, change_day: date) -> dict[str, Any] | None:
    """The follow-up that states an earlier import's status on the record's created day, when the record
    holds a non-default status that no follow-up set (records imported before this rule was kept)."""
    status = current.get("status", DEFAULT_STATUS)
    followups = current.get("followup") if isinstance(current.get("followup"), list) else []
    if status == DEFAULT_STATUS or any(isinstance(f, dict) and f.get("status") for f in followups):
        return None
    source = current.get("source") if isinstance(current.get("source"), dict) else {}
    day = _day(current.get("created")) or _day(source.get("date")) or change_day
    return {
        "date": min(day, change_day),
        "note": f"register: {_shown(old.get('status'))} when first imported",
        "status": status,
        "evidence": evidence_for(old.get("kamerbrief_nakoming"), nummer),
    }


def _related(text: str, current: dict[str, Any], ids: list[str]) -> str:
    """Add record ids to the top-level `related` list, keeping the ones written by hand."""
    have = current.get("related") if isinstance(current.get("related"), list) else []
    merged = list(dict.fromkeys([*have, *ids]))
    if merged == have:
        return text
    return set_top_level(text, "related", merged, after=("summary", "topics", "promised_to", "actor"))


def _mark_unknown(text: str, current: dict[str, Any], unknown: bool) -> str:
    """Add the unknown-status topic while the register's status is empty or unknown; take it away after."""
    topics = current.get("topics") if isinstance(current.get("topics"), list) else []
    if unknown == (UNKNOWN_TOPIC in topics):
        return text
    wanted = [*topics, UNKNOWN_TOPIC] if unknown else [t for t in topics if t != UNKNOWN_TOPIC]
    return set_top_level(text, "topics", wanted, after=("due", "status", "title"))


def plan_change(
    text: str, current: dict[str, Any], entry: RegisterEntry, nummer: str, context: Context | None = None
) -> Change | None:
    """The update an entry makes to an imported record's text, or None when nothing would change.

    `current` is the record as parsed (top-level status and due, and its [register] table). A change of
    status, date, fulfilling letter, addressee or links appends one follow-up dated by GewijzigdOp (else
    `context.today`), e.g. "register: Openstaand → Afgedaan", with the fulfilling letters (else the register
    number) as evidence. A changed Tekst, Functie or Naam replaces source.quote or actor (the quote is the
    register's text, verbatim) and is named in that follow-up. Fields the page does not carry change nothing.
    Raises WriteError when the quote cannot be changed in place (see mapping.set_quote), or when neither the
    entry nor the context gives a day to date the change.
    """
    context = context or Context()
    old = current.get("register") if isinstance(current.get("register"), dict) else {}
    new = register_table(entry, old, context.known)
    if new == old:
        return None
    day = entry.gewijzigd_op.date() if entry.gewijzigd_op else context.today
    if day is None:
        raise WriteError("the page gives no change time (GewijzigdOp, ApiGewijzigdOp) and no import day was given")
    notes: list[str] = []
    entry_fields: dict[str, Any] = {"date": day}
    new_text = text
    status = "dropped" if entry.verwijderd else map_status(new.get("status"))
    if entry.verwijderd and not old.get("verwijderd"):
        notes.append("entry deleted (Verwijderd)")
    elif old.get("verwijderd") and not entry.verwijderd:
        notes.append(f"restored (no longer verwijderd), status {_shown(new.get('status'))}")
    elif old.get("status") != new.get("status"):
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
    if entry.tekst and entry.carries("tekst") and not entry.verwijderd and source.get("quote") != entry.tekst:
        notes.append("Tekst changed; source.quote now holds the new text")
        new_text = set_quote(new_text, entry.tekst)
    actor = actor_for(entry)
    both = entry.carries("naam") and entry.carries("functie")
    if actor and both and not entry.verwijderd and current.get("actor") != actor:
        notes.append(f"Functie/Naam {_shown(current.get('actor'))} → {actor}")
        new_text = set_top_level(new_text, "actor", actor, after=("due", "status", "title"))
    if old.get("toegezegd_aan") != new.get("toegezegd_aan") and entry.carries("toegezegd_aan"):
        promised = entry.promised_to or (None if entry.toegezegd_aan else PROMISED_TO)
        if promised and current.get("promised_to") != promised:
            notes.append(f"toegezegd aan {_shown(current.get('promised_to'))} → {promised}")
            new_text = set_top_level(new_text, "promised_to", promised, after=("actor", "due", "status"))
    added: list[str] = []
    for key in LINK_KEYS:
        fresh = [ref for ref in as_list(new.get(key)) if ref not in as_list(old.get(key))]
        if fresh:
            notes.append(f"{LINK_WORDS[key]} {', '.join(fresh)}")
            added += [context.ids[ref.upper()] for ref in fresh if ref.upper() in context.ids]
    if added:
        new_text = _related(new_text, current, added)
    new_text = _mark_unknown(new_text, current, unknown=status is None and entry.carries("status"))
    if notes and status and status != current.get("status", DEFAULT_STATUS):
        first = _first_state(current, old, nummer, day)
        if first is not None:
            new_text = append_text(new_text, followup_fragment(first))
        entry_fields["status"] = status
        new_text = set_top_level(new_text, "status", status, after=("title", "kind"))
    new_text = replace_register(new_text, new)
    if not notes:
        return Change(new_text, ("register fields",))
    entry_fields["note"] = "register: " + "; ".join(notes)
    entry_fields["evidence"] = evidence_for(new.get("kamerbrief_nakoming"), nummer)
    ordered = {
        k: entry_fields[k] for k in ("date", "note", "status", "evidence", "due", "previous_due") if k in entry_fields
    }
    new_text = append_text(new_text, followup_fragment(ordered))
    return Change(
        new_text,
        tuple(f"register: {note}" for note in notes),
        deleted=bool(entry.verwijderd and not old.get("verwijderd")),
    )
