"""`jbz check`: validate record files like a compiler, one precise diagnostic per problem.

Every rule is a function from one parsed file (plus what the records folder knows: all ids, the
topic vocabulary, the stored source texts) to diagnostics, so rules can be run or skipped one by
one, and a file with five problems shows five lines instead of stopping at the first.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from jbz_cli.core.build import FieldError, field_problems
from jbz_cli.core.dates import DueWindow, parse_due
from jbz_cli.core.model import (
    EVIDENCE_STATUSES,
    FOLLOWUP_KEYS,
    ID_RE,
    KINDS,
    RECORD_KEYS,
    SOURCE_KEYS,
    STATUSES,
)
from jbz_cli.core.quotes import normalise
from jbz_cli.errors import RecordError, UsageError
from jbz_cli.store.files import iter_record_files, printable, read_text
from jbz_cli.store.toml_text import locate, parse_toml

ERROR = "error"
WARNING = "warning"
RULES = ("syntax", "schema", "dates", "ids", "related", "status", "quote", "topics")
CHECK_FORMATS = ("text", "json", "jsonl")
VOCABULARY_FILE = "topics.md"
SOURCES_FOLDER = "sources"
EARLIEST_YEAR = 1950
LATEST_YEAR = 2100

_VOCAB_ROW_RE = re.compile(r"^\s*\|\s*`([^`]+)`\s*\|")
_KAMERSTUK_RE = re.compile(r"Kamerstuk(?:ken)?\s+([0-9][0-9A-Za-z -]*?)\s*,\s*nr\.?\s*([0-9]+)", re.IGNORECASE)
_URL_DOC_RE = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)\.(?:html?|pdf|xml|txt)$")


@dataclass(frozen=True)
class Diagnostic:
    """One problem at one place, in the `path:line:col: severity: message [rule]` shape editors parse."""

    path: str
    line: int
    col: int
    severity: str  # error | warning
    message: str
    rule: str
    source_line: str | None = None  # the offending line, shown under the message when it helps

    def headline(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.rule}]"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> int:
        return sum(d.severity == ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == WARNING for d in self.diagnostics)

    def failed(self, strict: bool = False) -> bool:
        """Errors fail; warnings fail only under --strict, so advice never blocks a commit by default."""
        return self.errors > 0 or (strict and self.warnings > 0)


@dataclass(frozen=True)
class Vocabulary:
    """The topics a records folder declares in its topics.md table."""

    path: str  # as shown in messages
    topics: frozenset[str]


def parse_vocabulary(text: str) -> frozenset[str]:
    """Topics are the table rows whose first cell is a backticked slug: "| `ebsp` | dossier | ... |"."""
    return frozenset(m[1].strip() for m in map(_VOCAB_ROW_RE.match, text.splitlines()) if m)


def load_vocabulary(folder: Path, display: str) -> Vocabulary | None:
    path = folder / VOCABULARY_FILE
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
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
        match = _URL_DOC_RE.search(url.split("?", 1)[0].split("#", 1)[0].rstrip("/"))
        if match:
            names.append(f"{match[1]}.txt")
    document = source.get("document")
    if isinstance(document, str):
        match = _KAMERSTUK_RE.search(document)
        if match:
            dossier = re.sub(r"\s+", "", match[1]).strip("-")
            names.append(f"kst-{dossier}-{match[2]}.txt")
    return list(dict.fromkeys(names))


def unhyphenate(text: str) -> str:
    """Drop hyphens and soft hyphens (U+00AD, common in HTML extractions) for a layout-blind comparison."""
    return text.replace("-", "").replace("\u00ad", "")


class SourceText:
    """A document's normalised text, and the same without hyphens for words broken at line ends."""

    def __init__(self, normalised: str) -> None:
        self.normalised = normalised
        self.unhyphenated = unhyphenate(normalised)

    def contains(self, needle: str) -> bool:
        """needle is already normalised; "onder-\nhandelingen" in a document matches "onderhandelingen"."""
        return needle in self.normalised or unhyphenate(needle) in self.unhyphenated


