"""JBZ Council meetings as data: the councils.toml in a records folder, and what "next" and "previous" mean.

People who chase commitments work to the Council cycle, so jbz needs the meetings' dates. They come from the
letters, never from guesswork: each meeting names the source that gives its date. Pure: reading and parsing
the TOML is store/councils.py's job, and "today" is always a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from jbz_cli.core.dates import DUTCH_MONTHS, ENGLISH_MONTHS, parse_day
from jbz_cli.errors import UsageError

COUNCILS_FILE = "councils.toml"
KINDS = ("formal", "informal")
KEYS = ("dates", "place", "kind", "prepared_by", "reported_by", "source", "quote", "url")


@dataclass(frozen=True)
class Council:
    """One meeting: its days, place, whether it was formal, and the letters that prepare and report on it."""

    dates: tuple[date, ...]
    kind: str = "formal"
    place: str | None = None
    prepared_by: tuple[str, ...] = ()
    reported_by: tuple[str, ...] = ()
    source: str | None = None
    quote: str | None = None
    url: str | None = None
    line: int = 0  # where the meeting starts in councils.toml

    @property
    def start(self) -> date:
        return self.dates[0]

    @property
    def end(self) -> date:
        return self.dates[-1]

    def days_label(self) -> str:
        """ "8-9 December 2025", "5 March 2026", "30 June-1 July 2026"."""
        a, b = self.start, self.end
        if a == b:
            return f"{a.day} {ENGLISH_MONTHS[a.month - 1]} {a.year}"
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.day}-{b.day} {ENGLISH_MONTHS[a.month - 1]} {a.year}"
        return f"{a.day} {ENGLISH_MONTHS[a.month - 1]}-{b.day} {ENGLISH_MONTHS[b.month - 1]} {b.year}"

    def label(self) -> str:
        informal = "informal " if self.kind == "informal" else ""
        place = f" in {self.place}" if self.place else ""
        return f"{informal}JBZ Council of {self.days_label()}{place}"


@dataclass(frozen=True)
class Problem:
    line: int
    col: int
    message: str


@dataclass
class Councils:
    meetings: list[Council] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _entry_lines(text: str) -> list[int]:
    """The line of each [[council]] header, in order, so a problem points at its meeting."""
    return [n for n, line in enumerate(text.splitlines(), 1) if re.match(r"^\s*\[\[\s*council\s*\]\]", line)]


def _key_line(text: str, start: int, key: str) -> int:
    """The line of `key = ...` inside the meeting that starts at line `start`; the header line when absent."""
    lines = text.splitlines()
    for n in range(start, len(lines)):
        line = lines[n]
        if n > start - 1 and re.match(r"^\s*\[", line):
            break
        if re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return n + 1
    return start


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def councils_from_data(data: dict[str, Any], text: str) -> Councils:
    """Every meeting of parsed councils.toml `data` that is valid, and a problem with a line (found in `text`,
    the file's TOML) for everything that is not."""
    out = Councils()
    for key in data:
        if key != "council":
            out.problems.append(Problem(1, 1, f"unknown top-level key {key!r}: meetings go in [[council]] tables"))
    entries = data.get("council", [])
    if not isinstance(entries, list):
        out.problems.append(Problem(1, 1, "council must be an array of tables: write [[council]]"))
        return out
    starts = _entry_lines(text)
    seen: dict[date, int] = {}
    for n, entry in enumerate(entries):
        start = starts[n] if n < len(starts) else 1
        council = _council(text, start, entry, out.problems)
        if council is None:
            continue
        if council.start in seen:
            out.problems.append(
                Problem(
                    start,
                    1,
                    f"a meeting on {council.start.isoformat()} is already listed on line {seen[council.start]}",
                )
            )
            continue
        seen[council.start] = start
        out.meetings.append(council)
    out.meetings.sort(key=lambda c: c.start)
    return out


def _council(text: str, start: int, entry: Any, problems: list[Problem]) -> Council | None:
    def problem(key: str, message: str) -> None:
        problems.append(Problem(_key_line(text, start, key) if key else start, 1, message))

    if not isinstance(entry, dict):
        problem("", "each council must be a table")
        return None
    before = len(problems)
    for key in entry:
        if key not in KEYS:
            problem(key, f"unknown key {key!r}: expected one of {', '.join(KEYS)}")
    days = entry.get("dates")
    if days is None:
        problem("", "missing dates: give the meeting's days, e.g. dates = [2026-03-05, 2026-03-06]")
    elif not isinstance(days, list) or not days or not all(type(d) is date for d in days):
        problem("dates", "dates must be a non-empty list of TOML dates, e.g. [2026-03-05, 2026-03-06]")
    elif sorted(set(days)) != days:
        problem("dates", "dates must be in order, each day once")
    elif (days[-1] - days[0]).days > 6:
        problem("dates", "a meeting lasts at most a week; list each meeting in its own [[council]]")
    kind = entry.get("kind", "formal")
    if kind not in KINDS:
        problem("kind", f"kind must be formal or informal, not {kind!r}")
    for key in ("place", "source", "quote", "url"):
        if key in entry and not (isinstance(entry[key], str) and entry[key].strip()):
            problem(key, f"{key} must be a non-empty string")
    for key in ("prepared_by", "reported_by"):
        if key in entry and not _strings(entry[key]):
            problem(key, f'{key} must be a list of document references, e.g. ["Kamerstuk 32 317, nr. 978"]')
    if "source" not in entry:
        problem("", "missing source: name the document that gives this meeting's date")
    if len(problems) > before:
        return None
    return Council(
        dates=tuple(days),
        kind=kind,
        place=entry.get("place"),
        prepared_by=tuple(entry.get("prepared_by", ())),
        reported_by=tuple(entry.get("reported_by", ())),
        source=entry.get("source"),
        quote=entry.get("quote"),
        url=entry.get("url"),
        line=start,
    )


# --- next, previous, and which meeting a letter belongs to -------------------------------------------------------


def next_council(meetings: Sequence[Council], today: date) -> Council | None:
    """The first meeting that has not ended by `today`: a meeting under way is still the next one to brief for."""
    return next((c for c in sorted(meetings, key=lambda c: c.start) if c.end >= today), None)


def previous_council(meetings: Sequence[Council], council: Council) -> Council | None:
    earlier = [c for c in meetings if c.end < council.start]
    return max(earlier, key=lambda c: c.start, default=None)


def find_council(meetings: Sequence[Council], wanted: str, today: date) -> Council | None:
    """`next`, or a day of a listed meeting; None when `next` finds nothing. An unlisted day is a usage error."""
    if wanted.strip().lower() == "next":
        return next_council(meetings, today)
    try:
        day = parse_day(wanted, "--council date")
    except ValueError as exc:
        message = str(exc)
        if message.endswith("?"):  # a "did you mean" ends the message; the alternative joins it
            raise UsageError(f"{message[:-1]}, or --council next?") from None
        raise UsageError(f"{message}; or use --council next") from None
    for c in meetings:
        if c.start <= day <= c.end:
            return c
    known = ", ".join(c.start.isoformat() for c in meetings) or "none"
    raise UsageError(f"no JBZ Council on {day.isoformat()} in {COUNCILS_FILE} (known: {known})")


def _norm(reference: str) -> str:
    return re.sub(r"[\s.,]+", " ", reference.casefold()).strip()


def council_for_document(meetings: Sequence[Council], document: str) -> Council | None:
    """The meeting a letter prepares or reports on, when councils.toml names the letter."""
    key = _norm(document)
    return next((c for c in meetings if key in {_norm(d) for d in (*c.prepared_by, *c.reported_by)}), None)


_DAYS_RE = re.compile(
    r"(\d{1,2})(?:\s*(?:-|–|en)\s*(\d{1,2}))?\s+(" + "|".join(DUTCH_MONTHS) + r")\s+(\d{4})", re.IGNORECASE
)


def council_mentioned(meetings: Sequence[Council], text: str) -> Council | None:
    """The first listed meeting whose first day a letter names after "JBZ-Raad", e.g. "JBZ-Raad op 8 en 9 december
    2025"; extract uses it to fill in the Council a letter belongs to. Only listed meetings are ever returned."""
    by_day = {c.start: c for c in meetings}
    for mention in re.finditer(r"JBZ-Raad", text):
        near = _DAYS_RE.search(text, mention.end(), mention.end() + 60)
        if near is None:
            continue
        try:
            day = date(int(near[4]), DUTCH_MONTHS.index(near[3].lower()) + 1, int(near[1]))
        except ValueError:
            continue
        if day in by_day:
            return by_day[day]
    return None


def meetings_between(meetings: Sequence[Council], start: date, end: date) -> list[Council]:
    """Meetings with a day in [start, end], for marking a timeline."""
    return [c for c in meetings if c.start <= end and c.end >= start]


def brief_window(council: Council, previous: Council | None, today: date) -> tuple[date | None, date]:
    """(since, until) for a briefing before `council`.

    Changes count from the previous meeting's first day, since its outcome is part of the news (None: no previous
    meeting is known); what falls due counts up to the meeting's first day, or today while it is under way.
    """
    if council.end < today:
        raise UsageError(
            f"the {council.label()} was before the as-of date {today.isoformat()}; "
            f"brief for it with --as-of {(council.start - timedelta(days=1)).isoformat()}"
        )
    since = min(previous.start, today) if previous is not None else None
    return since, max(council.start, today)
