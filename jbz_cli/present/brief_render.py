"""The briefing as Markdown (for GitHub), plain text (for mail), one self-contained HTML file (to print) and JSON."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from jbz_cli.core.brief import Briefing, Change
from jbz_cli.core.model import Followup, Record
from jbz_cli.core.query import Item
from jbz_cli.core.words import due_by_words, marks_text
from jbz_cli.present.escape import md_text, md_url
from jbz_cli.present.terminal import safe_text

BRIEF_FORMATS = ("md", "text", "html", "json")
TITLE = "JBZ briefing"


def safe_url(url: str | None) -> str | None:
    """Only web links become links; anything else (javascript:, file:) stays text."""
    if url and re.match(r"(?i)^https?://", url.strip()):
        return url.strip()
    return None


def source_parts(record: Record) -> tuple[str, str]:
    """(document, the rest: date and section), so renderers can link the document name."""
    src = record.source
    if src is None:
        return "", ""
    document = src.document or ("source" if src.url else "")
    rest = [p for p in (src.date.isoformat() if src.date else None, src.section) if p]
    return document, ", ".join(rest)


def followup_text(f: Followup) -> str:
    extra = f.marks()
    note = " ".join(f.note.split())
    return f"{f.date.isoformat()}: {note}" + (f" ({marks_text(extra)})" if extra else "")


def collapse_space(text: str | None) -> str:
    """Runs of whitespace, newlines included, as one space: briefing cells and lines stay one line."""
    return " ".join((text or "").split())


def headline(b: Briefing) -> str:
    scope = f" on {', '.join(b.topics)}" if b.topics else ""
    occasion = f" {b.occasion}" if b.occasion else ""
    return f"{TITLE}{occasion}{scope}, as of {b.as_of.isoformat()}"


def sections(b: Briefing) -> list[tuple[str, str, list[Item] | list[Change], str]]:
    """(anchor, heading, entries, text when empty) in reading order."""
    return [
        ("overdue", f"Overdue ({len(b.overdue)})", b.overdue, "Nothing is overdue."),
        ("awaiting", f"Awaiting follow-up ({len(b.awaiting)})", b.awaiting, "Nothing awaits follow-up."),
        (
            "upcoming",
            f"Due by {b.until.isoformat()} ({len(b.upcoming)})",
            b.upcoming,
            f"Nothing falls due by {b.until.isoformat()}.",
        ),
        (
            "changed",
            f"Changed since {b.since.isoformat()} ({len(b.changed)})",
            b.changed,
            f"No follow-ups logged since {b.since.isoformat()}.",
        ),
    ]


def scope_line(b: Briefing) -> str:
    return (
        f"{b.open_count} open of {b.total} records. Due dates up to {b.until.isoformat()}; "
        f"follow-ups logged from {b.since.isoformat()} to {b.as_of.isoformat()}."
    )


# --- Markdown -------------------------------------------------------------------------------------

# The one Markdown escaping (present/escape.py); "(" or ">" mid-line are harmless once "[" and "<" are escaped.
md = md_text


def md_source(record: Record) -> str:
    document, rest = source_parts(record)
    url = safe_url(record.source.url if record.source else None)
    head = f"[{md(document)}]({md_url(url)})" if url and document else md(document)
    return ", ".join(p for p in (head, md(rest)) if p) or "-"


def md_item_cell(record: Record, note: str = "") -> str:
    lines = [f"**{md(record.title)}**", f"`{record.id}`" + (f" · {md(record.actor)}" if record.actor else "")]
    if note:
        lines.append(md(note))
    if record.source and record.source.quote:
        lines.append(f"*“{md(record.source.quote)}”*")
    return "<br>".join(lines)


def md_status(item: Item) -> str:
    return "<br>".join([md(item.record.status), *(f"**{md(f)}**" for f in item.flags)])


def render_markdown(b: Briefing) -> str:
    out = [f"# {md(headline(b))}", "", md(scope_line(b)), ""]
    out += ["| Overdue | Awaiting follow-up | Due soon | Changed |", "|---:|---:|---:|---:|"]
    out += [f"| {len(b.overdue)} | {len(b.awaiting)} | {len(b.upcoming)} | {len(b.changed)} |", ""]
    for anchor, heading, entries, empty in sections(b):
        out += [f"## {md(heading)}", ""]
        if not entries:
            out += [f"_{md(empty)}_", ""]
            continue
        if anchor == "changed":
            out += ["| Follow-ups | Item | Status | Source |", "|---|---|---|---|"]
            for change in entries:
                assert isinstance(change, Change)
                logged = "<br>".join(md(followup_text(f)) for f in change.followups)
                r = change.item.record
                out.append(f"| {logged} | {md_item_cell(r)} | {md_status(change.item)} | {md_source(r)} |")
        else:
            out += ["| Due | Item | Status | Source |", "|---|---|---|---|"]
            for item in entries:
                assert isinstance(item, Item)
                r = item.record
                note = b.reasons.get(r.id, "") if anchor == "awaiting" else ""
                out.append(
                    f"| {md(due_by_words(r.due))} | {md_item_cell(r, note)} | {md_status(item)} | {md_source(r)} |"
                )
        out.append("")
    return "\n".join(out)


# --- Plain text -----------------------------------------------------------------------------------


def text_source(record: Record) -> str:
    document, rest = source_parts(record)
    parts = [p for p in (document, rest) if p]
    url = record.source.url if record.source else None
    return ", ".join(parts) + (f" <{url}>" if url else "") if parts or url else "-"


def text_entry(item: Item, note: str = "", followups: tuple[Followup, ...] = ()) -> list[str]:
    r = item.record
    status = r.status + (f", {', '.join(item.flags)}" if item.flags else "")
    lines = [f"* {collapse_space(r.title)}", f"  id: {r.id}; {r.kind}; {status}; due: {due_by_words(r.due)}"]
    if r.actor:
        lines.append(f"  actor: {collapse_space(r.actor)}")
    if note:
        lines.append(f"  why: {note}")
    lines += [f"  logged {followup_text(f)}" for f in followups]
    if r.source and r.source.quote:
        lines.append(f"  quote: \u201c{collapse_space(r.source.quote)}\u201d")
    lines.append(f"  source: {text_source(r)}")
    return [folded for line in lines for folded in mail_lines(line)]


MAIL_WIDTH = 72  # a mail line, short enough that a mail client never re-breaks it (RFC 3676 asks for at most 78)


def mail_lines(line: str, indent: str = "    ") -> list[str]:
    """A line folded at spaces to MAIL_WIDTH, continued four columns in; an id or url is never broken."""
    import textwrap

    return textwrap.wrap(
        line, MAIL_WIDTH, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    ) or [line]


def render_text(b: Briefing) -> str:
    title = headline(b)
    out = [title, "=" * len(title), "", *mail_lines(scope_line(b), "")]
    for anchor, heading, entries, empty in sections(b):
        out += ["", heading, "-" * len(heading)]
        if not entries:
            out.append(empty)
        for entry in entries:
            if isinstance(entry, Change):
                out += text_entry(entry.item, followups=entry.followups)
            else:
                out += text_entry(entry, b.reasons.get(entry.record.id, "") if anchor == "awaiting" else "")
            out.append("")
        if entries:
            out.pop()
    return "\n".join(out) + "\n"


# --- HTML -----------------------------------------------------------------------------------------

CSS = """
:root { --ink: #1d232b; --muted: #5b6570; --line: #d9dee4; --accent: #1f4e79; --late: #a61b1b;
  --soon: #8a5a00; --wait: #5b3c88; --paper: #ffffff; --tint: #f4f6f8; }
* { box-sizing: border-box; }
html { background: var(--tint); }
body { margin: 0 auto; max-width: 52rem; padding: 2.5rem 2rem 4rem; background: var(--paper); color: var(--ink);
  font: 16px/1.55 "Source Serif Pro", "Iowan Old Style", Charter, Georgia, "Times New Roman", serif; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 1rem; margin-bottom: 1.5rem; }
h1 { font: 600 1.9rem/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 0 .35rem; }
h2 { font: 600 1.25rem/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2.2rem 0 .8rem;
  padding-bottom: .3rem; border-bottom: 1px solid var(--line); break-after: avoid; }
h3 { font: 600 1.05rem/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: .15rem 0 .4rem; }
.scope { color: var(--muted); margin: 0; }
.counts { display: grid; grid-template-columns: repeat(4, 1fr); gap: .75rem; margin: 1.25rem 0 0; padding: 0;
  list-style: none; }
.counts li { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--muted); font-size: .85rem; }
.counts a { color: inherit; text-decoration: none; }
.counts strong { display: block; font-size: 1.6rem; line-height: 1.1; color: var(--ink); }
.counts .late strong { color: var(--late); }
.item { border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 4px;
  padding: .8rem 1rem .9rem; margin: 0 0 .9rem; break-inside: avoid; page-break-inside: avoid; }
