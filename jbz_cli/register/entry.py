"""One register entry as plain values, and the rules both source formats share.

The Tweede Kamer register of toezeggingen (gegevensmagazijn, entity ``Toezegging``) is published as OData v4
JSON and as SyncFeed Atom XML. Both are read into :class:`RegisterEntry`, so mapping and planning never see
the format. Field meanings and the status words follow the register's own schema (docs/register.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from jbz_cli.core.model import UNSAFE_RE

# Register status words (Status / status) onto jbz statuses. Matching ignores case and repeated spaces.
# "Niet nagekomen" is not in the live register but is the term docs/records.md already maps to `missed`.
STATUS_MAP = {
    "openstaand": "open",
    "deels afgedaan": "partial",
    "deels voldaan": "partial",
    "afgedaan": "done",
    "voldaan": "done",
    "niet nagekomen": "missed",
    "vervallen": "dropped",
}

# 0 to 7 fractional digits (.NET DateTime precision) and an offset such as +01:00 or Z.
_TIMESTAMP_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.(?P<frac>\d{1,7}))?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
# Line ends written another way (CR LF, CR, NEL, the Unicode line and paragraph separators) become "\n".
_LINE_BREAK_RE = re.compile("\r\n|[\r\x85\u2028\u2029]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
SHOWN_VALUE = 40  # characters of a bad value quoted in a message
# A register number: TZ, the year and month it was made, "-", a sequence number (TZ202504-057; docs/register.md).
# It becomes the file name, so nothing else may pass.
# The year is 19xx or 20xx and the month 01-12: TZ202513-001 is no register number.
NUMMER_RE = re.compile(r"^TZ(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])-[0-9]{1,6}$", re.IGNORECASE)
NUMMER_SHAPE_RE = re.compile(r"^TZ[0-9]{6}-[0-9]{1,6}$", re.IGNORECASE)  # the shape alone, to say what is wrong
# How a toegezegdAan reference without a name is written in [register] (SyncFeed gives only ids).
REF_PREFIXES = ("persoon id ", "fractie id ")
SENTINEL_YEAR = 1  # DatumNakoming "0001-01-01T00:00:00Z" is .NET's DateTime.MinValue: no date


class EntryProblem(ValueError):
    """One field of one entry that cannot be used; the message names the field."""


@dataclass(frozen=True)
class RegisterEntry:
    """A register entry, format-neutral.

    `status` is the register's word as published (None when absent); `jbz_status` is its mapping, None when
    the word is empty or unknown. `gewijzigd_op` orders versions of one entry (aware datetime);
    `gewijzigd_op_text` keeps the published spelling so a re-import compares equal. A `$select` page without
    GewijzigdOp orders by ApiGewijzigdOp (`api_gewijzigd_op_text`), a clock of its own (the API's, seconds
    later), so the two are never compared with each other. `origin` says where the
    entry was read, for messages: "page.json: entry 3".
    """

    id: str | None
    nummer: str | None
    tekst: str | None = None
    status: str | None = None
    datum_nakoming: date | None = None
    ministerie: str | None = None
    naam: str | None = None
    functie: str | None = None
    activiteit: str | None = None
    aanmaakdatum: date | None = None
    gewijzigd_op: datetime | None = None
    gewijzigd_op_text: str | None = None
    kamerbrief_nakoming: tuple[str, ...] = ()
    verwijderd: bool = False
    origin: str = ""
    api_gewijzigd_op_text: str | None = None  # ApiGewijzigdOp, kept only when a `$select` page lacks GewijzigdOp
    toegezegd_aan: tuple[str, ...] = ()
    herhaling_van: tuple[str, ...] = ()
    wijziging_van: tuple[str, ...] = ()
    aanvulling_op: tuple[str, ...] = ()
    present: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # The register's status word, normalised once for every use (summary, [register], notes, reconcile):
        # surrounding spaces stripped and runs collapsed, so "  " is an empty status and "Deels  afgedaan" one word.
        if self.status is not None:
            object.__setattr__(self, "status", normal_word(self.status))

    def carries(self, name: str) -> bool:
        """Whether the page carried this field (a value or an explicit null). A field left out by `$select`,
        a missing `$expand` or an older feed is unknown, never a deletion. Entries built without a `present`
        set (tests, older callers) carry everything."""
        return not self.present or name in self.present

    @property
    def jbz_status(self) -> str | None:
        return map_status(self.status)

    @property
    def promised_to(self) -> str | None:
        """The member(s) or group(s) the promise was made to, by name; None when the page names none (a
        SyncFeed reference without a name is kept in [register] only)."""
        names = [name for name in self.toegezegd_aan if not name.startswith(REF_PREFIXES)]
        return ", ".join(names) or None

    @property
    def label(self) -> str:
        """How messages name the entry: its Nummer, else its Id, else where it was read."""
        return self.nummer or (f"id {self.id}" if self.id else self.origin)


@dataclass(frozen=True)
class ParsedSource:
    """What one page or file held: entries, one line per problem, and the next page's URL if any.

    `next_problem` matters only when pages are fetched: a saved file's next link is never followed.
    """

    entries: tuple[RegisterEntry, ...]
    problems: tuple[str, ...]
    next_url: str | None = None
    next_problem: str | None = None  # why a next link that is present cannot be followed


def normal_word(word: str) -> str:
    """A register word with surrounding whitespace stripped and inner runs collapsed to one space."""
    return " ".join(word.split())


def map_status(word: str | None) -> str | None:
    """The jbz status for a register status word, or None for an empty or unknown word (never guessed)."""
    if not word:
        return None
    return STATUS_MAP.get(normal_word(word).casefold())


def parse_timestamp(value: str, field: str) -> tuple[datetime | None, date | None]:
    """Parse a register timestamp: (aware datetime, the calendar date as written).

    Accepts a plain date, or a time with 0-7 fractional digits and an offset; without an offset UTC is
    assumed. The calendar date is taken in the timestamp's own offset, so 2025-06-30T00:00:00+02:00 is
    30 June. The sentinel year 0001 gives (None, None). Raises EntryProblem for anything else.
    """
    match = _TIMESTAMP_RE.match(value.strip())
    if not match:
        raise EntryProblem(f"{field}: {quoted(value)} is not a timestamp")
    try:
        day = date.fromisoformat(match["date"])
        if day == date(SENTINEL_YEAR, 1, 1):  # the register's empty value is 0001-01-01 exactly; 0001-01-02 is not
            return None, None
        if match["h"] is None:
            return datetime(day.year, day.month, day.day, tzinfo=UTC), day
        frac = (match["frac"] or "0").ljust(7, "0")
        moment = datetime(
            day.year, day.month, day.day, int(match["h"]), int(match["m"]), int(match["s"] or 0), int(frac[:6])
        )
    except ValueError:
        raise EntryProblem(f"{field}: {quoted(value)} is not a valid date or time") from None
    tz = match["tz"]
    if tz and tz != "Z":
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        if offset >= timedelta(hours=24):
            raise EntryProblem(f"{field}: {quoted(value)} has an impossible offset")
        return moment.replace(tzinfo=timezone(sign * offset)), day
    return moment.replace(tzinfo=UTC), day


def type_name(value: Any) -> str:
    """How a JSON value's type is named in messages: "null", "a number", "a list"; never a Python class."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def quoted(value: Any) -> str:
    """A bad value for a message: quoted, its control characters escaped, cut to SHOWN_VALUE characters."""
    text = str(value)
    cut = text[:SHOWN_VALUE] + "…" if len(text) > SHOWN_VALUE else text
    return repr(cut) if isinstance(value, str) else cut


def text_field(raw: dict[str, Any], key: str) -> str | None:
    """A string field that may be null; a number, list or object is a problem (a wrong type).

    Line ends are written as "\n". Any other control, bidi or separator character (core.model.UNSAFE_RE,
    the characters `jbz check` rejects) or a lone surrogate is a problem: the entry is refused rather than
    stored changed, so a quote is always the register's text.
    """
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise EntryProblem(f"{key}: expected text, got {type_name(value)}")
    value = _LINE_BREAK_RE.sub("\n", value)
    found = UNSAFE_RE.search(value) or _SURROGATE_RE.search(value)
    if found:
        what = "a lone surrogate" if _SURROGATE_RE.match(found.group()) else "control character"
        raise EntryProblem(
            f"{key}: {what} U+{ord(found.group()):04X} at character {found.start() + 1}; "
            "jbz check would reject the record"
        )
    return value
