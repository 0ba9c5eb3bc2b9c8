"""`jbz list`: records as a table for people or in any line format for pipelines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from jbz_cli.core.query import Item, Settings
from jbz_cli.errors import RecordError
from jbz_cli.present.lines import CSV_COLUMNS, csv_row, item_row, tsv_line, write_csv, write_json, write_jsonl
from jbz_cli.present.shapes import item_dict
from jbz_cli.present.terminal import FLAG_STYLE, STATUS_STYLE, Style, console, one_line


@dataclass
class ListResult:
    items: list[Item]
    settings: Settings
    problems: list[RecordError] = field(default_factory=list)


def write_items(items: Sequence[Item], fmt: str, out: TextIO, style: Style, title: str = "") -> None:
    """Write records in any of the list FORMATS; raises ValueError for another format."""
    if fmt == "json":
        write_json([item_dict(i) for i in items], out)
    elif fmt == "jsonl":
        write_jsonl((item_dict(i) for i in items), out)
    elif fmt == "ids":
        for item in items:
            out.write(one_line(item.record.id) + "\n")
    elif fmt == "tsv":
        for item in items:
            out.write(tsv_line(*item_row(item)))
    elif fmt == "csv":
        write_csv(CSV_COLUMNS, (csv_row(i) for i in items), out)
    elif fmt == "table":
        write_table(items, out, style, title)
    else:  # the CLI validates formats; this guards library callers
        raise ValueError(f"unknown format {fmt!r}")


def write_table(items: Sequence[Item], out: TextIO, style: Style, title: str = "") -> None:
    """A table that stays readable at 80 columns: narrow terminals get the title under the id."""
    from rich import box
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    con = console(out, style)
    if not items:
        con.print("No matching records.", style="dim")
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
    con.print(table)
