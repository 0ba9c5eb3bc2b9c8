"""Defects a new user's trial found in `jbz import tk` and `jbz reconcile`, run through the installed `jbz`."""

from __future__ import annotations

import json
from pathlib import Path

SHAPES = Path(__file__).parent / "fixtures" / "shapes"
NUMMER = "TZ202511-005"  # an entry of expanded.json with a status the register knows


def _entry(nummer: str = NUMMER) -> dict:
    page = json.loads((SHAPES / "expanded.json").read_text(encoding="utf-8"))
    return next(e for e in page["value"] if e["Nummer"] == nummer)


def _page(folder: Path, name: str, *entries: dict) -> str:
    (folder / name).write_text(json.dumps({"value": list(entries)}), encoding="utf-8")
    return name


def _import(jbz, folder: Path, *args: str):
    return jbz("import", "tk", *args, "--records", "records", cwd=folder)


def test_a_page_without_status_does_not_report_it_unknown(jbz, tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    assert _import(jbz, tmp_path, str(SHAPES / "expanded.json")).returncode == 0
    selected = {k: v for k, v in _entry().items() if k != "Status"}
    selected["GewijzigdOp"] = "2026-01-02T10:00:00+01:00"
    done = _import(jbz, tmp_path, _page(tmp_path, "select.json", selected), "--format", "json")
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["unknown_status"] == []
    assert "register-status-unknown" not in done.stderr.decode()
    text = _import(jbz, tmp_path, _page(tmp_path, "select2.json", selected))
    assert "no register status" not in text.stderr.decode() + text.stdout.decode()
