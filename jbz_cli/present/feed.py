"""Atom 1.0 for jbz feed: the core's events as entries, built with feedgen.

Entry ids are the events' URNs and every date comes from the records, so two runs on the same records give the
same bytes. The only XML this module touches is the xml:lang of the Dutch quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension

from jbz_cli.core.feed import Event
from jbz_cli.present.brief_render import safe_url
from jbz_cli.present.terminal import safe_text

FEED_ID = "urn:jbz:feed"
FEED_TITLE = "jbz: JBZ Council decisions, commitments and deadlines"
GENERATOR = "jbz"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """Without the controls XML 1.0 cannot carry (a TOML escape can put them in a title), the other unsafe code
    points (C1 controls, bidi overrides, separators) written visibly by safe_text, as in every other output."""
    return safe_text(_NOT_XML.sub("", text))


class _DutchQuote(BaseEntryExtension):  # type: ignore[misc]
    """A feedgen entry extension that marks <content> xml:lang="nl" when it holds the Dutch quote."""

    def __init__(self) -> None:
        self.dutch = False

    def extend_atom(self, entry: Any) -> Any:
        if self.dutch:
            for child in entry:
                if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "content":
                    child.set(_XML_LANG, "nl")
        return entry


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def build_feed(
    found: Sequence[Event], today: date, title: str = FEED_TITLE, self_url: str | None = None, feed_id: str = FEED_ID
) -> bytes:
    """Atom 1.0 bytes; the feed's updated is the newest entry's day (the as-of day when there is none)."""
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.register_extension("jbzquote", BaseExtension, _DutchQuote, atom=True, rss=False)
    fg.id(feed_id)
    fg.title(xml_text(title))
    fg.language("en")
    fg.author({"name": "jbz"})
    fg.generator(GENERATOR)
    if self_url:
        fg.link(href=xml_text(self_url), rel="self", type="application/atom+xml")
    fg.updated(_moment(max((e.day for e in found), default=today)))
    for event in found:
        fe = fg.add_entry(order="append")
        fe.id(event.id)
        fe.title(xml_text(event.title))
        fe.updated(_moment(event.day))
        fe.published(_moment(event.day))
        fe.summary(xml_text(event.summary))
        fe.category(term=event.event, label=event.event)
        for topic in event.record.topics:
            fe.category(term=xml_text(topic), scheme="urn:jbz:topic")
        url = safe_url(event.url)
        if url:
            fe.link(href=xml_text(url), rel="alternate", type="text/html")
        if event.quote:
            fe.content(xml_text(" ".join(event.quote.split())), type="text")
            fe.jbzquote.dutch = True
        else:
            fe.content(xml_text(event.summary), type="text")
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
