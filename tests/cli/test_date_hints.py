"""Every option that takes a date answers a date written another way with one line, exit 2, and its ISO form."""

from __future__ import annotations

from pathlib import Path

import pytest

# (arguments, where {d} goes the date; the records folder is appended). One row per date option or argument.
DATE_ARGS = [
    ["list", "--as-of", "{d}"],
    ["list", "--due-by", "{d}"],
    ["list", "--due-after", "{d}"],
    ["export", "ics", "--due-by", "{d}"],
    ["agenda", "--from", "{d}"],
    ["agenda", "--to", "{d}"],
    ["brief", "--as-of", "{d}"],
    ["brief", "--since", "{d}"],
    ["brief", "--until", "{d}"],
    ["summary", "--as-of", "{d}"],
    ["show", "ebsp", "--as-of", "{d}"],
    ["diff", "{d}", "2026-12"],
    ["diff", "2026-01", "{d}"],
    ["feed", "--since", "{d}"],
    ["report", "--period", "{d}"],
    ["followup", "iom-roadmap-march", "--note", "n", "--date", "{d}"],
    ["followup", "iom-roadmap-march", "--note", "n", "--due", "{d}"],
    ["add", "deadline", "--title", "t", "--no-input", "--due", "{d}"],
    ["add", "deadline", "--title", "t", "--no-input", "--next-check", "{d}"],
    ["add", "deadline", "--title", "t", "--no-input", "--source-date", "{d}"],
]
WRITTEN = [("31-12-2026", "2026-12-31"), ("dec 2026", "2026-12"), ("Q4 2026", "2026-Q4")]


@pytest.fixture
def records(basic_dir: Path) -> Path:
    return basic_dir


@pytest.mark.parametrize("args", DATE_ARGS, ids=lambda a: " ".join(w for w in a if w != "{d}"))
@pytest.mark.parametrize(("written", "iso"), WRITTEN, ids=[w for w, _ in WRITTEN])
def test_a_date_option_suggests_the_iso_form(invoke, records: Path, args: list[str], written: str, iso: str) -> None:
    before = {p.name: p.read_bytes() for p in records.rglob("*.toml")}
    result = invoke(*[written if a == "{d}" else a for a in args], "--records", str(records))
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("jbz: error: ")
    day_only = any(opt in args for opt in ("--as-of", "--date", "--source-date"))
    if day_only and len(iso) != 10:
        assert f"did you mean a day in {iso}, from " in lines[0]
    else:
        assert lines[0].endswith(f"did you mean '{iso}'?")
    assert {p.name: p.read_bytes() for p in records.rglob("*.toml")} == before  # nothing was written


def test_a_date_in_other_digits_is_refused_without_a_hint(invoke, records: Path) -> None:
    result = invoke("list", "--due-by", "２０２６-Q4", "--records", str(records))
    assert result.exit_code == 2
    assert "did you mean" not in result.stderr and len(result.stderr.splitlines()) == 1
