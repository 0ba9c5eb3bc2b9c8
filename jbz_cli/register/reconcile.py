"""Where jbz records and the register disagree, and which side changed last.

Four kinds of finding, each one Disagreement:
- two records holding the same register Nummer in their [register] tables (field "duplicate": `jbz` names the
  other record; the first by id is the one compared);
- a record linked to a register entry (`register = "TZ..."`, or an imported record with its [register] table)
  whose status or due differs from the register's (field "status" or "due"), or whose register status is empty
  or unknown (field "status", register "unknown (...)": never mapped, so always listed);
- a register entry marked done (Afgedaan, Voldaan) that names no fulfilling letter (field "kamerbrief_nakoming");
- a commitment with no link whose quote closely matches a register Tekst: a proposed link with a score
  (field "link"). Similarity is rapidfuzz's token-set ratio, 0-100.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from jbz_cli.core.model import Record
from jbz_cli.errors import RecordError
from jbz_cli.store.files import RecordsDir, load_records_data

from .entry import EntryProblem, map_status, parse_timestamp

MIN_SCORE = 85.0
MIN_QUOTE_WORDS = 6  # shorter quotes match too much to be worth proposing
REGISTER_NOTE = "register:"  # follow-ups the importer wrote start with this


@dataclass(frozen=True)
class View:
    """One record file: the validated Record and the raw table (which keeps `register` and `created`)."""

    record: Record
    data: dict[str, Any]

    @property
    def table(self) -> dict[str, Any] | None:
        value = self.data.get("register")
        return value if isinstance(value, dict) else None

    @property
    def link(self) -> str | None:
        value = self.data.get("register")
        if isinstance(value, str) and value.strip():
            return value.strip().upper()
        return None


@dataclass(frozen=True)
class Disagreement:
    """One disagreement; `jbz_cli.present.shapes.disagreement_dict` is its JSON shape (newer: "jbz", "register",
    "same day" or None; score: 0-100, for proposed links only)."""

    id: str
    nummer: str
    field: str
    jbz: str | None
    register: str | None
    newer: str | None = None
    score: float | None = None


def load_views(rdir: RecordsDir) -> tuple[list[View], list[RecordError]]:
    """Every valid record of the folder, and one RecordError (file:line:col) per file left out: the same
    loading path as `jbz list` (store.files.load_records_data)."""
    loaded, problems = load_records_data(rdir)
    return [View(record, data) for record, data in loaded], problems


def _jbz_day(view: View) -> date | None:
    """When the jbz side last changed by hand: the latest follow-up the importer did not write."""
    days = [f.date for f in view.record.followups if not f.note.startswith(REGISTER_NOTE)]
    if days:
        return max(days)
    created = view.data.get("created")
    if isinstance(created, date):
        return created
    return view.record.source.date if view.record.source else None


def _register_day(table: dict[str, Any]) -> date | None:
    value = table.get("gewijzigd_op")
    if not isinstance(value, str):
        return None
    try:
        return parse_timestamp(value, "gewijzigd_op")[1]
    except EntryProblem:
        return None


def newer_side(jbz: date | None, register: date | None) -> str | None:
    if jbz is None or register is None:
        return "register" if register else ("jbz" if jbz else None)
    if jbz == register:
        return "same day"
    return "jbz" if jbz > register else "register"


def _compare(view: View, table: dict[str, Any], nummer: str) -> list[Disagreement]:
    out = []
    newer = newer_side(_jbz_day(view), _register_day(table))
    word = table.get("status")
    register_status = "dropped" if table.get("verwijderd") else map_status(word if isinstance(word, str) else None)
    if register_status and register_status != view.record.status:
        shown = f"{register_status} ({word})" if word else register_status
        out.append(Disagreement(view.record.id, nummer, "status", view.record.status, shown, newer))
    elif register_status is None and isinstance(word, str):
        shown = f"unknown ({word})" if word.strip() else "unknown (empty)"
        out.append(Disagreement(view.record.id, nummer, "status", view.record.status, shown, newer))
    reg_due = table.get("datum_nakoming")
    due = view.record.due
    if isinstance(reg_due, date):
        if due is None or not (due.start <= reg_due <= due.end):
            out.append(
                Disagreement(view.record.id, nummer, "due", due.text if due else None, reg_due.isoformat(), newer)
            )
    elif due is not None:
        out.append(Disagreement(view.record.id, nummer, "due", due.text, None, newer))
    return out


def reconcile(views: Sequence[View], min_score: float = MIN_SCORE) -> list[Disagreement]:
    """Every disagreement, imported records first, then links, then proposals; stable order for diffs."""
    imported: dict[str, View] = {}
    out: list[Disagreement] = []
    for view in sorted(views, key=lambda v: v.record.id):
        table = view.table
        if table and isinstance(table.get("nummer"), str):
            nummer = table["nummer"].strip().upper()
            first = imported.setdefault(nummer, view)
            if first is not view:
                out.append(Disagreement(view.record.id, nummer, "duplicate", first.record.id, nummer, None))
    for nummer, view in sorted(imported.items()):
        table = view.table or {}
        out += _compare(view, table, nummer)
        if map_status(table.get("status")) == "done" and not table.get("kamerbrief_nakoming"):
            evidence = next((f.evidence for f in reversed(view.record.followups) if f.evidence), None)
            out.append(Disagreement(view.record.id, nummer, "kamerbrief_nakoming", evidence, None, "register"))
    linked: set[str] = set()
    for view in sorted(views, key=lambda v: v.record.id):
        nummer = view.link
        if nummer is None:
            continue
        linked.add(nummer)
        target = imported.get(nummer)
        if target is None:
            out.append(Disagreement(view.record.id, nummer, "register", nummer, None, None))
            continue
        out += _compare(view, target.table or {}, nummer)
    out += propose_links(views, imported, linked, min_score)
    return out


def propose_links(
    views: Iterable[View], imported: dict[str, View], linked: set[str], min_score: float
) -> list[Disagreement]:
    """Unlinked commitments whose quote closely matches a register Tekst no record links to yet."""
    from rapidfuzz import fuzz, process, utils

    # Each register text is prepared once (lower case, punctuation away), not once per record compared with it.
    choices = {
        nummer: utils.default_process(view.record.source.quote)
        for nummer, view in imported.items()
        if nummer not in linked and view.record.source and view.record.source.quote
    }
    if not choices:
        return []
    out = []
    for view in sorted(views, key=lambda v: v.record.id):
        record = view.record
        if record.kind != "commitment" or view.table is not None or view.link or not record.source:
            continue
        quote = record.source.quote or ""
        if len(quote.split()) < MIN_QUOTE_WORDS:
            continue
        best = process.extractOne(
            utils.default_process(quote), choices, scorer=fuzz.token_set_ratio, score_cutoff=min_score
        )
        if best is not None:
            _text, score, nummer = best
            out.append(Disagreement(record.id, nummer, "link", None, nummer, None, round(float(score), 1)))
    return out
