"""`jbz site`: the tracker as a static website (pages, charts, search, feed, calendar, JSON) in a folder."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from jbz_cli.cli.context import ReadOptions, make_run
from jbz_cli.cli.loading import load
from jbz_cli.cli.options import AsOfOpt, Option, RecordsOpt
from jbz_cli.cli.output import say
from jbz_cli.errors import ExitStatus, UsageError


def _utf8(text: str) -> bool:
    """False for text holding undecodable command-line bytes (surrogate escapes), which no page can carry."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _plain_base_url(url: str) -> str:
    """`url` ending in one `/`, or UsageError unless it is a plain http(s) address with a host and no query, fragment,
    whitespace, quote, angle bracket, backslash or control character (it goes into every page and the feed)."""
    from urllib.parse import urlsplit

    bad = re.search(r"[\s\"'<>\\`\x00-\x1f\x7f-\x9f]", url)
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        host = None
    if bad or parts.scheme.lower() not in ("http", "https") or not host or "?" in url or "#" in url:
        why = f"holds {bad.group()!r}" if bad else "is not a plain http(s) URL without a query or fragment"
        raise UsageError(f"--base-url {url!r} {why}")
    return url.rstrip("/") + "/"


def site_command(
    output: Annotated[
        str, Option("--output", "-o", metavar="DIR", help="Write the site into DIR (new, empty, or a site).")
    ] = "site",
    title: Annotated[str | None, Option("--title", metavar="TEXT", help="The site's title.")] = None,
    base_url: Annotated[
        str | None,
        Option("--base-url", metavar="URL", help="Where the site will be served, for canonical and feed links."),
    ] = None,
    no_search: Annotated[bool, Option("--no-search", help="Build without the search index.")] = False,
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
) -> ExitStatus:
    """Write the records as a static website: overview, one page per record, topic, actor and Council, charts,
    search, the Atom feed, the calendar and a JSON dump. Pages link relatively, so any folder or web path works."""
    from jbz_cli.check.sources import load_meanings
    from jbz_cli.cli.commands.councils import read_councils
    from jbz_cli.site.build import DEFAULT_TITLE, build
    from jbz_cli.store.files import read_bounded

    for name, value in (("--title", title), ("--base-url", base_url)):
        if value is not None and not _utf8(value):
            raise UsageError(f"{name} holds bytes that are not UTF-8 text")
    if base_url is not None:
        base_url = _plain_base_url(base_url)
    if title is not None and not title.strip():
        raise UsageError("--title is empty")
    run = make_run(ReadOptions(records=records, as_of=as_of))
    loaded = load(run, replay=False)  # records as written: each page replays them to the day it shows
    meetings, _ = read_councils(run.rdir)
    built = build(
        loaded.records,
        meetings.meetings,
        run.settings,
        Path(output),
        title=title.strip() if title else DEFAULT_TITLE,
        base_url=base_url,
        search=not no_search,
        meanings=load_meanings(run.rdir.path, read_bounded),
    )
    if not no_search and not built.search:
        say("jbz: pagefind was not found, so the site has no search; install it with pip install 'pagefind[bin]'")
    w = built.written
    if w.ignored:
        say(
            f"jbz: warning: {output}/.jbz-site lists {len(w.ignored)} path(s) outside the site or through a link, "
            f"left alone (first: {w.ignored[0]!r})"
        )
    say(
        f"jbz: site in {output}: {built.records} records, {built.pages} pages; "
        f"{len(w.changed)} files written, {w.unchanged} unchanged, {len(w.removed)} removed"
    )
    return ExitStatus.of(loaded.problems or meetings.problems)
