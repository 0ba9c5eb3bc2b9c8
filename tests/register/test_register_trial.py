"""Defects a new user's trial found in `jbz import tk` and `jbz reconcile`, run through the installed `jbz`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jbz_cli.store import intake

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


def _numbered(n: int) -> list[dict]:
    base = {k: v for k, v in _entry().items() if k not in ("KamerbriefNakoming", "ToegezegdAan")}
    return [base | {"Id": f"5a1b2c3d-0000-4000-8000-{i:012d}", "Nummer": f"TZ202511-{i + 100}"} for i in range(n)]


def test_the_entry_cap_holds_for_files_and_the_summary_says_what_was_left(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(intake, "MAX_ENTRIES", 5)
    page = tmp_path / "big.json"
    page.write_text(json.dumps({"value": _numbered(6)}), encoding="utf-8")
    result = invoke("import", "tk", str(page), "--records", str(tmp_path), "-n", "--format", "json")
    assert result.exit_code != 0
    assert "big.json: more than 5 entries in one run; 1 not imported" in result.stderr
    assert json.loads(result.stdout)["created"] == 5


def _record(folder: Path, nummer: str = NUMMER) -> str:
    return (folder / "records" / "tk" / f"{nummer.lower()}.toml").read_text(encoding="utf-8")


def test_a_whitespace_status_is_empty_everywhere(jbz, tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    blank = _entry() | {"Status": "  "}
    done = _import(jbz, tmp_path, _page(tmp_path, "blank.json", blank), "--format", "json")
    assert json.loads(done.stdout)["unknown_status"] == [{"nummer": NUMMER, "status": ""}]
    rows = jbz("reconcile", "--records", "records", cwd=tmp_path).stdout.decode()
    assert "unknown (empty)" in rows
    later = blank | {"Status": " Afgedaan ", "GewijzigdOp": "2026-01-02T10:00:00+01:00"}
    assert _import(jbz, tmp_path, _page(tmp_path, "later.json", later)).returncode == 0
    text = _record(tmp_path)
    assert "register: - → Afgedaan" in text
    assert '"  "' not in text and '" Afgedaan "' not in text


def test_a_restored_entry_says_it_was_restored(jbz, tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    first = _entry() | {"Status": "Openstaand"}
    assert _import(jbz, tmp_path, _page(tmp_path, "a.json", first)).returncode == 0
    gone = first | {"Verwijderd": True, "GewijzigdOp": "2026-01-02T10:00:00+01:00"}
    assert _import(jbz, tmp_path, _page(tmp_path, "b.json", gone)).returncode == 0
    back = first | {"Verwijderd": False, "GewijzigdOp": "2026-01-03T10:00:00+01:00"}
    assert _import(jbz, tmp_path, _page(tmp_path, "c.json", back)).returncode == 0
    text = _record(tmp_path)
    assert "register: restored (no longer verwijderd), status Openstaand" in text
    assert "Openstaand → Openstaand" not in text


def test_a_number_with_an_impossible_month_is_refused_in_one_line(jbz, tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    bad = _entry() | {"Nummer": "TZ202513-001"}
    done = _import(jbz, tmp_path, _page(tmp_path, "month.json", bad))
    assert done.returncode == 1
    lines = [line for line in done.stderr.decode().splitlines() if "TZ202513-001" in line]
    assert len(lines) == 1
    assert "month.json" in lines[0] and "entry 1" in lines[0] and "year and month" in lines[0]
    assert not (tmp_path / "records" / "tk" / "tz202513-001.toml").exists()


def test_every_reconcile_line_has_the_same_five_fields(jbz, tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    assert _import(jbz, tmp_path, str(SHAPES / "expanded.json")).returncode == 0
    done = _entry("TZ202511-004") | {"Nummer": "TZ202511-090", "Id": "5a1b2c3d-0000-4000-8000-000000000090"}
    done |= {"Status": "Afgedaan", "KamerbriefNakoming": []}
    assert _import(jbz, tmp_path, _page(tmp_path, "done.json", done)).returncode == 0
    out = jbz("reconcile", "--records", "records", cwd=tmp_path).stdout.decode().splitlines()
    fields = {line.split("\t")[2] for line in out}
    assert {"status", "kamerbrief_nakoming"} <= fields
    assert {len(line.split("\t")) for line in out} == {5}
    assert all(line.split("\t")[4].endswith(("newer", "same day", "unknown")) for line in out)


def test_usage_errors_name_their_cause(jbz, tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    since = _import(jbz, tmp_path, str(SHAPES / "expanded.json"), "--since", "bogus")
    assert since.returncode == 2
    assert "--since: invalid date 'bogus': expected YYYY-MM-DD" in since.stderr.decode()
    spaced = _import(jbz, tmp_path, "--fetch", "https://exa mple.com/")
    assert spaced.returncode == 2
    assert "not a valid URL" in spaced.stderr.decode() and "retry" not in spaced.stderr.decode().lower()
    bare = jbz("import", cwd=tmp_path)
    assert bare.returncode == 2
    assert bare.stderr.decode().startswith("Usage: jbz import")
    assert "\n  tk " in bare.stderr.decode()


def test_a_number_that_is_not_whole_is_named_so(jbz, tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    letter = _entry("TZ202511-004")["KamerbriefNakoming"][0]
    for raw, said in (("NaN", "not a finite number"), ("1e999", "not a finite number"), ("1e308", "whole number")):
        doc = {**letter, "Volgnummer": "@"}
        entry = _entry("TZ202511-004") | {"KamerbriefNakoming": [doc]}
        text = json.dumps({"value": [entry]}).replace('"@"', raw)
        (tmp_path / "n.json").write_text(text, encoding="utf-8")
        done = _import(jbz, tmp_path, "n.json")
        err = done.stderr.decode()
        assert done.returncode == 1
        assert said in err and "Volgnummer" in err and "expected text" not in err
