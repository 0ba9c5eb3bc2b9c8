"""An entry the register gives no status it knows is held back from open work until asked for.

Runs the installed `jbz` as a clerk would: import a page with an empty status (tz202511-006, `"Status": null`),
then ask for open and awaiting work with and without the index, and through the summary.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHAPES = Path(__file__).parent / "fixtures" / "shapes"
HELD = "tz202511-006"  # expanded.json's entry with "Status": null; open and awaiting follow-up on DAY
DAY = "2026-12-04"


@pytest.fixture
def folder(jbz, tmp_path: Path) -> Path:
    (tmp_path / "records").mkdir()
    done = jbz("import", "tk", str(SHAPES / "expanded.json"), "--records", "records", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    return tmp_path


def ids(jbz, cwd: Path, *args: str) -> list[str]:
    result = jbz("list", "--records", "records", "--as-of", DAY, "--format", "ids", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode().split()


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["index", "files"])
def test_an_empty_status_is_held_back_from_open_and_awaiting(jbz, folder: Path, cache: list[str]) -> None:
    assert HELD in ids(jbz, folder, *cache)  # still listed, and still counted, without a filter
    for wanted in (["--open"], ["--awaiting"]):
        shown = ids(jbz, folder, *wanted, *cache)
        assert shown, "the other entries of the page are open work"
        assert HELD not in shown
        assert HELD in ids(jbz, folder, *wanted, "--include-unknown-status", *cache)
        assert ids(jbz, folder, *wanted, "--topic", "register-status-unknown", *cache) == [HELD]


def test_the_summary_holds_it_back_and_says_how_many(jbz, folder: Path) -> None:
    text = jbz("summary", "--records", "records", "--as-of", DAY, cwd=folder).stdout.decode()
    assert "1 record with an unknown register status held back" in text
    assert "jbz list --topic register-status-unknown" in text
    assert HELD not in text
    data = json.loads(jbz("summary", "--records", "records", "--as-of", DAY, "--json", cwd=folder).stdout)
    assert data["held_back"] == 1
    assert data["by_status"]["open"] == 2  # counted by its status all the same
    listed = [item["id"] for key in ("overdue", "awaiting", "due_soon") for item in data[key]]
    assert listed and HELD not in listed


def test_a_known_status_later_brings_it_back(jbz, folder: Path) -> None:
    page = json.loads((SHAPES / "expanded.json").read_text(encoding="utf-8"))
    entry = next(e for e in page["value"] if e["Nummer"] == HELD.upper())
    later = entry | {"Status": "Openstaand", "GewijzigdOp": "2025-12-02T10:00:00+01:00"}
    (folder / "later.json").write_text(json.dumps({"value": [later]}), encoding="utf-8")
    done = jbz("import", "tk", "later.json", "--records", "records", cwd=folder)
    assert done.returncode == 0, done.stderr.decode()
    assert HELD in ids(jbz, folder, "--open")
    assert HELD in ids(jbz, folder, "--awaiting", "--no-cache")
    data = json.loads(jbz("summary", "--records", "records", "--as-of", DAY, "--json", cwd=folder).stdout)
    assert data["held_back"] == 0
    assert HELD in [item["id"] for item in data["awaiting"]]


def test_the_briefing_holds_it_back_unless_its_topic_is_asked_for(jbz, folder: Path) -> None:
    brief = jbz("brief", "--records", "records", "--as-of", DAY, cwd=folder)
    assert brief.returncode == 0, brief.stderr.decode()
    assert "tz202511-005" in brief.stdout.decode()  # the page's other entry awaiting follow-up
    assert HELD not in brief.stdout.decode()
    asked = jbz("brief", "--records", "records", "--as-of", DAY, "--topic", "register-status-unknown", cwd=folder)
    assert "## Awaiting follow-up (1)" in asked.stdout.decode()
    assert HELD in asked.stdout.decode()
