"""One call from records to a site on disk: gather, chart, render, index for search, write what changed."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jbz_cli.core.councils import Council
from jbz_cli.core.horizon import Settings
from jbz_cli.core.model import Record
from jbz_cli.core.replay import states_on
from jbz_cli.site.charts import build_charts
from jbz_cli.site.output import Written, pagefind_executable, search_index, write_site
from jbz_cli.site.pages import build_site
from jbz_cli.site.render import FIXED_PAGES, render_site

DEFAULT_TITLE = "JBZ Council tracker"


@dataclass(frozen=True)
class Built:
    written: Written
    pages: int  # HTML pages
    records: int  # record pages
    search: bool  # whether the search index was built


def build(
    records: Sequence[Record],
    meetings: Sequence[Council],
    settings: Settings,
    folder: Path,
    title: str = DEFAULT_TITLE,
    base_url: str | None = None,
    search: bool = True,
    meanings: dict[str, str] | None = None,
) -> Built:
    """Write the site for `settings.as_of` into `folder`; `records` as written (the site replays them).

    `meanings`: each topic's line from topics.md, shown on its page.
    `search`: index the pages with pagefind when its binary is there (Built.search says whether it was).
    Raises UsageError for a folder jbz did not build, WriteError when a file cannot be written.
    """
    records = sorted(records, key=lambda r: r.id)
    site = dataclasses.replace(build_site(records, meetings, settings, title), topic_meanings=meanings or {})
    charts = build_charts(states_on(records, settings.as_of), records, settings.as_of)
    executable = pagefind_executable() if search else None
    files = render_site(site, charts, records, base_url, executable is not None)
    index = None if executable is None else functools.partial(search_index, executable=executable)
    written = write_site(folder, files, index)
    pages = len(site.items) + len(site.topics) + len(site.actors) + len(site.meetings) + len(FIXED_PAGES)
    return Built(written, pages, len(site.items), executable is not None)
