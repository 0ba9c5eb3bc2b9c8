"""`jbz feed`: an Atom feed of new records, follow-ups, overdue items and arrived checks, for readers and cron."""

from __future__ import annotations

from typing import Annotated

import typer

from jbz_cli.cli.options import ActorOpt, AsOfOpt, KindOpt, NoCacheOpt, OutputOpt, RecordsOpt, SearchOpt, TopicOpt
from jbz_cli.cli.runtime import emit, load, make_run, parse_window
from jbz_cli.core.query import Filter
from jbz_cli.errors import ExitStatus, UsageError


def feed_command(
    output: OutputOpt = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="D", help="Only events on or after the start of D (2026-11-01, 2026-Q4)."),
    ] = None,
    topic: TopicOpt = None,
    kind: KindOpt = None,
    actor: ActorOpt = None,
    search: SearchOpt = None,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="The feed's title.")] = None,
    self_url: Annotated[
        str | None, typer.Option("--self-url", metavar="URL", help="Where the feed will be served, for readers.")
    ] = None,
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    no_cache: NoCacheOpt = False,
) -> ExitStatus:
    """Write an Atom feed: new records, follow-ups, items that became overdue, next checks that arrived."""
    from jbz_cli.core.feed import events
    from jbz_cli.present.brief_render import safe_url
    from jbz_cli.present.feed import FEED_TITLE, build_feed

    if self_url is not None and safe_url(self_url) is None:
        raise UsageError(f"--self-url {self_url!r} is not an http(s) URL")
    flt = Filter(kinds=kind or (), topics=topic or (), actor=actor, search=search)
    flt.validate()
    run = make_run(records, as_of)
    since_day = parse_window(since, "--since", end=False)
    today = run.settings.as_of
    if since_day is not None and since_day > today:
        raise UsageError(f"--since {since} starts on {since_day.isoformat()}, after the as-of date {today.isoformat()}")
    loaded = load(run, use_cache=not no_cache, replay=False, topics=flt.topics)
    found = events(loaded.records, today, since_day, flt)
    from jbz_cli.cli.settings import resolve

    title = resolve("feed.title", run.rdir, run.env, title).value
    self_url = resolve("feed.self_url", run.rdir, run.env, self_url).value
    if self_url is not None and safe_url(self_url) is None:
        raise UsageError(f"the feed's self URL {self_url!r} is not an http(s) URL")
    emit(build_feed(found, today, title or FEED_TITLE, self_url), output)
    return ExitStatus.FINDINGS if loaded.problems else ExitStatus.OK
