"""Overviews computed from records for one as-of date: the summary dashboard, the agenda and the statistics.

Pure functions over plain dataclasses, so the numbers can be tested without a terminal; present/views draws them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from jbz_cli.core import words
from jbz_cli.core.councils import Council
from jbz_cli.core.dates import DueWindow
from jbz_cli.core.horizon import FLAG_AWAITING, FLAG_DUE_SOON, FLAG_OVERDUE, Settings, awaiting
from jbz_cli.core.horizon import overdue_days as overdue_days
from jbz_cli.core.model import KINDS, STATUSES, Record, RecordView
from jbz_cli.core.ontime import LATE, ON_TIME, UNKNOWN, Judged, done_on, judge, two_way
from jbz_cli.core.query import Filter, Item, select, sort_items, unknown_status
from jbz_cli.errors import UsageError

# Kinds whose closing date can be weighed against their due date.
TIMED_KINDS = ("commitment", "deadline")
NO_ACTOR = "(none)"


# --- summary -------------------------------------------------------------------------------------------------------


@dataclass
class Summary:
    """What `jbz` alone answers: where do things stand, and what needs me now."""

    as_of: date
    records_dir: str
    soon_days: int
    total: int
    by_status: dict[str, int]
    overdue: list[Item]
    awaiting: list[Item]
    due_soon: list[Item]
    problems: int = 0
    held_back: int = 0  # flagged records left out of the three lists: their register status is unknown (query)
    # How many items each list (by its name in SUMMARY_LISTS) has in all, where it holds only its first ones.
    sizes: dict[str, int] = field(default_factory=dict)

    def size(self, name: str) -> int:
        """How many items the list `name` (overdue, awaiting, due_soon) has, shown or not."""
        shown: list[Item] = getattr(self, name)
        return self.sizes.get(name, len(shown))


# Each list of the summary: its Summary field, the flag that puts an item in it, and the order it is listed in
# (query.sort_items). Awaiting items are listed longest-silent first: those are the ones to chase.
SUMMARY_LISTS = (
    ("overdue", FLAG_OVERDUE, "due"),
    ("awaiting", FLAG_AWAITING, "activity"),
    ("due_soon", FLAG_DUE_SOON, "due"),
)


@dataclass(frozen=True)
class Partial:
    """What a caller that hands summary_of only some items counted over all of them (the index, in SQL): each list
    keeps its first `limit` items (limit > 0) of `sizes[name]` in all, and `held_back` flagged records were held back.
    The items must then hold at least the first `limit` of each list, and `held` every held-back id among them."""

    limit: int
    sizes: Mapping[str, int]
    held_back: int


def build_summary(records: Sequence[Record], settings: Settings, records_dir: str, problems: int = 0) -> Summary:
    items = select(records, Filter(), settings)
    return summary_of(items, settings, records_dir, problems, held_ids(items))


def held_ids(items: Iterable[Item]) -> frozenset[str]:
    """The ids among `items` that lists of open work hold back (query.unknown_status)."""
    return frozenset(i.record.id for i in items if unknown_status(i.record))


def summary_lists(items: Iterable[Item], held: Collection[str] = ()) -> dict[str, list[Item]]:
    """Each list of SUMMARY_LISTS from `items`: those with its flag, less the `held` ids, in its order."""
    kept = [i for i in items if i.record.id not in held] if held else list(items)
    return {name: sort_items([i for i in kept if flag in i.flags], order) for name, flag, order in SUMMARY_LISTS}


def held_back(items: Iterable[Item], held: Collection[str]) -> int:
    """How many of `items` have a flag and a `held` id: those the summary's lists leave out."""
    return sum(1 for i in items if i.flags and i.record.id in held)


def summary_of(
    items: list[Item],
    settings: Settings,
    records_dir: str,
    problems: int = 0,
    held: Collection[str] = (),
    by_status: Mapping[str, int] | None = None,
    partial: Partial | None = None,
) -> Summary:
    """The summary of `items`: every record on the as-of day, flagged and sorted as select(Filter()) gives them.

    `held` are the ids whose register status is unknown (held_ids): counted by status, but kept out of the
    overdue, awaiting and due-soon lists as `jbz list --open` keeps them out, and counted in `held_back`.
    `by_status`: every record's count by status, when `items` are only those with a flag (the index counts them).
    `partial`: when `items` are only the first few of each list (and maybe others), with the counts of them all.
    """
    counts = Counter(i.record.status for i in items) if by_status is None else by_status
    lists = summary_lists(items, held)
    sizes: dict[str, int] = {}
    if partial is not None:
        sizes = {name: partial.sizes[name] for name in lists}
        lists = {name: shown[: partial.limit] for name, shown in lists.items()}
    return Summary(
        as_of=settings.as_of,
        records_dir=records_dir,
        soon_days=settings.soon_days,
        total=len(items) if by_status is None else sum(by_status.values()),
        by_status={s: counts.get(s, 0) for s in STATUSES},
        overdue=lists["overdue"],
        awaiting=lists["awaiting"],
        due_soon=lists["due_soon"],
        problems=problems,
        held_back=held_back(items, held) if partial is None else partial.held_back,
        sizes=sizes,
    )


