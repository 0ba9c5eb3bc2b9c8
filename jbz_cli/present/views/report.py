"""`jbz report` as Markdown (to paste into a note), plain text (for mail, folded at 72 columns), JSON (one
object per group) or one printable HTML page.

Every piece of record text is escaped: Markdown punctuation in md, everything in html. The HTML page carries its
own stylesheet, loads nothing, and is laid out for A4.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from jbz_cli.core.report import CLOSED_LATE, NO_DUE, ON_TIME_ORIGINAL, ON_TIME_REVISED, SECTIONS, Group, PeriodReport
from jbz_cli.present.brief_render import h, mail_lines, md
from jbz_cli.present.shapes import period_report_dict
from jbz_cli.present.terminal import safe_text

REPORT_FORMATS = ("md", "text", "html", "json")
TIMELINESS_WORDS = {
    ON_TIME_ORIGINAL: "on time against the original due date",
    ON_TIME_REVISED: "on time against the revised due date only",
    CLOSED_LATE: "late",
    NO_DUE: "done, no due date",
    "missed": "missed",
    "dropped": "dropped",
}
BY_WORDS = {"actor": "actor", "topic": "topic", "promised_to": "addressee"}


def headings(r: PeriodReport) -> dict[str, str]:
    return {
        "open": f"Open at the end of the period ({r.period.end.isoformat()})",
        "became_overdue": "Became overdue",
        "closed": "Closed in the period",
        "slipped": "Slipped",
        "stale": f"No news for more than {r.stale_days} days",
    }


def title(r: PeriodReport) -> str:
    return f"JBZ period report {r.period.text}, by {BY_WORDS[r.by]}"


def scope(r: PeriodReport) -> str:
    cut = " (the period has not ended: up to the as-of day)" if r.period.cut else ""
    return (
        f"From {r.period.start.isoformat()} up to and including {r.period.end.isoformat()}{cut}; "
        f"{len(r.groups)} {'group' if len(r.groups) == 1 else 'groups'} with something to report."
    )


def describe(section: str, e: dict[str, Any]) -> str:
    """One entry in words, without its title and id."""
    if section == "open":
        age = f"{e['age_days']} days old" if e["age_days"] is not None else "age unknown"
        due = f"due {e['due']} (by {e['due_by']})" if e["due"] else "no due date"
        return f"{e['status']}, {due}{', overdue' if e['overdue'] else ''}; {age}"
    if section == "became_overdue":
        return f"overdue from {e['date']} (due {e['due']}); now {e['status']}"
    if section == "closed":
        dues = ""
        if e.get("original_due") and e.get("revised_due") and e["original_due"] != e["revised_due"]:
            dues = f"; due {e['original_due']}, revised to {e['revised_due']}"
        elif e.get("original_due"):
            dues = f"; due {e['original_due']}"
        evidence = f"; evidence: {e['evidence']}" if e.get("evidence") else ""
        return f"{e['status']} on {e['date']}, {TIMELINESS_WORDS.get(e['timeliness'], e['timeliness'])}{dues}{evidence}"
    if section == "slipped":
        return f"due {e['from']} (by {e['from_by']}) moved to {e['to']} (by {e['to_by']}) on {e['date']}"
    return f"{e['status']}; last news {e['last_news']}, {e['days']} days before the end of the period"


# --- Markdown ------------------------------------------------------------------------------------------------------


def render_markdown(r: PeriodReport) -> str:
    out = [f"# {md(title(r))}", "", md(scope(r)), ""]
    if not r.groups:
        return "\n".join([*out, "_Nothing to report for this period._", ""])
    names = headings(r)
    for group in r.groups:
        out += [f"## {md(group.name)}", ""]
        out += ["| " + " | ".join(md(names[s].split(" (")[0]) for s in SECTIONS) + " |", "|---:" * len(SECTIONS) + "|"]
        out += ["| " + " | ".join(str(len(group.sections[s])) for s in SECTIONS) + " |", ""]
        for section in SECTIONS:
            entries = group.sections[section]
            if not entries:
                continue
            out += [f"### {md(names[section])}", ""]
            out += [f"- **{md(e['title'])}** (`{e['id']}`): {md(describe(section, e))}" for e in entries]
            out.append("")
    return "\n".join(out)


# --- Plain text ----------------------------------------------------------------------------------------------------


def render_text(r: PeriodReport) -> str:
    """The Markdown report's content without its markup, for mail: counts on one line per group."""
    head = title(r)
    out = [head, "=" * len(head), "", *mail_lines(scope(r), "")]
    if not r.groups:
        return "\n".join([*out, "", "Nothing to report for this period.", ""])
    names = headings(r)
    for group in r.groups:
        out += ["", group.name, "-" * len(group.name)]
        counts = "; ".join(f"{names[s].split(' (')[0].lower()}: {len(group.sections[s])}" for s in SECTIONS)
        out += mail_lines(counts.capitalize(), "")
        for section in SECTIONS:
            if group.sections[section]:
                out += ["", f"{names[section]}:"]
                for e in group.sections[section]:
                    out += mail_lines(f"* {e['title']} ({e['id']}): {describe(section, e)}")
    return "\n".join(out) + "\n"


