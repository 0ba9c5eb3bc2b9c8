"""Regenerate docs/letter-32317-987.md, the table of records taken from one letter.

Run from anywhere:  python scripts/letter_table.py

The table is generated rather than hand-written so that it can never drift from
the records; a test fails when the committed file is out of date.
"""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "records" / "32317-987"
SOURCE = ROOT / "records" / "sources" / "kst-32317-987.txt"
OUTPUT = ROOT / "docs" / "letter-32317-987.md"
SECTION_SEPARATOR = " – "


def _load_quotes() -> ModuleType:
    """Load jbz_cli/core/quotes.py by path, so that the CLI's dependencies are not needed."""
    spec = importlib.util.spec_from_file_location("_jbz_quotes", ROOT / "jbz_cli" / "core" / "quotes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def section_position(normalised_letter: str, section: str, normalise) -> int:
    """Return where a section heading stands in the letter, or a large number if not found.

    A section such as "I. Binnenlandse Zaken – 4. Terugkeerverordening" is a path of
    headings; each part is searched after the previous one, so repeated headings like
    "Any other business" resolve to the right part of the letter.
    """
    position = 0
    for part in section.split(SECTION_SEPARATOR):
        found = normalised_letter.find(normalise(part), position)
        if found < 0:
            return sys.maxsize
        position = found
    return position


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def render() -> str:
    """Return the Markdown text of docs/letter-32317-987.md."""
    quotes = _load_quotes()
    letter = quotes.normalise(SOURCE.read_text(encoding="utf-8"))
    rows = []
    for path in RECORDS.glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        section = data.get("source", {}).get("section", "")
        default_status = "done" if data.get("kind") == "decision" else "open"
        rows.append(
            (
                section_position(letter, section, quotes.normalise),
                path.stem,
                data.get("kind", ""),
                data.get("due", ""),
                data.get("status", default_status),
                data.get("title", ""),
            )
        )
    rows.sort(key=lambda row: (row[0], row[1]))
    lines = [
        "# Records from Kamerstuk 32 317, nr. 987 (17 December 2025)",
        "",
        "Every record taken from the letter on the JHA Council of 8 and 9 December 2025, in the order",
        "of the sections of the letter and by id within a section; status is as of the letter's date.",
        "This file is generated from `records/32317-987/`: do not edit it, run",
        "`python scripts/letter_table.py` instead.",
        "",
        f"{len(rows)} records.",
        "",
        "| id | kind | due | status | title |",
        "|---|---|---|---|---|",
    ]
    for _, record_id, kind, due, status, title in rows:
        lines.append(f"| `{record_id}` | {_cell(kind)} | {_cell(due)} | {_cell(status)} | {_cell(title)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