def awaiting_reason(record: RecordView, as_of: date, *, full: bool = False) -> str:
    """Why an item awaits follow-up, in the words a reader acts on: short for the dashboard and the site
    (words.awaiting_words), or with the days of silence for a briefing (`full`, words.awaiting_brief_words)."""
    why = awaiting(record, as_of)
    return words.awaiting_brief_words(why) if full else words.awaiting_words(why)


# --- agenda --------------------------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_end(day: date) -> date:
    return next_month(day) - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after day's month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_label(day: date) -> str:
    """ "December 2200": built from the day itself, so an agenda may reach past the last supported due year."""
    return DueWindow(month_key(day), day, day, "month").label()


@dataclass
class AgendaMonth:
    month: date  # the first day of the month
    items: list[Item] = field(default_factory=list)
    councils: list[str] = field(default_factory=list)  # labels of the JBZ Councils that start in this month

    @property
    def key(self) -> str:
        return month_key(self.month)

    @property
    def label(self) -> str:
        return month_label(self.month)

    @property
    def overdue(self) -> int:
        return sum(FLAG_OVERDUE in i.flags for i in self.items)


@dataclass
class Agenda:
    """Dated items grouped by the month of their due_by, for every month from start to end (empty months too)."""

    as_of: date
    start: date
    end: date
    months: list[AgendaMonth]
    open_only: bool = True

    @property
    def items(self) -> list[Item]:
        return [i for m in self.months for i in m.items]


AGENDA_MONTHS_AHEAD = 6


def agenda_window(items: Iterable[Item], as_of: date, start: date | None, end: date | None) -> tuple[date, date]:
    """Default start: the month of the oldest overdue item, else the as-of month. Default end: six months on."""
    if start is None:
        overdue = [i.record.due_by for i in items if FLAG_OVERDUE in i.flags and i.record.due_by]
        start = month_start(min(overdue) if overdue else as_of)
    if end is None:
        end = month_end(add_months(as_of, AGENDA_MONTHS_AHEAD))
    if start > end:
        raise UsageError(f"--from {start.isoformat()} is after --to {end.isoformat()}")
    return start, end


def agenda_reach(as_of: date, end: date | None) -> date:
    """The latest due_by agenda_of can show for this --to (None: the default end); date.max when that end is before
    the as-of day, since the default start then reads overdue items due after it. A caller may leave out items due
    later (the index does, in SQL) without changing the agenda."""
    try:
        last = end if end is not None else month_end(add_months(as_of, AGENDA_MONTHS_AHEAD))
    except (ValueError, OverflowError):  # six months past the last date there is
        return date.max
    return last if last >= as_of else date.max


def build_agenda(
    records: Sequence[Record],
    settings: Settings,
    start: date | None = None,
    end: date | None = None,
    open_only: bool = True,
    councils: Sequence[Council] = (),
) -> Agenda:
    """Dated items month by month from `start` to `end`; each month also names the `councils` that start in it."""
    return agenda_of(select(records, Filter(open=open_only), settings), settings, start, end, open_only, councils)


def agenda_of(
    items: list[Item],
    settings: Settings,
    start: date | None = None,
    end: date | None = None,
    open_only: bool = True,
    councils: Sequence[Council] = (),
) -> Agenda:
    """build_agenda from `items` as select(Filter(open=open_only)) gives them: flagged and sorted by due."""
    dated = [i for i in items if i.record.due_by is not None]
    start, end = agenda_window(dated, settings.as_of, start, end)
    months: list[AgendaMonth] = []
    cursor = month_start(start)
    while cursor <= end:
        months.append(AgendaMonth(cursor))
        cursor = next_month(cursor)
    by_key = {m.key: m for m in months}
    for item in dated:
        due_by = item.record.due_by
        assert due_by is not None
        if start <= due_by <= end:
            by_key[month_key(due_by)].items.append(item)
    for month in months:
        month.councils = [f"JBZ Council {c.days_label()}" for c in councils if month_start(c.start) == month.month]
    return Agenda(settings.as_of, start, end, months, open_only)


# --- stats ---------------------------------------------------------------------------------------------------------


