"""Every JSON shape jbz prints, in one place: the pipeline contract that docs/schema/*.schema.json describes.

Each shape is one function from values to plain dicts (str, int, None, lists, dicts), in key order; the
writers in `lines` and the views only serialise them. A shape change here needs the matching schema change.
Timelines and check diagnostics arrive as duck-typed objects, since present never imports store or check.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from jbz_cli.core.model import FOLLOWUP_KEYS, SOURCE_KEYS, Record
from jbz_cli.core.query import Item
from jbz_cli.core.words import due_words

if TYPE_CHECKING:
    from jbz_cli.core.brief import Briefing
    from jbz_cli.core.councils import Council
    from jbz_cli.core.diffing import Change, Diff
    from jbz_cli.core.overviews import Stats, Summary, Timeliness
    from jbz_cli.core.report import PeriodReport

# A record in list/show/agenda JSON: these keys, in this order. Keys not in _DERIVED are the Record attribute
# of the same name; dates become ISO strings and tuples lists.
RECORD_FIELDS = (
    "id",
    "kind",
    "title",
    "summary",
    "status",
    "due",
    "due_start",
    "due_by",
    "topics",
    "actor",
    "promised_to",
    "next_check",
    "source",
    "followups",
    "related",
    "flags",
    "path",
    "created",
)
# check diagnostics and history events: attribute names, which are also the JSON keys, in order.
EVENT_FIELDS = ("date", "type", "text", "status", "due", "previous_due", "evidence", "commit", "author")
# `jbz extract --format json`: the attributes of a letters.candidates.Candidate, which are also the keys, in order.
CANDIDATE_FIELDS = (
    "kind",
    "quote",
    "section",
    "title",
    "due",
    "due_phrase",
    "vague",
    "actor",
    "promised_to",
    "confidence",
    "document",
    "date",
    "matches",
    "tracked",
)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _fields(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in names}


_DERIVED: dict[str, Callable[[Record, tuple[str, ...]], Any]] = {
    "due": lambda r, _f: r.due.text if r.due else None,
    "due_start": lambda r, _f: r.due.start.isoformat() if r.due else None,
    "due_by": lambda r, _f: r.due.end.isoformat() if r.due else None,
    "source": lambda r, _f: _fields(r.source, SOURCE_KEYS) if r.source else None,
    "followups": lambda r, _f: [_fields(f, FOLLOWUP_KEYS) for f in r.followups],
    "flags": lambda _r, flags: list(flags),
}


def record_dict(record: Record, flags: tuple[str, ...] = ()) -> dict[str, Any]:
    """A record with its flags: the keys of RECORD_FIELDS (see docs/schema/record.schema.json)."""
    return {
        name: _DERIVED[name](record, flags) if name in _DERIVED else _plain(getattr(record, name))
        for name in RECORD_FIELDS
    }


def item_dict(item: Item) -> dict[str, Any]:
    """One element of `list --format json`, one line of jsonl, and `show ID --format json`."""
    return record_dict(item.record, item.flags)


def briefing_dict(b: Briefing) -> dict[str, Any]:
    """`brief --format json`: the window, the counts, and each section's items as `list --format json` has them;
    awaiting items add "why", changed items add "logged" (their follow-ups in the window)."""
    return {
        "as_of": b.as_of.isoformat(),
        "since": b.since.isoformat(),
        "until": b.until.isoformat(),
        "occasion": b.occasion or None,
        "topics": list(b.topics),
        "total": b.total,
        "open": b.open_count,
        "overdue": [item_dict(i) for i in b.overdue],
        "awaiting": [{**item_dict(i), "why": b.reasons.get(i.record.id, "")} for i in b.awaiting],
        "due": [item_dict(i) for i in b.upcoming],
        "changed": [
            {**item_dict(c.item), "logged": [_fields(f, FOLLOWUP_KEYS) for f in c.followups]} for c in b.changed
        ],
    }


def agenda_item_dict(item: Item) -> dict[str, Any]:
    """An item dict plus "month" (YYYY-MM of due_by, or null) and "due_label" (the due date in words)."""
    from jbz_cli.core.overviews import month_key

    data = item_dict(item)
    due_by = item.record.due_by
    data["month"] = month_key(due_by) if due_by else None
    data["due_label"] = due_words(item.record.due)
    return data


def summary_dict(summary: Summary) -> dict[str, Any]:
    """`summary --format json`: counts, the three lists of item dicts, and the invalid files skipped."""
    return {
        "as_of": summary.as_of.isoformat(),
        "records": summary.records_dir,
        "soon_days": summary.soon_days,
        "total": summary.total,
        "by_status": summary.by_status,
        "overdue": [item_dict(i) for i in summary.overdue],
        "awaiting": [item_dict(i) for i in summary.awaiting],
        "due_soon": [item_dict(i) for i in summary.due_soon],
        "problems": summary.problems,
        "held_back": summary.held_back,
    }


def _timeliness_dict(t: Timeliness) -> dict[str, Any]:
    return {**t.counts(), "on_time_ids": t.on_time, "late_ids": t.late, "unknown_ids": t.unknown}


def stats_dict(stats: Stats) -> dict[str, Any]:
    """`stats --format json`: counts by kind, status, topic and actor, and done items on time or late.

    `done` weighs each item against the due date in force on the day it was met, `done_original` against the due
    date first promised; both are {kind: {on_time, late, unknown, on_time_ids, late_ids, unknown_ids}}.
    """
    return {
        "total": stats.total,
        "by_kind": stats.by_kind,
        "by_status": stats.by_status,
        "by_topic": stats.by_topic,
        "by_actor": stats.by_actor,
        "done": {kind: _timeliness_dict(t) for kind, t in stats.done.items()},
        "done_original": {kind: _timeliness_dict(t) for kind, t in stats.done_original.items()},
    }


def stats_row_dict(section: str, key: str, count: int) -> dict[str, Any]:
    """One line of `stats --format jsonl`."""
    return {"section": section, "key": key, "count": count}


class _Timeline(Protocol):
    record: Record
    events: tuple[Any, ...]
    git: str


def event_dict(event: Any) -> dict[str, Any]:
    """One history event (store.history.Event): EVENT_FIELDS, the date as ISO."""
    return _fields(event, EVENT_FIELDS)


def timeline_dict(timeline: _Timeline) -> dict[str, Any]:
    """`history --format json`: the record's id, path, status and due now, whether git answered, and events."""
    r = timeline.record
    return {
        "id": r.id,
        "path": r.path,
        "status": r.status,
        "due": r.due.text if r.due else None,
        "git": timeline.git,
        "events": [event_dict(e) for e in timeline.events],
    }


