"""`jbz brief`: the sections, the source of every item, and text that must stay text in each format."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from jbz_cli.core.brief import build_briefing
from jbz_cli.core.query import Settings
from jbz_cli.store.files import RecordsDir, load_records
from tests.conftest import FIXTURES

AS_OF = "2026-11-29"
BOX_CHARS = re.compile("[\u2500-\u257f]")


@pytest.fixture
def records(basic_dir: Path) -> Path:
    for path in (FIXTURES / "export").glob("*.toml"):
        shutil.copy(path, basic_dir / path.name)
    return basic_dir


def brief(invoke, records: Path, *args: str) -> str:
    result = invoke("brief", "--records", str(records), "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def section(text: str, heading: str) -> str:
    """The text from a heading to the next heading of the same level."""
    start = text.index(heading)
    rest = text[start + len(heading) :]
    nxt = re.search(r"\n## |\n<h2>|\n[A-Z][^\n]*\n-{3,}\n", rest)
    return rest[: nxt.start()] if nxt else rest


def test_builder_sorts_items_into_sections(records: Path) -> None:
    loaded = load_records(RecordsDir(records, "records", "option"))
    b = build_briefing(loaded.records, Settings(date(2026, 11, 29)), since=date(2026, 11, 10))
    assert [i.record.id for i in b.overdue] == ["c7-action-plan"]
    assert [i.record.id for i in b.awaiting] == ["pool-dutch-contribution", "ebsp-keep-kamer-informed"]
    assert [i.record.id for i in b.upcoming] == ["bad-link", "schengen-evaluation-belgie", "pool-dutch-contribution"]
    assert [c.item.record.id for c in b.changed] == ["schengen-evaluation-belgie"]
    assert b.until == date(2026, 12, 29)
    assert b.reasons["ebsp-keep-kamer-informed"] == "no news since 2025-12-17 (347 days)"


def test_since_selects_the_follow_ups_logged_on_or_after_it(invoke, records: Path) -> None:
    changed = section(brief(invoke, records, "--since", "2026-11-10"), "## Changed since 2026-11-10 (1)")
    assert "schengen-evaluation-belgie" in changed
    assert "europol-mandate-q1" not in changed
    # An imprecise --since starts at the first day of its window.
    changed = section(brief(invoke, records, "--since", "2026-11"), "## Changed since 2026-11-01 (2)")
    assert "europol-mandate-q1" in changed
    assert "2026-11-05: Presidency tabled a compromise text (due 2026-Q4 -> 2027-Q1)" in changed
    # The default looks back 30 days from the as-of date.
    assert "## Changed since 2026-10-30 (2)" in brief(invoke, records)


def test_until_bounds_what_falls_due(invoke, records: Path) -> None:
    upcoming = section(brief(invoke, records, "--until", "2026-12-05"), "## Due by 2026-12-05 (1)")
    assert "bad-link" in upcoming
    assert "schengen-evaluation-belgie" not in upcoming
    assert "## Due by 2027-03-31 (7)" in brief(invoke, records, "--until", "2027-Q1")


def test_markdown_has_sections_sources_and_escaped_cells(invoke, records: Path) -> None:
    md = brief(invoke, records, "--since", "2026-11-01")
    for heading in (
        "# JBZ briefing, as of 2026-11-29",
        "## Overdue (1)",
        "## Awaiting follow-up (2)",
        "## Due by 2026-12-29 (3)",
        "## Changed since 2026-11-01 (2)",
    ):
        assert f"\n{heading}\n" in f"\n{md}"
    row = next(line for line in md.splitlines() if "`schengen-evaluation-belgie`" in line)
    # Four columns: exactly five unescaped pipes, whatever the title and quote contain.
    assert len(re.findall(r"(?<!\\)\|", row)) == 5
    assert "Belgium \\| France \\*before\\* the \\<script>alert(1)\\</script> Council" in row
    assert "Minister of Justice \\& Security" in row
    assert "[Kamerstuk 32 317, nr. 987](https://zoek.officielebekendmakingen.nl/kst-32317-987.html)" in row
    assert "Schengen \\| evaluaties" in row
    bad = next(line for line in md.splitlines() if "`bad-link`" in line)
    assert "javascript" not in bad and "](" not in bad


def test_text_is_plain_and_carries_every_source(invoke, records: Path) -> None:
    text = brief(invoke, records, "--format", "text", "--since", "2026-11-01")
    assert not BOX_CHARS.search(text)
    assert "\x1b" not in text
    for heading in ("Overdue (1)", "Awaiting follow-up (2)", "Due by 2026-12-29 (3)", "Changed since 2026-11-01 (2)"):
        assert f"\n{heading}\n{'-' * len(heading)}\n" in text
    overdue = " ".join(section(text, "Overdue (1)").split())  # lines are folded for mail (72 columns)
    flat = " ".join(text.split())
    assert "id: c7-action-plan; deadline; open, overdue; due: first half of 2026 (by 2026-06-30)" in overdue
    assert "source: Kamerstuk 32 317, nr. 987, 2025-12-17" in overdue
    assert (
        "source: Kamerstuk 32 317, nr. 987, 2025-12-17, Schengen | evaluaties "
        "<https://zoek.officielebekendmakingen.nl/kst-32317-987.html>" in flat
    )


def test_html_is_self_contained_escaped_and_printable(invoke, records: Path) -> None:
    page = brief(invoke, records, "--format", "html", "--since", "2026-11-01")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"<link|\bsrc=|@import|url\(", page)
    assert "@media print" in page and "break-inside: avoid" in page and "size: A4" in page
    assert [h for h in re.findall(r'href="([^"#][^"]*)"', page)] == [
        "https://zoek.officielebekendmakingen.nl/kst-32317-987.html"
    ] * 3
    for anchor in ("overdue", "awaiting", "upcoming", "changed"):
        assert f'<section id="{anchor}">' in page
    assert '<article class="item overdue" id="c7-action-plan">' in page
    assert "<h2>Changed since 2026-11-01 (2)</h2>" in page


def test_format_follows_the_output_extension(invoke, records: Path, tmp_path: Path) -> None:
    target = tmp_path / "brief.html"
    result = invoke("brief", "--records", str(records), "--as-of", AS_OF, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_bad_options_are_usage_errors(invoke, records: Path) -> None:
    for args in (["--format", "pdf"], ["--until", "2026-01-01"], ["--since", "2027-01-01"], ["--since", "soon"]):
        result = invoke("brief", "--records", str(records), "--as-of", AS_OF, *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("jbz: error: ")


def test_markdown_renders_as_tables_with_literal_text(invoke, records: Path) -> None:
    """Render with a CommonMark parser that has GitHub's tables (markdown-it-py comes with rich)."""
    markdown_it = pytest.importorskip("markdown_it")
    page = markdown_it.MarkdownIt("commonmark").enable("table").render(brief(invoke, records, "--since", "2026-11-01"))
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", page, re.S) if "<td" in r]
    assert len(rows) == 1 + 2 + 3 + 2 + 1  # the counts row, then each section's items
    assert all(len(re.findall("<td", r)) == 4 for r in rows[1:])
    assert "<script" not in page
    assert "Belgium | France *before* the &lt;script&gt;alert(1)&lt;/script&gt; Council" in page
    assert "één regel met een \\ en een | en *sterren* en _lage_ streepjes." in page
