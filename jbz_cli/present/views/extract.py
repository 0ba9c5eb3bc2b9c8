"""`jbz extract`: the proposals of one letter as a reading table, JSON, or draft TOML for review.

The extraction arrives duck-typed (a `letters.pipeline.Extraction`: `meta` and `candidates`), and the toml view
takes the draft texts the store built, since present imports neither letters nor store.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TextIO

from jbz_cli.present.lines import write_json
from jbz_cli.present.shapes import candidate_dict, letter_council_dict

EXTRACT_FORMATS = ("table", "json", "toml")
DRAFT_SEPARATOR = "\n# ---\n\n"


def council_words(council: Any) -> str:
    """ "reports on the JBZ Council of 8-9 December 2025 in Brussel (in councils.toml)", or that none is known."""
    if council is None:
        return "names no JBZ Council meeting with its date"
    if council.listed is None:
        return f"{council.words()} (not in councils.toml)"
    return f"{council.words()} ({'in' if council.from_letter else 'from'} councils.toml)"


def write_extract_table(result: Any, out: TextIO, council: Any = None) -> None:
    """The letter's document, date and Council on one line, then per proposal: kind, due, confidence, actor, quote.

    `council` is the cli's LetterCouncil (the meeting, the letter's role, the councils.toml match) or None.
    """
    meta = result.meta
    when = meta.date.isoformat() if meta.date else "?"
    out.write(f"{meta.document or 'unknown document'}, {when}; {council_words(council)}\n")
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


def write_extract_json(result: Any, out: TextIO, council: Any = None) -> None:
    """One JSON array of candidate_dict, each with the letter's `council` (docs/schema/extract.schema.json)."""
    meeting = letter_council_dict(council)
    write_json([{**candidate_dict(c), "council": meeting} for c in result.candidates], out, floats=True)


# A table header at the start of a line: "[source]" or "[[x]]", moved under the draft's own entry.
_TABLE = re.compile(r"(?m)^(\[\[?)([A-Za-z_][\w.-]*)(\]\]?)[ \t]*$")


def write_drafts_toml(drafts: Sequence[str], out: TextIO) -> None:
    """One TOML document: each draft as `--into` would write it, as one `[[draft]]` entry ([source] becomes
    [draft.source]), separated by a `# ---` comment line, so tomllib reads the whole output as a list."""
    out.write(DRAFT_SEPARATOR.join("[[draft]]\n" + _TABLE.sub(r"\1draft.\2\3", text) for text in drafts))
