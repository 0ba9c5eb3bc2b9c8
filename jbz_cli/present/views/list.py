"""`jbz list`: records as a table for people or in any line format for pipelines."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, TextIO

from jbz_cli.core.query import Item
from jbz_cli.present.item_text import element_text
from jbz_cli.present.lines import (
    CSV_COLUMNS,
    Row,
    csv_row,
    item_row,
    tsv_line,
    write_csv,
    write_json_texts,
    write_jsonl,
)
from jbz_cli.present.shapes import item_dict
from jbz_cli.present.terminal import FLAG_STYLE, STATUS_STYLE, SafeText, Style, console, one_line


class ListWriter(NamedTuple):
    """How `jbz list` writes one format, and the form of hit it reads.

    `needs` names that form: "rows" are (id, kind, status, due as written, flags, title) tuples (lines.Row), which
    the index gives without building records, and "ids" their first column alone, (id,); "shapes" are item_dict
    objects and "texts" their indented JSON text (present/item_text), both made from the text the index keeps per
    file version; "items" are core Items.
    The files path makes the same form from items (`of_items`), so every format has one writer, whichever path
    answered.
    """

    needs: str
    write: Callable[[Iterable[Any], TextIO, Style, str], None]

    def of_items(self, items: Sequence[Item]) -> Sequence[Any]:
        """The hits this writer reads, made from items (item_row, item_dict, or the items themselves)."""
        if self.needs == "rows":
            return [item_row(i) for i in items]
        if self.needs == "ids":
            return [(i.record.id,) for i in items]
        if self.needs == "shapes":
            return _Shaped(items, item_dict)
        if self.needs == "texts":
            return _Shaped(items, _element)
        return items


def _element(item: Item) -> str:
    return element_text(item_dict(item))


class _Shaped(Sequence[Any]):
    """Items as their shapes, each made when it is reached, so json output never holds every shape at once."""

    def __init__(self, items: Sequence[Item], make: Callable[[Item], Any]) -> None:
        self.items = items
        self.make = make

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self.make(i) for i in self.items[index]]
        return self.make(self.items[index])

    def __iter__(self) -> Iterator[Any]:
        return map(self.make, self.items)


def _ids(rows: Iterable[tuple[str, ...]], out: TextIO, style: Style, title: str) -> None:
    out.write(SafeText("".join([one_line(row[0]) + "\n" for row in rows])))  # one_line made it safe: not rescanned


def _tsv(rows: Iterable[Row], out: TextIO, style: Style, title: str) -> None:
    out.write(SafeText("".join([tsv_line(*row) for row in rows])))


def _json(texts: Iterable[str], out: TextIO, style: Style, title: str) -> None:
    write_json_texts(texts, out)


def _jsonl(shapes: Iterable[dict[str, Any]], out: TextIO, style: Style, title: str) -> None:
    write_jsonl(shapes, out)


def _csv(items: Iterable[Item], out: TextIO, style: Style, title: str) -> None:
    write_csv(CSV_COLUMNS, (csv_row(i) for i in items), out)


def _table(items: Iterable[Item], out: TextIO, style: Style, title: str) -> None:
    write_table(list(items), out, style, title)


# Every format of `jbz list` (lines.FORMATS), and of the views that list items (show, agenda): one writer each.
LIST_WRITERS: dict[str, ListWriter] = {
    "ids": ListWriter("ids", _ids),
    "tsv": ListWriter("rows", _tsv),
    "json": ListWriter("texts", _json),
    "jsonl": ListWriter("shapes", _jsonl),
    "csv": ListWriter("items", _csv),
    "table": ListWriter("items", _table),
}


def list_writer(fmt: str) -> ListWriter:
    """The writer of `fmt`; ValueError for a format outside LIST_WRITERS (the CLI validates formats first)."""
    try:
        return LIST_WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}") from None


def write_items(items: Sequence[Item], fmt: str, out: TextIO, style: Style, title: str = "") -> None:
    """Write records in any of the list FORMATS, through that format's one writer; raises ValueError for another."""
    writer = list_writer(fmt)
    writer.write(writer.of_items(items), out, style, title)


def _status_text(item: Item, sep: str) -> Any:
    from rich.text import Text

    status = Text(item.record.status, style=STATUS_STYLE.get(item.record.status, ""))
    for flag in item.flags:
        status.append(sep)
        status.append(flag, style=FLAG_STYLE.get(flag, ""))
    return status