.item.overdue { border-left-color: var(--late); }
.item.awaiting { border-left-color: var(--wait); }
.item.due-soon { border-left-color: var(--soon); }
.meta { font: .82rem/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--muted);
  margin: 0; display: flex; flex-wrap: wrap; gap: .3rem .9rem; }
.due { font-weight: 600; color: var(--ink); }
.flag { font-weight: 600; text-transform: uppercase; letter-spacing: .04em; font-size: .72rem; }
.flag.overdue { color: var(--late); } .flag.due-soon { color: var(--soon); } .flag.awaiting { color: var(--wait); }
code { font: .8rem/1 ui-monospace, "SF Mono", Menlo, Consolas, monospace; color: var(--muted); }
.why { margin: .2rem 0 .3rem; font-style: italic; color: var(--wait); }
blockquote { margin: .5rem 0; padding: .1rem 0 .1rem .9rem; border-left: 2px solid var(--line); color: #333c45; }
ul.log { margin: .4rem 0; padding-left: 1.2rem; }
.source { font: .82rem/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--muted);
  margin: .4rem 0 0; }
a { color: var(--accent); }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 3rem; font-size: .8rem; color: var(--muted); }
@media (max-width: 40rem) { body { padding: 1.2rem 1rem; } .counts { grid-template-columns: repeat(2, 1fr); } }
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  html, body { background: none; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .item, .counts li { border-color: #999; }
  .item { border-left-width: 3pt; }
  a { color: inherit; text-decoration: none; }
  .source a::after { content: " <" attr(href) ">"; word-break: break-all; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
"""


def h(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def html_source(record: Record) -> str:
    document, rest = source_parts(record)
    url = safe_url(record.source.url if record.source else None)
    head = f'<a href="{h(url)}">{h(document)}</a>' if url and document else h(document)
    body = ", ".join(p for p in (head, h(rest)) if p)
    return f'<p class="source">Source: {body}</p>' if body else ""


def html_item(item: Item, note: str = "", followups: tuple[Followup, ...] = ()) -> str:
    r = item.record
    classes = " ".join(["item", *item.flags])
    flags = "".join(f' <span class="flag {h(f)}">{h(f)}</span>' for f in item.flags)
    due = f"Due {due_by_words(r.due)}" if r.due else "No due date"
    meta = [f'<span class="due">{h(due)}</span>', f"<span>{h(r.status)}{flags}</span>"]
    if r.actor:
        meta.append(f"<span>{h(r.actor)}</span>")
    meta.append(f"<code>{h(r.id)}</code>")
    parts = [f'<article class="{h(classes)}" id="{h(r.id)}">', f'<p class="meta">{"".join(meta)}</p>']
    parts.append(f"<h3>{h(r.title)}</h3>")
    if note:
        parts.append(f'<p class="why">{h(note)}</p>')
    if followups:
        parts.append('<ul class="log">' + "".join(f"<li>{h(followup_text(f))}</li>" for f in followups) + "</ul>")
    if r.source and r.source.quote:
        parts.append(f'<blockquote lang="nl">\u201c{h(collapse_space(r.source.quote))}\u201d</blockquote>')
    parts.append(html_source(r))
    parts.append("</article>")
    return "\n".join(p for p in parts if p)


def render_html(b: Briefing) -> str:
    title = headline(b)
    counts = [
        ("overdue", "late", len(b.overdue), "overdue"),
        ("awaiting", "", len(b.awaiting), "awaiting follow-up"),
        ("upcoming", "", len(b.upcoming), f"due by {b.until.isoformat()}"),
        ("changed", "", len(b.changed), f"changed since {b.since.isoformat()}"),
    ]
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{h(title)}</h1>",
        f'<p class="scope">{h(scope_line(b))}</p>',
        '<ul class="counts">'
        + "".join(
            f'<li class="{cls}"><a href="#{anchor}"><strong>{n}</strong>{h(label)}</a></li>'
            for anchor, cls, n, label in counts
        )
        + "</ul>",
        "</header>",
        "<main>",
    ]
    for anchor, heading, entries, empty in sections(b):
        out.append(f'<section id="{anchor}">')
        out.append(f"<h2>{h(heading)}</h2>")
        if not entries:
            out.append(f'<p class="empty">{h(empty)}</p>')
        for entry in entries:
            if isinstance(entry, Change):
                out.append(html_item(entry.item, followups=entry.followups))
            else:
                note = b.reasons.get(entry.record.id, "") if anchor == "awaiting" else ""
                out.append(html_item(entry, note))
        out.append("</section>")
    out += [
        "</main>",
        f"<footer>Generated by jbz for {h(b.as_of.isoformat())}. Quotes are verbatim from the source letters.</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def render_json(b: Briefing) -> str:
    import json

    from jbz_cli.present.shapes import briefing_dict

    return json.dumps(briefing_dict(b), ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Briefing], str]] = {
    "md": render_markdown,
    "text": render_text,
    "html": render_html,
    "json": render_json,
}


def compact(b: Briefing) -> Briefing:
    """The briefing without quotes, sections and source URLs: one short entry per item, for printing (--compact).
    The document is kept, so each item still names the letter it comes from."""
    from dataclasses import replace

    def short(item: Item) -> Item:
        src = item.record.source
        if src is None:
            return item
        return item._replace(record=replace(item.record, source=replace(src, quote=None, url=None, section=None)))

    return replace(
        b,
        overdue=[short(i) for i in b.overdue],
        awaiting=[short(i) for i in b.awaiting],
        upcoming=[short(i) for i in b.upcoming],
        changed=[replace(c, item=short(c.item)) for c in b.changed],
    )


def render_briefing(b: Briefing, fmt: str, short: bool = False) -> str:
    """The briefing in `fmt` (md, text or html), record text made harmless by safe_text (files too); `short`
    leaves out quotes and source URLs (compact)."""
    return safe_text(RENDERERS[fmt](compact(b) if short else b))
