"""Fill the templates: every file of the site as bytes, keyed by its path relative to the site's root.

Links between pages are relative (`root` is "" or "../"), so the site works from file:// and from any sub-path of a
web server. The feed, the calendar and the JSON dump come from the writers `jbz feed`, `jbz export ics` and
`jbz list --json` use, so the site and the commands agree byte for byte.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from importlib.resources import files
from typing import Any
from urllib.parse import quote

from jbz_cli.core.diffing import SECTIONS
from jbz_cli.core.feed import events
from jbz_cli.core.horizon import FLAG_AWAITING, FLAG_DUE_SOON, FLAG_OVERDUE, overdue_days
from jbz_cli.core.model import Record
from jbz_cli.core.overviews import awaiting_reason
from jbz_cli.core.query import Item
from jbz_cli.core.words import REGISTER_TERMS, days, due_words
from jbz_cli.present.brief_render import safe_url
from jbz_cli.present.feed import build_feed, xml_text
from jbz_cli.present.ics import build_calendar
from jbz_cli.present.lines import write_json
from jbz_cli.present.shapes import item_dict
from jbz_cli.present.views.diff import HEADINGS, describe
from jbz_cli.site.charts import Chart
from jbz_cli.site.pages import Site, timeline

FLAG_WORDS = {FLAG_OVERDUE: "overdue", FLAG_DUE_SOON: "due soon", FLAG_AWAITING: "awaiting follow-up"}
FRONT_LIMIT = 25  # rows per section on the front page; the records page lists every record with its flags
NAV = (
    ("index.html", "Overview"),
    ("records.html", "Records"),
    ("topics.html", "Topics"),
    ("actors.html", "Actors"),
    ("councils.html", "Councils"),
    ("charts.html", "Charts"),
    ("search.html", "Search"),
)
FIXED_PAGES = tuple(href for href, _ in NAV)  # the pages every site has, besides one per record, group, meeting


def _segment(name: str) -> str:
    """One path segment of a link, percent-encoded (RFC 3986), so an id like `a#b` or `pct%41` links to its file."""
    return quote(name, safe="")


def _text(value: Any) -> Any:
    """Every value a page shows, as the feed shows it (present/feed.xml_text): C0 controls dropped, other unsafe
    code points (C1 controls, bidi overrides) written visibly as \\uXXXX. Markup (the charts) passes as it is."""
    from markupsafe import Markup

    return xml_text(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def _environment():  # type: ignore[no-untyped-def]
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("jbz_cli.site", "templates"),
        autoescape=True,  # every value a record holds is text, never markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one build, one set of templates
        finalize=_text,
    )
    env.filters["seg"] = _segment
    env.globals.update(
        nav=NAV,
        flag_words=FLAG_WORDS,
        register_terms=REGISTER_TERMS,
        due_words=due_words,
        days=days,
        records=lambda n: f"{n} record" if n == 1 else f"{n} records",
        safe_url=safe_url,
        timeline=timeline,
    )
    return env


class Renderer:
    """One site's pages; `page(template, path, **values)` renders one file at `path`."""

    def __init__(self, site: Site, charts: Sequence[Chart], base_url: str | None, search: bool) -> None:
        self.site, self.charts, self.base_url, self.search = site, charts, base_url, search
        self.env = _environment()

    def page(self, template: str, path: str, title: str, **values: Any) -> tuple[str, bytes]:
        """One page at `path`, its links relative to the site's root."""
        root = "../" * path.count("/")
        canonical = self.base_url + "/".join(map(_segment, path.split("/"))) if self.base_url else None
        html = self.env.get_template(template).render(
            site=self.site, root=root, path=path, page_title=title, canonical=canonical, search=self.search, **values
        )
        return path, html.encode("utf-8")

    def awaiting_reason(self, item: Item) -> str:
        return awaiting_reason(item.record, self.site.as_of)

    def late_days(self, item: Item) -> int:
        return overdue_days(item.record, self.site.as_of)


def render_site(
    site: Site, charts: Sequence[Chart], records: Sequence[Record], base_url: str | None, search: bool
) -> Iterator[tuple[str, bytes]]:
    """Every file of the site but the search index, one (relative path, bytes) at a time, so a large site is never
    held in memory whole; `records` as written (the feed replays them itself)."""
    r = Renderer(site, charts, base_url, search)
    by_id = {i.record.id: i for i in site.items}
    common = {"r": r, "by_id": by_id, "topic_slugs": site.topic_slugs, "actor_slugs": site.actor_slugs}
    front = {"headings": HEADINGS, "sections": SECTIONS, "describe": describe, "limit": FRONT_LIMIT}
    yield r.page("index.html", "index.html", "Overview", **front, **common)
    yield r.page("records.html", "records.html", "All records", **common)
    yield r.page("charts.html", "charts.html", "Charts", charts=charts, **common)
    yield r.page("search.html", "search.html", "Search", **common)
    yield r.page("groups.html", "topics.html", "Topics", groups=site.topics, folder="topics", what="Topic", **common)
    yield r.page("groups.html", "actors.html", "Actors", groups=site.actors, folder="actors", what="Actor", **common)
    yield r.page("councils.html", "councils.html", "JBZ Council meetings", **common)
    for group in site.topics:
        name = f"Topic {group.name}"
        yield r.page("group.html", f"topics/{group.slug}.html", name, group=group, what="topic", **common)
    for group in site.actors:
        yield r.page("group.html", f"actors/{group.slug}.html", group.name, group=group, what="actor", **common)
    for meeting in site.meetings:
        label = meeting.council.label()
        yield r.page("meeting.html", f"councils/{meeting.key}.html", label, meeting=meeting, **common)
    for item in site.items:
        yield r.page("record.html", f"records/{item.record.id}.html", item.record.title, item=item, **common)
    for chart in (c for c in charts if not c.empty):
        yield f"charts/{chart.key}.svg", chart.svg
    yield "site.css", files("jbz_cli.site").joinpath("templates/site.css").read_bytes()
    dump = io.StringIO()
    write_json([item_dict(i) for i in site.items], dump)  # what `jbz list --json --as-of DAY` writes
    yield "records.json", dump.getvalue().encode("utf-8")
    feed_url = base_url + "feed.atom" if base_url else None
    yield "feed.atom", build_feed(events(records, site.as_of), site.as_of, site.title, feed_url)
    yield "calendar.ics", build_calendar(site.items, site.as_of).data