# --- diff, report --period and councils: docs/schema/{diff,diff-line,period,councils}.schema.json -------------------


def diff_dict(d: Diff) -> dict[str, Any]:
    """`jbz diff --format json`: one list of changes per section, in SECTIONS order."""
    from jbz_cli.core.diffing import SECTIONS

    return {name: [c.to_dict() for c in d.sections[name]] for name in SECTIONS}


def diff_line_dict(section: str, change: Change) -> dict[str, Any]:
    """One line of `jbz diff --format jsonl`: the change with its section first."""
    return {"change": section, **change.to_dict()}


def period_report_dict(r: PeriodReport) -> dict[str, Any]:
    """`jbz report --format json`: the period, then one object per group with a list per section."""
    return {
        "period": r.period.text,
        "from": r.period.start.isoformat(),
        "to": r.period.end.isoformat(),
        "partial": r.period.cut,
        "by": r.by,
        "stale_days": r.stale_days,
        "groups": [{"group": g.name, **g.sections} for g in r.groups],
    }


def council_dict(c: Council, upcoming: bool) -> dict[str, Any]:
    """One meeting in `jbz councils --format json`; `next` is true for the next meeting as of the as-of day."""
    return {
        "start": c.start.isoformat(),
        "end": c.end.isoformat(),
        "dates": [d.isoformat() for d in c.dates],
        "kind": c.kind,
        "place": c.place,
        "prepared_by": list(c.prepared_by),
        "reported_by": list(c.reported_by),
        "source": c.source,
        "quote": c.quote,
        "url": c.url,
        "next": upcoming,
    }


def candidate_dict(candidate: Any) -> dict[str, Any]:
    """One proposal of `jbz extract --format json` (a letters Candidate): CANDIDATE_FIELDS, see extract.schema.json."""
    return _fields(candidate, CANDIDATE_FIELDS)


def letter_council_dict(found: Any) -> dict[str, Any] | None:
    """The Council a letter belongs to, in `jbz extract --format json` (a cli LetterCouncil, or None): its days,
    place and kind as the letter states them, the letter's `role` (prepared, reported or null), the sentence that
    says so as `quote`, and `listed`: whether councils.toml lists the meeting."""
    if found is None:
        return None
    c = found.council
    return {
        "start": c.start.isoformat(),
        "end": c.end.isoformat(),
        "dates": [d.isoformat() for d in c.dates],
        "kind": c.kind,
        "place": c.place,
        "role": found.role,
        "quote": c.quote,
        "listed": found.listed is not None,
    }


def import_summary_dict(summary: Any, dry_run: bool) -> dict[str, Any]:
    """`jbz import tk --format json`, from a `jbz_cli.register.Summary`: counts for created, updated,
    unchanged and deleted, a list for the rest; docs/schema/import-summary.schema.json."""
    return {
        "created": len(summary.created),
        "updated": len(summary.updated),
        "unchanged": summary.unchanged,
        "skipped": [{"nummer": n, "reason": r} for n, r in summary.skipped],
        "deleted": len(summary.deleted),
        "unknown_status": [{"nummer": n, "status": s} for n, s in summary.unknown_status],
        "problems": list(summary.problems),
        "dry_run": dry_run,
    }


DISAGREEMENT_FIELDS = ("id", "nummer", "field", "jbz", "register", "newer", "score")


def disagreement_dict(found: Any) -> dict[str, Any]:
    """One `jbz reconcile --format json` item, from a `jbz_cli.register.reconcile.Disagreement`;
    docs/schema/reconcile.schema.json."""
    return _fields(found, DISAGREEMENT_FIELDS)


def cache_info_dict(cache_dir: str, indexes: Any, total_bytes: int, prune_after_days: int) -> dict[str, Any]:
    """`cache info --format json` (docs/schema/cache.schema.json): the folder, the bytes of jbz's files in it,
    the pruning age, and per index its file name, records folder (null when unknown), whether that folder
    exists, its bytes and the day it was last used. `indexes` are store.cache.IndexInfo objects."""
    return {
        "cache_dir": cache_dir,
        "bytes": total_bytes,
        "prune_after_days": prune_after_days,
        "indexes": [
            {
                "file": info.file.name,
                "records": info.records,
                "records_exists": info.present,
                "bytes": info.size,
                "last_used": info.last_used.isoformat(),
            }
            for info in indexes
        ],
    }
