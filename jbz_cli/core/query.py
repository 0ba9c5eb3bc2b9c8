"""Filters, flags and sorting over records, all computed for an explicit as-of date."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from jbz_cli.core.horizon import FLAG_AWAITING as FLAG_AWAITING
from jbz_cli.core.horizon import FLAG_DUE_SOON as FLAG_DUE_SOON
from jbz_cli.core.horizon import FLAG_OVERDUE as FLAG_OVERDUE
from jbz_cli.core.horizon import FLAGS as FLAGS
from jbz_cli.core.horizon import Settings as Settings
from jbz_cli.core.horizon import compute_flags as compute_flags
from jbz_cli.core.horizon import flagger
from jbz_cli.core.model import KINDS, STATUSES, Record, RecordView
from jbz_cli.core.quotes import clean_chars
from jbz_cli.core.words import unknown_choice
from jbz_cli.errors import AmbiguousError, NotFoundError, UsageError

SORT_KEYS = ("due", "id", "status", "kind", "title", "source", "activity")

# The topic `jbz import tk` gives a record whose register status is empty or a word it does not know
# (docs/register.md). Such a record is held back from lists of open work until asked for: see Filter.holds_back.
UNKNOWN_STATUS_TOPIC = "register-status-unknown"


_ASCII_UPPER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def topic_key(topic: str) -> str:
    """A topic as compared by --topic and `show`: in NFC, as records keep topics (core/build.py), with ASCII letters
    without case, exactly as SQLite's lower()."""
    if topic.isascii():  # its own NFC; str.lower() changes ASCII letters only, as SQLite's lower() does
        return topic.lower()
    return unicodedata.normalize("NFC", topic).translate(_ASCII_UPPER)


class Item(NamedTuple):
    """A record with the flags it has on the as-of date. (A named tuple: a dataclass costs every run a
    millisecond to define.)"""

    record: RecordView
    flags: tuple[str, ...]


@dataclass
class Filter:
    """All criteria combine with AND; an empty criterion matches everything."""

    open: bool = False
    closed: bool = False
    statuses: Sequence[str] = ()
    kinds: Sequence[str] = ()
    topics: Sequence[str] = ()
    actor: str | None = None
    search: str | None = None
    flags: Sequence[str] = ()
    due_by: date | None = None
    due_after: date | None = None
    ids: Sequence[str] = field(default_factory=tuple)
    include_unknown_status: bool = False

    @property
    def holds_back(self) -> bool:
        """Whether records with an unknown register status are left out: they are when the filter asks for open
        work (--open or a flag), unless it asks for them (include_unknown_status, or their topic). The index's
        SQL (store/index_sql.py) reads this same property."""
        if self.include_unknown_status or not (self.open or self.flags):
            return False
        return topic_key(UNKNOWN_STATUS_TOPIC) not in {topic_key(t) for t in self.topics}

    def validate(self) -> None:
        for value in self.statuses:
            if value not in STATUSES:
                raise UsageError(unknown_choice("status", value, STATUSES))
        for value in self.kinds:
            if value not in KINDS:
                raise UsageError(unknown_choice("kind", value, KINDS))
        if self.open and self.closed:
            raise UsageError("--open and --closed exclude each other")


class _DropCombining(dict[int, int | None]):
    """A str.translate table that deletes combining marks, filled in as characters are met (a cold index folds
    every record's text, so this runs in C instead of one Python call per character)."""

    def __missing__(self, code: int) -> int | None:
        value = self[code] = None if unicodedata.combining(chr(code)) else code
        return value


_DROP_COMBINING = _DropCombining()


def fold(text: str) -> str:
    """Lower-case and strip accents, so "geinformeerd" finds "geïnformeerd".

    The letter characters are cleaned first (`quotes.clean_chars`: ligatures folded, soft hyphens and
    zero-width characters dropped, no-break spaces made spaces), as for the quote check; then NFKD of the
    case-folded text without its combining marks. ASCII is its own NFKD and has no marks.
    """
    folded = text.casefold()
    if folded.isascii():
        return folded
    return unicodedata.normalize("NFKD", clean_chars(folded)).translate(_DROP_COMBINING)


