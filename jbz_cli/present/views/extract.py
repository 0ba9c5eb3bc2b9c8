"""`jbz extract`: the proposals of one letter as a reading table, JSON, or draft TOML for review.

The extraction arrives duck-typed (a `letters.pipeline.Extraction`: `meta` and `candidates`), and the toml view
takes the draft texts the store built, since present imports neither letters nor store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from jbz_cli.present.lines import write_json
from jbz_cli.present.shapes import candidate_dict

EXTRACT_FORMATS = ("table", "json", "toml")
DRAFT_SEPARATOR = "\n# ---\n\n"


def write_extract_table(result: Any, out: TextIO) -> None:
    """The letter's document, date and Council on one line, then per proposal: kind, due, confidence, actor, quote."""
    meta = result.meta
    when = meta.date.isoformat() if meta.date else "?"
    meeting = ", ".join(d.isoformat() for d in meta.meeting_dates) or "?"
    out.write(f"{meta.document or 'unknown document'}, {when}; Council of {meeting} in {meta.meeting_place or '?'}\n")
    for cand in result.candidates:
        due = cand.due or ("vague" if cand.vague else "-")
        extra = f"  already tracked: {cand.tracked}" if cand.tracked else ""
        extra += f"  follows up: {cand.matches}" if cand.matches else ""
        out.write(f"\n{cand.kind:<10} {due:<10} {cand.confidence:.2f}  {cand.actor or '-'}{extra}\n")
        if cand.section:
            out.write(f"  § {cand.section}\n")
        out.write(f"  “{cand.quote}”\n")
        if cand.due_phrase:
            out.write(f"  due phrase: {cand.due_phrase}\n")


def write_extract_json(result: Any, out: TextIO) -> None:
    """One JSON array of candidate_dict (docs/schema/extract.schema.json)."""
    write_json([candidate_dict(c) for c in result.candidates], out)


def write_drafts_toml(drafts: Sequence[str], out: TextIO) -> None:
    """The draft records one after another, separated by a `# ---` comment line, as `--into` would write them."""
    out.write(DRAFT_SEPARATOR.join(drafts))
