"""What the import refuses or reports instead of writing a record jbz cannot use (issue 15, fresh-user test)."""

from __future__ import annotations

import json
import os
import shutil
import tomllib
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = [str(FIXTURES / "odata_page1.json"), str(FIXTURES / "odata_page2.json")]
BASE = json.loads((FIXTURES / "odata_page1.json").read_text(encoding="utf-8"))["value"][0]


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    return folder


def entry(**fields: object) -> dict:
    return {**BASE, **fields}


def write_page(folder: Path, name: str, *entries: dict, raw: bytes | None = None) -> str:
    path = folder / name
    path.write_bytes(raw if raw is not None else json.dumps({"value": list(entries)}).encode())
    return str(path)


def run(invoke, records: Path, *args: str):
    return invoke("import", "tk", *args, "--records", str(records))


def check_passes(invoke, records: Path) -> None:
    checked = invoke("check", "--records", str(records), str(records))
    assert checked.exit_code == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("field", ["Tekst", "Naam", "Functie", "Ministerie", "Status", "KamerbriefNakoming"])
@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x00", "\u202e", "\x7f"])
def test_a_control_character_refuses_the_entry_and_check_stays_clean(invoke, records, tmp_path, field, char):
    good = entry(Nummer="TZ202504-058", Id="x-58")
    page = write_page(tmp_path, "page.json", entry(**{field: f"Minister{char}van"}), good)
    result = run(invoke, records, page)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{page}: entry 1 (TZ202504-057): {field}: control character U+{ord(char):04X}")
    assert sorted(p.name for p in (records / "tk").glob("*.toml")) == ["tz202504-058.toml"]
    check_passes(invoke, records)


@pytest.mark.parametrize("brk", ["\r\n", "\r", "\u2028", "\u2029", "\x85"])
def test_a_line_break_written_another_way_is_kept_as_a_newline(invoke, records, tmp_path, brk):
    page = write_page(tmp_path, "page.json", entry(Tekst=f"Eerste regel.{brk}Tweede regel."))
    assert run(invoke, records, page).exit_code == 0
    data = tomllib.loads((records / "tk" / "tz202504-057.toml").read_text(encoding="utf-8"))
    assert data["source"]["quote"] == "Eerste regel.\nTweede regel."
    check_passes(invoke, records)


def test_a_lone_surrogate_is_refused(invoke, records, tmp_path):
    page = write_page(
        tmp_path, "page.json", raw=b'{"value": [' + json.dumps(BASE).encode()[:-1] + b', "Naam": "\\ud800"}]}'
    )
    result = run(invoke, records, page)
    assert result.exit_code == 1 and "Naam: a lone surrogate U+D800" in result.stderr
    assert not (records / "tk").exists() or not list((records / "tk").glob("*.toml"))


@pytest.mark.parametrize("nummer", ["..", "TZ2025/../../x", "tz202504-057\u202e", "X" * 5000, "TZ202504-", ""])
def test_a_nummer_that_is_not_a_register_number_is_refused_in_one_short_line(invoke, records, tmp_path, nummer):
    page = write_page(tmp_path, "page.json", entry(Nummer=nummer))
    result = run(invoke, records, page)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert len(line) < len(page) + 150
    assert not list(records.rglob("*.toml")) and not list(records.rglob(".*"))


def test_a_text_too_big_to_read_back_is_refused(invoke, records, tmp_path):
    page = write_page(tmp_path, "page.json", entry(Tekst="woord " * 200_000), entry(Nummer="TZ202504-058"))
    result = run(invoke, records, page)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert "TZ202504-057" in line and "more than the 1,048,576 jbz reads" in line and len(line) < 400
    assert [p.name for p in (records / "tk").glob("*.toml")] == ["tz202504-058.toml"]