@dataclass
class Timeliness:
    """Done items of one kind, split by whether the closing follow-up came by one measure of the due date."""

    on_time: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"on_time": len(self.on_time), "late": len(self.late), "unknown": len(self.unknown)}


@dataclass
class Stats:
    total: int
    by_kind: dict[str, int]
    by_status: dict[str, int]
    by_topic: dict[str, int]  # a record with two topics counts under both
    by_actor: dict[str, int]
    done: dict[str, Timeliness]  # per kind in TIMED_KINDS, against the due date in force when it was met
    done_original: dict[str, Timeliness] = field(default_factory=dict)  # against the due date first promised
    from_day: date | None = None  # only items met on or after this day were weighed


def closed_on(record: RecordView) -> date | None:
    """The date of the latest follow-up that set the status to done: when the item was met."""
    return done_on(record)


def _ranked(counter: Counter[str]) -> dict[str, int]:
    """Most frequent first, then alphabetical, so the order is stable."""
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0])))


def _timeliness(split: dict[str, list[str]]) -> Timeliness:
    return Timeliness(split[ON_TIME], split[LATE], split[UNKNOWN])


@dataclass
class StatsTally:
    """What `jbz stats` counts, before it is ranked: counters by kind, status, topic (a record with two topics counts
    under both) and actor (NO_ACTOR for none), and the verdicts of the done records weighed (ontime.judge).

    The index counts the records that stand as its columns hold them in SQL (store/index_counts) and adds the
    tally of the others; `+` adds two tallies of disjoint records.
    """

    total: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    topics: Counter[str] = field(default_factory=Counter)
    actors: Counter[str] = field(default_factory=Counter)
    judged: list[Judged] = field(default_factory=list)

    def __add__(self, other: StatsTally) -> StatsTally:
        return StatsTally(
            self.total + other.total,
            self.kinds + other.kinds,
            self.statuses + other.statuses,
            self.topics + other.topics,
            self.actors + other.actors,
            self.judged + other.judged,
        )


def tally_stats(records: Sequence[RecordView], from_day: date | None = None) -> StatsTally:
    """The tally of `records` as they stand; with `from_day`, only done items met on or after it are judged."""
    return StatsTally(
        len(records),
        Counter(r.kind for r in records),
        Counter(r.status for r in records),
        Counter(t for r in records for t in r.topics),
        Counter(r.actor or NO_ACTOR for r in records),
        judge(records, from_day=from_day, kinds=TIMED_KINDS),
    )


def build_stats(records: Sequence[RecordView], from_day: date | None = None) -> Stats:
    """Counts over `records` as they stand (the caller replays them to the day it reports on).

    Done commitments and deadlines are weighed two ways (core/ontime): against the due date in force on the
    day they were met (`done`) and against the one first promised (`done_original`). With `from_day`, only
    items met on or after it are weighed; the other counts are of every record.
    """
    return stats_of(tally_stats(records, from_day), from_day)


def stats_of(tally: StatsTally, from_day: date | None = None) -> Stats:
    """The statistics of a tally (tally_stats, or the index's), ranked and keyed as every view shows them."""
    weighed = two_way(tally.judged, TIMED_KINDS)
    return Stats(
        total=tally.total,
        by_kind={k: tally.kinds.get(k, 0) for k in KINDS},
        by_status={s: tally.statuses.get(s, 0) for s in STATUSES},
        by_topic=_ranked(tally.topics),
        by_actor=_ranked(tally.actors),
        done={k: _timeliness(t.revised) for k, t in weighed.items()},
        done_original={k: _timeliness(t.original) for k, t in weighed.items()},
        from_day=from_day,
    )


def stats_rows(stats: Stats) -> list[tuple[str, str, int]]:
    """The statistics as (section, key, count) rows: the shape of the tsv, csv and jsonl output.

    Each done-KIND section has original-on-time, original-late and original-unknown (against the due date first
    promised), then on-time, late and unknown (against the due date in force when the item was met).
    """
    rows: list[tuple[str, str, int]] = [("total", "records", stats.total)]
    for section, counts in (
        ("kind", stats.by_kind),
        ("status", stats.by_status),
        ("topic", stats.by_topic),
        ("actor", stats.by_actor),
    ):
        rows += [(section, key, n) for key, n in counts.items()]
    for kind, timeliness in stats.done.items():
        original = stats.done_original.get(kind, Timeliness())
        rows += [(f"done-{kind}", f"original-{key.replace('_', '-')}", n) for key, n in original.counts().items()]
        rows += [(f"done-{kind}", key.replace("_", "-"), n) for key, n in timeliness.counts().items()]
    return rows
