"""Property: `jbz stats` counted in SQL by the index (store/index_counts) says exactly what the files say.

For any folder (duplicates, broken files, histories, the unknown-status topic), as-of day, --from day and filter,
the statistics from the index's GROUP BY counts and stored done verdicts equal build_stats over the files read and
replayed, in JSON and as text, and the problems are the same. Profiles: HYPOTHESIS_PROFILE=long (tests/conftest).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from test_index_parity import as_of_days, days, filters, folders, maybe, written
from test_index_views import _stats

from jbz_cli.core.overviews import build_stats, stats_of
from jbz_cli.core.query import Filter, Settings, select
from jbz_cli.core.replay import states_on
from jbz_cli.store import index, index_counts

runs = st.tuples(as_of_days, maybe(days), st.one_of(st.none(), st.just(Filter()), filters()))


@given(folders(), st.lists(runs, min_size=1, max_size=4))
def test_stats_counted_by_the_index_equal_the_files(files: list[tuple[str, str]], asked: list[Any]) -> None:
    with written(files) as (rdir, cache, loaded):
        for day, start, flt in asked:
            run = Settings(day)
            records = [i.record for i in select(states_on(loaded.records, day), flt or Filter(), run)]
            tally, problems = index_counts.stats_tally(rdir, cache, run, flt, start)
            assert [str(p) for p in problems] == [str(p) for p in loaded.problems]
            assert _stats(stats_of(tally, start)) == _stats(build_stats(records, from_day=start))
        index.index_path(rdir.path, cache).unlink(missing_ok=True)