class SourceTexts:
    """The source documents stored in <records>/sources/, each read and normalised at most once."""

    def __init__(self, folder: Path, display: str) -> None:
        self.folder = folder
        self.display = display
        self._cache: dict[str, SourceText | None] = {}

    def find(self, source: dict[str, Any]) -> tuple[str, SourceText] | None:
        """(shown path, text) of the first stored document for this source, if any."""
        for name in source_file_names(source):
            text = self._load(name)
            if text is not None:
                return join_display(self.display, name), text
        return None

    def _load(self, name: str) -> SourceText | None:
        if name not in self._cache:
            try:
                raw = (self.folder / name).read_bytes()
                self._cache[name] = SourceText(normalise(raw.decode("utf-8", errors="replace")))
            except OSError:
                self._cache[name] = None
        return self._cache[name]


@dataclass
class Folder:
    """What the records folder knows beyond one file: every id, the vocabulary, the source texts."""

    path: Path
    display: str
    ids: dict[str, list[tuple[str, str]]]  # id -> [(absolute path, shown path)]
    vocabulary: Vocabulary | None
    sources: SourceTexts

    @classmethod
    def scan(cls, path: Path, display: str) -> Folder:
        ids: dict[str, list[tuple[str, str]]] = {}
        for rel, file in iter_record_files(path):
            record_id = rel.rsplit("/", 1)[-1][: -len(".toml")]
            ids.setdefault(record_id, []).append((os.path.abspath(file), join_display(display, rel)))
        sources = SourceTexts(path / SOURCES_FOLDER, join_display(display, SOURCES_FOLDER))
        return cls(path, display, ids, load_vocabulary(path, display), sources)


@dataclass
class RecordFile:
    """One file as the rules see it: its text and data when they could be read, and its field problems."""

    path: Path
    display: str
    id: str
    text: str | None = None
    data: dict[str, Any] | None = None
    lines: list[str] = field(default_factory=list)
    problems: list[FieldError] = field(default_factory=list)

    def diag(
        self,
        rule: str,
        message: str,
        where: tuple[str | int, ...] = (),
        severity: str = ERROR,
        value: str | None = None,
    ) -> Diagnostic:
        """A diagnostic at the key path `where`, or at the quoted `value` found from that key on."""
        line, col = self.position(where)
        if value is not None:
            line, col = self.find_value(line, value, (line, col))
        return self.at(rule, message, line, col, severity, show=bool(where))

    def at(self, rule: str, message: str, line: int, col: int, severity: str = ERROR, show: bool = True) -> Diagnostic:
        source_line = None
        if show and 1 <= line <= len(self.lines) and self.lines[line - 1].strip():
            source_line = self.lines[line - 1].rstrip()
        return Diagnostic(self.display, line, col, severity, message, rule, source_line)

    def position(self, where: tuple[str | int, ...]) -> tuple[int, int]:
        if self.text is None or not where:
            return 1, 1
        found = locate(self.text, where)
        if found == (1, 1) and len(where) > 1:
            # An inline table or dotted key: point at its top-level key instead.
            found = locate(self.text, where[:1])
        if found == (1, 1) and isinstance(where[0], str):
            # A table header where a value belongs, such as [[source]].
            header = re.compile(rf"^\s*\[\[?\s*{re.escape(where[0])}\s*\]")
            for number, line in enumerate(self.lines, 1):
                if header.match(line):
                    return number, len(line) - len(line.lstrip()) + 1
        return found

    def find_value(self, start: int, value: str, default: tuple[int, int]) -> tuple[int, int]:
        """Where a string value sits, so a bad element of a multi-line array gets its own line."""
        needles = (json.dumps(value, ensure_ascii=False), f"'{value}'")
        for number in range(start, min(start + 200, len(self.lines)) + 1):
            line = self.lines[number - 1]
            for needle in needles:
                index = line.find(needle)
                if index >= 0:
                    return number, index + 1
            if number > start and "]" in line:
                break
        return default


Rule = Callable[[RecordFile, Folder], list[Diagnostic]]


