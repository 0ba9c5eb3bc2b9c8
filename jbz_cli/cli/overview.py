"""What summary, agenda and stats read: the records on the as-of day, flagged or counted, from the index when it can.

The index path (store/index_views) builds records from columns and reads a record's whole row only when a view
needs it, so the index stays open while the view writes; stats are counted in SQL (store/index_counts). The files
path is `load` and `select`, as before. Both give the same answer and report the same problems
(tests/store/test_index_views.py, tests/store/test_index_counts.py).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

from jbz_cli.cli.context import Run
from jbz_cli.cli.loading import load, report_problems
from jbz_cli.core.query import Filter, Item, select
from jbz_cli.errors import RecordError

if TYPE_CHECKING:
    from jbz_cli.core.overviews import Partial, Stats


def overview_filter(topic: Sequence[str] | None, kind: Sequence[str] | None, actor: str | None) -> Filter | None:
    """The --topic, --kind and --actor of an overview (summary, stats, report, brief, feed), as in `jbz list`:
    a checked Filter, or None when none was given (so the index answers as before)."""
    if not topic and not kind and not actor:
        return None
    flt = Filter(kinds=tuple(k.lower() for k in kind or ()), topics=tuple(topic or ()), actor=actor)
    flt.validate()
    return flt


@contextmanager
def overview_items(run: Run, flt: Filter | None = None) -> Iterator[tuple[list[Item], list[RecordError]]]:
    """select(records on the as-of day, flt or Filter(), settings): flagged and sorted by due; problems reported."""
    with _overview(run, flt, False) as (items, problems, _):
        yield items, problems


@contextmanager
def summary_items(
    run: Run, flt: Filter | None = None, limit: int = 0
) -> Iterator[tuple[list[Item], list[RecordError], Summed]]:
    """What summary_of reads, problems reported: from the index, only the items with a flag, with every record
    counted by status and the held ids (store.index_views.overview, `flagged`), and with a `limit` (a view that
    shows only the first `limit` items of each list) only those and the lists' lengths; from the files, every item,
    with the held ids of those with a flag and no counts (summary_of counts the items)."""
    with _overview(run, flt, True, limit) as found:
        yield found


# (counts by status of every record, or None when the items are all of them; ids held back: query.unknown_status;
# the lists' lengths when the items hold only their first ones, else None)
Summed = tuple[Mapping[str, int] | None, Collection[str], "Partial | None"]


@contextmanager
def _overview(
    run: Run, flt: Filter | None, flagged: bool, limit: int = 0
) -> Iterator[tuple[list[Item], list[RecordError], Summed]]:
    from jbz_cli.store import index_views
    from jbz_cli.store.cache import note_use

    try:
        found = index_views.overview(run.rdir, run.env.cache_dir, run.settings, flt, flagged, limit)
    except Exception:  # IndexUnavailable, or a damaged cache: the files are the truth
        found = None
    if found is None:
        from jbz_cli.core.overviews import held_ids

        loaded = load(run)
        items = select(loaded.records, flt or Filter(), run.settings)
        yield items, loaded.problems, (None, held_ids(i for i in items if i.flags) if flagged else (), None)
        return
    try:
        note_use(run.env.cache_dir, run.rdir.path, run.env.today)  # one stat; prunes old indexes once a day
        report_problems(found.problems)
        yield found.items, found.problems, (found.by_status if flagged else None, found.held, found.partial)
    finally:
        found.close()


def overview_stats(run: Run, flt: Filter | None, from_day: date | None) -> tuple[Stats, list[RecordError]]:
    """build_stats of the records on the as-of day that pass `flt`, and the problems (reported): counted by the
    index in SQL when it can answer (store/index_counts), else from the files."""
    from jbz_cli.core.overviews import build_stats, stats_of
    from jbz_cli.store import index_counts
    from jbz_cli.store.cache import note_use

    try:
        tally, problems = index_counts.stats_tally(run.rdir, run.env.cache_dir, run.settings, flt, from_day)
    except Exception:  # IndexUnavailable, or a damaged cache: the files are the truth
        loaded = load(run)
        items = select(loaded.records, flt or Filter(), run.settings)
        return build_stats([i.record for i in items], from_day), loaded.problems
    note_use(run.env.cache_dir, run.rdir.path, run.env.today)  # one stat; prunes old indexes once a day
    report_problems(problems)
    return stats_of(tally, from_day), problems
