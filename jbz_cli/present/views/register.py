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
    """One tab-separated line: record id, register number, field, then what each side says."""
    if d.field == "link":
        return f"{d.id}\t{d.nummer}\tlink\tproposed, score {d.score:g}"
    if d.field == "kamerbrief_nakoming":
        seen = f"; jbz evidence: {d.jbz}" if d.jbz else ""
        return f"{d.id}\t{d.nummer}\tkamerbrief_nakoming\tregister says done but names no fulfilling letter{seen}"
    if d.field == "duplicate":
        return f"{d.id}\t{d.nummer}\tduplicate\tthe same register entry as {d.jbz}; keep one"
    if d.field == "register":
        return f"{d.id}\t{d.nummer}\tregister\tlinked entry is not imported (run jbz import tk)"
    newer = f"{d.newer} newer" if d.newer else "newer side unknown"
    return f"{d.id}\t{d.nummer}\t{d.field}\tjbz {d.jbz or '-'}, register {d.register or '-'}\t{newer}"


def disagreement_lines(found: Iterable[Any]) -> str:
    """Every disagreement, one line each, with a trailing newline when there are any."""
    return "".join(disagreement_line(d) + "\n" for d in found)
