"""Turning results into text: a rich table for people, stable line formats for pipelines.

rich is imported only inside the functions that draw for a terminal, so piped runs stay fast.
"""

from __future__ import annotations

import csv
import json
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from jbz_cli.core.model import REGISTER_TERMS, Record
from jbz_cli.core.query import Item, Resolution, Settings
from jbz_cli.errors import RecordError

FORMATS = ("table", "tsv", "csv", "json", "jsonl", "ids")
CSV_COLUMNS = ("id", "kind", "status", "due", "due_by", "flags", "actor", "topics", "title")

STATUS_STYLE = {
    "open": "bold",
    "waiting": "cyan",
    "partial": "yellow",
    "done": "green",
    "missed": "red",
    "dropped": "dim",
}
FLAG_STYLE = {"overdue": "bold red", "due-soon": "yellow", "awaiting": "magenta"}


@dataclass(frozen=True)
class Style:
    """How the output stream wants to be written to; decided once by the CLI."""

    terminal: bool = False
    color: bool = False
    width: int = 80


@dataclass
class ListResult:
    items: list[Item]
    settings: Settings
    problems: list[RecordError] = field(default_factory=list)


@dataclass
class ShowResult:
    resolution: Resolution
    items: list[Item]
    settings: Settings


def one_line(value: str) -> str:
    """Escape so a field can never break a line-oriented format."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def tsv_line(rid: str, kind: str, status: str, due: str | None, flags: Sequence[str], title: str) -> str:
    fields = (rid, kind, status, due or "-", ",".join(flags) or "-", title)
    return "\t".join(one_line(f) for f in fields) + "\n"


ROW_FORMATS = ("tsv", "ids")


def write_rows(rows: Iterable[tuple[str, str, str, str | None, Sequence[str], str]], fmt: str, out: TextIO) -> None:
    """tsv or ids straight from (id, kind, status, due, flags, title), so indexed runs need no Record objects."""
    if fmt == "ids":
        out.writelines(row[0] + "\n" for row in rows)
    elif fmt == "tsv":
        out.writelines(tsv_line(*row) for row in rows)
    else:
        raise ValueError(f"format {fmt!r} needs whole records")


def item_dict(item: Item) -> dict[str, Any]:
    return item.record.to_dict(item.flags)


def write_items(items: Sequence[Item], fmt: str, out: TextIO, style: Style, title: str = "") -> None:
    """Write records in any of the list formats."""
    if fmt == "json":
        json.dump([item_dict(i) for i in items], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for item in items:
            out.write(json.dumps(item_dict(item), ensure_ascii=False) + "\n")
    elif fmt == "ids":
        for item in items:
            out.write(item.record.id + "\n")
    elif fmt == "tsv":
        for item in items:
            r = item.record
            out.write(tsv_line(r.id, r.kind, r.status, r.due.text if r.due else None, item.flags, r.title))
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for item in items:
            r = item.record
            writer.writerow(
                (
                    r.id,
                    r.kind,
                    r.status,
                    r.due.text if r.due else "",
                    r.due_by.isoformat() if r.due_by else "",
                    ",".join(item.flags),
                    r.actor or "",
                    ",".join(r.topics),
                    r.title,
                )
            )
    elif fmt == "table":
        write_table(items, out, style, title)
    else:  # the CLI validates formats; this guards library callers
        raise ValueError(f"unknown format {fmt!r}")


def _console(out: TextIO, style: Style) -> Any:
    from rich.console import Console

    return Console(
        file=out,
        width=style.width if style.terminal else 10_000,
        no_color=not style.color,
        color_system="auto" if style.color else None,
        force_terminal=style.terminal and style.color,
        highlight=False,
        emoji=False,
        soft_wrap=not style.terminal,
    )


def write_table(items: Sequence[Item], out: TextIO, style: Style, title: str = "") -> None:
    """A table that stays readable at 80 columns: narrow terminals get the title under the id."""
    from rich import box
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    console = _console(out, style)
    if not items:
        console.print("No matching records.", style="dim")
        return
    wide = not style.terminal or style.width >= 110
    table = Table(
        box=box.SIMPLE_HEAD if style.terminal else None,
        show_edge=False,
        pad_edge=False,
        header_style="bold" if style.color else "",
        title=title or None,
        title_justify="left",
    )
    if wide:
        table.add_column("ID", no_wrap=True)
    table.add_column("Title" if wide else "ID / title", overflow="fold", ratio=1, min_width=20)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    for item in items:
        r = item.record
        status = Text(r.status, style=STATUS_STYLE.get(r.status, ""))
        for flag in item.flags:
            status.append("\n" if style.terminal else " ")
            status.append(flag, style=FLAG_STYLE.get(flag, ""))
        cells: list[Any] = []
        if wide:
            cells += [Text(r.id, style="bold" if style.color else ""), Text(r.title)]  # Text: no markup in titles
        else:
            head = Text(r.id, style="bold" if style.color else "")
            cells.append(Group(head, Padding(Text(r.title), (0, 0, 0, 2))))
        due = r.due.text if r.due else ""
        table.add_row(*cells, r.kind, due, status)
    console.print(table)


def _wrap(text: str, style: Style, indent: str = "  ") -> str:
    if not style.terminal:
        return indent + text.replace("\n", "\n" + indent)
    width = max(40, style.width - 1)
    paragraphs = [
        textwrap.fill(p, width, initial_indent=indent, subsequent_indent=indent) for p in text.splitlines() or [""]
    ]
    return "\n".join(paragraphs)


def detail_fields(record: Record, flags: tuple[str, ...]) -> list[tuple[str, str]]:
    due = "-"
    if record.due:
        due = (
            record.due.text
            if record.due.precision == "day"
            else (f"{record.due.label()} ({record.due.start.isoformat()} to {record.due.end.isoformat()})")
        )
    src = record.source
    source = "-"
    if src:
        parts = [p for p in (src.document, src.date.isoformat() if src.date else None) if p]
        source = ", ".join(parts) or "-"
    rows = [
        ("status", f"{record.status} ({REGISTER_TERMS[record.status]})"),
        ("flags", ", ".join(flags) or "-"),
        ("due", due),
        ("actor", record.actor or "-"),
        ("promised to", record.promised_to or "-"),
        ("topics", ", ".join(record.topics) or "-"),
        ("next check", record.next_check.isoformat() if record.next_check else "-"),
        ("related", ", ".join(record.related) or "-"),
        ("source", source),
    ]
    if src and src.section:
        rows.append(("section", src.section))
    if src and src.url:
        rows.append(("url", src.url))
    rows.append(("file", record.path))
    return rows


def record_text(item: Item, style: Style) -> str:
    """The full record as plain text: fields, summary, the Dutch quote and the follow-up log."""
    r = item.record
    lines = [f"{r.id} ({r.kind})", r.title, ""]
    for label, value in detail_fields(r, item.flags):
        lines.append(f"  {label:<12} {value}")
    if r.summary:
        lines += ["", "Summary", _wrap(r.summary, style)]
    if r.source and r.source.quote:
        lines += ["", "Quote", _wrap(f"\u201c{' '.join(r.source.quote.split())}\u201d", style)]
    lines += ["", "Follow-ups"]
    if not r.followups:
        lines.append("  none yet")
    for f in r.followups:
        extra = f.marks()
        head = f"  {f.date.isoformat()}  {f.note}".rstrip()
        lines.append(head + (f"  [{'; '.join(extra)}]" if extra else ""))
    return "\n".join(lines)


def _styled_print(text: str, out: TextIO, style: Style) -> None:
    if not style.color:
        out.write(text + "\n")
        return
    from rich.text import Text

    rich_text = Text(text)
    rich_text.highlight_words(list(FLAG_STYLE), style="bold red")
    for word, st in FLAG_STYLE.items():
        rich_text.highlight_words([word], style=st)
    first = text.split("\n", 1)[0]
    rich_text.stylize("bold", 0, len(first))
    for heading in ("Summary", "Quote", "Follow-ups"):
        rich_text.highlight_regex(rf"(?m)^{heading}$", style="bold underline")
    _console(out, style).print(rich_text)


def write_show(result: ShowResult, fmt: str, out: TextIO, style: Style) -> None:
    res = result.resolution
    if fmt == "json" and res.kind == "record":
        json.dump(item_dict(result.items[0]), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt != "table":
        write_items(result.items, fmt, out, style)
        return
    if res.kind == "record":
        _styled_print(record_text(result.items[0], style), out, style)
        return
    header = (
        f"Dossier {res.query}: {len(result.items)} records, oldest source first "
        f"(as of {result.settings.as_of.isoformat()})"
    )
    blocks = [header]
    for item in result.items:
        r = item.record
        flags = f"  [{', '.join(item.flags)}]" if item.flags else ""
        due = f"  due {r.due.text}" if r.due else ""
        block = [f"\n{r.id}  {r.kind}  {r.status}{due}{flags}", _wrap(r.title, style)]
        if r.summary:
            block.append(_wrap(r.summary, style, "    "))
        if r.followups:
            last = r.followups[-1]
            block.append(f"    last follow-up {last.date.isoformat()}: {last.note}")
        blocks.append("\n".join(block))
    _styled_print("\n".join(blocks), out, style)


# --- several show arguments, summary, agenda and stats -------------------------------------------------------------

RULE = "-" * 72


def write_show_many(results: Sequence[ShowResult], fmt: str, out: TextIO, style: Style, array: bool) -> None:
    """Several `show` arguments in order; `array` makes json an array even for one record, as scripts expect."""
    if not array and len(results) == 1:
        write_show(results[0], fmt, out, style)
        return
    items = [i for r in results for i in r.items]
    if fmt != "table":
        write_items(items, fmt, out, style)
        return
    for n, result in enumerate(results):
        if n:
            if style.terminal:
                from rich.rule import Rule

                out.write("\n")
                _console(out, style).print(Rule(style="dim"))
            else:
                out.write("\n" + RULE + "\n")
        write_show(result, fmt, out, style)


def _due_detail(record: Record) -> str:
    from jbz_cli.core.report import due_words

    return due_words(record)


def _plain_rows(rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Aligned columns with two spaces between them; never wrapped, so each row stays one line.

    Every column but the last is padded to its widest cell; empty columns vanish.
    """
    if not rows:
        return []
    count = len(rows[0])
    widths = [max(len(row[n]) for row in rows) for n in range(count - 1)]
    lines = []
    for row in rows:
        cells = [f"{one_line(cell):<{widths[n]}}" for n, cell in enumerate(row[:-1]) if widths[n]]
        lines.append((indent + "  ".join([*cells, one_line(row[-1])])).rstrip())
    return lines