def test_deeply_nested_json_is_one_line_and_the_rest_of_the_batch_is_imported(invoke, records, tmp_path):
    deep = write_page(tmp_path, "deep.json", raw=b'{"value": ' + b"[" * 200_000 + b"]" * 200_000 + b"}")
    result = run(invoke, records, deep, PAGES[0])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{deep}: invalid JSON: nested too deeply to be register data"]
    assert len(list((records / "tk").glob("*.toml"))) == 3


def test_a_byte_order_mark_is_accepted_in_json_and_xml(invoke, records, tmp_path):
    bom = b"\xef\xbb\xbf"
    page = write_page(tmp_path, "bom.json", raw=bom + (FIXTURES / "odata_page1.json").read_bytes())
    feed = write_page(tmp_path, "bom.xml", raw=bom + (FIXTURES / "syncfeed.xml").read_bytes())
    result = run(invoke, records, page, feed)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_an_unrecognised_kamerbrief_object_is_reported(invoke, records, tmp_path):
    page = write_page(tmp_path, "page.json", entry(KamerbriefNakoming={"Soort": "Brief"}))
    result = run(invoke, records, page)
    assert result.exit_code == 1
    assert "KamerbriefNakoming: an object without Nummer" in result.stderr


@pytest.mark.parametrize(("value", "said"), [(None, "got null"), (1.5, "got a number"), ({}, "got an object")])
def test_wrong_types_are_named_as_json_names_them(invoke, records, tmp_path, value, said):
    page = write_page(tmp_path, "page.json", entry(Tekst=value) if value is not None else entry(GewijzigdOp=[None]))
    result = run(invoke, records, page)
    if value is None:
        assert "GewijzigdOp: expected text, got a list" in result.stderr
        page = write_page(tmp_path, "page2.json", [None])  # a page whose entry is null
        result = run(invoke, records, write_page(tmp_path, "p3.json", raw=b'{"value": [null]}'))
    assert said in result.stderr and "NoneType" not in result.stderr and "float" not in result.stderr


def test_equal_timestamps_say_so_and_the_one_read_last_wins(invoke, records, tmp_path):
    first = write_page(tmp_path, "a.json", entry(Status="Openstaand"))
    second = write_page(tmp_path, "b.json", entry(Status="Afgedaan", KamerbriefNakoming="Kamerstuk 1"))
    result = invoke("import", "tk", first, second, "--records", str(records), "--format", "json")
    (skipped,) = json.loads(result.stdout)["skipped"]
    assert "has the same timestamp as" in skipped["reason"] and skipped["reason"].startswith(f"duplicate: {first}")
    assert 'status = "done"' in (records / "tk" / "tz202504-057.toml").read_text()


def test_a_renamed_record_is_updated_where_it_is_and_not_duplicated(invoke, records):
    run(invoke, records, *PAGES)
    (records / "mine").mkdir()
    shutil.move(records / "tk" / "tz202504-057.toml", records / "mine" / "renamed-057.toml")
    result = run(invoke, records, str(FIXTURES / "odata_update.json"))
    assert result.exit_code == 0, result.stderr
    assert not (records / "tk" / "tz202504-057.toml").exists()
    assert "Afgedaan" in (records / "mine" / "renamed-057.toml").read_text()
    check_passes(invoke, records)


def test_two_records_of_one_register_entry_are_reported_by_import_and_reconcile(invoke, records):
    run(invoke, records, *PAGES)
    shutil.copy(records / "tk" / "tz202504-057.toml", records / "copy-057.toml")
    result = run(invoke, records, str(FIXTURES / "odata_update.json"))
    assert result.exit_code == 1
    assert "TZ202504-057: imported more than once" in result.stderr
    found = invoke("reconcile", "--records", str(records))
    assert "tz202504-057\tTZ202504-057\tduplicate\tthe same register entry as copy-057; keep one" in found.stdout


