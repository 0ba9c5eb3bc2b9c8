"""jbz reconcile: where records and the register disagree, and which side changed last."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = [str(FIXTURES / "odata_page1.json"), str(FIXTURES / "odata_page2.json")]

LINKED = """kind = "commitment"
title = "State of play of the Migration Pact in the annotated agenda"
status = "done"
due = "2025-Q4"
register = "TZ202502-011"

[[followup]]
date = 2025-11-20
note = "Annotated agenda sent"
status = "done"
evidence = "Kamerstuk 32 317, nr. 980"
"""

UNLINKED = """kind = "commitment"
title = "Inform the Kamer about the internal security pact"
status = "open"

[source]
document = "Kamerstuk 32 317, nr. 987"
date = 2025-12-17
quote = "De minister zegt toe de Kamer te informeren over het Europees Pact voor interne veiligheid."
"""

UNRELATED = """kind = "commitment"
title = "Report on asset recovery"

[source]
quote = "Het kabinet zal de Kamer in het voorjaar een brief sturen over de terugvordering van criminele vermogens."
"""

DANGLING = """kind = "commitment"
title = "Something the register does not have yet"
register = "TZ209901-001"
"""


@pytest.fixture
def records(tmp_path: Path, invoke) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    invoke("import", "tk", *PAGES, "--records", str(folder))
    mine = folder / "mine"
    mine.mkdir()
    for name, text in (("pact-linked", LINKED), ("isp-pact", UNLINKED), ("asset-recovery", UNRELATED)):
        (mine / f"{name}.toml").write_text(text, encoding="utf-8")
    (mine / "dangling.toml").write_text(DANGLING, encoding="utf-8")
    return folder


def found(invoke, records: Path) -> list[dict]:
    result = invoke("reconcile", "--records", str(records), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_linked_record_that_disagrees_on_status_and_due(invoke, records):
    rows = [d for d in found(invoke, records) if d["id"] == "pact-linked"]
    assert rows == [
        {
            "id": "pact-linked",
            "nummer": "TZ202502-011",
            "field": "status",
            "jbz": "done",
            "register": "partial (Deels Afgedaan)",
            "newer": "jbz",
            "score": None,
        },
        {
            "id": "pact-linked",
            "nummer": "TZ202502-011",
            "field": "due",
            "jbz": "2025-Q4",
            "register": None,
            "newer": "jbz",
            "score": None,
        },
    ]


def test_done_in_the_register_without_a_fulfilling_letter(invoke, records):
    rows = [d for d in found(invoke, records) if d["field"] == "kamerbrief_nakoming"]
    assert [d["nummer"] for d in rows] == ["TZ202505-001"]  # TZ202412-103 names its letter


def test_a_record_closed_by_hand_while_the_register_is_open(invoke, records):
    done = invoke(
        "done",
        "tz202504-057",
        "--evidence",
        "Kamerstuk 32 317, nr. 990",
        "--date",
        "2026-01-05",
        "--records",
        str(records),
    )
    assert done.exit_code == 0, done.stderr
    (row,) = [d for d in found(invoke, records) if d["id"] == "tz202504-057"]
    assert (row["field"], row["jbz"], row["register"], row["newer"]) == ("status", "done", "open (Openstaand)", "jbz")


def test_the_register_moving_on_makes_the_register_side_newer(invoke, records):
    (records / "mine" / "return-regulation.toml").write_text(
        'kind = "commitment"\ntitle = "Return regulation letter"\nregister = "tz202504-057"\ndue = "2025-09-30"\n\n'
        '[[followup]]\ndate = 2025-05-01\nnote = "Chased the ministry"\n',
        encoding="utf-8",
    )
    invoke("import", "tk", str(FIXTURES / "odata_update.json"), "--records", str(records))
    rows = [d for d in found(invoke, records) if d["id"] == "return-regulation"]
    assert rows == [
        {
            "id": "return-regulation",
            "nummer": "TZ202504-057",
            "field": "status",
            "jbz": "open",
            "register": "done (Afgedaan)",
            "newer": "register",
            "score": None,
        },
    ]
    assert [d for d in found(invoke, records) if d["id"] == "tz202504-057"] == []  # the import kept it in step


def test_an_unlinked_commitment_with_a_matching_quote_is_proposed_as_a_link(invoke, records):
    rows = [d for d in found(invoke, records) if d["field"] == "link"]
    assert [(d["id"], d["nummer"]) for d in rows] == [("isp-pact", "TZ202506-045")]
    assert rows[0]["score"] >= 85


def test_a_link_to_an_entry_not_imported_is_named(invoke, records):
    rows = [d for d in found(invoke, records) if d["id"] == "dangling"]
    assert rows == [
        {
            "id": "dangling",
            "nummer": "TZ209901-001",
            "field": "register",
            "jbz": "TZ209901-001",
            "register": None,
            "newer": None,
            "score": None,
        }
    ]


def test_the_table_says_which_side_is_newer_on_every_line(invoke, records):
    result = invoke("reconcile", "--records", str(records))
    lines = result.stdout.splitlines()
    assert "pact-linked\tTZ202502-011\tstatus\tjbz done, register partial (Deels Afgedaan)\tjbz newer" in lines
    assert "isp-pact\tTZ202506-045\tlink\tproposed, score 100\tnewer side unknown" in lines
    assert all(line.count("\t") == 4 for line in lines)


def test_linked_records_pass_jbz_check(invoke, records):
    result = invoke("check", "--records", str(records), str(records / "mine"))
    assert result.exit_code == 0, result.stdout + result.stderr