@dataclass(frozen=True)
class RowLayout:
    """One layout for a whole listing, so columns line up across its groups."""

    one_line: bool
    id_width: int
    detail_width: int


def row_layout(rows: Sequence[tuple[str, Any, str]], style: Style) -> RowLayout:
    """One line per item when the title keeps at least 40 columns (or fits whole); else the title goes below."""
    id_width = max((len(r[0]) for r in rows), default=0)
    detail_width = max((len(r[1]) for r in rows), default=0)
    title_width = max((len(r[2]) for r in rows), default=0)
    room = style.width - (2 + id_width + 2 + detail_width + 2)
    return RowLayout(room >= min(40, title_width), id_width, detail_width)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _rich_rows(rows: Sequence[tuple[str, Any, str]], style: Style, layout: RowLayout | None = None) -> Any:
    """Rows of id, detail and title drawn to fit the terminal, long titles cut with an ellipsis."""
    from rich.text import Text

    layout = layout or row_layout(rows, style)
    out = Text(no_wrap=True, overflow="ellipsis")
    for n, (rid, detail, title) in enumerate(rows):
        styled = detail if isinstance(detail, Text) else Text(detail)
        if n:
            out.append("\n")
        out.append("  ")
        if layout.one_line:
            out.append(f"{rid:<{layout.id_width}}", style="bold")
            out.append("  ")
            out.append_text(styled)
            out.append(" " * (layout.detail_width - len(styled.plain) + 2))
            room = style.width - 1 - (2 + layout.id_width + 2 + layout.detail_width + 2)
            out.append(_clip(title, room))
        else:
            out.append(_clip(rid, style.width - 3), style="bold")
            out.append("  ")
            out.append_text(styled)
            out.append("\n    " + _clip(title, style.width - 5))
    return out


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _status_counts(by_status: dict[str, int]) -> str:
    parts = [f"{n} {s}" for s, n in by_status.items() if n]
    return ", ".join(parts) or "no records"