def test_a_hand_written_record_with_a_register_file_name_is_not_taken_over(invoke, records):
    mine = records / "tk" / "tz202506-045.toml"  # the entry whose status the register leaves unknown
    mine.parent.mkdir()
    text = 'kind = "commitment"\ntitle = "My own note"\nstatus = "waiting"\ndue = "2027-01-01"\n'
    mine.write_text(text)
    result = run(invoke, records, *PAGES)
    assert result.exit_code == 1
    assert "has the file name of TZ202506-045 but no [register] table" in result.stderr
    assert "TZ202506-045: a record of yours has its file name" in result.stdout
    assert "unknown register status" not in result.stdout  # nothing was kept in [register]
    assert mine.read_text() == text


def test_a_hand_written_record_linked_by_register_is_updated(invoke, records):
    mine = records / "tk" / "tz202504-057.toml"
    mine.parent.mkdir()
    mine.write_text('kind = "commitment"\ntitle = "Return letter"\nregister = "TZ202504-057"\n')
    result = run(invoke, records, *PAGES)
    assert result.exit_code == 0, result.stderr
    data = tomllib.loads(mine.read_text())
    assert data["register"]["nummer"] == "TZ202504-057" and data["title"] == "Return letter"
    check_passes(invoke, records)


def test_a_changed_tekst_or_actor_updates_the_record_with_a_follow_up(invoke, records, tmp_path):
    run(invoke, records, *PAGES)
    newer = entry(
        Tekst="De minister zegt toe de Kamer voor 1 oktober te informeren.",
        Naam="Van Weel, D.M.",
        GewijzigdOp="2025-05-01T10:00:00+02:00",
    )
    result = run(invoke, records, write_page(tmp_path, "new.json", newer))
    assert result.exit_code == 0, result.stderr
    data = tomllib.loads((records / "tk" / "tz202504-057.toml").read_text())
    assert data["source"]["quote"] == newer["Tekst"]
    assert data["actor"] == "Minister van Asiel en Migratie (Van Weel, D.M.)"
    note = data["followup"][-1]["note"]
    assert "Tekst changed" in note and "Van Weel, D.M." in note
    check_passes(invoke, records)


def test_reconcile_names_an_invalid_record_and_exits_1_like_list(invoke, records):
    run(invoke, records, *PAGES)
    (records / "broken.toml").write_text('kind = "commitment"\ntitle = \n')
    listed = invoke("list", "--records", str(records))
    found = invoke("reconcile", "--records", str(records))
    assert found.exit_code == 1 == listed.exit_code
    (line,) = [x for x in found.stderr.splitlines() if "broken.toml" in x]
    assert line in listed.stderr and line.startswith(f"{records}/broken.toml:2:")


def test_dry_run_works_on_a_folder_jbz_may_not_write(invoke, records, monkeypatch):
    from jbz_cli.store import ids

    # As for a read-only folder: root passes every os.access test, so pretend it does not.
    monkeypatch.setattr(ids.os, "access", lambda _path, mode, **_k: not mode & os.W_OK)
    assert run(invoke, records, *PAGES).exit_code == 2
    result = run(invoke, records, *PAGES, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert not list(records.rglob("*")) and os.listdir(records) == []


def test_the_summary_columns_line_up_and_files_are_named_as_other_commands_do(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "records").mkdir()
    result = invoke("import", "tk", *PAGES, "--records", "records", "--dry-run")
    values = [line.rsplit(" ", 1) for line in result.stdout.splitlines()[:5]]
    assert len({len(label) + 1 for label, _n in values}) == 1  # every count starts in the same column
    assert result.stdout.startswith("would be created  8\nwould be updated  0\nunchanged         0\n")
    invoke("import", "tk", *PAGES, "--records", "records")
    (tmp_path / "records" / "tk" / "tz202504-057.toml").write_text("kind = \n")
    broken = invoke("import", "tk", str(FIXTURES / "odata_update.json"), "--records", "records")
    assert any(line.startswith("records/tk/tz202504-057.toml:1:") for line in broken.stderr.splitlines())
