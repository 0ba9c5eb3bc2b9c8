"""Checks on the records bundled in records/: valid, sourced, quoted verbatim, well-topiced.

These tests read the TOML files directly (tomllib) rather than through the jbz loader, so a
record that the loader would silently skip still fails here, with the file named.
"""

from __future__ import annotations

import datetime
import importlib.util
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from jbz_cli.check.sources import SourceText
from jbz_cli.core.quotes import contains_quote, find_quote_line, normalise

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "records"
SOURCES = RECORDS / "sources"
KINDS = {"decision", "commitment", "deadline"}
STATUSES = {"open", "waiting", "partial", "done", "missed", "dropped"}
DUE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?|-Q[1-4]|-H[12])?$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TOPIC_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*$")
SECTION_SEPARATOR = " – "
MIN_RECORDS = 35


def _record_files() -> list[Path]:
    files = []
    for path in sorted(RECORDS.rglob("*.toml")):
        if any(part.startswith(".") for part in path.relative_to(RECORDS).parts):
            continue
        if path.relative_to(RECORDS).as_posix() in ("councils.toml", "jbz.toml"):  # meetings, settings: no records
            continue
        files.append(path)
    return files


RECORD_FILES = _record_files()


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _topic_rows(path: Path) -> set[tuple[str, str, str]]:
    rows = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        match = TOPIC_ROW.match(line.strip())
        if match:
            rows.add((match.group(1), match.group(2), match.group(3)))
    return rows


TOPIC_ROWS = _topic_rows(RECORDS / "topics.md")
TOPIC_TYPES = {topic: kind for topic, kind, _ in TOPIC_ROWS}
DOSSIERS = {topic for topic, kind in TOPIC_TYPES.items() if kind == "dossier"}
THEMES = {topic for topic, kind in TOPIC_TYPES.items() if kind == "theme"}


def _source_file(source: dict[str, Any]) -> Path:
    """The stored text of a record's source: records/sources/<last part of the url>.txt."""
    stem = str(source.get("url", "")).rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
    return SOURCES / f"{stem}.txt"


def _section_start(normalised_text: str, section: str) -> int:
    """Position of a section path such as "II. Justitie – 6. Any other business – a. ...", or -1."""
    position = 0
    for part in section.split(SECTION_SEPARATOR):
        position = normalised_text.find(normalise(part), position)
        if position < 0:
            return -1
    return position


@pytest.fixture(scope="module")
def records() -> dict[str, dict[str, Any]]:
    return {path.stem: _load(path) for path in RECORD_FILES}


# ---------------------------------------------------------------- the set as a whole


def test_there_are_enough_records() -> None:
    assert len(RECORD_FILES) >= MIN_RECORDS, f"only {len(RECORD_FILES)} records under records/"


