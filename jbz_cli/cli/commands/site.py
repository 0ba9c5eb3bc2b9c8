"""`jbz site`: the tracker as a static website (pages, charts, search, feed, calendar, JSON) in a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jbz_cli.cli.options import AsOfOpt, RecordsOpt
from jbz_cli.cli.runtime import load, make_run, say
from jbz_cli.errors import ExitStatus, UsageError


def _utf8(text: str) -> bool:
    """False for text holding undecodable command-line bytes (surrogate escapes), which no page can carry."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def site_command(
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="DIR", help="Write the site into DIR (new, empty, or a site).")
    ] = "site",
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="The site's title.")] = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", metavar="URL", help="Where the site will be served, for canonical and feed links."),
    ] = None,
    no_search: Annotated[bool, typer.Option("--no-search", help="Build without the search index.")] = False,
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
) -> ExitStatus:
    """Write the records as a static website: overview, one page per record, topic, actor and Council, charts,
    search, the Atom feed, the calendar and a JSON dump. Pages link relatively, so any folder or web path works."""
    from jbz_cli.cli.commands.councils import read_councils
    from jbz_cli.present.brief_render import safe_url
    from jbz_cli.site.build import DEFAULT_TITLE, build

    for name, value in (("--title", title), ("--base-url", base_url)):
        if value is not None and not _utf8(value):
            raise UsageError(f"{name} holds bytes that are not UTF-8 text")
    if base_url is not None:
        if safe_url(base_url) is None:
            raise UsageError(f"--base-url {base_url!r} is not an http(s) URL")
        base_url = base_url.strip().rstrip("/") + "/"
    if title is not None and not title.strip():
        raise UsageError("--title is empty")
    run = make_run(records, as_of)
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
    return ExitStatus.FINDINGS if loaded.problems or meetings.problems else ExitStatus.OK