def table_layout(items: Sequence[Item], style: Style) -> str:
    """ "wide" (ID | Title | Kind | Due | Status), "stacked" (title under the id) or "cards" (one block per item).

    Ids, kinds, dues, statuses and flags are never cut, so the title column takes the squeeze: the layout with
    the widest title that still fits. Piped output is always wide (nothing is wrapped there).
    """
    if not style.terminal:
        return "wide"
    fixed = _fixed_widths(items, flags_column=True)
    id_width = max(len(i.record.id) for i in items)
    rest = sum(fixed) + GAP * len(fixed)  # kind, due and status, each after a gap
    if style.width - 1 - id_width - GAP - rest >= WIDE_TITLE:
        return "wide"
    if style.width - 1 - rest >= id_width:
        return "stacked"
    return "cards"


WIDE_TITLE = 30  # below this many columns for the title, the title goes under the id
GAP = 3  # between two columns of a terminal table: padding, the box's blank divider, padding


def _fixed_widths(items: Sequence[Item], flags_column: bool = False) -> list[int]:
    """Kind, due and status widths; with `flags_column` (a terminal), the status alone and then the flags on one
    line (`overdue, awaiting`), so a row with flags takes one line rather than one per flag."""
    kind = max(len("Kind"), *(len(i.record.kind) for i in items))
    due = max(len("Due"), *(len(i.record.due.text) if i.record.due else 0 for i in items))
    if flags_column:
        status = max(len("Status"), *(len(i.record.status) for i in items))
        flags = max(len("Flags"), *(len(", ".join(i.flags)) for i in items))
        return [kind, due, status, flags]
    status = max(len("Status"), *(len(w) for i in items for w in (i.record.status, *i.flags)))
    return [kind, due, status]


def write_table(items: Sequence[Item], out: TextIO, style: Style, title: str = "") -> None:
    """A table that never cuts an id, due, status or flag: the title wraps, moves under the id, or below it."""
    from rich import box
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    con = console(out, style)
    if not items:
        con.print("No matching records.", style="dim")
        return
    layout = table_layout(items, style)
    if layout == "cards":
        _write_cards(items, con, style, title)
        return
    wide = layout == "wide"
    table = Table(
        box=box.SIMPLE_HEAD if style.terminal and style.boxes else None,
        show_edge=False,
        pad_edge=False,
        header_style="bold" if style.color else "",
        title=title or None,
        title_justify="left",
    )
    kind_w, due_w, status_w, *flags_w = _fixed_widths(items, flags_column=style.terminal)
    id_w = max(len(i.record.id) for i in items)

    def exact(width: int) -> int | None:  # piped tables size themselves, as they always have
        return width if style.terminal else None

    if wide:
        table.add_column("ID", no_wrap=True, width=exact(id_w))
    table.add_column("Title" if wide else "ID / title", overflow="fold", ratio=1, min_width=None if wide else id_w)
    table.add_column("Kind", no_wrap=True, width=exact(kind_w))
    table.add_column("Due", no_wrap=True, width=exact(due_w))
    table.add_column("Status", no_wrap=True, width=exact(status_w))
    if flags_w:
        table.add_column("Flags", no_wrap=True, width=flags_w[0])
    for item in items:
        r = item.record
        cells: list[Any] = []
        if wide:
            cells += [Text(r.id, style="bold" if style.color else ""), Text(r.title)]  # Text: no markup in titles
        else:
            head = Text(r.id, style="bold" if style.color else "")
            cells.append(Group(head, Padding(Text(r.title), (0, 0, 0, 2))))
        due = r.due.text if r.due else ""
        if flags_w:
            flags = Text(", ").join(Text(f, style=FLAG_STYLE.get(f, "")) for f in item.flags)
            status = Text(r.status, style=STATUS_STYLE.get(r.status, ""))
            table.add_row(*cells, r.kind, due, status, flags)
        else:
            table.add_row(*cells, r.kind, due, _status_text(item, " "))
    con.print(table)


def _write_cards(items: Sequence[Item], con: Any, style: Style, title: str) -> None:
    """Narrow terminals: the id alone on a line (never cut), then kind, due, status and flags, then the title."""
    from rich.padding import Padding
    from rich.text import Text

    if title:
        con.print(Text(title))
    for item in items:
        r = item.record
        con.print(
            Text(r.id, style="bold" if style.color else "", no_wrap=True, overflow="ignore"),
            crop=False,
            no_wrap=True,
            overflow="ignore",
        )
        meta = Text("  ", no_wrap=True, overflow="ignore")
        meta.append(f"{r.kind}  {r.due.text if r.due else '-'}  ")
        meta.append_text(_status_text(item, " "))
        con.print(meta, crop=False, no_wrap=True, overflow="ignore")
        con.print(Padding(Text(r.title), (0, 0, 0, 4)))
