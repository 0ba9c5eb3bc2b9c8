"""Property: the summary's first items through the index (store/index_views, with a limit) say what the files say.

With a limit, the index fetches only the first rows of each list (`jbz list --overdue` and the like, in the list's
order) and counts the rest in SQL. For any folder (duplicates, broken files, later follow-ups, the unknown-status
topic), as-of day, horizon, filter and limit, the dashboard as text (plain and on a terminal) equals that of the
files read and replayed, and each list holds exactly the first items of the files' list.
Profiles: HYPOTHESIS_PROFILE=long (tests/conftest).
"""

from __future__ import annotations

import io
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_index_parity import as_of_days, filters, folders, written

from jbz_cli.core.overviews import SUMMARY_LISTS, Summary, build_summary, summary_of
from jbz_cli.core.query import Filter, Settings, select
from jbz_cli.core.replay import states_on
from jbz_cli.present.terminal import Style
from jbz_cli.present.views.summary import write_summary
from jbz_cli.store import index, index_views

STYLES = (Style(terminal=False), Style(terminal=True, color=False, width=120))


def _texts(summary: Summary, limit: int) -> list[str]:
    texts = []
    for style in STYLES:
        out = io.StringIO()
        write_summary(summary, "table", out, style, limit)
        texts.append(out.getvalue())
    return texts


def _lists(summary: Summary, limit: int) -> list[tuple[int, list[tuple[str, tuple[str, ...]]]]]:
    lists: list[Any] = []
    for name, _, _ in SUMMARY_LISTS:
        shown = getattr(summary, name)[:limit]
        lists.append((summary.size(name), [(i.record.id, i.flags) for i in shown]))
    return lists


runs = st.tuples(
    st.builds(Settings, as_of_days, st.integers(0, 400), st.integers(0, 400)),
    st.one_of(st.none(), filters()),
    st.integers(1, 4),  # the limit: small, so that most lists are cut
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(folders(), st.lists(runs, min_size=1, max_size=4))
def test_the_first_items_through_the_index_equal_the_files(files: list[tuple[str, str]], asked: list[Any]) -> None:
    with written(files) as (rdir, cache, loaded):
        for run, flt, limit in asked:
            records = [i.record for i in select(states_on(loaded.records, run.as_of), flt or Filter(), run)]
            want = build_summary(records, run, "records", len(loaded.problems))
            top = index_views.overview(rdir, cache, run, flt, flagged=True, limit=limit)
            try:  # as `jbz summary` reads it for text
                assert top.partial is not None
                assert [str(p) for p in top.problems] == [str(p) for p in loaded.problems]
                got = summary_of(top.items, run, "records", len(top.problems), top.held, top.by_status, top.partial)
                assert _lists(got, limit) == _lists(want, limit)
                assert (got.total, got.by_status, got.held_back) == (want.total, want.by_status, want.held_back)
                assert _texts(got, limit) == _texts(want, limit)
            finally:
                top.close()
        index.index_path(rdir.path, cache).unlink(missing_ok=True)
