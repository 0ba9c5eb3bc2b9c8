"""`jbz agenda`: dated items month by month, with a bar timeline on a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from jbz_cli.core.query import Item
from jbz_cli.core.words import due_words
from jbz_cli.present.lines import write_json, write_jsonl
from jbz_cli.present.shapes import agenda_item_dict
from jbz_cli.present.terminal import Style, console, plain_rows, rich_rows, row_layout
from jbz_cli.present.views.list import write_items

if TYPE_CHECKING:
    from jbz_cli.core.overviews import Agenda, AgendaMonth


def _notes(item: Item) -> str:
    """The status when it is not plain "open", and the flags."""
    notes = [item.record.status] if item.record.status != "open" else []
    return ", ".join([*notes, *item.flags])


def _detail(item: Item) -> str:
    notes = _notes(item)
    due = due_words(item.record.due)
    return f"{due}, {notes}" if notes else due


def _month_head(m: AgendaMonth) -> str:
    over = f", {m.overdue} overdue" if m.overdue else ""
    councils = "".join(f"; {c}" for c in m.councils)
    return f"{m.label} ({len(m.items)}{over}){councils}"


def write_agenda(agenda: Agenda, fmt: str, out: TextIO, style: Style) -> None:
    """Items grouped by month of due_by; on a terminal with a month-by-month bar timeline first.

    json and jsonl add "month" and "due_label" to each item; tsv, csv and ids are the list formats.
    """
    items = agenda.items
    if fmt == "json":
        write_json([agenda_item_dict(i) for i in items], out)
        return
    if fmt == "jsonl":
        write_jsonl((agenda_item_dict(i) for i in items), out)
        return
    if fmt != "table":
        write_items(items, fmt, out, style)
        return
    from jbz_cli.core.overviews import month_label

    what = "open items" if agenda.open_only else "items"
    head = f"Agenda {month_label(agenda.start)} to {month_label(agenda.end)}, as of {agenda.as_of.isoformat()}"
    count = f"{len(items)} {what} with a due date"
    groups = [m for m in agenda.months if m.items or m.councils]

    if not style.terminal:
        lines = [head, count]
        all_rows = [(i.record.id, due_words(i.record.due), _notes(i), i.record.title) for i in items]
        aligned = iter(plain_rows(all_rows))
        for m in groups:
            lines += ["", _month_head(m)]
            lines += [next(aligned) for _ in m.items]
        out.write("\n".join(lines) + "\n")
        return
    from rich.text import Text

    con = console(out, style)
    con.print(Text(head, style="bold"))
    con.print(count)
    con.print()
    con.print(agenda_timeline(agenda, style))
    # One layout for every month, so the columns line up down the whole agenda.
    layout = row_layout([(i.record.id, _detail(i), i.record.title) for i in items], style)
    for m in groups:
        con.print()
        con.print(Text(_month_head(m), style="bold"))
        rows = []
        for i in m.items:
            colour = "red" if "overdue" in i.flags else "yellow" if "due-soon" in i.flags else ""
            rows.append((i.record.id, Text(_detail(i), style=colour), i.record.title))
        con.print(rich_rows(rows, style, layout), crop=False, no_wrap=True, overflow="ignore")


def agenda_timeline(agenda: Agenda, style: Style) -> Any:
    """One line per month: a bar with a block per item, overdue blocks red, and the counts in words."""
    from rich.text import Text

    label_width = 9  # "Sep 2026"
    most = max((len(m.items) for m in agenda.months), default=0)
    room = max(10, style.width - label_width - 2 - 22)
    per_block = max(1, -(-most // room))  # ceiling division: scale long bars down to fit
    # TERM=dumb shows block and diamond glyphs as junk: plain ASCII there, as for rules and boxes.
    block, empty, diamond = ("█", "·", "◆") if style.boxes else ("#", ".", "*")
    text = Text()
    for n, m in enumerate(agenda.months):
        if n:
            text.append("\n")
        short = f"{m.label[:3]} {m.month.year}"  # "Dec 2026"; strftime would follow the locale
        text.append(f"{short:<{label_width}}")
        text.append(" ")
        over = m.overdue
        rest = len(m.items) - over
        text.append(block * -(-over // per_block), style="red")
        text.append(block * -(-rest // per_block), style="cyan")
        if m.items:
            text.append(f" {len(m.items)}")
            if over:
                text.append(f" ({over} overdue)", style="red")
        else:
            text.append(empty, style="dim")
        line = len(text.plain) - (text.plain.rfind("\n") + 1)
        for council in m.councils:
            mark = f"  {diamond} {council}"
            if line + len(mark) > style.width - 1:  # under the bar, not wrapped by the terminal to column 0
                mark = f"\n  {diamond} {council}"
            text.append(mark, style="bold magenta")
            line = len(text.plain) - (text.plain.rfind("\n") + 1)
    if per_block > 1:
        text.append(f"\n{'':<{label_width}} one block = {per_block} items", style="dim")
    return text