def suggest(word: str, choices: Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f"; did you mean {matches[0]!r}?" if matches else ""


def join_display(folder: str, rel: str) -> str:
    return rel if folder in ("", ".") else f"{folder.rstrip('/')}/{rel}"


def _is_day(value: Any) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _followups(data: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    raw = data.get("followup", [])
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list):
        return []
    return [(i, entry) for i, entry in enumerate(raw) if isinstance(entry, dict)]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


# --- the rules -------------------------------------------------------------------------------------


def rule_schema(rf: RecordFile, folder: Folder) -> list[Diagnostic]:
    """Unknown keys (with a near-miss suggestion), wrong types, missing fields, unknown kind or status."""
    assert rf.data is not None
    out = []
    for key in rf.data:
        if key not in RECORD_KEYS:
            out.append(rf.diag("schema", f"unknown key {key!r}{suggest(key, RECORD_KEYS)}", (key,)))
    source = rf.data.get("source")
    if isinstance(source, dict):
        for key in source:
            if key not in SOURCE_KEYS:
                message = f"unknown key {key!r} in [source]{suggest(key, SOURCE_KEYS)}"
                out.append(rf.diag("schema", message, ("source", key)))
    for index, entry in _followups(rf.data):
        for key in entry:
            if key not in FOLLOWUP_KEYS:
                message = f"unknown key {key!r} in follow-up {index + 1}{suggest(key, FOLLOWUP_KEYS)}"
                out.append(rf.diag("schema", message, ("followup", index, key)))
    for problem in rf.problems:
        if problem.rule == "schema":
            message = str(problem)
            kind = rf.data.get("kind")
            if problem.where == ("kind",) and isinstance(kind, str) and kind not in KINDS:
                message += suggest(kind, KINDS)
            out.append(rf.diag("schema", message, problem.where))
    return out


def rule_dates(rf: RecordFile, folder: Folder) -> list[Diagnostic]:
    """Due dates outside the grammar or the plausible years, and follow-ups out of order."""
    assert rf.data is not None
    out = [rf.diag("dates", str(p), p.where) for p in rf.problems if p.rule == "dates"]
    due = rf.data.get("due")
    if isinstance(due, str | date) and not isinstance(due, datetime):
        try:
            window: DueWindow | None = parse_due(due)
        except ValueError:
            window = None
        if window and window.start.year < EARLIEST_YEAR:
            message = f"due {window.text!r} is before {EARLIEST_YEAR}; is the year a typo?"
            out.append(rf.diag("dates", message, ("due",), WARNING))
        elif window and window.end.year > LATEST_YEAR:
            message = f"due {window.text!r} is after {LATEST_YEAR}; is the year a typo?"
            out.append(rf.diag("dates", message, ("due",), WARNING))

    source = rf.data.get("source")
    source_day = source.get("date") if isinstance(source, dict) else None
    latest: date | None = None
    for index, entry in _followups(rf.data):
        for key in ("due", "previous_due"):
            value = entry.get(key)
            if isinstance(value, str):
                try:
                    parse_due(value)
                except ValueError as exc:
                    out.append(rf.diag("dates", f"follow-up {index + 1}: {exc}", ("followup", index, key)))
        day = entry.get("date")
        if not _is_day(day):
            continue
        where = ("followup", index, "date")
        if _is_day(source_day) and day < source_day:
            message = f"follow-up date {day} is before the source date {source_day}"
            out.append(rf.diag("dates", message, where))
        elif latest is not None and day < latest:
            message = f"follow-up date {day} is before the previous follow-up ({latest}); keep them oldest first"
            out.append(rf.diag("dates", message, where))
        latest = day if latest is None else max(latest, day)
    return out


def slug_for(record_id: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", record_id.lower()).strip("-")


def rule_ids(rf: RecordFile, folder: Folder) -> list[Diagnostic]:
    """Ids are file names, so they must be slugs and unique across every subfolder."""
    out = []
    if not ID_RE.match(rf.id):
        hint = slug_for(rf.id)
        message = f"id {rf.id!r} is not a slug (a-z, 0-9 and '-', not starting with '-')"
        if hint:
            message += f"; rename the file to {hint}.toml"
        out.append(rf.at("ids", message, 1, 1, show=False))
    me = os.path.abspath(rf.path)
    others = [shown for path, shown in folder.ids.get(rf.id, []) if path != me]
    if others:
        out.append(rf.at("ids", f"duplicate id {rf.id!r}: also in {', '.join(others)}", 1, 1, show=False))
    return out


def rule_related(rf: RecordFile, folder: Folder) -> list[Diagnostic]:
    """Links must point at records that exist somewhere in the records folder."""
    assert rf.data is not None
    out = []
    for target in _strings(rf.data.get("related")):
        if target not in folder.ids:
            message = f"related id {target!r} does not exist{suggest(target, folder.ids)}"
            out.append(rf.diag("related", message, ("related",), value=target))
    return out


def rule_status(rf: RecordFile, folder: Folder) -> list[Diagnostic]:
    """Closing needs evidence, and the top-level status must be the one the latest follow-up set."""
    assert rf.data is not None
    out = []
    latest: tuple[int, dict[str, Any]] | None = None
    for index, entry in _followups(rf.data):
        status = entry.get("status")
        if not isinstance(status, str) or status not in STATUSES:
            continue
        latest = (index, entry)
        evidence = entry.get("evidence")
        if status in EVIDENCE_STATUSES and not (isinstance(evidence, str) and evidence.strip()):
            day = entry.get("date")
            when = f" of {day}" if _is_day(day) else f" {index + 1}"
            message = f"follow-up{when} sets status {status!r} without 'evidence'; say where it can be checked"
            out.append(rf.diag("status", message, ("followup", index, "status")))
    kind = rf.data.get("kind")
    if latest is None or kind not in KINDS:
        return out
    index, entry = latest
    day = entry.get("date")
    when = f" ({day})" if _is_day(day) else ""
    if "status" in rf.data:
        top = rf.data["status"]
        if isinstance(top, str) and top in STATUSES and top != entry["status"]:
            message = f"status {top!r} disagrees with the latest follow-up{when}, which set {entry['status']!r}"
            out.append(rf.diag("status", message, ("status",)))
    else:
        default = "done" if kind == "decision" else "open"
        if default != entry["status"]:
            message = (
                f"status defaults to {default!r} but the latest follow-up{when} set {entry['status']!r}; "
                f'add status = "{entry["status"]}"'
            )
            out.append(rf.diag("status", message, ("followup", index, "status")))
    return out


def _matched_prefix(needle: str, haystack: str) -> int:
    """How many leading characters of the quote do occur in the document: where it starts to differ."""
    low, high = 0, len(needle)
    while low < high:
        mid = (low + high + 1) // 2
        if needle[:mid] in haystack:
            low = mid
        else:
            high = mid - 1
    return low


def rule_quote(rf: RecordFile, folder: Folder) -> list[Diagnostic]:
    """A quote is verbatim only if the stored source text contains it (layout ignored)."""
    assert rf.data is not None
    source = rf.data.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("quote"), str):
        return []
    found = folder.sources.find(source)
    if found is None:
        return []
    shown, document = found
    needle = normalise(source["quote"])
    if not needle:
        return [rf.diag("quote", f"quote is empty; copy it verbatim from {shown}", ("source", "quote"))]
    if document.contains(needle):
        return []
    message = f"quote not found in {shown}"
    matched = _matched_prefix(needle, document.normalised)
    if matched >= 10:
        tail = needle[max(0, matched - 30) : matched]
        message += f"; it matches up to {tail!r}, then differs"
    return [rf.diag("quote", message, ("source", "quote"))]


def rule_topics(rf: RecordFile, folder: Folder) -> list[Diagnostic]:
    """Topics outside the declared vocabulary are usually typos that split a dossier in two."""
    assert rf.data is not None
    vocabulary = folder.vocabulary
    if vocabulary is None:
        return []
    out = []
    for topic in _strings(rf.data.get("topics")):
        if topic not in vocabulary.topics:
            message = f"topic {topic!r} is not in the vocabulary ({vocabulary.path}){suggest(topic, vocabulary.topics)}"
            out.append(rf.diag("topics", message, ("topics",), WARNING, value=topic))
    return out


# "syntax" runs while reading the file (check_file); "ids" needs no parsed data.
DATA_RULES: dict[str, Rule] = {
    "schema": rule_schema,
    "dates": rule_dates,
    "related": rule_related,
    "status": rule_status,
    "quote": rule_quote,
    "topics": rule_topics,
}


def select_rules(only: Sequence[str] = (), skip: Sequence[str] = ()) -> tuple[str, ...]:
    """The rules to run: --rule narrows to the named ones, --skip removes; unknown names are usage errors."""
    for name in (*only, *skip):
        if name not in RULES:
            raise UsageError(f"unknown rule {name!r}: expected one of {', '.join(RULES)}")
    chosen = [r for r in RULES if not only or r in only]
    return tuple(r for r in chosen if r not in skip)


def check_file(path: Path, display: str, folder: Folder, rules: Sequence[str]) -> list[Diagnostic]:
    name = printable(path.name)
    rf = RecordFile(path, display, name[: -len(".toml")] if name.endswith(".toml") else name)
    out: list[Diagnostic] = []
    if "ids" in rules:
        out += rule_ids(rf, folder)
    try:
        rf.text = read_text(path, display)
        rf.lines = rf.text.splitlines()
        rf.data = parse_toml(rf.text, display)
    except RecordError as exc:
        if "syntax" in rules:
            message = exc.message.removeprefix("TOML syntax: ")
            message = message[:1].lower() + message[1:]
            out.append(rf.at("syntax", message, exc.line, exc.col, show=rf.text is not None))
        return out
    rf.problems = field_problems(rf.data)
    for name in rules:
        rule = DATA_RULES.get(name)
        if rule is not None:
            out += rule(rf, folder)
    order = {name: n for n, name in enumerate(RULES)}
    out.sort(key=lambda d: (d.line, d.col, order[d.rule]))
    return out


def check_paths(files: Sequence[tuple[Path, str]], folder: Folder, rules: Sequence[str] = RULES) -> CheckResult:
    """Check the given files (path, shown path) against one records folder."""
    result = CheckResult()
    for path, display in files:
        result.files += 1
        result.diagnostics += check_file(path, display, folder, rules)
    return result


# --- deciding what to check ----------------------------------------------------------------------


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _folder_of(path: Path) -> Path:
    """The records folder of a file checked outside the configured one: the nearest ancestor with a
    topics.md or sources/ (below any git root), else the folder itself or the file's folder."""
    start = path if path.is_dir() else path.parent
    for candidate in (start, *start.parents):
        if (candidate / VOCABULARY_FILE).is_file() or (candidate / SOURCES_FOLDER).is_dir():
            return candidate
        if (candidate / ".git").exists():
            break
    return start


def _shown(path: Path, cwd: Path) -> str:
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else ("." if rel == "." else rel)


def check_request(
    paths: Sequence[str], cwd: Path, records: tuple[Path, str] | None, rules: Sequence[str] = RULES
) -> CheckResult:
    """Check PATHs (files or folders), or the records folder when none are given.

    Cross-file rules (ids, related, topics, quote) always look at the whole records folder a file
    belongs to, so checking one staged file in a pre-commit hook still finds a duplicate elsewhere.
    """
    folders: dict[str, Folder] = {}

    def folder_for(root: Path, display: str) -> Folder:
        key = os.path.abspath(root)
        if key not in folders:
            folders[key] = Folder.scan(root, display)
        return folders[key]

    groups: dict[str, list[tuple[Path, str]]] = {}
    seen: set[str] = set()

    def add(root: Folder, file: Path, display: str) -> None:
        key = os.path.abspath(file)
        if key not in seen:
            seen.add(key)
            groups.setdefault(os.path.abspath(root.path), []).append((file, display))

    if not paths:
        if records is None:
            raise UsageError("no records folder: pass --records DIR, set JBZ_RECORDS, or give paths")
        root = folder_for(*records)
        for rel, file in iter_record_files(records[0]):
            add(root, file, join_display(records[1], rel))
    records_abs = os.path.abspath(records[0]) if records else None
    for typed in paths:
        target = Path(typed) if Path(typed).is_absolute() else cwd / typed
        if not os.path.lexists(target):
            raise UsageError(f"no such file or folder: {typed}")
        target_abs = os.path.abspath(target)
        if records is not None and records_abs is not None and _inside(target_abs, records_abs):
            root = folder_for(*records)
        else:
            found = _folder_of(target)
            root = folder_for(found, _shown(found, cwd))
        if target.is_dir():
            for rel, file in iter_record_files(target):
                add(root, file, join_display(typed, rel))
        else:
            add(root, target, typed)

    result = CheckResult()
    for key, files in groups.items():
        part = check_paths(files, folders[key], rules)
        result.files += part.files
        result.diagnostics += part.diagnostics
    return result


def write_diagnostics(result: CheckResult, fmt: str, out: TextIO) -> None:
    """Text for people and editors (path:line:col), json/jsonl for tools; nothing at all when clean."""
    if fmt == "json":
        json.dump([d.to_dict() for d in result.diagnostics], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for d in result.diagnostics:
            out.write(json.dumps(d.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "text":
        for d in result.diagnostics:
            out.write(d.headline() + "\n")
            if d.source_line is not None:
                out.write("    " + d.source_line + "\n")
    else:  # the CLI validates formats; this guards library callers
        raise ValueError(f"unknown format {fmt!r}")


def summary(result: CheckResult) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"{plural(result.errors, 'error')} and {plural(result.warnings, 'warning')} in {plural(result.files, 'file')}"
    )
