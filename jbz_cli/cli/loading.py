"""Reading records for a command: through the index in the cache folder when it can answer, from the files when not.

Problems with single records go to stderr as `path:line:col: message` lines; the command still answers.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, NamedTuple

from jbz_cli.cli.context import Run
from jbz_cli.cli.output import say
from jbz_cli.core.model import Record
from jbz_cli.core.query import Filter
from jbz_cli.env import Environment
from jbz_cli.errors import RecordError
from jbz_cli.store.files import LoadResult, RecordsDir, load_records


def report_problems(problems: list[RecordError]) -> None:
    """One `path:line:col: message` line on stderr per record that could not be read."""
    for problem in problems:
        say(str(problem))


def note_unknown_topics(topics: Sequence[str], records: Sequence[Record]) -> None:
    """One stderr line per --topic that no record carries, with the nearest topic (core/suggest).

    The filter still runs and an empty answer still exits 0, as any filter that matches nothing does: the line
    only tells a typo (`ebps`) from a topic with nothing to show. Topics compare as --topic does (topic_key).
    """
    if not topics:
        return
    from jbz_cli.core.query import topic_key
    from jbz_cli.core.suggest import suggest

    known = sorted({t for r in records for t in r.topics})
    keys = {topic_key(t) for t in known}
    for topic in dict.fromkeys(topics):
        if topic_key(topic) not in keys:
            say(f"jbz: no record has topic {topic!r}{suggest(topic, known)}")


def load(run: Run, use_cache: bool = True, replay: bool = True, topics: Sequence[str] = ()) -> LoadResult:
    """Every record of the run's folder as it stood on the as-of day, problems reported on stderr.

    With `replay` (the default) each record is replayed to the as-of date (core/replay.states_on): records
    created later are left out, and status, due, next_check and follow-ups are those of that day, so every
    flag and filter downstream sees the past as it was. Commands that replay over a period themselves (diff,
    feed, report) pass replay=False and get the records as written. `topics` are the command's --topic values,
    checked against the records as written (note_unknown_topics).
    """
    result = read_records(run.rdir, run.env, use_cache)
    report_problems(result.problems)
    note_unknown_topics(topics, result.records)
    if replay:
        from jbz_cli.core.replay import states_on

        result = LoadResult(states_on(result.records, run.settings.as_of), result.problems)
    return result


def load_ids(run: Run, ids: list[str]) -> LoadResult | None:
    """Like load, for only the records with these ids, from the index, problems not yet reported; None when the
    index cannot answer (the caller then loads everything)."""
    from jbz_cli.core.replay import states_on
    from jbz_cli.store import index

    try:  # a cold index is built by the caller's load, after answering from the files (store/index_later.py)
        records, problems = index.load_records(run.rdir, run.env.cache_dir, ids, defer_cold=True)
    except Exception:  # IndexUnavailable, or a damaged cache: the files are the truth
        return None
    return LoadResult(states_on(records, run.settings.as_of), problems)


def read_records(rdir: RecordsDir, env: Environment, use_cache: bool = True) -> LoadResult:
    """The one index-or-files loader: the index when it can answer, else the files (a cold index: built after)."""
    if use_cache:
        from jbz_cli.cli.afterwards import defer
        from jbz_cli.store.cache import note_use
        from jbz_cli.store.index_later import load_or_read

        result, build = load_or_read(rdir, env.cache_dir, usable_cpus())
        if build is not None:
            defer(build.run, build.long)
        note_use(env.cache_dir, rdir.path, env.today)  # one stat; prunes old indexes once a day
        return result
    return load_records(rdir, workers=usable_cpus())


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the OS says, else the machine's count): what a long
    pass over the files (store/records_pass.py) or `jbz check` may split its work over."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# Scale: the index in the cache folder (store/index.py). Any reason it cannot answer means "read the files".


class Indexed(NamedTuple):
    """The answer of the index: the hits, in the form the format's writer reads (ListWriter.needs), and the problems
    to report."""

    hits: Sequence[Any]
    problems: list[RecordError]


def find_indexed(run: Run, flt: Filter, sort: str, reverse: bool, limit: int | None) -> Indexed | None:
    """The list answer from the index (cold: from the files, built after), or None to read the files directly."""
    from jbz_cli.present.item_text import filled, item_shape, item_text
    from jbz_cli.present.views.list import list_writer
    from jbz_cli.store import index

    writer = list_writer(run.fmt)
    rows, ids, shapes = writer.needs == "rows", writer.needs == "ids", writer.needs in ("shapes", "texts")
    shape = (item_text, filled if writer.needs == "texts" else item_shape) if shapes else None
    rows = rows or ids
    try:
        how = {"full": not rows, "rows": rows, "ids": ids, "shape": shape, "defer_cold": True}
        found = index.find(run.rdir, run.env.cache_dir, flt, run.settings, sort, reverse, limit, **how)
        hits = found.hits if rows else found.shapes if shapes else writer.of_items(found.items(run.rdir))
    except index.Cold:
        found = None
    except Exception:  # IndexUnavailable; a damaged cache must never stop an answer that the files can give
        return None
    if found is None:
        from jbz_cli.cli.afterwards import defer
        from jbz_cli.store.index_later import select_from_files

        items, loaded, build = select_from_files(
            run.rdir, run.env.cache_dir, flt, run.settings, sort, reverse, limit, usable_cpus()
        )
        defer(build.run, build.long)
        note_unknown_topics(flt.topics, loaded.records)
        return Indexed(writer.of_items(items), loaded.problems)
    from jbz_cli.store.cache import note_use

    note_use(run.env.cache_dir, run.rdir.path, run.env.today)  # one stat; prunes old indexes once a day
    if flt.topics:  # the index answered; the records it holds tell whether each topic exists
        note_unknown_topics(flt.topics, read_records(run.rdir, run.env).records)
    return Indexed(hits, found.problems)
