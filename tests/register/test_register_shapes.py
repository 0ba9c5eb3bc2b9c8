"""Every page shape a client saves is read, nothing is lost on a re-import, and the register's past replays.

The fixtures in fixtures/shapes follow the register's real shapes: OData v4 with and without `$expand`, a
`$select` page, and SyncFeed entries valid against the published XSD (see test_register_xsd.py).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from jbz_cli.register.fetch import EXPAND, with_expand

SHAPES = Path(__file__).parent / "fixtures" / "shapes"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    return folder


def imported(invoke, records: Path, *names: str):
    result = invoke("import", "tk", *(str(SHAPES / n) for n in names), "--records", str(records), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def record(records: Path, rid: str) -> dict:
    return tomllib.loads((records / "tk" / f"{rid}.toml").read_text(encoding="utf-8"))


def snapshot(records: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((records / "tk").glob("*.toml"))}


def listed(invoke, records: Path, day: str) -> dict[str, str]:
    result = invoke("list", "--records", str(records), "--as-of", day, "--format", "tsv")
    assert result.exit_code == 0, result.stderr
    return {line.split("\t")[0]: line.split("\t")[2] for line in result.stdout.splitlines() if line}


def test_a_fulfilling_letter_is_cited_as_a_kamerstuk_and_every_one_is_kept(invoke, records):
    imported(invoke, records, "expanded.json")
    letters = record(records, "tz202511-004")["register"]["kamerbrief_nakoming"]
    assert letters == [
        "Kamerstuk 32 317, nr. 975 (2025D45354)",  # dossier and number carried: cited, document number beside it
        "2025D47001: Stand van zaken terugkeerverordening, 2025-11-20",  # no dossier: number, title and date
    ]


def test_promised_to_names_the_member_or_the_group(invoke, records):
    imported(invoke, records, "expanded.json")
    assert record(records, "tz202511-004")["promised_to"] == "lid Dassen (Volt)"
    assert record(records, "tz202511-005")["promised_to"] == "fractie GL-PvdA"
    assert record(records, "tz202511-006")["promised_to"] == "Tweede Kamer"  # the register names nobody


def test_a_syncfeed_reference_without_a_name_is_kept_but_not_shown_as_a_name(invoke, records):
    imported(invoke, records, "syncfeed.xml")
    data = record(records, "tz202510-021")
    assert data["promised_to"] == "Tweede Kamer"
    assert data["register"]["toegezegd_aan"] == "persoon id 9e000000-0000-4000-8000-000000000001"


def test_the_three_link_kinds_become_related_records_and_show_says_what_they_mean(invoke, records):
    imported(invoke, records, "expanded.json")
    assert record(records, "tz202511-005")["related"] == ["tz202511-004"]
    amended = record(records, "tz202511-006")
    assert amended["related"] == ["tz202511-004", "tz202511-005"]
    assert amended["register"]["wijziging_van"] == "TZ202511-004"
    assert amended["register"]["aanvulling_op"] == "TZ202511-005"
    shown = invoke("show", "tz202511-005", "tz202511-006", "--records", str(records)).stdout
    assert "repeats TZ202511-004" in shown
    assert "amends TZ202511-004; adds to TZ202511-005" in shown
    assert invoke("check", str(records)).exit_code == 0  # every related id is a record


def test_syncfeed_links_by_id_are_resolved_and_an_unknown_one_is_kept_by_id(invoke, records):
    imported(invoke, records, "syncfeed.xml")
    data = record(records, "tz202510-022")
    assert data["register"]["herhaling_van"] == "TZ202510-021"
    assert data["register"]["aanvulling_op"] == "TZ202510-021"
    assert data["register"]["wijziging_van"] == "5a1b2c3d-0000-4000-8000-000000000099"  # not imported
    assert data["related"] == ["tz202510-021"]
    assert "datum_nakoming" not in data["register"] and "due" not in data  # xsi:nil, an explicit null
    assert invoke("check", str(records)).exit_code == 0


def test_a_page_without_expand_after_an_expanded_one_loses_nothing(invoke, records):
    imported(invoke, records, "expanded.json")
    before = snapshot(records)
    result, _ = imported(invoke, records, "no_expand.json")
    assert result["unchanged"] == 2 and result["updated"] == 0
    assert snapshot(records) == before  # no "kamerbrief nakoming -", no lost addressee or link


def test_a_select_page_is_read_by_its_api_timestamp_and_keeps_the_rest(invoke, records):
    imported(invoke, records, "expanded.json")
    result, stderr = imported(invoke, records, "select.json")
    assert (result["updated"], result["created"]) == (1, 1)
    data = record(records, "tz202511-004")
    assert data["status"] == "done"
    assert data["due"] == "2025-12-01"  # DatumNakoming was not selected: kept
    assert data["promised_to"] == "lid Dassen (Volt)"
    assert data["register"]["kamerbrief_nakoming"][0] == "Kamerstuk 32 317, nr. 975 (2025D45354)"
    assert data["register"]["gewijzigd_op"] == "2025-11-21T09:30:00.5+01:00"  # the last GewijzigdOp, as published
    assert data["register"]["api_gewijzigd_op"] == "2026-01-15T10:00:02.25Z"
    assert data["followup"][-1]["date"].isoformat() == "2026-01-15"
    # An entry with neither timestamp is imported, and stderr says its change time is unknown.
    assert record(records, "tz202512-001")["status"] == "open"
    assert "TZ202512-001" in stderr and "change time" in stderr and "unknown" in stderr
    again, _ = imported(invoke, records, "select.json")
    assert again["unchanged"] == 2


def test_a_repeated_nakoming_keeps_every_letter(invoke, records):
    imported(invoke, records, "syncfeed.xml")
    result, _ = imported(invoke, records, "syncfeed_repeated.xml")
    assert result["updated"] == 1
    data = record(records, "tz202510-021")
    assert data["register"]["kamerbrief_nakoming"] == ["Kamerstuk 32 317, nr. 975", "Kamerstuk 32 317, nr. 990"]
    assert data["followup"][-1]["evidence"] == "Kamerstuk 32 317, nr. 975; Kamerstuk 32 317, nr. 990"
    assert data["followup"][-1]["note"].startswith("register: Deels Voldaan → Voldaan")


def test_an_empty_status_is_flagged_filterable_and_reconciled(invoke, records):
    imported(invoke, records, "expanded.json", "syncfeed.xml")
    for rid in ("tz202511-006", "tz202510-023"):  # OData null, SyncFeed xsi:nil
        assert record(records, rid)["topics"] == ["register-status-unknown"]
    found = invoke("list", "--records", str(records), "--topic", "register-status-unknown", "--format", "tsv")
    assert sorted(line.split("\t")[0] for line in found.stdout.splitlines()) == ["tz202510-023", "tz202511-006"]
    lines = invoke("reconcile", "--records", str(records)).stdout.splitlines()
    assert any(line.startswith("tz202511-006\tTZ202511-006\tstatus\t") and "unknown (empty)" in line for line in lines)


def test_a_status_later_given_takes_the_flag_away(invoke, records, tmp_path):
    imported(invoke, records, "expanded.json")
    page = json.loads((SHAPES / "expanded.json").read_text(encoding="utf-8"))
    entry = page["value"][2] | {"Status": "Openstaand", "GewijzigdOp": "2025-12-02T10:00:00+01:00"}
    (tmp_path / "later.json").write_text(json.dumps({"value": [entry]}), encoding="utf-8")
    invoke("import", "tk", str(tmp_path / "later.json"), "--records", str(records))
    data = record(records, "tz202511-006")
    assert data["topics"] == []
    assert data["followup"][-1]["note"] == "register: - → Openstaand"


def test_an_entry_imported_partial_then_done_replays_as_imported(invoke, records):
    imported(invoke, records, "expanded.json")
    imported(invoke, records, "select.json")  # Deels Afgedaan → Afgedaan on 15 January 2026
    assert "tz202511-004" not in listed(invoke, records, "2025-11-01")  # before it was made
    assert listed(invoke, records, "2025-11-04")["tz202511-004"] == "partial"  # from its created day
    assert listed(invoke, records, "2026-01-14")["tz202511-004"] == "partial"
    assert listed(invoke, records, "2026-01-15")["tz202511-004"] == "done"
    diff = invoke("diff", "2025-12", "2026-01", "--records", str(records), "--format", "json")
    assert diff.exit_code == 0, diff.stderr
    assert "tz202511-004" in json.dumps(json.loads(diff.stdout)["closed"])
    assert invoke("check", str(records)).exit_code == 0


def test_a_record_imported_before_the_rule_gets_its_first_state_dated_when_it_changes(invoke, records, tmp_path):
    imported(invoke, records, "expanded.json")
    path = records / "tk" / "tz202511-004.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("[[followup]]")].rstrip() + "\n", encoding="utf-8")  # as older imports wrote
    imported(invoke, records, "select.json")
    first, change = record(records, "tz202511-004")["followup"]
    assert (first["date"].isoformat(), first["status"]) == ("2025-11-04", "partial")
    assert (change["date"].isoformat(), change["status"]) == ("2026-01-15", "done")
    assert listed(invoke, records, "2025-12-01")["tz202511-004"] == "partial"


def test_fetch_adds_every_expand_to_a_register_query_without_one():
    url = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Toezegging?$filter=Verwijderd%20eq%20false"
    assert with_expand(url) == url + "&$expand=" + EXPAND
    for name in ("KamerbriefNakoming", "Kamerstukdossier", "ToegezegdAan", "IsHerhalingVan", "IsAanvullingOp"):
        assert name in EXPAND
    chosen = url + "&$select=Id,Nummer"
    assert with_expand(chosen) == chosen  # a query that picks its own properties is taken as meant


def test_every_register_query_in_the_docs_expands_what_jbz_reads():
    docs = (Path(__file__).parents[2] / "docs" / "register.md").read_text(encoding="utf-8")
    queries = [line for line in docs.splitlines() if "OData/v4/2.0/Toezegging?" in line]
    assert len(queries) >= 3  # --fetch, the curl loop, the crontab line
    for line in queries:
        assert "$expand=" + EXPAND.replace("$", "\\$") in line, line
