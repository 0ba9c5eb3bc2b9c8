"""`jbz stats`: counts by kind, status, topic and actor, and whether done items were met on time."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from jbz_cli.present.lines import write_csv, write_json, write_jsonl
from jbz_cli.present.shapes import stats_dict, stats_row_dict
from jbz_cli.present.terminal import STATUS_STYLE, Style, console, one_line

if TYPE_CHECKING:
    from rich.table import Table

    from jbz_cli.core.report import Stats

STATS_NOTE = "On time: the follow-up that set the status to done is dated on or before due_by."


def write_stats(stats: Stats, fmt: str, out: TextIO, style: Style) -> None:
    """Counts by kind, status, topic and actor, and done commitments and deadlines met on time or late.

    tsv, csv and jsonl are (section, key, count) rows; raises ValueError for ids or an unknown format.
    """
    from jbz_cli.core.report import stats_rows

    rows = stats_rows(stats)
    if fmt == "json":
        write_json(stats_dict(stats), out)
    elif fmt == "jsonl":
        write_jsonl((stats_row_dict(*row) for row in rows), out)
    elif fmt == "tsv":
        for section, key, n in rows:
            out.write(f"{section}\t{one_line(key)}\t{n}\n")
    elif fmt == "csv":
        write_csv(("section", "key", "count"), rows, out)
    elif fmt == "table":
        _stats_table(stats, out, style)
    else:
        raise ValueError(f"stats cannot be written as {fmt!r}")


def _stats_sections(stats: Stats) -> list[tuple[str, list[tuple[str, str]]]]:
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


def _stats_table(stats: Stats, out: TextIO, style: Style) -> None:
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
    from rich.columns import Columns
    from rich.text import Text

    con = console(out, style)
    con.print(Text(f"Records: {stats.total}", style="bold"))
    small = [_small_table(h, rows, style) for h, rows in sections[:-2]]
    con.print(Columns(small, padding=(0, 4)))
    for heading, rows in sections[-2:]:
        con.print()
        con.print(_snaked(heading, rows, style))
    con.print()
    con.print(Text(STATS_NOTE, style="dim"))


def _small_table(heading: str, rows: list[tuple[str, str]], style: Style) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold" if style.color else "")
    t.add_column(heading, no_wrap=True, overflow="ellipsis", max_width=None)
    t.add_column("", justify="right", no_wrap=True)
    for k, v in rows:
        colour = STATUS_STYLE.get(k, "") if heading == "Status" else ""
        if heading.startswith("Done") and k == "late" and v != "0":
            colour = "red"
        t.add_row(Text(k, style=colour), v)
    return t


def _snaked(heading: str, rows: list[tuple[str, str]], style: Style) -> Table:
    """A long list folded into as many side-by-side column pairs as the width allows, read down first."""
    from rich import box
    from rich.table import Table

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
