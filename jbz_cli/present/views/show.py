"""`jbz show`: one record in full, a dossier (topic) as a reading list, or several of either in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from jbz_cli.core.model import Record
from jbz_cli.core.query import Item, Resolution, Settings
from jbz_cli.core.words import due_span, marks_text, status_words
from jbz_cli.present.lines import write_json
from jbz_cli.present.shapes import item_dict
from jbz_cli.present.terminal import FLAG_STYLE, Style, console, hang, wrap
from jbz_cli.present.views.list import write_items

RULE = "-" * 72


@dataclass
class ShowResult:
    resolution: Resolution
    items: list[Item]
    settings: Settings


def detail_fields(record: Record, flags: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, value) rows of the record view, "-" for a missing value."""
    src = record.source
    source = "-"
    if src:
        parts = [p for p in (src.document, src.date.isoformat() if src.date else None) if p]
        source = ", ".join(parts) or "-"
    rows = [
        ("status", status_words(record.status)),
        ("flags", ", ".join(flags) or "-"),
        ("due", due_span(record.due)),
        *([("due phrase", record.due_phrase)] if record.due_phrase else []),
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
        lines += ["", "Summary", wrap(r.summary, style)]
    if r.source and r.source.quote:
        lines += ["", "Quote", wrap(f"\u201c{' '.join(r.source.quote.split())}\u201d", style)]
    lines += ["", "Follow-ups"]
    if not r.followups:
        lines.append("  none yet")
    for f in r.followups:
        extra = f.marks()
        head = f"  {f.date.isoformat()}  {f.note}".rstrip()
        lines.append(head + (f"  [{marks_text(extra)}]" if extra else ""))
    return "\n".join(lines)


def _styled_print(text: str, out: TextIO, style: Style) -> None:
    text = hang(text, style)
    if not style.color:
        out.write(text + "\n")
        return
    from rich.text import Text

    rich_text = Text(text, no_wrap=True, overflow="ignore")  # hang() has folded it already
    rich_text.highlight_words(list(FLAG_STYLE), style="bold red")
    for word, st in FLAG_STYLE.items():
        rich_text.highlight_words([word], style=st)
    first = text.split("\n", 1)[0]
    rich_text.stylize("bold", 0, len(first))
    for heading in ("Summary", "Quote", "Follow-ups"):
        rich_text.highlight_regex(rf"(?m)^{heading}$", style="bold underline")
    console(out, style).print(rich_text, crop=False, no_wrap=True, overflow="ignore")


def write_show(result: ShowResult, fmt: str, out: TextIO, style: Style) -> None:
    """One `show` argument: a record object in json, else the list formats; text for a record or a dossier."""
    res = result.resolution
    if fmt == "json" and res.kind == "record":
        write_json(item_dict(result.items[0]), out)
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
        block = [f"\n{r.id}  {r.kind}  {r.status}{due}{flags}", wrap(r.title, style)]
        if r.summary:
            block.append(wrap(r.summary, style, "    "))
        if r.followups:
            last = r.followups[-1]
            block.append(f"    last follow-up {last.date.isoformat()}: {last.note}")
        blocks.append("\n".join(block))
    _styled_print("\n".join(blocks), out, style)


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
                console(out, style).print(Rule(style="dim"))
            else:
                out.write("\n" + RULE + "\n")
        write_show(result, fmt, out, style)