def search_text(record: RecordView) -> str:
    parts = [record.id, record.title, record.summary or "", record.actor or "", " ".join(record.topics)]
    if record.source and record.source.quote:
        parts.append(record.source.quote)
    return fold(" ".join(parts))


def unknown_status(record: RecordView) -> bool:
    """Whether the register gave the record no status jbz knows (it carries UNKNOWN_STATUS_TOPIC)."""
    return any(topic_key(t) == UNKNOWN_STATUS_TOPIC for t in record.topics)


def matches(record: RecordView, flags: tuple[str, ...], flt: Filter) -> bool:
    """Whether `record`, with `flags`, meets every criterion of `flt` (see matcher)."""
    return matcher(flt)(record, flags)


def matcher(flt: Filter) -> Callable[[RecordView, tuple[str, ...]], bool]:
    """`matches` for one Filter, with what depends on the filter alone (folded topics, actor and search words, the
    hold-back rule) worked out once: `select` tests every record of a folder against it."""
    topics = {topic_key(t) for t in flt.topics}
    actor = fold(flt.actor) if flt.actor else None
    words = fold(flt.search).split() if flt.search else None
    holds_back = flt.holds_back
    statuses, kinds, wanted, ids = flt.statuses, flt.kinds, flt.flags, flt.ids

    def test(record: RecordView, flags: tuple[str, ...]) -> bool:
        if flt.open and not record.is_open:
            return False
        if flt.closed and record.is_open:
            return False
        if statuses and record.status not in statuses:
            return False
        if kinds and record.kind not in kinds:
            return False
        if topics and not topics & {topic_key(t) for t in record.topics}:
            return False
        if actor is not None and actor not in fold(record.actor or ""):
            return False
        if wanted and not all(f in flags for f in wanted):
            return False
        if flt.due_by is not None and (record.due_by is None or record.due_by > flt.due_by):
            return False
        if flt.due_after is not None and (record.due_by is None or record.due_by <= flt.due_after):
            return False
        if ids and record.id not in ids:
            return False
        if holds_back and unknown_status(record):
            return False
        if words is not None:
            haystack = search_text(record)
            if not all(word in haystack for word in words):
                return False
        return True

    return test


def sort_items(items: list[Item], key: str = "due", reverse: bool = False) -> list[Item]:
    """Sort by the key with undated items last, then by id so output is stable."""
    if key not in SORT_KEYS:
        raise UsageError(unknown_choice("sort key", key, SORT_KEYS))
    far = date.max

    def sort_key(item: Item) -> tuple[object, ...]:
        r = item.record
        if key == "due":
            return (r.due_by is None, r.due_by or far, r.id)
        if key == "status":
            return (STATUSES.index(r.status), r.id)
        if key == "kind":
            return (KINDS.index(r.kind), r.id)
        if key == "title":
            return (fold(r.title), r.id)
        if key == "source":
            d = r.source.date if r.source else None
            return (d is None, d or far, r.id)
        if key == "activity":
            d = r.last_activity
            return (d is None, d or far, r.id)
        return (r.id,)

    ordered = sorted(items, key=sort_key)
    return ordered[::-1] if reverse else ordered


def select(
    records: Iterable[Record],
    flt: Filter,
    settings: Settings,
    sort: str = "due",
    reverse: bool = False,
    limit: int | None = None,
) -> list[Item]:
    flt.validate()
    pick = picker(flt, settings)
    return ordered([item for item in map(pick, records) if item is not None], sort, reverse, limit)


