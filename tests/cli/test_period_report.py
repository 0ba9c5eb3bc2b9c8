"""`jbz report --period`: each case of the hand-built records lands in the right section, in md, json and html."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

H1 = ("report", "--period", "2026-H1", "--as-of", "2026-11-29")


def report_json(jbz, cycle_dir: Path, *args: str) -> dict:
    result = jbz(*H1, "--records", str(cycle_dir), "--format", "json", *args, cwd=cycle_dir.parent)
    assert (result.returncode, result.stderr) == (0, b"")
    return json.loads(result.stdout)


def ids(group: dict, section: str) -> list[str]:
    return [e["id"] for e in group[section]]


def test_json_has_one_object_per_group_with_the_sections(cycle_dir: Path, jbz) -> None:
    data = report_json(jbz, cycle_dir)
    assert (data["period"], data["from"], data["to"], data["partial"]) == ("2026-H1", "2026-01-01", "2026-06-30", False)
    groups = {g["group"]: g for g in data["groups"]}
    assert list(groups) == ["European Commission", "Minister for Asylum", "Minister of Justice"]
    for group in data["groups"]:
        assert set(group) == {"group", "open", "became_overdue", "closed", "slipped", "stale"}

    justice, asylum, commission = (
        groups["Minister of Justice"],
        groups["Minister for Asylum"],
        groups["European Commission"],
    )
    closed = {e["id"]: e["timeliness"] for g in data["groups"] for e in g["closed"]}
    assert closed == {"alpha-ontime": "on_time", "beta-revised": "on_time_revised", "gamma-late": "late"}
    beta = next(e for e in justice["closed"] if e["id"] == "beta-revised")
    assert (beta["original_due"], beta["revised_due"], beta["date"]) == ("2026-02", "2026-05", "2026-04-15")

    assert justice["slipped"] == [
        {"id": "beta-revised", "title": "Report on the Eurodac pilot", "date": "2026-02-20", "from": "2026-02",
         "to": "2026-05", "from_by": "2026-02-28", "to_by": "2026-05-31"}
    ]  # fmt: skip
    assert [(e["id"], e["date"]) for e in asylum["became_overdue"]] == [
        ("gamma-late", "2026-04-01"),
        ("delta-overdue", "2026-05-01"),
    ]
    assert ids(asylum, "open") == ["delta-overdue"]
    delta = asylum["open"][0]
    assert (delta["overdue"], delta["created"], delta["age_days"]) == (True, "2025-12-01", 211)
    assert ids(justice, "stale") == ["epsilon-stale"]
    assert justice["stale"][0]["days"] == 241
    assert ids(asylum, "stale") == ["delta-overdue"]  # last follow-up 10 February: 140 days
    assert ids(commission, "stale") == []  # a follow-up on 10 June
    assert ids(commission, "open") == ["zeta-commission"]


def test_stale_threshold_is_an_option(cycle_dir: Path, jbz) -> None:
    data = report_json(jbz, cycle_dir, "--stale-days", "200")
    stale = [e["id"] for g in data["groups"] for e in g["stale"]]
    assert stale == ["epsilon-stale"]


def test_group_by_topic_and_by_addressee(cycle_dir: Path, jbz) -> None:
    by_topic = report_json(jbz, cycle_dir, "--by", "topic")
    names = [g["group"] for g in by_topic["groups"]]
    assert names == ["asset-recovery", "c7", "ebsp", "eurodac", "morocco", "return-hubs"]
    by_addressee = report_json(jbz, cycle_dir, "--by", "promised_to")
    names = [g["group"] for g in by_addressee["groups"]]
    assert names == ["Eerste Kamer", "Tweede Kamer", "(none)"]
    eerste = by_addressee["groups"][0]
    assert ids(eerste, "closed") == ["beta-revised"]


def test_markdown_names_each_case_in_words(cycle_dir: Path, jbz) -> None:
    result = jbz(*H1, "--records", str(cycle_dir), cwd=cycle_dir.parent)
    assert result.returncode == 0
    text = result.stdout.decode()
    assert text.startswith("# JBZ period report 2026-H1, by actor\n")
    assert "## Minister of Justice" in text
    assert "(`alpha-ontime`): done on 2026-03-20, on time against the original due date; due 2026-03" in text
    assert (
        "(`beta-revised`): done on 2026-04-15, on time against the revised due date only; due 2026-02, revised to 2026-05"
        in text
    )
    assert "(`gamma-late`): done on 2026-05-02, late; due 2026-03-31" in text
    assert "(`beta-revised`): due 2026-02 (by 2026-02-28) moved to 2026-05 (by 2026-05-31) on 2026-02-20" in text
    assert "(`epsilon-stale`): open; last news 2025-11-01, 241 days before the end of the period" in text
    assert "(`delta-overdue`): open, due 2026-04 (by 2026-04-30), overdue; 211 days old" in text
    assert "**Letter on return hubs \\<draft \\& final>**" in text  # record text cannot inject markup


def test_a_period_still_running_stops_at_the_as_of_day(cycle_dir: Path, jbz) -> None:
    result = jbz("report", "--period", "2026-H1", "--as-of", "2026-04-20", "--records", str(cycle_dir), "-f", "json",
                 cwd=cycle_dir.parent)  # fmt: skip
    data = json.loads(result.stdout)
    assert (data["to"], data["partial"]) == ("2026-04-20", True)
    closed = sorted(e["id"] for g in data["groups"] for e in g["closed"])
    assert closed == ["alpha-ontime", "beta-revised"]  # gamma closed in May


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "2026-Q5"), "jbz: error: --period: invalid due date"),
        (("--period", "2026-H1", "--by", "colour"), "jbz: error: --by 'colour'"),
        (("--period", "2026-H1", "--format", "pdf"), "jbz: error: report cannot be written as 'pdf'"),
        (("--period", "2027", "--as-of", "2026-11-29"), "jbz: error: --period 2027 starts on 2027-01-01"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cycle_dir: Path, jbz, args: tuple[str, ...], message: str) -> None:
    result = jbz("report", *args, "--records", str(cycle_dir), cwd=cycle_dir.parent)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert err.startswith(message) and err.count("\n") == 1, err


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_one_self_contained_a4_page_with_escaped_text(cycle_dir: Path, jbz) -> None:
    out = cycle_dir.parent / "report.html"
    result = jbz(*H1, "--records", str(cycle_dir), "-o", str(out), cwd=cycle_dir.parent)
    assert (result.returncode, result.stdout) == (0, b"")
    page = out.read_text(encoding="utf-8")
    assert "@page { size: A4" in page
    assert "<script" not in page and "<link" not in page and "src=" not in page and "url(" not in page
    assert "Letter on return hubs &lt;draft &amp; final&gt;" in page
    parsed = _Collect()
    parsed.feed(page)
    assert "draft" not in parsed.tags
    assert "Letter on return hubs <draft & final>" in "".join(parsed.text)


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def test_html_renders_in_a_real_browser_engine(cycle_dir: Path, jbz, tmp_path: Path) -> None:
    browser = _browser()
    if browser is None:
        pytest.skip("no chromium or google-chrome on PATH")
    page = tmp_path / "report.html"
    assert jbz(*H1, "--records", str(cycle_dir), "-o", str(page), cwd=cycle_dir.parent).returncode == 0
    pdf = tmp_path / "report.pdf"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    run = subprocess.run(
        [browser, *flags, f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    assert pdf.is_file() and pdf.stat().st_size > 1000
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", data)
    assert boxes and all(round(float(w)) == 595 and round(float(h)) == 842 for w, h in boxes)  # A4 in points


def test_a_period_with_nothing_to_report_says_so(cycle_dir: Path, jbz) -> None:
    result = jbz(
        "report", "--period", "2024", "--records", str(cycle_dir), "--as-of", "2026-11-29", cwd=cycle_dir.parent
    )
    assert result.returncode == 0
    assert result.stdout.decode().splitlines()[-1] == "_Nothing to report for this period._"
    data = report_json(jbz, cycle_dir)
    assert data["groups"]  # and the json of a busy period is not empty
