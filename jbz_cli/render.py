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

from .errors import RecordError
from .model import REGISTER_TERMS, Record
from .query import Item, Resolution, Settings

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


BRIEF_FORMATS = ("tsv", "ids")


def write_brief(rows: Iterable[tuple[str, str, str, str | None, Sequence[str], str]], fmt: str, out: TextIO) -> None:
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
            cells += [Text(r.id, style="bold" if style.color else ""), r.title]
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
        extra = []
        if f.status:
            extra.append(f"status -> {f.status}")
        if f.due:
            extra.append(f"due {f.previous_due or '-'} -> {f.due}")
        if f.evidence:
            extra.append(f"evidence: {f.evidence}")
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