# --- JSON ----------------------------------------------------------------------------------------------------------


def render_json(r: PeriodReport) -> str:
    return json.dumps(period_report_dict(r), ensure_ascii=False, indent=2) + "\n"


# --- HTML ----------------------------------------------------------------------------------------------------------

CSS = """
:root { --ink: #1d232b; --muted: #5b6570; --line: #d9dee4; --accent: #1f4e79; --late: #a61b1b; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 52rem; padding: 2rem; color: var(--ink);
  font: 15px/1.5 Charter, Georgia, "Times New Roman", serif; }
h1, h2, h3, table { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--accent);
  break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; break-after: avoid; page-break-after: avoid; }
.scope { color: var(--muted); margin: 0 0 1rem; }
table.counts { border-collapse: collapse; font-size: .85rem; margin: .3rem 0 .6rem; }
table.counts th, table.counts td { border: 1px solid var(--line); padding: .2rem .5rem; text-align: center; }
table.counts th { font-weight: 600; color: var(--muted); }
table.counts th.name { text-align: left; color: var(--ink); font-weight: 400; }
ul { margin: .2rem 0 .6rem; padding-left: 1.2rem; }
li { margin: .15rem 0; break-inside: avoid; page-break-inside: avoid; }
code { font: .8rem ui-monospace, Menlo, Consolas, monospace; color: var(--muted); }
.late { color: var(--late); }
.group { break-inside: auto; }
footer { margin-top: 2rem; font-size: .8rem; color: var(--muted); }
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print { body { max-width: none; padding: 0; font-size: 9pt; line-height: 1.3; }
  h2 { break-before: auto; font-size: 11pt; margin: .8rem 0 .3rem; } li { margin: 0; } }
"""


def html_counts(r: PeriodReport) -> list[str]:
    """One table of every group's counts, first, so the whole period reads at a glance."""
    names = headings(r)
    out = ['<table class="counts"><tr><th></th>']
    out.append("".join(f"<th>{h(names[s].split(' (')[0])}</th>" for s in SECTIONS) + "</tr>")
    for group in r.groups:
        cells = "".join(f"<td>{len(group.sections[s]) or ''}</td>" for s in SECTIONS)
        out.append(f'<tr><th class="name">{h(group.name)}</th>{cells}</tr>')
    out.append("</table>")
    return out


def html_group(r: PeriodReport, group: Group) -> list[str]:
    """A group's items, each once, with what happened to it in every section it is in (open and stale, say)."""
    names = headings(r)
    items: dict[str, tuple[dict, list[str], bool]] = {}
    for section in SECTIONS:
        for e in group.sections[section]:
            late = section == "became_overdue" or e.get("timeliness") == CLOSED_LATE
            entry, said, was_late = items.get(e["id"], (e, [], False))
            label = names[section].split(" (")[0].lower()
            said.append(f"{label}: {describe(section, e)}")
            items[e["id"]] = (entry, said, was_late or late)
    out = ['<section class="group">', f"<h2>{h(group.name)}</h2>", "<ul>"]
    for entry, said, late in items.values():
        cls = ' class="late"' if late else ""
        out.append(
            f"<li{cls}><strong>{h(entry['title'])}</strong> <code>{h(entry['id'])}</code>: {h('; '.join(said))}</li>"
        )
    out += ["</ul>", "</section>"]
    return out


def render_html(r: PeriodReport) -> str:
    head = title(r)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(head)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{h(head)}</h1>",
        f'<p class="scope">{h(scope(r))}</p></header>',
        "<main>",
    ]
    if not r.groups:
        out.append("<p>Nothing to report for this period.</p>")
    if r.groups:
        out += html_counts(r)
    for group in r.groups:
        out += html_group(r, group)
    out += [
        "</main>",
        f"<footer>Generated by jbz for {h(r.period.text)}, replaying the records to each day.</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


RENDERERS: dict[str, Callable[[PeriodReport], str]] = {
    "md": render_markdown,
    "text": render_text,
    "json": render_json,
    "html": render_html,
}


def render_report(r: PeriodReport, fmt: str) -> str:
    """The report in `fmt` (md, text, html or json), record text made harmless by safe_text, as for the briefing."""
    return safe_text(RENDERERS[fmt](r))
