"""The site's charts: counts from the replay (what was true on each day), drawn as static SVG with pygal.

Each chart is a `Chart`: a caption, the rows and columns of the table printed beside it (for screen readers and
paper), and the SVG bytes. pygal stamps the day it ran into a comment; that comment is dropped, so the SVG depends
only on the records and the as-of day. No script is embedded (js=[]), so nothing loads from the network.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from jbz_cli.core.diffing import overdue_on
from jbz_cli.core.model import OPEN_STATUSES, Record
from jbz_cli.core.ontime import LATE, ON_TIME, UNKNOWN, count_timeliness
from jbz_cli.core.overviews import NO_ACTOR, month_end, month_label, month_start, next_month
from jbz_cli.core.replay import exists_from, moves, states_through

TIMED_KINDS = ("commitment", "deadline")  # the kinds with a due date to keep, or miss
MONTHS_SHOWN = 24  # the monthly chart covers at most the last two years
TOP_ACTORS = 12  # the slips chart draws the actors with the most slips; its table lists them all
_STAMP = re.compile(rb"<!--Generated with pygal[^>]*-->")


@dataclass(frozen=True)
class Chart:
    key: str  # the file name, charts/<key>.svg
    caption: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    svg: bytes

    @property
    def empty(self) -> bool:
        """Nothing to draw: the page says so in words, and no SVG is written."""
        return not self.rows


def month_days(records: Sequence[Record], as_of: date) -> list[date]:
    """The last day of each month from the first record's month to the as-of month (which ends on the as-of day)."""
    starts = [d for d in (exists_from(r) for r in records) if d is not None and d <= as_of]
    first = max(min(starts, default=as_of), month_start(as_of).replace(year=as_of.year - MONTHS_SHOWN // 12))
    days, month = [], month_start(first)
    while month <= as_of:
        days.append(min(month_end(month), as_of))
        month = next_month(month)
    return days[-MONTHS_SHOWN:]


def monthly_counts(records: Sequence[Record], days: list[date]) -> list[tuple[int, int, int]]:
    """(open and not overdue, overdue, closed) commitments and deadlines at the end of each of `days`."""
    counts = {d: [0, 0, 0] for d in days}
    for record in records:
        if record.kind not in TIMED_KINDS:
            continue
        for day, state in states_through(record, days).items():
            if state is None:
                continue
            if state.status not in OPEN_STATUSES:
                counts[day][2] += 1
            elif overdue_on(state, day):
                counts[day][1] += 1
            else:
                counts[day][0] += 1
    return [(a, b, c) for a, b, c in (counts[d] for d in days)]


def slips_by_actor(records: Sequence[Record]) -> list[tuple[str, int]]:
    """How often each actor's due dates moved later (records as they stood on the as-of day), most first."""
    counter: Counter[str] = Counter()
    for record in records:
        for move in moves(record):
            if move.before is not None and move.after is not None and move.after.end > move.before.end:
                counter[record.actor or NO_ACTOR] += 1
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def _style():  # type: ignore[no-untyped-def]
    from pygal.style import Style

    # Dark blue, orange and grey: apart for most colour vision, and the table beside says the same in words.
    return Style(
        background="white",
        plot_background="white",
        foreground="#222",
        foreground_strong="#111",
        foreground_subtle="#555",
        colors=("#1f4e8c", "#c8500a", "#6b6b6b", "#2e7d32"),
        font_family="sans-serif",
        opacity="1",
        opacity_hover="1",
        label_font_size=16,
        major_label_font_size=16,
        legend_font_size=18,
        title_font_size=18,
    )


def _render(chart, key: str) -> bytes:  # type: ignore[no-untyped-def]
    chart.uuid = key  # pygal names the SVG's CSS scope with a random id; a fixed one keeps the bytes stable
    return _STAMP.sub(b"", chart.render())


def _config(**more):  # type: ignore[no-untyped-def]
    return {
        "js": [],
        "style": _style(),
        "width": 800,
        "height": 420,
        "legend_at_bottom": True,
        "print_values": False,
        "show_y_guides": True,
        "truncate_legend": -1,
        "truncate_label": -1,
        **more,
    }


def _whole_ticks(top: int) -> list[int]:
    """Ticks for a count axis: whole numbers from 0 up to `top` or just past it, about 8 at most (1, 2, 5, 10 apart)."""
    step = 1
    while top / step > 8:
        step = _next_step(step)
    return list(range(0, -(-top // step) * step + 1, step)) if top else [0, 1]


def _next_step(step: int) -> int:
    """1, 2, 5, 10, 20, 50, ...: the next round gap between ticks."""
    digits = str(step)
    return step * 5 // 2 if digits[0] == "2" else step * 2


MONTH_LABELS = 12  # at most this many month labels under the bars; the table beside the chart has every month


def monthly_chart(records: Sequence[Record], as_of: date) -> Chart:
    import pygal

    days = month_days(records, as_of)
    counts = monthly_counts(records, days)
    labels = [month_label(d) for d in days]
    every = -(-len(days) // MONTH_LABELS)  # show every Nth month so the labels never overlap
    top = max((sum(c) for c in counts), default=0)
    chart = pygal.StackedBar(
        **_config(
            x_label_rotation=30 if len(days) > 6 else 0,
            x_labels_major_every=every,
            show_minor_x_labels=every == 1,
            y_labels=_whole_ticks(top),
        )
    )
    chart.x_labels = labels
    for i, name in enumerate(("open", "overdue", "closed")):
        chart.add(name, [c[i] for c in counts])
    rows = [(label, str(a), str(b), str(c)) for label, (a, b, c) in zip(labels, counts, strict=True)]
    caption = "Commitments and deadlines at the end of each month: open, overdue and closed"
    return Chart("per-month", caption, ("Month", "Open", "Overdue", "Closed"), rows, _render(chart, "per-month"))


def ontime_chart(records: Sequence[Record], as_of: date) -> Chart:
    import pygal

    counts = count_timeliness(records, to_day=as_of, kinds=TIMED_KINDS)
    ways = (("original", "against the due date first promised"), ("revised", "against the due date in force"))
    totals = {w: Counter[str]() for w, _ in ways}
    for two in counts.values():
        for way, _ in ways:
            totals[way].update({k: len(v) for k, v in getattr(two, way).items()})
    top = max((sum(totals[w].values()) for w, _ in ways), default=0)
    chart = pygal.HorizontalStackedBar(**_config(height=260, y_labels=_whole_ticks(top)))
    chart.x_labels = [label.capitalize() for _, label in ways]
    for verdict, name in ((ON_TIME, "on time"), (LATE, "late"), (UNKNOWN, "no due date or done date")):
        chart.add(name, [totals[w][verdict] for w, _ in ways])
    rows = [
        (label.capitalize(), str(totals[w][ON_TIME]), str(totals[w][LATE]), str(totals[w][UNKNOWN]))
        for w, label in ways
    ]
    if not any(sum(totals[w].values()) for w, _ in ways):
        rows = []  # nothing done yet: the page says so instead of drawing empty bars
    caption = "Done commitments and deadlines: on time or late, measured both ways"
    columns = ("Measured", "On time", "Late", "Unknown")
    return Chart("on-time", caption, columns, rows, _render(chart, "on-time"))


def slips_chart(records: Sequence[Record]) -> Chart:
    import pygal

    found = slips_by_actor(records)
    shown = list(reversed(found[:TOP_ACTORS]))  # pygal draws the first label at the bottom
    top = max((n for _, n in shown), default=0)
    height = max(200, 60 + 34 * len(shown))
    chart = pygal.HorizontalBar(**_config(height=height, show_legend=False, y_labels=_whole_ticks(top)))
    chart.x_labels = [actor for actor, _ in shown]
    chart.add("slipped deadlines", [n for _, n in shown])
    rows = [(actor, str(n)) for actor, n in found]
    caption = "Slipped deadlines per actor: how often a due date was moved later"
    return Chart("slips", caption, ("Actor", "Slipped deadlines"), rows, _render(chart, "slips"))


def build_charts(records_now: Sequence[Record], records: Sequence[Record], as_of: date) -> list[Chart]:
    """The three charts; `records` as written (replayed per month), `records_now` as they stood on the as-of day."""
    return [monthly_chart(records, as_of), ontime_chart(records, as_of), slips_chart(records_now)]