def test_ids_are_unique() -> None:
    seen: dict[str, list[str]] = {}
    for path in RECORD_FILES:
        seen.setdefault(path.stem, []).append(_rel(path))
    duplicates = {stem: paths for stem, paths in seen.items() if len(paths) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"


def test_vocabulary_is_well_formed() -> None:
    assert DOSSIERS, "records/topics.md lists no dossier topics"
    assert THEMES, "records/topics.md lists no theme topics"
    bad_types = sorted(topic for topic, kind in TOPIC_TYPES.items() if kind not in {"dossier", "theme"})
    assert not bad_types, f"topics with a type other than dossier or theme: {bad_types}"
    bad_names = sorted(topic for topic in TOPIC_TYPES if not SLUG.match(topic))
    assert not bad_names, f"topics that are not slugs: {bad_names}"
    assert len(TOPIC_TYPES) == len(TOPIC_ROWS), "a topic is listed twice in records/topics.md"


def test_docs_and_records_list_the_same_topics() -> None:
    docs_rows = _topic_rows(ROOT / "docs" / "topics.md")
    assert docs_rows == TOPIC_ROWS, (
        f"only in docs/topics.md: {sorted(docs_rows - TOPIC_ROWS)}; "
        f"only in records/topics.md: {sorted(TOPIC_ROWS - docs_rows)}"
    )


def test_every_topic_is_used(records: dict[str, dict[str, Any]]) -> None:
    used = {topic for data in records.values() for topic in data.get("topics", [])}
    unused = sorted(set(TOPIC_TYPES) - used)
    assert not unused, f"topics in records/topics.md that no record uses: {unused}"


def test_every_quote_is_in_its_source(records: dict[str, dict[str, Any]]) -> None:
    """One assertion for all records, so a broken letter text shows every affected file at once."""
    texts: dict[Path, str] = {}
    failures = []
    for path in RECORD_FILES:
        source = records[path.stem].get("source", {})
        quote = source.get("quote", "")
        text_path = _source_file(source)
        if not text_path.is_file():
            failures.append(f"{_rel(path)}: no stored source text {_rel(text_path)}")
            continue
        text = texts.setdefault(text_path, text_path.read_text(encoding="utf-8"))
        # Quotes leave out footnote numbers ("insolventierecht12"), as jbz check allows.
        if not contains_quote(text, quote) and not SourceText(normalise(text)).contains(normalise(quote)):
            failures.append(f"{_rel(path)}: quote not found in {_rel(text_path)}: {quote[:80]!r}")
    assert not failures, "quotes not found:\n" + "\n".join(failures)


def test_every_quote_stands_under_its_section(records: dict[str, dict[str, Any]]) -> None:
    """The section path must be found in the source, and the quote after its heading."""
    texts: dict[Path, str] = {}
    failures = []
    for path in RECORD_FILES:
        source = records[path.stem].get("source", {})
        text_path = _source_file(source)
        if not text_path.is_file():
            continue  # reported by test_every_quote_is_in_its_source
        text = texts.setdefault(text_path, SourceText(normalise(text_path.read_text(encoding="utf-8"))).unmarked)
        start = _section_start(text, str(source.get("section", "")))
        if start < 0:
            failures.append(f"{_rel(path)}: section not found: {source.get('section')!r}")
        elif normalise(str(source.get("quote", ""))) not in text[start:]:
            failures.append(f"{_rel(path)}: quote does not stand under {source.get('section')!r}")
    assert not failures, "\n".join(failures)


def test_letter_table_is_up_to_date() -> None:
    script = ROOT / "scripts" / "letter_table.py"
    spec = importlib.util.spec_from_file_location("letter_table", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "docs" / "letter-32317-987.md").read_text(encoding="utf-8")
    assert module.render() == committed, "docs/letter-32317-987.md is stale: run python scripts/letter_table.py"


def test_find_quote_line_locates_a_bundled_quote() -> None:
    text = (SOURCES / "kst-32317-987.txt").read_text(encoding="utf-8")
    quote = "De Commissie wenst daarom voor het einde van 2026 de onderhandelingen met de VS over de kaderovereenkomst af te ronden."
    line = find_quote_line(text, quote)
    assert line is not None
    assert "De Commissie wenst daarom" in text.splitlines()[line - 1]


# ---------------------------------------------------------------- each record


@pytest.fixture(params=RECORD_FILES, ids=[_rel(path) for path in RECORD_FILES])
def record(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    path: Path = request.param
    try:
        return path.stem, _load(path)
    except tomllib.TOMLDecodeError as error:
        pytest.fail(f"{_rel(path)} does not parse: {error}")


def test_record_id_is_a_slug(record: tuple[str, dict[str, Any]]) -> None:
    record_id, _ = record
    assert SLUG.match(record_id), f"id {record_id!r} is not a lowercase slug"


def test_record_required_fields(record: tuple[str, dict[str, Any]]) -> None:
    _, data = record
    assert data.get("kind") in KINDS, f"kind {data.get('kind')!r}"
    assert isinstance(data.get("title"), str) and data["title"].strip(), "empty title"
    if "status" in data:
        assert data["status"] in STATUSES, f"status {data['status']!r}"
    for field in ("summary", "actor", "promised_to"):
        if field in data:
            assert isinstance(data[field], str) and data[field].strip(), f"{field} must be a non-empty string"
    assert "next_check" not in data, "next_check is a user's chase date and is not taken from a letter"


def test_record_source(record: tuple[str, dict[str, Any]]) -> None:
    _, data = record
    source = data.get("source")
    assert isinstance(source, dict), "no [source] table"
    for field in ("document", "section", "url", "quote"):
        assert isinstance(source.get(field), str) and source[field].strip(), f"source.{field} missing or empty"
    assert type(source.get("date")) is datetime.date, "source.date must be a TOML date"
    assert source["url"].startswith("https://"), "source.url must be an https address"
    assert "\ufffd" not in source["quote"], "quote contains a U+FFFD bullet"


def test_record_due(record: tuple[str, dict[str, Any]]) -> None:
    _, data = record
    if "due" not in data:
        return
    due = data["due"]
    if type(due) is datetime.date:
        return
    assert isinstance(due, str) and DUE.match(due), f"due {due!r} is outside the grammar"
    if len(due) == 10:
        datetime.date.fromisoformat(due)  # rejects 2026-02-30


def test_record_topics(record: tuple[str, dict[str, Any]]) -> None:
    record_id, data = record
    topics = data.get("topics")
    assert isinstance(topics, list) and topics, "no topics"
    unknown = [topic for topic in topics if topic not in TOPIC_TYPES]
    assert not unknown, f"topics not in records/topics.md: {unknown}"
    assert len(topics) == len(set(topics)), "a topic is repeated"
    dossiers = [topic for topic in topics if topic in DOSSIERS]
    assert len(dossiers) == 1, f"needs exactly one dossier topic, has {dossiers}"
    assert topics[0] == dossiers[0], "the dossier topic comes first"
    assert any(topic in THEMES for topic in topics), "needs at least one theme topic"
    dossier = dossiers[0]
    assert record_id == dossier or record_id.startswith(dossier + "-"), f"id does not start with dossier {dossier!r}"


def test_record_related(record: tuple[str, dict[str, Any]], records: dict[str, dict[str, Any]]) -> None:
    record_id, data = record
    related = data.get("related", [])
    assert isinstance(related, list), "related must be a list"
    missing = [other for other in related if other not in records]
    assert not missing, f"related ids that do not exist: {missing}"
    assert record_id not in related, "a record is not related to itself"


def test_record_followups(record: tuple[str, dict[str, Any]]) -> None:
    _, data = record
    followups = data.get("followup", [])
    assert isinstance(followups, list), "followup must be an array of tables"
    dates = []
    for entry in followups:
        assert type(entry.get("date")) is datetime.date, "followup.date must be a TOML date"
        if "status" in entry:
            assert entry["status"] in STATUSES, f"followup status {entry['status']!r}"
        dates.append(entry["date"])
    assert dates == sorted(dates), "follow-ups are oldest first"
