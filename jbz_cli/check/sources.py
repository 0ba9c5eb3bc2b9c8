"""What a records folder declares besides records: the topic vocabulary and the stored source texts.

Both live next to the records (topics.md, sources/) and are read at most once per folder per run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jbz_cli.core.quotes import normalise
from jbz_cli.store.files import join_display

VOCABULARY_FILE = "topics.md"
# Read limits: a topics table is a few KB and a letter's text a few hundred; more is a mistake, not a document.
MAX_VOCABULARY_BYTES = 1024 * 1024
MAX_SOURCE_BYTES = 16 * 1024 * 1024

# How files are read: (path, byte limit, folder it must stay in) -> bytes; OSError or ValueError when it cannot be.
# check/files.py passes the store's bounded reader, so FIFOs, devices and symlinks out of the folder are never read.
Reader = Callable[[Path, int, Path], bytes]
SOURCES_FOLDER = "sources"

_VOCAB_ROW_RE = re.compile(r"^\s*\|\s*`([^`]+)`\s*\|")
# Linear on any input: the dossier part is bounded (a dossier number such as "21 501-20" is short) and the
# document name is matched against the last path segment only, anchored at both ends.
_KAMERSTUK_RE = re.compile(
    r"Kamerstuk(?:ken)?\s+([0-9][0-9A-Za-z -]{0,40}?)\s*,\s*nr\.?\s*([0-9]{1,12})", re.IGNORECASE
)
_URL_DOC_RE = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)\.(?:html?|pdf|xml|txt)")


@dataclass(frozen=True)
class Vocabulary:
    """The topics a records folder declares in its topics.md table."""

    path: str  # as shown in messages
    topics: frozenset[str]


def parse_vocabulary(text: str) -> frozenset[str]:
    """Topics are the table rows whose first cell is a backticked slug: "| `ebsp` | dossier | ... |"."""
    return frozenset(m[1].strip() for m in map(_VOCAB_ROW_RE.match, text.splitlines()) if m)


_MEANING_ROW_RE = re.compile(r"^\s*\|\s*`([^`]+)`\s*\|[^|]*\|([^|]*)\|")


def load_meanings(folder: Path, read: Reader) -> dict[str, str]:
    """Each topic's meaning, the third cell of its topics.md row ("| `ebsp` | dossier | EU-US ... |"); empty
    when topics.md is missing or unreadable (the site then shows none)."""
    try:
        text = read(folder / VOCABULARY_FILE, MAX_VOCABULARY_BYTES, folder).decode("utf-8", errors="replace")
    except (OSError, ValueError):
        return {}
    rows = (m for m in map(_MEANING_ROW_RE.match, text.splitlines()) if m)
    return {m[1].strip(): m[2].strip() for m in rows if m[2].strip()}


def load_vocabulary(folder: Path, display: str, read: Reader) -> Vocabulary | None:
    """The folder's vocabulary; None when topics.md is missing, unreadable or declares no topic."""
    path = folder / VOCABULARY_FILE
    try:
        text = read(path, MAX_VOCABULARY_BYTES, folder).decode("utf-8", errors="replace")
    except (OSError, ValueError):
        return None
    topics = parse_vocabulary(text)
    return Vocabulary(join_display(display, VOCABULARY_FILE), topics) if topics else None


def source_file_names(source: dict[str, Any]) -> list[str]:
    """Names under sources/ that may hold a record's source text, derived from its url and document.

    ".../kst-32317-987.html" gives kst-32317-987.txt; "Kamerstuk 32 317, nr. 987" gives the same.
    """
    names = []
    url = source.get("url")
    if isinstance(url, str):
        match = _URL_DOC_RE.fullmatch(url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1])
        if match:
            names.append(f"{match[1]}.txt")
    document = source.get("document")
    if isinstance(document, str):
        match = _KAMERSTUK_RE.search(document)
        if match:
            dossier = re.sub(r"\s+", "", match[1]).strip("-")
            names.append(f"kst-{dossier}-{match[2]}.txt")
    return list(dict.fromkeys(names))


_FOOTNOTE_MARK = re.compile(r"(?<=[a-z])\d{1,3}(?=[\s,.;:)]|$)")


def unhyphenate(text: str) -> str:
    """Drop hyphens and soft hyphens (U+00AD, common in HTML extractions) for a layout-blind comparison."""
    return text.replace("-", "").replace("\u00ad", "")


class SourceText:
    """A document's normalised text, and the same without hyphens for words broken at line ends."""

    def __init__(self, normalised: str) -> None:
        self.normalised = normalised
        self.unhyphenated = unhyphenate(normalised)
        self.unmarked = _FOOTNOTE_MARK.sub("", normalised)  # "insolventierecht12 en" reads "insolventierecht en"

    def contains(self, needle: str) -> bool:
        """needle is already normalised; "onder-\nhandelingen" in a document matches "onderhandelingen"."""
        return needle in self.normalised or unhyphenate(needle) in self.unhyphenated or needle in self.unmarked

    def matched_prefix(self, needle: str) -> int:
        """How many leading characters of the quote do occur in the document: where it starts to differ."""
        low, high = 0, len(needle)
        while low < high:
            mid = (low + high + 1) // 2
            if needle[:mid] in self.normalised:
                low = mid
            else:
                high = mid - 1
        return low


class SourceTexts:
    """The source documents stored in <records>/sources/, each read and normalised at most once."""

    def __init__(self, folder: Path, display: str, read: Reader) -> None:
        self.folder = folder
        self.read = read
        self.display = display
        self._cache: dict[str, SourceText | None] = {}
        self._names: dict[tuple[object, object], list[str]] = {}  # (url, document) -> source_file_names

    def find(self, source: dict[str, Any]) -> tuple[str, SourceText] | None:
        """(shown path, text) of the first stored document for this source, if any.

        Most records of a folder quote a handful of letters, so the names are derived once per url and document.
        """
        key = (source.get("url"), source.get("document"))
        try:
            names = self._names.get(key)
        except TypeError:  # a url or document that is not a string (the schema rule reports it)
            names = source_file_names(source)
        else:
            if names is None:
                names = self._names[key] = source_file_names(source)
        for name in names:
            text = self._load(name)
            if text is not None:
                return join_display(self.display, name), text
        return None

    def _load(self, name: str) -> SourceText | None:
        if name not in self._cache:
            try:
                raw = self.read(self.folder / name, MAX_SOURCE_BYTES, self.folder)
                self._cache[name] = SourceText(normalise(raw.decode("utf-8", errors="replace")))
            except (OSError, ValueError):
                self._cache[name] = None
        return self._cache[name]