def summary_dict(summary: Any) -> dict[str, Any]:
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
    }


def _summary_sections(summary: Any) -> list[tuple[str, str, list[tuple[str, str, str]], str]]:
    """(heading, colour, rows of id/detail/title, the command that lists them all) for each section."""
    from jbz_cli.core.report import awaiting_reason, overdue_days

    as_of = summary.as_of
    overdue = [
        (
            i.record.id,
            f"{_due_detail(i.record)}, {_days(overdue_days(i.record, as_of))} ago",
            i.record.title,
        )
        for i in summary.overdue
    ]
    awaiting = [(i.record.id, awaiting_reason(i.record, as_of), i.record.title) for i in summary.awaiting]
    soon = []
    for i in summary.due_soon:
        left = (i.record.due_by - as_of).days if i.record.due_by else 0
        when = "today" if left == 0 else f"in {_days(left)}"
        soon.append((i.record.id, f"{_due_detail(i.record)}, {when}", i.record.title))
    soon_option = f" --soon-days {summary.soon_days}" if summary.soon_days != 30 else ""
    return [
        (f"Overdue ({len(overdue)}), oldest due first", "red", overdue, "jbz list --overdue"),
        (f"Awaiting follow-up ({len(awaiting)})", "magenta", awaiting, "jbz list --awaiting --sort activity"),
        (
            f"Due in the next {_days(summary.soon_days)} ({len(soon)})",
            "yellow",
            soon,
            f"jbz list --due-soon{soon_option}",
        ),
    ]