def ordered(items: list[Item], sort: str = "due", reverse: bool = False, limit: int | None = None) -> list[Item]:
    """The items `select` kept, in its order and cut at its limit: for callers that picked them themselves."""
    items = sort_items(items, sort, reverse)
    return items[:limit] if limit is not None else items


def picker(flt: Filter, settings: Settings) -> Callable[[RecordView], Item | None]:
    """A record's Item when it meets `flt` on the as-of day (given as it stood then), else None: what `select`
    keeps of each record before sorting, for callers that sift records where they are read."""
    flags_of = flagger(settings)
    wanted = flagger(settings, flt.flags) if flt.flags else None  # a record without them matches nothing
    needs = len(set(flt.flags))
    test = matcher(flt)

    def pick(record: RecordView) -> Item | None:
        if wanted is not None and len(wanted(record)) < needs:
            return None
        flags = flags_of(record)
        return Item(record, flags) if test(record, flags) else None

    return pick


class Resolution(NamedTuple):
    """What a `show` argument named: one record, or a dossier (every record of a topic)."""

    kind: str  # record | dossier
    query: str
    records: tuple[Record, ...]


def _candidates(names: list[str]) -> str:
    shown = ", ".join(sorted(names)[:10])
    more = len(names) - 10
    return shown + (f" (and {more} more)" if more > 0 else "")


def resolve_all(records: Sequence[Record], queries: Sequence[str]) -> list[Resolution]:
    """resolve() for each query, with the id table built once: `jbz list --format ids | jbz show -` on 40,000
    records is then linear rather than rebuilding the table for every id."""
    by_id = {r.id: r for r in records}
    found: list[Resolution] = []
    for query in queries:
        hit = by_id.get(query) or by_id.get(query.lower())
        found.append(Resolution("record", query, (hit,)) if hit is not None else resolve(records, query, by_id))
    return found


def resolve(records: Sequence[Record], query: str, by_id: dict[str, Record] | None = None) -> Resolution:
    """An id, then a topic (the dossier), then a unique id prefix, then a unique id substring.

    NotFoundError for an empty query (it is in every id, so it is no ambiguity) and for what matches nothing.
    """
    if not query.strip():
        raise NotFoundError("an empty id matches no record; give an id, a topic or part of an id")
    by_id = {r.id: r for r in records} if by_id is None else by_id
    if query in by_id:
        return Resolution("record", query, (by_id[query],))
    if query.lower() in by_id:  # ids are lowercase slugs, so `show EBSP-X` means ebsp-x
        return Resolution("record", query, (by_id[query.lower()],))
    key = topic_key(query)
    dossier = [r for r in records if key in {topic_key(t) for t in r.topics}]
    if dossier:

        def oldest_first(r: Record) -> tuple[object, ...]:
            d = r.source.date if r.source and r.source.date else date.max
            return (d, r.due_by or date.max, r.id)

        topic = next(t for t in dossier[0].topics if topic_key(t) == key)  # as the records spell it
        return Resolution("dossier", topic, tuple(sorted(dossier, key=oldest_first)))
    for test in (str.startswith, str.__contains__):
        hits = [r.id for r in records if test(r.id, query)]
        if len(hits) == 1:
            return Resolution("record", query, (by_id[hits[0]],))
        if len(hits) > 1:
            raise AmbiguousError(f"{query!r} is ambiguous; it matches {len(hits)} ids: {_candidates(hits)}")
    topics = sorted({t for r in records for t in r.topics if query in t or t in query})
    hint = f"; topics like it: {_candidates(topics)}" if topics else ""
    if not hint:
        hint = _suggest(query, sorted({*by_id, *(t for r in records for t in r.topics)}))
    raise NotFoundError(f"no record or topic matches {query!r}{hint}")


def _suggest(word: str, known: Iterable[str]) -> str:
    """core.suggest.suggest, imported only when a message needs it (`jbz list` does not)."""
    from jbz_cli.core.suggest import suggest

    return suggest(word, known)
