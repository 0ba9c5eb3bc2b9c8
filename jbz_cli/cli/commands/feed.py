"""`jbz feed`: an Atom feed of new records, follow-ups, overdue items and arrived checks, for readers and cron."""

from __future__ import annotations

from typing import Annotated

from jbz_cli.cli.context import ReadOptions, make_run
from jbz_cli.cli.filters import parse_window
from jbz_cli.cli.loading import load
from jbz_cli.cli.options import (
    ActorOpt,
    AsOfOpt,
    KindOpt,
    NoCacheOpt,
    Option,
    OutputOpt,
    RecordsOpt,
    SearchOpt,
    TopicOpt,
)
from jbz_cli.cli.output import emit
from jbz_cli.core.query import Filter
from jbz_cli.errors import ExitStatus, UsageError

WINDOW_DAYS = 90  # a reader fetches the whole file each time: without a window 10,000 records made 20 MB


def feed_id(root: str, self_url: str | None, flt: Filter) -> str:
    """A feed's Atom id: the same for the same feed on every run, different for another folder, URL or filter.

    Derived from the self URL when there is one (where readers find it), else the records root, and the filters;
    never the window, which moves with the day.
    """
    from hashlib import sha256

    from jbz_cli.core.query import fold, topic_key

    # The filters as they select, not as they were typed: case and order do not make another feed.
    kinds, topics = sorted(set(flt.kinds)), sorted({topic_key(t) for t in flt.topics})
    actor, search = fold(flt.actor or ""), fold(flt.search or "")
    key = "\n".join([self_url or root, *kinds, "|", *topics, "|", actor, "|", search])
    return f"urn:jbz:feed:{sha256(key.encode()).hexdigest()[:24]}"


def feed_command(
    output: OutputOpt = None,
    since: Annotated[
        str | None,
        Option(
            "--since",
            metavar="D",
            help=f"Only events on or after the start of D (2026-11-01, 2026-Q4; default: the {WINDOW_DAYS} days up to "
            "the as-of day).",
        ),
    ] = None,
    topic: TopicOpt = None,
    kind: KindOpt = None,
    actor: ActorOpt = None,
    search: SearchOpt = None,
    title: Annotated[str | None, Option("--title", metavar="TEXT", help="The feed's title.")] = None,
    self_url: Annotated[
        str | None, Option("--self-url", metavar="URL", help="Where the feed will be served, for readers.")
    ] = None,
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    no_cache: NoCacheOpt = False,
) -> ExitStatus:
    """Write an Atom feed: new records, follow-ups, items that became overdue, next checks that arrived."""
    from jbz_cli.cli.formats import output_format
    from jbz_cli.core.feed import events
    from jbz_cli.present.brief_render import safe_url
    from jbz_cli.present.feed import FEED_TITLE, build_feed

    output_format(output, None, ("atom",), "atom", "feed")  # refuses -o feed.json before reading anything
    if self_url is not None and safe_url(self_url) is None:
        raise UsageError(f"--self-url {self_url!r} is not an http(s) URL")
    flt = Filter(kinds=kind or (), topics=topic or (), actor=actor, search=search)
    flt.validate()
    run = make_run(ReadOptions(records=records, as_of=as_of))
    since_day = parse_window(since, "--since", end=False)
    today = run.settings.as_of
    if since_day is None:
        from datetime import timedelta

        since_day = today - timedelta(days=WINDOW_DAYS)
    if since_day is not None and since_day > today:
        raise UsageError(f"--since {since} starts on {since_day.isoformat()}, after the as-of date {today.isoformat()}")
    loaded = load(run, use_cache=not no_cache, replay=False, topics=flt.topics)
    found = events(loaded.records, today, since_day, flt)
    from jbz_cli.cli.settings import resolve

    title = resolve("feed.title", run.rdir, run.env, title).value
    self_url = resolve("feed.self_url", run.rdir, run.env, self_url).value
    if self_url is not None and safe_url(self_url) is None:
        raise UsageError(f"the feed's self URL {self_url!r} is not an http(s) URL")
    identity = feed_id(str(run.rdir.path.resolve()), self_url, flt)
    emit(build_feed(found, today, title or FEED_TITLE, self_url, identity), output)
    return ExitStatus.of(loaded.problems)
