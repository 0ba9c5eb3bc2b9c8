"""Property: summary, agenda and stats through the index (store/index_views) say exactly what the files say.

The overview builds records from the index's columns and replays only those with an event after the as-of day;
for any folder, as-of day and period, its summary, agenda and stats (JSON and text) equal those of the files read
and replayed, the problems are the same, and every field a column-built record holds is that of the whole record.
"""

from __future__ import annotations

import io
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_index_parity import as_of_days, days, dues, filters, folders, maybe, written

from jbz_cli.core.dates import parse_due
from jbz_cli.core.model import Record, RecordView
from jbz_cli.core.overviews import (
    agenda_of,
    agenda_reach,
    build_agenda,
    build_stats,
    build_summary,
    held_ids,
    summary_of,
)
from jbz_cli.core.query import Filter, Settings, select
from jbz_cli.core.replay import states_on
from jbz_cli.env import cache_dir
from jbz_cli.present.shapes import agenda_item_dict, stats_dict, summary_dict
from jbz_cli.present.terminal import Style
from jbz_cli.present.views.agenda import write_agenda
from jbz_cli.present.views.stats import write_stats
from jbz_cli.present.views.summary import write_summary
from jbz_cli.store import index, index_views
from jbz_cli.store.files import RecordsDir

PLAIN = Style(terminal=False, color=False, width=100)


def _text(write: Any, *args: Any) -> str:
    out = io.StringIO()
    write(*args, out)
    return out.getvalue()


def _summary(summary: Any) -> tuple[Any, ...]:
    return (
        summary_dict(summary),
        _text(lambda s, out: write_summary(s, "table", out, PLAIN, 3), summary),
        _text(lambda s, out: write_summary(s, "table", out, PLAIN, 0), summary),
    )


def _agenda(agenda: Any) -> tuple[Any, ...]:
    return (
        [agenda_item_dict(i) for i in agenda.items],
        _text(lambda a, out: write_agenda(a, "table", out, PLAIN), agenda),
        _text(lambda a, out: write_agenda(a, "tsv", out, PLAIN), agenda),
    )


def _stats(stats: Any) -> tuple[Any, ...]:
    return stats_dict(stats), _text(lambda s, out: write_stats(s, "table", out, PLAIN), stats)


VIEW_MEMBERS = [name for name, member in vars(RecordView).items() if isinstance(member, property)]


def test_the_record_view_declares_every_field_and_derived_date_of_a_record() -> None:
    """A field added to Record but not to RecordView would be one the index's stand-in is never held to."""
    fields = set(Record.__dataclass_fields__)
    derived = {name for name, member in vars(Record).items() if isinstance(member, property)}
    assert set(VIEW_MEMBERS) == fields | derived
    columns = {name for name in index_views.IndexedRecord.__slots__ if not name.startswith("_")}
    assert columns <= set(VIEW_MEMBERS)


runs = st.tuples(
    st.builds(Settings, as_of_days, st.integers(0, 400), st.integers(0, 400)),
    maybe(days),  # agenda --from, stats --from
    st.booleans(),  # agenda --open-only
    filters(),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(folders(), st.lists(runs, min_size=1, max_size=4))
def test_overviews_through_the_index_equal_the_files(files: list[tuple[str, str]], asked: list[Any]) -> None:
    with written(files) as (rdir, cache, loaded):
        for run, start, open_only, flt in asked:
            records = states_on(loaded.records, run.as_of)
            view = index_views.overview(rdir, cache, run)
            try:
                assert [str(p) for p in view.problems] == [str(p) for p in loaded.problems]
                assert [(i.record.id, i.flags) for i in view.items] == [
                    (i.record.id, i.flags) for i in select(records, Filter(), run)
                ]
                want = build_summary(records, run, "records", len(loaded.problems))
                held = held_ids(i for i in view.items if i.flags)  # as `jbz summary` reads them from the index
                assert _summary(summary_of(view.items, run, "records", len(view.problems), held)) == _summary(want)
                flagged = index_views.overview(rdir, cache, run, flt, flagged=True)
                try:  # as `jbz summary` reads it: only the flagged items, every record counted by status
                    got = summary_of(flagged.items, run, "r", 0, flagged.held, flagged.by_status)
                    want_some = build_summary([i.record for i in select(records, flt, run)], run, "r")
                    assert _summary(got) == _summary(want_some)
                finally:
                    flagged.close()
                # A year on (365 days: a 29 February start has no day a calendar year later).
                end = start + timedelta(days=365) if start and start.year < 9999 else None
                reach = agenda_reach(run.as_of, end)  # as `jbz agenda` asks the index
                dated = index_views.overview(rdir, cache, run, Filter(open=open_only, due_by=reach))
                opened = dated.items
                try:
                    want_agenda = _agenda(build_agenda(records, run, start, end, open_only))
                except Exception as exc:  # an empty window: the index path must refuse it the same way
                    want_agenda = (type(exc), str(exc))
                try:
                    got_agenda = _agenda(agenda_of(opened, run, start, end, open_only))
                except Exception as exc:
                    got_agenda = (type(exc), str(exc))
                finally:
                    dated.close()
                assert got_agenda == want_agenda
                got_stats = build_stats([i.record for i in view.items], from_day=start)
                assert _stats(got_stats) == _stats(build_stats(records, from_day=start))
                for item in view.items:  # every member of RecordView, from columns or decoded, is the whole record's
                    r = item.record
                    if isinstance(r, index_views.IndexedRecord):
                        whole = r.record()
                        for name in VIEW_MEMBERS:
                            assert getattr(r, name) == getattr(whole, name), name
            finally:
                view.close()
            some = index_views.overview(rdir, cache, run, flt)
            some.close()
            assert [(i.record.id, i.flags) for i in some.items] == [
                (i.record.id, i.flags) for i in select(records, flt, run)
            ]
        index.index_path(rdir.path, cache).unlink(missing_ok=True)


@given(dues())
def test_a_due_window_reads_its_own_text_back(due: Any) -> None:
    """The overview rebuilds a record's due window from the stored text; that must give the same window."""
    window = parse_due(due)
    assert parse_due(window.text) == window


def test_a_record_replayed_to_an_earlier_day_is_not_read_from_columns(tmp_path: Path) -> None:
    """A follow-up after the as-of day: the record is replayed (here: still open, not yet done)."""
    root = tmp_path / "records"
    root.mkdir()
    (root / "c1.toml").write_text(
        'kind = "commitment"\ntitle = "Kamer informeren"\nstatus = "done"\ndue = "2026-06-30"\n'
        '[[followup]]\ndate = 2026-07-02\nnote = "Brief verstuurd"\nstatus = "done"\nevidence = "Kamerstuk 1"\n',
        encoding="utf-8",
    )
    rdir = RecordsDir(root, "records", "option")
    for day, status, flags in ((date(2026, 7, 1), "open", ("overdue",)), (date(2026, 7, 3), "done", ())):
        view = index_views.overview(rdir, cache_dir(os.environ), Settings(day))
        try:
            [item] = view.items
            assert (item.record.status, item.flags) == (status, flags)
        finally:
            view.close()