def _more(rows: list[Any], limit: int, command: str) -> tuple[list[Any], str]:
    """At most `limit` rows (0: all), and a line that says how to see the rest."""
    if not limit or len(rows) <= limit:
        return rows, ""
    return rows[:limit], f"  ... and {len(rows) - limit} more: {command}"


def write_summary(summary: Any, fmt: str, out: TextIO, style: Style, limit: int = 0) -> None:
    """A git-status-like dashboard: rich on a terminal, plain lines when piped, or one JSON object.

    `limit` caps each section of the text (never the JSON), so the dashboard stays a glance.
    """
    if fmt == "json":
        json.dump(summary_dict(summary), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt != "table":
        raise ValueError(f"summary cannot be written as {fmt!r}")
    head = f"As of {summary.as_of.isoformat()}: {summary.total} records in {summary.records_dir}"
    counts = _status_counts(summary.by_status)
    problems = (
        f"{summary.problems} invalid record file{'s' if summary.problems != 1 else ''} skipped; run jbz check"
        if summary.problems
        else ""
    )
    sections = _summary_sections(summary)
    if not style.terminal:
        lines = [head, f"Status: {counts}"]
        if problems:
            lines.append(problems)
        for heading, _, rows, command in sections:
            lines += ["", f"{heading}:" if rows else f"{heading}: none"]
            shown, more = _more(rows, limit, command)
            lines += _plain_rows(shown) + ([more] if more else [])
        out.write("\n".join(lines) + "\n")
        return
    from rich.text import Text

    console = _console(out, style)
    top = Text(head, style="bold")
    console.print(top)
    status_line = Text("Status: ")
    first = True
    for s, n in summary.by_status.items():
        if not n:
            continue
        if not first:
            status_line.append(", ")
        status_line.append(f"{n} {s}", style=STATUS_STYLE.get(s, ""))
        first = False
    console.print(status_line)
    if problems:
        console.print(Text(problems, style="bold red"))
    layout = row_layout([row for _, _, rows, _ in sections for row in _more(rows, limit, "")[0]], style)
    for heading, colour, rows, command in sections:
        console.print()
        if not rows:
            console.print(Text(f"{heading}: none", style="dim"))
            continue
        console.print(Text(f"{heading}:", style=f"bold {colour}"))
        shown, more = _more(rows, limit, command)
        styled = [(rid, Text(detail, style=colour), title) for rid, detail, title in shown]
        console.print(_rich_rows(styled, style, layout))
        if more:
            console.print(Text(more, style="dim"))


def _agenda_notes(item: Item) -> str:
    """The status when it is not plain "open", and the flags."""
    notes = [item.record.status] if item.record.status != "open" else []
    return ", ".join([*notes, *item.flags])


def _agenda_detail(item: Item) -> str:
    notes = _agenda_notes(item)
    return f"{_due_detail(item.record)}, {notes}" if notes else _due_detail(item.record)


def agenda_item_dict(item: Item) -> dict[str, Any]:
    from jbz_cli.core.report import month_key

    data = item_dict(item)
    due_by = item.record.due_by
    data["month"] = month_key(due_by) if due_by else None
    data["due_label"] = _due_detail(item.record)
    return data


def write_agenda(agenda: Any, fmt: str, out: TextIO, style: Style) -> None:
    """Items grouped by month of due_by; on a terminal with a month-by-month bar timeline first."""
    items = agenda.items
    if fmt == "json":
        json.dump([agenda_item_dict(i) for i in items], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt == "jsonl":
        for item in items:
            out.write(json.dumps(agenda_item_dict(item), ensure_ascii=False) + "\n")
        return
    if fmt != "table":
        write_items(items, fmt, out, style)
        return
    from jbz_cli.core.report import month_label

    what = "open items" if agenda.open_only else "items"
    head = f"Agenda {month_label(agenda.start)} to {month_label(agenda.end)}, as of {agenda.as_of.isoformat()}"
    count = f"{len(items)} {what} with a due date"
    groups = [m for m in agenda.months if m.items]

    def month_head(m: Any) -> str:
        over = f", {m.overdue} overdue" if m.overdue else ""
        return f"{m.label} ({len(m.items)}{over})"

    if not style.terminal:
        lines = [head, count]
        all_rows = [(i.record.id, _due_detail(i.record), _agenda_notes(i), i.record.title) for i in items]
        aligned = iter(_plain_rows(all_rows))
        for m in groups:
            lines += ["", month_head(m)]
            lines += [next(aligned) for _ in m.items]
        out.write("\n".join(lines) + "\n")
        return
    from rich.text import Text

    console = _console(out, style)
    console.print(Text(head, style="bold"))
    console.print(count)
    console.print()
    console.print(agenda_timeline(agenda, style))
    # One layout for every month, so the columns line up down the whole agenda.
    layout = row_layout([(i.record.id, _agenda_detail(i), i.record.title) for i in items], style)
    for m in groups:
        console.print()
        console.print(Text(month_head(m), style="bold"))
        rows = []
        for i in m.items:
            colour = "red" if "overdue" in i.flags else "yellow" if "due-soon" in i.flags else ""
            rows.append((i.record.id, Text(_agenda_detail(i), style=colour), i.record.title))
        console.print(_rich_rows(rows, style, layout))


def agenda_timeline(agenda: Any, style: Style) -> Any:
    """One line per month: a bar with a block per item, overdue blocks red, and the counts in words."""
    from rich.text import Text

    label_width = 9  # "Sep 2026"
    most = max((len(m.items) for m in agenda.months), default=0)
    room = max(10, style.width - label_width - 2 - 22)
    per_block = max(1, -(-most // room))  # ceiling division: scale long bars down to fit
    text = Text()
    for n, m in enumerate(agenda.months):
        if n:
            text.append("\n")
        short = f"{m.label[:3]} {m.month.year}"  # "Dec 2026"; strftime would follow the locale
        text.append(f"{short:<{label_width}}")
        text.append(" ")
        over = m.overdue
        rest = len(m.items) - over
        text.append("█" * -(-over // per_block), style="red")
        text.append("█" * -(-rest // per_block), style="cyan")
        if m.items:
            text.append(f" {len(m.items)}")
            if over:
                text.append(f" ({over} overdue)", style="red")
        else:
            text.append("·", style="dim")
    if per_block > 1:
        text.append(f"\n{'':<{label_width}} one block = {per_block} items", style="dim")
    return text


def write_stats(stats: Any, fmt: str, out: TextIO, style: Style) -> None:
    """Counts by kind, status, topic and actor, and done commitments and deadlines met on time or late."""
    from jbz_cli.core.report import stats_rows

    rows = stats_rows(stats)
    if fmt == "json":
        data = {
            "total": stats.total,
            "by_kind": stats.by_kind,
            "by_status": stats.by_status,
            "by_topic": stats.by_topic,
            "by_actor": stats.by_actor,
            "done": {
                kind: {**t.counts(), "on_time_ids": t.on_time, "late_ids": t.late, "unknown_ids": t.unknown}
                for kind, t in stats.done.items()
            },
        }
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for section, key, n in rows:
            out.write(json.dumps({"section": section, "key": key, "count": n}, ensure_ascii=False) + "\n")
    elif fmt == "tsv":
        for section, key, n in rows:
            out.write(f"{section}\t{one_line(key)}\t{n}\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("section", "key", "count"))
        writer.writerows(rows)
    elif fmt == "table":
        _stats_table(stats, out, style)
    else:
        raise ValueError(f"stats cannot be written as {fmt!r}")


def _stats_sections(stats: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    sections = [
        ("Kind", [(k, str(n)) for k, n in stats.by_kind.items()]),
        ("Status", [(k, str(n)) for k, n in stats.by_status.items()]),
    ]
    for kind, t in stats.done.items():
        c = t.counts()
        sections.append(
            (
                f"Done {kind}s",
                [("on time", str(c["on_time"])), ("late", str(c["late"])), ("unknown", str(c["unknown"]))],
            )
        )
    sections.append(("Topic", [(k, str(n)) for k, n in stats.by_topic.items()]))
    sections.append(("Actor", [(k, str(n)) for k, n in stats.by_actor.items()]))
    return sections


STATS_NOTE = "On time: the follow-up that set the status to done is dated on or before due_by."


def _stats_table(stats: Any, out: TextIO, style: Style) -> None:
    sections = _stats_sections(stats)
    if not style.terminal:
        lines = [f"Records: {stats.total}"]
        for heading, rows in sections:
            lines += ["", heading]
            width = max((len(k) for k, _ in rows), default=0)
            num = max((len(v) for _, v in rows), default=0)
            lines += [f"  {one_line(k):<{width}}  {v:>{num}}" for k, v in rows] or ["  none"]
        lines += ["", STATS_NOTE]
        out.write("\n".join(lines) + "\n")
        return
    from rich import box
    from rich.columns import Columns
    from rich.table import Table
    from rich.text import Text

    def table(heading: str, rows: list[tuple[str, str]], max_width: int | None = None) -> Table:
        t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold" if style.color else "")
        t.add_column(heading, no_wrap=True, overflow="ellipsis", max_width=max_width)
        t.add_column("", justify="right", no_wrap=True)
        for k, v in rows:
            colour = STATUS_STYLE.get(k, "") if heading == "Status" else ""
            if heading.startswith("Done") and k == "late" and v != "0":
                colour = "red"
            t.add_row(Text(k, style=colour), v)
        return t

    def snaked(heading: str, rows: list[tuple[str, str]]) -> Table:
        """A long list folded into as many side-by-side column pairs as the width allows, read down first."""
        rows = rows or [("none", "")]
        cell = max(len(k) for k, _ in rows) + 2 + max(len(v) for _, v in rows) + 4
        across = max(1, min(4, (style.width + 4) // cell))
        depth = -(-len(rows) // across)
        t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold" if style.color else "")
        for n in range(across):
            t.add_column(heading if n == 0 else "", no_wrap=True, overflow="ellipsis", max_width=style.width - 10)
            t.add_column("", justify="right", no_wrap=True)
        for r in range(depth):
            cells: list[str] = []
            for n in range(across):
                k, v = rows[n * depth + r] if n * depth + r < len(rows) else ("", "")
                cells += [k, v]
            t.add_row(*cells)
        return t

    console = _console(out, style)
    console.print(Text(f"Records: {stats.total}", style="bold"))
    small = [table(h, rows) for h, rows in sections[:-2]]
    console.print(Columns(small, padding=(0, 4)))
    for heading, rows in sections[-2:]:
        console.print()
        console.print(snaked(heading, rows))
    console.print()
    console.print(Text(STATS_NOTE, style="dim"))
