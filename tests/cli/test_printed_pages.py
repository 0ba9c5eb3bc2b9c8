"""How many A4 pages the printouts take: the bundled records' report and briefing printed to PDF by headless
Chromium, the pages counted, and held to what the README states (newcomer defect 8). Skips without Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

JBZ = installed_jbz(module_level=True)
README = Path(__file__).resolve().parents[2] / "README.md"
BROWSER = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no chromium or google-chrome on PATH")


def pages(args: tuple[str, ...], tmp_path: Path) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env["JBZ_TODAY"] = "2026-11-29"
    page = tmp_path / "page.html"
    assert subprocess.run([JBZ, *args, "-o", str(page)], cwd=tmp_path, env=env, timeout=120).returncode == 0
    pdf = tmp_path / "page.pdf"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer"]
    subprocess.run(
        [BROWSER, *flags, f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def test_the_period_report_prints_on_the_pages_the_readme_states(tmp_path: Path) -> None:
    stated = int(re.search(r"counts table first; (\d+) A4 pages for the 92 bundled records", README.read_text())[1])
    printed = pages(("report", "--period", "2026-H1", "--by", "actor"), tmp_path)
    assert stated - 1 <= printed <= stated  # fonts differ a little between machines; never more than stated


def test_the_compact_briefing_is_shorter_than_the_full_one(tmp_path: Path) -> None:
    stated = int(re.search(r"--compact -o brief\.html +# (\d+) A4 pages", README.read_text())[1])
    full = pages(("brief", "--since", "2026-11-01"), tmp_path)
    compact = pages(("brief", "--since", "2026-11-01", "--compact"), tmp_path)
    assert stated - 1 <= compact <= stated < full
