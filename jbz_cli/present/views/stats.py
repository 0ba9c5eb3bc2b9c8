"""`jbz stats`: counts by kind, status, topic and actor, and whether done items were met on time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from jbz_cli.present.lines import write_csv, write_json, write_jsonl
from jbz_cli.present.shapes import stats_dict, stats_row_dict
from jbz_cli.present.terminal import STATUS_STYLE, Style, console, one_line

if TYPE_CHECKING:
    from rich.table import Table

    from jbz_cli.core.overviews import Stats

STATS_NOTE = (
    "On time: the follow-up that set the status to done is dated on or before due_by, the due date in force that "
    'day; "original due" weighs it against the due date first promised, before any follow-up moved it.'
)


def stats_note(stats: Stats) -> str:
    """The note under the table; it names the period start when only items met from then on were weighed."""
    if stats.from_day is None:
        return STATS_NOTE
    return f"{STATS_NOTE} Only items met on or after {stats.from_day.isoformat()} are weighed."


def write_stats(stats: Stats, fmt: str, out: TextIO, style: Style) -> None:
    """Counts by kind, status, topic and actor, and done commitments and deadlines met on time or late.

    tsv, csv and jsonl are (section, key, count) rows; raises ValueError for ids or an unknown format.
    """
    from jbz_cli.core.overviews import stats_rows

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
        for heading, measure in ((f"Done {kind}s", t), (f"Done {kind}s, original due", stats.done_original.get(kind))):
            c = measure.counts() if measure is not None else {"on_time": 0, "late": 0, "unknown": 0}
            rows = [("on time", str(c["on_time"])), ("late", str(c["late"])), ("unknown", str(c["unknown"]))]
            sections.append((heading, rows))
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
        lines += ["", stats_note(stats)]
        out.write("\n".join(lines) + "\n")
        return
    from rich.columns import Columns
    from rich.text import Text

    con = console(out, style)
    con.print(Text(f"Records: {stats.total}", style="bold"))
    small = [_small_table(h, rows, style) for h, rows in sections[:2]]
    done = sections[2:-2]
    for (heading, revised), (_, original) in zip(done[::2], done[1::2], strict=True):
        # One table per kind on a terminal: the due date in force when met, then the one first promised.
        rows = [(k, v, o) for (k, v), (_, o) in zip(revised, original, strict=True)]
        small.append(_small_table(heading, rows, style, ("revised", "original")))
    con.print(Columns(small, padding=(0, 4)))
    for heading, rows in sections[-2:]:
        con.print()
        con.print(_snaked(heading, rows, style))
    con.print()
    con.print(Text(stats_note(stats), style="dim"))


def _small_table(
    heading: str, rows: Sequence[tuple[str, ...]], style: Style, columns: tuple[str, ...] = ("",)
) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    t = Table(
        box=box.SIMPLE_HEAD if style.boxes else None,
        show_edge=False,
        pad_edge=False,
        header_style="bold" if style.color else "",
    )
    t.add_column(heading, no_wrap=True, overflow="ellipsis", max_width=None)
    for name in columns:
        t.add_column(name, justify="right", no_wrap=True)
    for k, *values in rows:
        colour = STATUS_STYLE.get(k, "") if heading == "Status" else ""
        if heading.startswith("Done") and k == "late" and any(v != "0" for v in values):
            colour = "red"
        t.add_row(Text(k, style=colour), *values)
    return t


def _snaked(heading: str, rows: list[tuple[str, str]], style: Style) -> Table:
    """A long list folded into as many side-by-side column pairs as the width allows, read down first."""
    from rich import box
    from rich.table import Table

    rows = rows or [("none", "")]
    cell = max(len(k) for k, _ in rows) + 2 + max(len(v) for _, v in rows) + 4
    across = max(1, min(4, (style.width + 4) // cell))
    depth = -(-len(rows) // across)
    t = Table(
        box=box.SIMPLE_HEAD if style.boxes else None,
        show_edge=False,
        pad_edge=False,
        header_style="bold" if style.color else "",
    )
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
