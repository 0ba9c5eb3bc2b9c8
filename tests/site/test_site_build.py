"""`jbz site` through the installed command: stable bytes, minimal rewrites, valid and accessible HTML, no broken
links, the JSON list shape, and the refusals that keep a user's files safe."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest

BUNDLED = Path(__file__).parents[2] / "records"
AS_OF = "2026-07-01"


class Page(HTMLParser):
    """The links, headings, table headers and lang attributes of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.headings: list[int] = []
        self.th_scopes: list[str | None] = []
        self.blockquote_langs: list[str | None] = []
        self.html_lang: str | None = None
        self.viewport = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key] or "")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "th":
            self.th_scopes.append(a.get("scope"))
        if tag == "blockquote":
            self.blockquote_langs.append(a.get("lang"))
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "meta" and a.get("name") == "viewport":
            self.viewport = True


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def build(jbz, records: Path, out: Path, *more: str):
    return jbz("site", "--records", str(records), "--as-of", AS_OF, "-o", str(out), *more, cwd=out.parent)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled records' site, built once for the read-only checks."""
    import os
    import subprocess

    from installed import installed_jbz

    root = tmp_path_factory.mktemp("site")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")} | {"JBZ_CACHE_DIR": str(root / ".cache")}
    args = [installed_jbz(), "site", "--records", str(BUNDLED), "--as-of", AS_OF, "-o", str(root / "site")]
    done = subprocess.run(args, capture_output=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    return root / "site"


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_records_and_day_give_the_same_bytes(jbz, tmp_path: Path, built: Path) -> None:
    again = tmp_path / "again"
    result = build(jbz, BUNDLED, again)
    assert result.returncode == 0, result.stderr.decode()
    assert files_of(again) == files_of(built)
    for text in (p.read_text(encoding="utf-8") for p in again.rglob("*.svg")):
        assert "Generated with pygal" not in text and "kozea.github.io" not in text  # no clock, no network


def test_a_rebuild_writes_nothing_and_a_change_rewrites_only_its_pages(jbz, tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(BUNDLED, records)
    out = tmp_path / "site"
    assert build(jbz, records, out).returncode == 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = build(jbz, records, out)
    assert again.returncode == 0
    assert "0 files written" in again.stderr.decode()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamps

    target = records / "32317-987" / "ebsp-negotiations-end-2026.toml"
    target.write_text(target.read_text(encoding="utf-8").replace("aims to conclude", "wants to conclude"), "utf-8")
    assert build(jbz, records, out).returncode == 0
    changed = {p.relative_to(out).as_posix() for p, t in stamps.items() if not p.exists() or p.stat().st_mtime_ns != t}
    assert "records/ebsp-negotiations-end-2026.html" in changed
    assert "topics/ebsp.html" in changed and "records.json" in changed
    assert "records/c7-priority-areas.html" not in changed  # an unrelated record's page is left alone
    assert "topics/drones.html" not in changed and "site.css" not in changed


def test_every_page_is_strict_html5_with_the_accessibility_basics(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        html5lib.HTMLParser(strict=True).parse(path.read_bytes())  # raises on any parse error
        page = parse(path)
        assert page.html_lang == "en", path
        assert page.viewport, path
        assert page.headings and page.headings[0] == 1, path
        assert all(b <= a + 1 for a, b in zip(page.headings, page.headings[1:], strict=False)), path  # no skipped level
        assert all(scope in ("col", "row") for scope in page.th_scopes), path
        assert all(lang == "nl" for lang in page.blockquote_langs), path
    record = (built / "records" / "ebsp-negotiations-end-2026.html").read_text(encoding="utf-8")
    assert '<blockquote lang="nl" cite="https://zoek.officielebekendmakingen.nl/kst-32317-987.html">' in record
    assert '<q lang="nl">voor het einde van 2026</q>' in record


def test_every_link_is_relative_and_reaches_a_file(built: Path) -> None:
    for path in sorted(built.rglob("*.html")):
        for link in parse(path).links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                continue  # the official letters
            assert not parts.scheme and not link.startswith("/"), f"{path}: {link} is not relative"
            if not parts.path:
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{path.relative_to(built)} links to a missing {link}"


def test_the_json_dump_is_the_list_shape(jbz, built: Path, tmp_path: Path) -> None:
    listed = jbz("list", "--json", "--records", str(BUNDLED), "--as-of", AS_OF, cwd=tmp_path)
    assert listed.returncode == 0
    assert (built / "records.json").read_bytes() == listed.stdout
    assert {r["id"] for r in json.loads(listed.stdout)} == {p.stem for p in (built / "records").glob("*.html")}
    feed = (built / "feed.atom").read_bytes()
    assert feed.startswith(b"<?xml") and b"<feed" in feed
    assert (built / "calendar.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_the_charts_have_their_numbers_beside_them(built: Path) -> None:
    page = (built / "charts.html").read_text(encoding="utf-8")
    for key in ("per-month",):
        assert f'src="charts/{key}.svg"' in page
        assert (built / "charts" / f"{key}.svg").read_bytes().startswith(b"<?xml")
    assert page.count('<table class="data">') == page.count("<img ")
    assert '<th scope="row">July 2026</th>' in page


def test_the_as_of_day_decides_what_the_pages_show(jbz, tmp_path: Path, built: Path) -> None:
    before = tmp_path / "before"
    assert (
        jbz(
            "site", "--records", str(BUNDLED), "--as-of", "2026-01-15", "-o", str(before), "--no-search", cwd=tmp_path
        ).returncode
        == 0
    )
    assert "as they stood on 2026-01-15" in (before / "index.html").read_text(encoding="utf-8")
    overdue = re.compile(r"Overdue \((\d+)\)")
    (early,) = overdue.findall((before / "index.html").read_text(encoding="utf-8"))
    (late,) = overdue.findall((built / "index.html").read_text(encoding="utf-8"))
    assert int(early) < int(late)  # deadlines passed between the two days


def test_a_folder_of_other_files_is_refused_and_left_alone(jbz, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = build(jbz, BUNDLED, out)
    assert result.returncode == 2
    assert "holds files that jbz did not write" in result.stderr.decode()
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_a_base_url_must_be_a_web_address(jbz, tmp_path: Path) -> None:
    result = build(jbz, BUNDLED, tmp_path / "site", "--base-url", "javascript:alert(1)")
    assert result.returncode == 2 and "--base-url" in result.stderr.decode()
    ok = build(jbz, BUNDLED, tmp_path / "site", "--base-url", "https://example.org/jbz", "--title", "Tracker <JBZ>")
    assert ok.returncode == 0
    front = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/jbz/index.html">' in front
    assert "Tracker &lt;JBZ&gt;" in front and "<JBZ>" not in front  # the title is text, never markup


def test_without_search_the_site_says_so_and_has_no_index(jbz, tmp_path: Path) -> None:
    result = build(jbz, BUNDLED, tmp_path / "site", "--no-search")
    assert result.returncode == 0
    assert not (tmp_path / "site" / "pagefind").exists()
    assert "built without search" in (tmp_path / "site" / "search.html").read_text(encoding="utf-8")


def test_a_missing_pagefind_still_builds_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from jbz_cli.core.horizon import Settings
    from jbz_cli.site import build as site_build
    from jbz_cli.store.files import load_records, resolve_records_dir

    monkeypatch.setattr(site_build, "pagefind_executable", lambda: None)
    loaded = load_records(resolve_records_dir(str(BUNDLED), {}, tmp_path))
    built = site_build.build(loaded.records, [], Settings(date(2026, 7, 1)), tmp_path / "site")
    assert not built.search and built.records == len(loaded.records)
    assert "built without search" in (tmp_path / "site" / "search.html").read_text(encoding="utf-8")


def test_history_and_charts_come_from_the_replay(jbz, cycle_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    done = jbz(
        "site", "--records", str(cycle_dir), "--as-of", "2026-11-29", "-o", str(out), "--no-search", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr.decode()
    page = (out / "records" / "beta-revised.html").read_text(encoding="utf-8")
    history = page[page.index("<h2>History</h2>") :]
    assert "2026-02-20</strong> · Pilot delayed" in history and "due 2026-02 -&gt; 2026-05" in history
    assert "status -&gt; done; evidence: Kamerstuk 32 317, nr. 998" in history
    assert '<span lang="nl">(register: Afgedaan)</span>' in history
    charts = (out / "charts.html").read_text(encoding="utf-8")
    assert '<tr><th scope="row">Minister of Justice</th><td>1</td></tr>' in charts  # the slip in February
    assert '<tr><th scope="row">February 2026</th>' in charts  # the months start with the first record


def test_a_council_page_shows_what_its_letters_added(built: Path) -> None:
    page = (built / "councils" / "2025-12-08.html").read_text(encoding="utf-8")
    assert "<h1>The JBZ Council of 8-9 December 2025 in Brussel</h1>" in page
    added = re.search(r"<h2>Added by its letters \((\d+)\)</h2>", page)
    assert added and int(added.group(1)) == len(list((built / "records").glob("*.html")))
    assert 'href="../records/ebsp-negotiations-end-2026.html"' in page


def test_a_topic_page_says_what_the_topic_means(built: Path) -> None:
    page = (built / "topics" / "ebsp.html").read_text(encoding="utf-8")
    assert "EU–US Enhanced Border Security Partnership for the US Visa Waiver Programme" in page


def axis_labels(svg: str, axis: str) -> list[str]:
    found = re.search(rf'<g class="axis {axis}[^"]*">(.*?)</g></g>', svg, re.S)
    assert found, f"no {axis} axis"
    return re.findall(r"<text[^>]*>([^<]*)</text>", found.group(1))


def test_chart_axes_count_in_whole_numbers_and_month_labels_do_not_crowd(jbz, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = jbz(
        "site", "--records", str(BUNDLED), "--as-of", "2029-07-01", "--no-search", "-o", str(out), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr.decode()
    monthly = (out / "charts" / "per-month.svg").read_text(encoding="utf-8")
    months = axis_labels(monthly, "x")
    assert 2 <= len(months) <= 12, months  # every month is in the table beside the chart
    counts = axis_labels(monthly, "y") + axis_labels((out / "charts" / "on-time.svg").read_text(encoding="utf-8"), "x")
    assert counts and all(re.fullmatch(r"\d+", label) for label in counts), counts
