"""Escaping per output format, in one place, so every view that writes a format writes it the same way.

- Markdown text (`md_text`): one line (whitespace runs, newlines included, become one space) with the characters
  Markdown or the HTML inside it would read as markup escaped by a backslash, `&` and `|` included, so `&#x2A;`
  stays those six characters and a `|` never ends a table cell. Used by `brief`, `report` and `diff`.
- Markdown link targets (`md_url`): spaces, brackets, `|` and every control character percent-encoded, so a URL
  can neither end the link nor the table row it is in.
- HTML (`html_text`): the standard library's `html.escape`, quotes included.
- iCalendar and Atom are escaped by their writers' libraries (icalendar, xml.sax.saxutils in present/feed.py);
  terminal text by present/terminal.safe_text, which shows a control character as a visible `\\uXXXX` escape.
"""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<#|~&])")
_URL_KEEP = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "|": "%7C"}


def md_text(text: str | None) -> str:
    """Text for a Markdown table cell, heading or list item: one line, punctuation, HTML, `&` and `|` escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def md_url(url: str) -> str:
    """A URL for a Markdown link target: nothing in it can close the link or the table row."""
    return "".join(_URL_KEEP.get(c, c) if ord(c) >= 0x20 and c != "\x7f" else f"%{ord(c):02X}" for c in url)


def html_text(text: str | None) -> str:
    return html.escape(text or "", quote=True)
