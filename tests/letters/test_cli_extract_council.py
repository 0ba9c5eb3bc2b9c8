"""`jbz extract` and councils.toml: the letter's meeting is shown, staged with the drafts, and added on accept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from jbz_cli.core.councils import Council
from jbz_cli.errors import WriteError
from jbz_cli.store.councils import merge_council, parse_councils

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
BUNDLED = ROOT / "records" / "sources" / "kst-32317-987.txt"
AGENDA = FIXTURES / "agenda-constructed.txt"
INFORMAL = FIXTURES / "agenda-informal-constructed.txt"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A copy of the bundled records, with their councils.toml (the Council of 8-9 December 2025)."""
    target = tmp_path / "records"
    shutil.copytree(ROOT / "records", target)
    return target


def test_the_table_names_the_council_and_whether_it_is_listed(invoke, records: Path) -> None:
    result = invoke("extract", str(BUNDLED), "--records", str(records))
    assert result.stdout.splitlines()[0] == (
        "Kamerstuk 32 317, nr. 987, 2025-12-17; reports on the JBZ Council of 8-9 December 2025 in Brussel"
        " (in councils.toml)"
    )
    result = invoke("extract", str(AGENDA), "--records", str(records))
    assert result.stdout.splitlines()[0] == (
        "Kamerstuk 32 317, nr. 9001, 2026-06-02; prepares the JBZ Council of 11-12 June 2026 in Luxemburg"
        " (not in councils.toml)"
    )


def test_a_listed_meeting_with_the_letter_is_not_staged_again(invoke, records: Path, tmp_path: Path) -> None:
    before = (records / "councils.toml").read_text(encoding="utf-8")
    staging = tmp_path / "drafts"
    result = invoke("extract", str(BUNDLED), "--into", str(staging), "--records", str(records))
    assert result.exit_code == 0, result.output
    assert "council: the letter reports on the JBZ Council of 8-9 December 2025 in Brussel, already in" in result.stderr
    assert not (staging / "councils.toml").exists()
    assert (records / "councils.toml").read_text(encoding="utf-8") == before


def test_a_new_meeting_is_staged_checked_and_appended_on_accept(invoke, records: Path, tmp_path: Path) -> None:
    before = (records / "councils.toml").read_text(encoding="utf-8")
    staging = tmp_path / "drafts"
    assert invoke("extract", str(INFORMAL), "--into", str(staging), "--records", str(records)).exit_code == 0
    staged = (staging / "councils.toml").read_text(encoding="utf-8")
    assert (
        'kind = "informal"\nprepared_by = ["Kamerstuk 32 317, nr. 9004"]\nsource = "Kamerstuk 32 317, nr. 9004"\n'
        in (staged)
    )
    # The staged meeting is checked like the drafts: its quote against staging/sources/.
    check = invoke("check", str(staging), "--records", str(staging), "--format", "json")
    assert check.exit_code == 0 and not [p for p in json.loads(check.stdout) if p["severity"] == "error"]
    accepted = invoke("extract", "--accept", "--into", str(staging), "--records", str(records))
    assert accepted.exit_code == 0, accepted.output
    assert "councils.toml: added the informal JBZ Council of 29-30 January 2026 in Nicosia" in accepted.stderr
    after = (records / "councils.toml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n") + "\n\n[[council]]\ndates = [2026-01-29, 2026-01-30]\n")
    assert not (staging / "councils.toml").exists()
    listed = json.loads(invoke("councils", "--records", str(records), "--format", "json").stdout)
    assert [(c["start"], c["kind"], c["prepared_by"]) for c in listed] == [
        ("2025-12-08", "formal", ["Kamerstuk 32 317, nr. 978"]),
        ("2026-01-29", "informal", ["Kamerstuk 32 317, nr. 9004"]),
    ]
    assert invoke("check", str(records), "--records", str(records)).exit_code == 0


