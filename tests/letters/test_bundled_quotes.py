"""Bundled quotes read as the letter was written: no line-break hyphens, no footnote digits."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

RECORDS = Path(__file__).resolve().parents[2] / "records"
QUOTES = {
    path.stem: tomllib.loads(path.read_text(encoding="utf-8")).get("source", {}).get("quote", "")
    for path in sorted(RECORDS.rglob("*.toml"))
}
# "anti- corruptie": a hyphen, a space, then a word that is not a conjunction ("asiel- en migratie" is Dutch).
LINE_BREAK = re.compile(r"\w- (?!(?:en|of|tot)\b)\w")
# "insolventierecht12", "lidstaten5": a footnote number glued to a word.
FOOTNOTE = re.compile(r"[a-z]{3}\d{1,2}\b")


@pytest.mark.parametrize("record_id", sorted(QUOTES))
def test_quote_has_no_layout_artifacts(record_id: str) -> None:
    quote = QUOTES[record_id]
    assert not LINE_BREAK.search(quote), f"line-break artifact in {record_id}: {LINE_BREAK.search(quote)[0]!r}"
    assert not FOOTNOTE.search(quote), f"footnote digits in {record_id}: {FOOTNOTE.search(quote)[0]!r}"


def test_check_still_finds_the_cleaned_quotes_in_the_letter(invoke) -> None:
    result = invoke("check", str(RECORDS), "--rule", "quote")
    assert result.exit_code == 0, result.output
