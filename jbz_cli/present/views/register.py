"""The tables of `jbz import tk` and `jbz reconcile`: plain lines, the same on a terminal and in a pipe.

Both take duck-typed values (a `jbz_cli.register` Summary and Disagreements), since present never imports
the register package.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any


def import_summary_table(summary: Any, dry_run: bool) -> str:
    """Counts per action, filter reasons counted, other skips and unknown register statuses one per line."""
    prefix = "would be " if dry_run else ""
    counts = [
        (f"{prefix}created", len(summary.created)),
        (f"{prefix}updated", len(summary.updated)),
        ("unchanged", summary.unchanged),
        (f"{prefix}deleted", len(summary.deleted)),
        ("skipped", len(summary.skipped)),
    ]
    if summary.problems:
        counts.append(("problems", len(summary.problems)))
    width = max(len(label) for label, _count in counts) + 2
    lines = [f"{label:<{width}}{count}" for label, count in counts]
    if summary.problems:
        lines[-1] += " (listed on stderr)"
        problems_line = lines.pop()
    filtered = Counter(reason for _n, reason in summary.skipped if reason.startswith("not selected"))
    for reason, count in sorted(filtered.items()):
        lines.append(f"  {count} {reason}")
    for nummer, reason in summary.skipped:
        if not reason.startswith("not selected"):
            lines.append(f"  {nummer}: {reason}")
    for nummer, word in summary.unknown_status:
        if word:
            lines.append(f"unknown register status {word!r} for {nummer}: kept in [register], not mapped")
        else:
            lines.append(f"no register status for {nummer}: topic register-status-unknown; the record's status is kept")
    if summary.problems:
        lines.append(problems_line)
    return "\n".join(lines)


def disagreement_line(d: Any) -> str:
    """One tab-separated line of five fields on every line: record id, register number, field, what each
    side says, and which side is newer ("jbz newer", "register newer", "same day" or "newer side unknown")."""
    if d.field == "link":
        said = f"proposed, score {d.score:g}"
    elif d.field == "kamerbrief_nakoming":
        seen = f"; jbz evidence: {d.jbz}" if d.jbz else ""
        said = f"register says done but names no fulfilling letter{seen}"
    elif d.field == "duplicate":
        said = f"the same register entry as {d.jbz}; keep one"
    elif d.field == "register":
        said = "linked entry is not imported (run jbz import tk)"
    else:
        said = f"jbz {d.jbz or '-'}, register {d.register or '-'}"
    newer = "same day" if d.newer == "same day" else f"{d.newer} newer" if d.newer else "newer side unknown"
    return f"{d.id}\t{d.nummer}\t{d.field}\t{said}\t{newer}"


def disagreement_lines(found: Iterable[Any]) -> str:
    """Every disagreement, one line each, with a trailing newline when there are any."""
    return "".join(disagreement_line(d) + "\n" for d in found)
