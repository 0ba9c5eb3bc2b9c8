"""jbz import tk: one record per register entry, kept in step without losing anything written by hand."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = [str(FIXTURES / "odata_page1.json"), str(FIXTURES / "odata_page2.json")]


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    return folder


def run_import(invoke, records: Path, *args: str):
    return invoke("import", "tk", *args, "--records", str(records))


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.toml"))}


def summary(invoke, records: Path, *args: str) -> dict:
    result = run_import(invoke, records, *args, "--format", "json")
    return json.loads(result.stdout)


def test_each_entry_becomes_a_commitment_under_tk(invoke, records):
    result = run_import(invoke, records, *PAGES)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    path = records / "tk" / "tz202504-057.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["kind"] == "commitment"
    assert data["status"] == "open"
    assert data["due"] == "2025-06-30"
    assert data["promised_to"] == "Tweede Kamer"
    assert data["actor"] == "Minister van Asiel en Migratie (Faber-van de Klashorst, M.H.)"
    assert str(data["created"]) == "2025-04-10"
    assert data["source"]["quote"] == (
        "De minister zegt toe de Kamer voor de zomer van 2025 per brief te informeren over de voortgang "
        "van de onderhandelingen over de terugkeerverordening."
    )
    assert data["register"] == {
        "id": "3f2c1a8e-5b7d-4c21-9a0e-1d2b3c4d5e01",
        "nummer": "TZ202504-057",
        "status": "Openstaand",
        "datum_nakoming": data["register"]["datum_nakoming"],
        "ministerie": "Asiel en Migratie",
        "activiteit": "2025A02817",
        "gewijzigd_op": "2025-04-11T09:02:13.4563333+02:00",
    }
    assert str(data["register"]["datum_nakoming"]) == "2025-06-30"
    assert len(snapshot(records)) == 8


def test_imported_records_pass_jbz_check_and_list(invoke, records):
    run_import(invoke, records, *PAGES)
    checked = invoke("check", "--records", str(records), str(records))
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    listed = invoke("list", "--records", str(records), "--format", "ids", "--status", "done")
    assert listed.stdout.split() == ["tz202505-001", "tz202412-103"]


def test_statuses_and_dates_map_as_the_register_says(invoke, records):
    run_import(invoke, records, *PAGES)
    data = {p.stem: tomllib.loads(p.read_text()) for p in (records / "tk").glob("*.toml")}
    assert {k: v["status"] for k, v in data.items()} == {
        "tz202504-057": "open",
        "tz202412-103": "done",
        "tz202502-011": "partial",
        "tz202311-222": "dropped",
        "tz202505-001": "done",
        "tz202506-044": "open",
        "tz202506-045": "open",
        "tz202409-300": "open",
    }
    assert "due" not in data["tz202412-103"]  # the 0001 sentinel
    assert "due" not in data["tz202502-011"]  # null
    assert "datum_nakoming" not in data["tz202412-103"]["register"]
    assert data["tz202412-103"]["register"]["kamerbrief_nakoming"] == "Kamerstuk 32 317, nr. 940"


def test_unknown_and_empty_statuses_are_kept_raw_and_reported(invoke, records):
    result = run_import(invoke, records, *PAGES)
    assert "unknown register status 'In behandeling' for TZ202506-045" in result.stdout
    assert (
        "no register status for TZ202506-044: topic register-status-unknown; the record's status is kept"
        in result.stdout
    )
    data = tomllib.loads((records / "tk" / "tz202506-045.toml").read_text())
    assert data["register"]["status"] == "In behandeling"
    empty = tomllib.loads((records / "tk" / "tz202506-044.toml").read_text())
    assert empty["register"]["status"] == ""  # an empty status is stored as such, so reconcile can list it
    assert empty["topics"] == ["register-status-unknown"]


def test_importing_the_same_data_twice_changes_nothing(invoke, records):
    first = summary(invoke, records, *PAGES)
    before = snapshot(records)
    second = summary(invoke, records, *PAGES)
    assert (first["created"], second["created"], second["updated"], second["unchanged"]) == (8, 0, 0, 8)
    assert snapshot(records) == before


def test_a_register_change_is_a_dated_follow_up_with_the_letter_as_evidence(invoke, records):
    run_import(invoke, records, *PAGES)
    result = summary(invoke, records, str(FIXTURES / "odata_update.json"))
    assert result["updated"] == 1
    data = tomllib.loads((records / "tk" / "tz202504-057.toml").read_text())
    assert data["status"] == "done"
    assert data["due"] == "2025-09-30"
    assert data["register"]["status"] == "Afgedaan"
    assert data["register"]["kamerbrief_nakoming"] == "Kamerstuk 32 317, nr. 975"
    (followup,) = data["followup"]
    assert str(followup["date"]) == "2025-10-01"
    assert followup["note"].startswith("register: Openstaand → Afgedaan")
    assert followup["status"] == "done"
    assert followup["evidence"] == "Kamerstuk 32 317, nr. 975"
    assert (followup["due"], followup["previous_due"]) == ("2025-09-30", "2025-06-30")
    history = invoke("history", "tz202504-057", "--records", str(records))
    assert "register: Openstaand → Afgedaan" in history.stdout
    assert invoke("check", "--records", str(records), str(records)).exit_code == 0


def test_a_duplicate_nummer_keeps_the_newest_and_says_so(invoke, records):
    run_import(invoke, records, *PAGES)
    result = summary(invoke, records, str(FIXTURES / "odata_update.json"))
    (skipped,) = result["skipped"]
    assert skipped["nummer"] == "TZ202504-057"
    assert skipped["reason"].startswith("duplicate: ")
    assert "odata_update.json: entry 1 is older than" in skipped["reason"]
    data = tomllib.loads((records / "tk" / "tz202504-057.toml").read_text())
    assert data["register"]["gewijzigd_op"] == "2025-10-01T10:15:00.1234567+02:00"


def test_an_older_version_never_overwrites_a_newer_one(invoke, records):
    run_import(invoke, records, *PAGES)
    run_import(invoke, records, str(FIXTURES / "odata_update.json"))
    before = snapshot(records)
    result = summary(invoke, records, str(FIXTURES / "odata_page1.json"))
    assert any(s["reason"].startswith("older than the imported version") for s in result["skipped"])
    assert snapshot(records) == before


HAND_EDITED = """# Checked with the JBZ team on 12 May; keep an eye on the Council conclusions.
kind = "commitment"
title = "Terugkeerverordening: stand van zaken voor de zomer"   # my own title
status = "open"
due = "2025-06-30"
topics = ["migration", "return"]
actor = "Minister van Asiel en Migratie (Faber-van de Klashorst, M.H.)"
promised_to = "Tweede Kamer"
"""


def test_hand_edits_follow_ups_and_comments_survive_a_register_change(invoke, records):
    run_import(invoke, records, *PAGES)
    path = records / "tk" / "tz202504-057.toml"
    original = path.read_text()
    edited = HAND_EDITED + original.split('promised_to = "Tweede Kamer"\n', 1)[1]
    edited += '\n[[followup]]\ndate = 2025-05-12\nnote = "Asked the ministry"   # by phone\n'
    path.write_text(edited)
    run_import(invoke, records, str(FIXTURES / "odata_update.json"))
    text = path.read_text()
    assert text.startswith("# Checked with the JBZ team on 12 May")
    assert 'title = "Terugkeerverordening: stand van zaken voor de zomer"   # my own title' in text
    assert 'topics = ["migration", "return"]' in text
    assert 'note = "Asked the ministry"   # by phone' in text
    assert text.index("Asked the ministry") < text.index("register: Openstaand → Afgedaan")
    data = tomllib.loads(text)
    assert [f["note"][:9] for f in data["followup"]] == ["Asked the", "register:"]
    assert invoke("check", "--records", str(records), str(records)).exit_code == 0
    before = path.read_text()
    run_import(invoke, records, str(FIXTURES / "odata_update.json"))
    assert path.read_text() == before


def test_a_deleted_entry_is_dropped_with_a_follow_up_and_the_file_stays(invoke, records):
    run_import(invoke, records, *PAGES)
    result = summary(invoke, records, str(FIXTURES / "syncfeed.xml"))
    assert result["deleted"] == 1
    assert result["created"] == 1  # TZ202509-014
    assert result["updated"] == 1  # TZ202504-057, now Afgedaan
    data = tomllib.loads((records / "tk" / "tz202409-300.toml").read_text())
    assert data["status"] == "dropped"
    assert data["register"]["verwijderd"] is True
    assert data["register"]["nummer"] == "TZ202409-300"  # a deleted SyncFeed entry names only its id
    assert data["followup"][-1]["note"] == "register: entry deleted (Verwijderd)"
    assert invoke("check", "--records", str(records), str(records)).exit_code == 0
    again = summary(invoke, records, str(FIXTURES / "syncfeed.xml"))
    assert (again["deleted"], again["updated"], again["unchanged"]) == (0, 0, 3)


def test_a_deletion_of_something_never_imported_is_skipped(invoke, records):
    result = summary(invoke, records, str(FIXTURES / "syncfeed.xml"))
    assert {
        "nummer": "id 3f2c1a8e-5b7d-4c21-9a0e-1d2b3c4d5e08",
        "reason": "deleted in the register and never imported",
    } in result["skipped"]


def test_bad_input_is_one_line_per_problem_and_the_rest_is_imported(invoke, records):
    files = [str(FIXTURES / n) for n in ("truncated.json", "error_page.json", "odata_bad.json", "syncfeed_bomb.xml")]
    result = run_import(invoke, records, *files, *PAGES)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 8
    assert any("truncated.json: truncated JSON" in line for line in lines)
    assert any("error_page.json: an HTML page" in line for line in lines)
    assert any("odata_bad.json: entry 2: missing Nummer" in line for line in lines)
    assert "Traceback" not in result.stderr
    assert len(snapshot(records)) == 9  # eight good entries and TZ202507-006


def test_a_missing_file_is_a_problem_not_a_crash(invoke, records):
    result = run_import(invoke, records, str(records / "nope.json"), PAGES[0])
    assert result.exit_code == 1
    assert "nope.json: cannot read" in result.stderr
    assert len(snapshot(records)) == 3


def test_dry_run_reports_and_writes_nothing(invoke, records):
    result = summary(invoke, records, *PAGES, "--dry-run")
    assert result["created"] == 8 and result["dry_run"] is True
    assert snapshot(records) == {}
    run_import(invoke, records, *PAGES)
    before = snapshot(records)
    result = summary(invoke, records, str(FIXTURES / "odata_update.json"), "--dry-run")
    assert result["updated"] == 1
    assert snapshot(records) == before


def test_filters_select_by_ministerie_since_and_status(invoke, records):
    result = summary(invoke, records, *PAGES, "--ministerie", "justitie", "--status", "done")
    assert result["created"] == 2
    assert sorted(p.stem for p in (records / "tk").glob("*.toml")) == ["tz202412-103", "tz202505-001"]
    result = summary(invoke, records, *PAGES, "--since", "2025-06")
    assert (result["created"], result["unchanged"]) == (2, 1)  # changed on or after 1 June 2025
    assert sorted(p.stem for p in (records / "tk").glob("*.toml"))[-2:] == ["tz202506-044", "tz202506-045"]


def test_the_table_summary_counts_and_names_skips(invoke, records):
    result = run_import(invoke, records, *PAGES, "--ministerie", "Justitie")
    lines = result.stdout.splitlines()
    assert lines[:5] == ["created    6", "updated    0", "unchanged  0", "deleted    0", "skipped    2"]
    assert "  2 not selected by --ministerie" in lines


def test_usage_errors_exit_2(invoke, records):
    assert run_import(invoke, records).exit_code == 2
    assert run_import(invoke, records, *PAGES, "--status", "afgedaan").exit_code == 2
    assert run_import(invoke, records, *PAGES, "--format", "csv").exit_code == 2
    assert run_import(invoke, records, *PAGES, "--since", "yesterday").exit_code == 2


def test_a_broken_record_file_is_reported_and_left_alone(invoke, records):
    run_import(invoke, records, *PAGES)
    path = records / "tk" / "tz202504-057.toml"
    path.write_text("kind = \n")
    result = run_import(invoke, records, str(FIXTURES / "odata_update.json"))
    assert result.exit_code == 1
    assert "tk/tz202504-057.toml" in result.stderr and "not updated" in result.stderr
    assert path.read_text() == "kind = \n"


def test_records_are_found_wherever_they_were_moved(invoke, records):
    run_import(invoke, records, *PAGES)
    (records / "migration").mkdir()
    shutil.move(records / "tk" / "tz202504-057.toml", records / "migration" / "tz202504-057.toml")
    run_import(invoke, records, str(FIXTURES / "odata_update.json"))
    assert not (records / "tk" / "tz202504-057.toml").exists()
    assert "Afgedaan" in (records / "migration" / "tz202504-057.toml").read_text()


def test_json_summary_lists_problems_with_the_counts(invoke, records):
    result = run_import(invoke, records, str(FIXTURES / "odata_bad.json"), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {
        "created",
        "updated",
        "unchanged",
        "skipped",
        "deleted",
        "unknown_status",
        "problems",
        "dry_run",
    }
    assert data["created"] == 1
    assert len(data["problems"]) == 5
    assert data["problems"][1].endswith("odata_bad.json: entry 2: missing Nummer")