def test_two_letters_staged_together_keep_both_meetings(invoke, records: Path, tmp_path: Path) -> None:
    staging = tmp_path / "drafts"
    for letter in (INFORMAL, AGENDA):
        assert invoke("extract", str(letter), "--into", str(staging), "--records", str(records)).exit_code == 0
    staged = parse_councils((staging / "councils.toml").read_text(encoding="utf-8")).meetings
    assert [(c.start.isoformat(), c.prepared_by) for c in staged] == [
        ("2026-01-29", ("Kamerstuk 32 317, nr. 9004",)),
        ("2026-06-11", ("Kamerstuk 32 317, nr. 9001",)),
    ]


def test_the_letter_joins_a_meeting_already_listed(invoke, records: Path, tmp_path: Path) -> None:
    (records / "councils.toml").write_text(
        '# my meetings\n\n[[council]]\ndates = [2026-06-11, 2026-06-12]\nplace = "Luxemburg"\n'
        'source = "Kamerstuk 32 317, nr. 8000"  # from the planning letter\n',
        encoding="utf-8",
    )
    staging = tmp_path / "drafts"
    assert invoke("extract", str(AGENDA), "--into", str(staging), "--records", str(records)).exit_code == 0
    accepted = invoke("extract", "--accept", "--into", str(staging), "--records", str(records))
    assert accepted.exit_code == 0, accepted.output
    assert (
        "councils.toml: added Kamerstuk 32 317, nr. 9001 to prepared_by of the JBZ Council of 11-12 June 2026"
        in accepted.stderr
    )
    assert (records / "councils.toml").read_text(encoding="utf-8") == (
        '# my meetings\n\n[[council]]\ndates = [2026-06-11, 2026-06-12]\nplace = "Luxemburg"\n'
        'source = "Kamerstuk 32 317, nr. 8000"  # from the planning letter\n'
        'prepared_by = ["Kamerstuk 32 317, nr. 9001"]\n'
    )


def test_a_letter_that_dates_no_meeting_stages_none(invoke, tmp_path: Path) -> None:
    letter = tmp_path / "brief.txt"
    letter.write_text(
        "32 317  JBZ-Raad\nNr. 9003  Brief\n\nDen Haag, 2 juni 2026\n\nDe Commissie zal in maart een voorstel doen.\n",
        encoding="utf-8",
    )
    staging = tmp_path / "drafts"
    result = invoke("extract", str(letter), "--into", str(staging), "--records", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "the letter names no JBZ Council meeting with its date" in result.stderr
    assert not (staging / "councils.toml").exists()


def test_a_broken_councils_file_is_never_overwritten(invoke, records: Path, tmp_path: Path) -> None:
    staging = tmp_path / "drafts"
    assert invoke("extract", str(INFORMAL), "--into", str(staging), "--records", str(records)).exit_code == 0
    (records / "councils.toml").write_text('[[council]]\ndates = 5\nsource = "x"\n', encoding="utf-8")
    accepted = invoke("extract", "--accept", "--into", str(staging), "--records", str(records))
    assert accepted.exit_code == 2
    assert "councils.toml:2: dates must be a non-empty list" in accepted.stderr and "fix it first" in accepted.stderr
    assert (records / "councils.toml").read_text(encoding="utf-8") == '[[council]]\ndates = 5\nsource = "x"\n'
    assert (staging / "councils.toml").exists()


def test_a_list_over_several_lines_is_left_to_the_reader() -> None:
    text = '[[council]]\ndates = [2026-06-11]\nsource = "a"\nprepared_by = [\n  "Kamerstuk 1",\n]\n'
    listed = parse_councils(text).meetings
    letter = Council(dates=(listed[0].start,), prepared_by=("Kamerstuk 2",), source="Kamerstuk 2")
    with pytest.raises(WriteError, match="spans several lines"):
        merge_council(text, listed, letter)
    assert merge_council(text, listed, Council(dates=(listed[0].start,), prepared_by=("Kamerstuk 1",))) is None
