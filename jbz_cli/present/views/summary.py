"""`jbz` and `jbz summary`: a git-status-like dashboard of what is overdue, awaited and due soon."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from jbz_cli.core.words import days, due_in_words, overdue_words
from jbz_cli.present.lines import write_json
from jbz_cli.present.shapes import summary_dict
from jbz_cli.present.terminal import STATUS_STYLE, Style, console, plain_rows, rich_rows, row_layout

if TYPE_CHECKING:
    from jbz_cli.core.overviews import Summary
    from jbz_cli.core.query import Item

Section = tuple[str, str, list[tuple[str, str, str]], str]


def _status_counts(by_status: dict[str, int]) -> str:
    parts = [f"{n} {s}" for s, n in by_status.items() if n]
    return ", ".join(parts) or "no records"


def _sections(summary: Summary, limit: int = 0, scope: str = "") -> list[Section]:
    """(heading, colour, rows of id/detail/title, the line that says how to see the rest) for each section: rows
    only for the first `limit` items (0: all), since only those are shown. `scope`: the options (shell-quoted,
    each after a space) that make `jbz list` show the same records on the same day as this summary."""
    from jbz_cli.core.overviews import awaiting_reason, overdue_days

    as_of = summary.as_of

    def shown(items: list[Item]) -> list[Item]:
        return items[:limit] if limit else items

    overdue = [
        (i.record.id, overdue_words(i.record.due, overdue_days(i.record, as_of)), i.record.title)
        for i in shown(summary.overdue)
    ]
    awaiting = [(i.record.id, awaiting_reason(i.record, as_of), i.record.title) for i in shown(summary.awaiting)]
    soon = []
    for i in shown(summary.due_soon):
        left = (i.record.due_by - as_of).days if i.record.due_by else 0
        soon.append((i.record.id, due_in_words(i.record.due, left), i.record.title))
    soon_option = f" --soon-days {summary.soon_days}" if summary.soon_days != 30 else ""
    return [
        (
            f"Overdue ({summary.size('overdue')}), oldest due first",
            "red",
            overdue,
            rest(summary.size("overdue"), limit, f"jbz list --overdue{scope}"),
        ),
        (
            f"Awaiting follow-up ({summary.size('awaiting')})",
            "magenta",
            awaiting,
            rest(summary.size("awaiting"), limit, f"jbz list --awaiting --sort activity{scope}"),
        ),
        (
            f"Due in the next {days(summary.soon_days)} ({summary.size('due_soon')})",
            "yellow",
            soon,
            rest(summary.size("due_soon"), limit, f"jbz list --due-soon{soon_option}{scope}"),
        ),
    ]


def held_words(count: int) -> str:
    """The line that says the lists below leave out records whose register status is unknown."""
    from jbz_cli.core.query import UNKNOWN_STATUS_TOPIC

    records = "record" if count == 1 else "records"
    return (
        f"{count} {records} with an unknown register status held back from the lists below: "
        f"jbz list --topic {UNKNOWN_STATUS_TOPIC}"
    )


def rest(size: int, limit: int, command: str) -> str:
    """The line that says how many of a list's `size` items are left out of the first `limit` (0: all) and how to
    see them."""
    if not limit or size <= limit:
        return ""
    return f"  ... and {size - limit} more: {command}"


def write_summary(summary: Summary, fmt: str, out: TextIO, style: Style, limit: int = 0, scope: str = "") -> None:
    """A git-status-like dashboard: rich on a terminal, plain lines when piped, or one JSON object.

    `limit` caps each section of the text (never the JSON), so the dashboard stays a glance; `scope` goes after
    each "and N more" command (see _sections).
    Raises ValueError for a format other than table or json.
    """
    if fmt == "json":
        write_json(summary_dict(summary), out)
        return
    if fmt != "table":
        raise ValueError(f"summary cannot be written as {fmt!r}")
    records = "record" if summary.total == 1 else "records"
    head = f"As of {summary.as_of.isoformat()}: {summary.total} {records} in {summary.records_dir}"
    counts = _status_counts(summary.by_status)
    problems = (
        f"{summary.problems} invalid record file{'s' if summary.problems != 1 else ''} skipped; run jbz check"
        if summary.problems
        else ""
    )
    held = held_words(summary.held_back) if summary.held_back else ""
    sections = _sections(summary, limit, scope)
    if not style.terminal:
        lines = [head, f"Status: {counts}"]
        lines += [line for line in (problems, held) if line]
        for heading, _, rows, more in sections:
            lines += ["", f"{heading}:" if rows else f"{heading}: none"]
            lines += plain_rows(rows) + ([more] if more else [])
        out.write("\n".join(lines) + "\n")
        return
    from rich.text import Text

    con = console(out, style)
    con.print(Text(head, style="bold"))
    status_line = Text("Status: ")
    first = True
    for s, n in summary.by_status.items():
        if not n:
            continue
        if not first:
            status_line.append(", ")
        status_line.append(f"{n} {s}", style=STATUS_STYLE.get(s, ""))
        first = False
    con.print(status_line)
    if problems:
        con.print(Text(problems, style="bold red"))
    if held:
        con.print(Text(held, style="yellow"))
    layout = row_layout([row for _, _, rows, _ in sections for row in rows], style)
    for heading, colour, rows, more in sections:
        con.print()
        if not rows:
            con.print(Text(f"{heading}: none", style="dim"))
            continue
        con.print(Text(f"{heading}:", style=f"bold {colour}"))
        styled = [(rid, Text(detail, style=colour), title) for rid, detail, title in rows]
        con.print(rich_rows(styled, style, layout), crop=False, no_wrap=True, overflow="ignore")
        if more:
            con.print(Text(more, style="dim"))
