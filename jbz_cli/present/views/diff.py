"""`jbz diff` as text for people, Markdown for a note to the committee, or JSON for scripts."""

from __future__ import annotations

from typing import TextIO

from jbz_cli.core.diffing import SECTIONS, Change, Diff
from jbz_cli.present.lines import write_json, write_jsonl
from jbz_cli.present.shapes import diff_dict, diff_line_dict
from jbz_cli.present.terminal import Style, console, plain_rows, rich_rows, row_layout

DIFF_FORMATS = ("table", "md", "json", "jsonl")

HEADINGS = {
    "opened": "Opened",
    "closed": "Closed",
    "reopened": "Reopened",
    "slipped": "Slipped",
    "became_overdue": "Became overdue",
    "no_longer_overdue": "No longer overdue",
}
COLOURS = {
    "opened": "cyan",
    "closed": "green",
    "reopened": "yellow",
    "slipped": "yellow",
    "became_overdue": "red",
    "no_longer_overdue": "green",
}


def period_words(d: Diff) -> str:
    return f"after {d.start.isoformat()} up to and including {d.end.isoformat()}"


def describe(change: Change) -> str:
    """What happened, in the words a committee note uses."""
    x, day = change.detail, change.day.isoformat() if change.day else "-"
    if change.change == "opened":
        return f"created {day}" + (f", due {x['due']}" if x.get("due") else "")
    if change.change == "closed":
        return f"{x['status']} on {day}"
    if change.change == "reopened":
        return f"{x['status']} again on {day} (was {x['previous_status']})"
    if change.change == "slipped":
        return f"due {x['from']} -> {x['to']} on {day}"
    if change.change == "became_overdue":
        return f"due {x['due']}, overdue since {day}"
    return f"{x['reason']}" + (f" on {day}" if change.day else "")


def _title(change: Change) -> str:
    evidence = change.detail.get("evidence") if change.change == "closed" else None
    return change.record.title + (f" (evidence: {evidence})" if evidence else "")


def write_diff(d: Diff, fmt: str, out: TextIO, style: Style) -> None:
    if fmt == "json":
        write_json(diff_dict(d), out)
    elif fmt == "jsonl":
        write_jsonl((diff_line_dict(name, c) for name in SECTIONS for c in d.sections[name]), out)
    elif fmt == "md":
        out.write(markdown(d))
    elif fmt == "table":
        _write_text(d, out, style)
    else:
        raise ValueError(f"diff cannot be written as {fmt!r}")


def _md_text(text: str) -> str:
    """One line with Markdown's markup characters escaped, as brief and report write it (present/escape.py)."""
    from jbz_cli.present.escape import md_text

    return md_text(text)


def markdown(d: Diff) -> str:
    lines = [f"## Changes {period_words(d)}", ""]
    for name in SECTIONS:
        changes = d.sections[name]
        lines += [f"### {HEADINGS[name]} ({len(changes)})", ""]
        if not changes:
            lines += ["None.", ""]
            continue
        lines += [f"- `{c.record.id}`: {_md_text(_title(c))}; {_md_text(describe(c))}" for c in changes]
        lines.append("")
    return "\n".join(lines)


def _rows(changes: list[Change]) -> list[tuple[str, str, str]]:
    return [(c.record.id, describe(c), _title(c)) for c in changes]


def _write_text(d: Diff, out: TextIO, style: Style) -> None:
    head = f"Changes {period_words(d)}: {d.total}"
    if not style.terminal:
        lines = [head]
        for name in SECTIONS:
            rows = _rows(d.sections[name])
            lines += ["", f"{HEADINGS[name]} ({len(rows)}):" if rows else f"{HEADINGS[name]}: none"]
            lines += plain_rows(rows)
        out.write("\n".join(lines) + "\n")
        return
    from rich.text import Text

    con = console(out, style)
    con.print(Text(head, style="bold"))
    layout = row_layout([row for name in SECTIONS for row in _rows(d.sections[name])], style)
    for name in SECTIONS:
        rows = _rows(d.sections[name])
        con.print()
        if not rows:
            con.print(Text(f"{HEADINGS[name]}: none", style="dim"))
            continue
        colour = COLOURS[name]
        con.print(Text(f"{HEADINGS[name]} ({len(rows)}):", style=f"bold {colour}"))
        styled = [(rid, Text(detail, style=colour), title) for rid, detail, title in rows]
        con.print(rich_rows(styled, style, layout))
