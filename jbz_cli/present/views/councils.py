"""`jbz councils`: one line per meeting (dates, kind, place, letters), or the meetings as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from jbz_cli.core.councils import Council
from jbz_cli.present.lines import write_json
from jbz_cli.present.shapes import council_dict


def council_line(c: Council) -> str:
    """ "2026-03-05..2026-03-06  formal  Brussels  prepared by Kamerstuk 32 317, nr. 978"."""
    letters = [f"prepared by {', '.join(c.prepared_by)}"] if c.prepared_by else []
    letters += [f"reported in {', '.join(c.reported_by)}"] if c.reported_by else []
    dates = c.start.isoformat() + (f"..{c.end.isoformat()}" if c.end != c.start else "")
    return "  ".join([dates, c.kind, c.place or "-", "; ".join(letters) or "-"])


def write_councils(meetings: Sequence[Council], upcoming: Council | None, fmt: str, out: TextIO) -> None:
    """`table` marks the next meeting with "<- next"; `json` is a list of council_dict with "next" added."""
    if fmt == "json":
        write_json([council_dict(c, c is upcoming) for c in meetings], out)
        return
    for c in meetings:
        out.write(council_line(c) + ("  <- next" if c is upcoming else "") + "\n")
