"""Council meetings as data: the bundled file, next and previous, brief --council, the agenda and jbz check."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from jbz_cli.core.councils import (
    Council,
    council_for_document,
    council_mentioned,
    find_council,
    next_council,
    previous_council,
)
from jbz_cli.errors import UsageError
from jbz_cli.store.councils import parse_councils

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "records"

TWO = """
[[council]]
dates = [2026-03-05, 2026-03-06]
place = "Brussel"
source = "Kamerstuk 32 317, nr. 990"
prepared_by = ["Kamerstuk 32 317, nr. 989"]

[[council]]
dates = [2026-01-22, 2026-01-23]
kind = "informal"
place = "Nicosia"
source = "Kamerstuk 32 317, nr. 990"

[[council]]
dates = [2026-06-11]
source = "Kamerstuk 32 317, nr. 990"
"""


def meetings() -> list[Council]:
    found = parse_councils(TWO)
    assert found.problems == []
    return found.meetings


def test_the_bundled_file_holds_only_the_meeting_the_bundled_letter_dates() -> None:
    found = parse_councils((BUNDLED / "councils.toml").read_text(encoding="utf-8"))
    assert found.problems == []
    [meeting] = found.meetings
    assert (meeting.start, meeting.end, meeting.kind, meeting.place) == (
        date(2025, 12, 8),
        date(2025, 12, 9),
        "formal",
        "Brussel",
    )
    assert meeting.reported_by == ("Kamerstuk 32 317, nr. 987",)
    letter = (BUNDLED / "sources" / "kst-32317-987.txt").read_text(encoding="utf-8")
    assert " ".join(meeting.quote.split()) in " ".join(letter.split())
    assert council_mentioned(found.meetings, letter) == meeting  # extract can place the letter


def test_next_is_the_first_meeting_not_yet_over_and_previous_is_the_one_before() -> None:
    ms = meetings()
    assert [m.start for m in ms] == [date(2026, 1, 22), date(2026, 3, 5), date(2026, 6, 11)]
    assert next_council(ms, date(2026, 2, 1)).start == date(2026, 3, 5)
    assert next_council(ms, date(2026, 3, 6)).start == date(2026, 3, 5)  # under way: still the one to brief for
    assert next_council(ms, date(2026, 6, 12)) is None
    assert previous_council(ms, ms[1]) == ms[0]
    assert previous_council(ms, ms[0]) is None
    assert find_council(ms, "2026-03-06", date(2026, 1, 1)) == ms[1]
    with pytest.raises(UsageError, match="no JBZ Council on 2026-03-07"):
        find_council(ms, "2026-03-07", date(2026, 1, 1))
    assert council_for_document(ms, "kamerstuk 32317 nr 989") is None
    assert council_for_document(ms, "Kamerstuk 32 317, nr. 989") == ms[1]
    assert ms[0].label() == "informal JBZ Council of 22-23 January 2026 in Nicosia"


def test_brief_council_next_on_the_bundled_records_says_no_next_meeting_is_known(jbz, tmp_path: Path) -> None:
    result = jbz("brief", "--council", "next", "--as-of", "2026-11-29", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == b""
    err = result.stderr.decode()
    assert err.count("\n") == 1
    # The bundled records are read-only examples: the hint points at the user's own folder, not into the package.
    assert err == (
        "jbz: no next JBZ Council is known on or after 2026-11-29: add it to councils.toml in your own records "
        "folder (`jbz init --examples` creates one with these records; see docs/cycle.md)\n"
    )
    mine = tmp_path / "mine"
    assert jbz("init", str(mine), cwd=tmp_path).returncode == 0
    err = jbz("councils", "--as-of", "2026-11-29", cwd=mine).stderr.decode()
    assert err.endswith("is listed: add its dates and source to councils.toml\n")
    (mine / "councils.toml").unlink()
    err = jbz("brief", "--council", "next", cwd=mine).stderr.decode()
    assert err.endswith(
        ": councils.toml does not exist; create it with the meeting's dates and source (see docs/cycle.md)\n"
    )


def test_brief_council_next_on_the_bundled_records_before_the_meeting(jbz, tmp_path: Path) -> None:
    result = jbz("brief", "--council", "next", "--as-of", "2025-12-17", cwd=tmp_path)
    assert result.returncode == 1  # the December meeting is over by the 17th
    result = jbz("brief", "--council", "next", "--as-of", "2025-12-08", "-f", "text", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, b"")
    text = result.stdout.decode()
    assert text.startswith(
        "JBZ briefing before the JBZ Council of 8-9 December 2025 in Brussel; no earlier meeting is listed"
    )
    # Replayed to the as-of day: the records from the letter of 17 December did not exist yet.
    assert "0 open of 0 records" in text


def test_brief_council_between_two_meetings(jbz, cycle_dir: Path) -> None:
    (cycle_dir / "councils.toml").write_text(TWO, encoding="utf-8")
    result = jbz(
        "brief", "--council", "next", "--records", str(cycle_dir), "--as-of", "2026-03-01", cwd=cycle_dir.parent
    )
    assert (result.returncode, result.stderr) == (0, b"")
    text = result.stdout.decode()
    assert text.startswith(
        "# JBZ briefing before the JBZ Council of 5-6 March 2026 in Brussel; changes since the informal JBZ Council of"
    )
    assert "Due dates up to 2026-03-05; follow-ups logged from 2026-01-22 to 2026-03-01." in text
    changed = text.split("## Changed since 2026-01-22")[1]
    assert "beta-revised" in changed and "delta-overdue" in changed  # follow-ups of 20 and 10 February
    awaiting = text.split("## Awaiting follow-up")[1].split("##")[0]
    assert "epsilon-stale" in awaiting
    due = text.split("## Due by 2026-03-05")[1].split("##")[0]
    assert "_Nothing falls due by 2026-03-05._" in due  # alpha is due by 31 March, after the meeting


def test_brief_council_errors_are_one_line(jbz, cycle_dir: Path) -> None:
    (cycle_dir / "councils.toml").write_text(TWO, encoding="utf-8")
    for args, start in [
        (("--council", "2026-03-07"), "jbz: error: no JBZ Council on 2026-03-07"),
        (("--council", "soon"), "jbz: error: invalid --council date 'soon'"),
        (("--council", "next", "--since", "2026-01"), "jbz: error: --council sets the period itself"),
        (
            ("--council", "2026-01-22"),
            "jbz: error: the informal JBZ Council of 22-23 January 2026 in Nicosia was before",
        ),
    ]:
        result = jbz("brief", *args, "--records", str(cycle_dir), "--as-of", "2026-03-01", cwd=cycle_dir.parent)
        err = result.stderr.decode()
        assert result.returncode == 2 and err.startswith(start) and err.count("\n") == 1, err


def test_brief_without_council_is_unchanged(jbz, cycle_dir: Path) -> None:
    result = jbz(
        "brief", "--records", str(cycle_dir), "--as-of", "2026-03-01", "--since", "2026-02", cwd=cycle_dir.parent
    )
    assert result.returncode == 0
    assert result.stdout.decode().startswith("# JBZ briefing, as of 2026-03-01\n")


def test_councils_lists_and_marks_the_next(jbz, cycle_dir: Path) -> None:
    (cycle_dir / "councils.toml").write_text(TWO, encoding="utf-8")
    args = ("councils", "--records", str(cycle_dir), "--as-of", "2026-02-01")
    result = jbz(*args, cwd=cycle_dir.parent)
    assert result.returncode == 0
    assert result.stdout.decode().splitlines() == [
        "2026-01-22..2026-01-23  informal  Nicosia  -",
        "2026-03-05..2026-03-06  formal  Brussel  prepared by Kamerstuk 32 317, nr. 989  <- next",
        "2026-06-11  formal  -  -",
    ]
    data = json.loads(jbz(*args, "--json", cwd=cycle_dir.parent).stdout)
    assert [(m["start"], m["next"]) for m in data] == [
        ("2026-01-22", False),
        ("2026-03-05", True),
        ("2026-06-11", False),
    ]


def test_councils_toml_is_not_a_record(jbz, cycle_dir: Path) -> None:
    (cycle_dir / "councils.toml").write_text(TWO, encoding="utf-8")
    result = jbz("list", "--records", str(cycle_dir), "--format", "ids", cwd=cycle_dir.parent)
    assert (result.returncode, result.stderr) == (0, b"")
    assert b"councils" not in result.stdout


def test_agenda_marks_council_dates(jbz, cycle_dir: Path) -> None:
    (cycle_dir / "councils.toml").write_text(TWO, encoding="utf-8")
    result = jbz("agenda", "--records", str(cycle_dir), "--as-of", "2026-02-01", cwd=cycle_dir.parent)
    assert result.returncode == 0
    lines = result.stdout.decode().splitlines()
    assert "March 2026 (2); JBZ Council 5-6 March 2026" in lines  # alpha and gamma were still open then
    assert "June 2026 (0); JBZ Council 11 June 2026" in lines  # a month with only a meeting is shown too


def test_check_reports_councils_problems_with_file_and_line(jbz, tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(BUNDLED, records)
    assert jbz("check", "--records", "records", cwd=tmp_path).returncode == 0
    with (records / "councils.toml").open("a", encoding="utf-8") as f:
        f.write('\n[[council]]\ndates = ["2026-03-05"]\nkind = "formeel"\nsource = "Kamerstuk 32 317, nr. 987"\n')
        f.write('\n[[council]]\ndates = [2026-06-11]\nsource = "Kamerstuk 32 317, nr. 987"\nquote = "Verzonnen."\n')
    result = jbz("check", "--records", "records", cwd=tmp_path)
    assert result.returncode == 1
    lines = [line for line in result.stdout.decode().splitlines() if not line.startswith("    ")]
    assert lines == [
        "records/councils.toml:17:1: error: dates must be a non-empty list of TOML dates, e.g. [2026-03-05, 2026-03-06] [councils]",
        "records/councils.toml:18:1: error: kind must be formal or informal, not 'formeel' [councils]",
        "records/councils.toml:24:1: error: quote not found in records/sources/kst-32317-987.txt; copy it verbatim [councils]",
    ]
    (records / "councils.toml").write_text("[[council]\n", encoding="utf-8")
    result = jbz("check", "--records", "records", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.decode().startswith("records/councils.toml:1:")
    assert "TOML syntax" in result.stdout.decode()


def test_a_broken_councils_file_is_named_on_stderr_by_other_commands(jbz, cycle_dir: Path) -> None:
    (cycle_dir / "councils.toml").write_text(
        '[[council]]\ndates = [2026-03-05]\nsource = "x"\nkind = "big"\n', encoding="utf-8"
    )
    result = jbz("councils", "--records", str(cycle_dir), cwd=cycle_dir.parent)
    assert result.returncode == 1
    assert (
        result.stderr.decode().splitlines()[0].endswith("councils.toml:4:1: kind must be formal or informal, not 'big'")
    )


def test_the_terminal_timeline_marks_the_meeting_month() -> None:
    from jbz_cli.core.overviews import Agenda, AgendaMonth
    from jbz_cli.present.terminal import Style
    from jbz_cli.present.views.agenda import agenda_timeline

    months = [AgendaMonth(date(2026, 2, 1)), AgendaMonth(date(2026, 3, 1), councils=["JBZ Council 5-6 March 2026"])]
    text = agenda_timeline(
        Agenda(date(2026, 2, 1), date(2026, 2, 1), date(2026, 3, 31), months), Style(True, False, 80)
    )
    lines = text.plain.splitlines()
    assert "JBZ Council" not in lines[0]
    assert lines[1].endswith("◆ JBZ Council 5-6 March 2026")


def test_the_readme_council_example_briefs_something(jbz, tmp_path: Path) -> None:
    """The README's "Before a Council" block, run as written, gives a briefing with items (not "0 open of 0")."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Before a Council")[1].split("```sh\n")[1].split("```")[0]
    add_meeting = next(line for line in block.splitlines() if line.startswith("printf "))
    shutil.copytree(BUNDLED, tmp_path / "records")
    import subprocess

    subprocess.run(["bash", "-c", add_meeting], cwd=tmp_path, check=True)
    brief = jbz("brief", "--council", "next", "--as-of", "2026-03-01", cwd=tmp_path)
    assert brief.returncode == 0, brief.stderr
    text = brief.stdout.decode()
    assert text.startswith("# JBZ briefing before the JBZ Council of 5-6 March 2026 in Brussel")
    assert "63 open of 92 records" in text
    assert jbz("check", cwd=tmp_path).returncode == 0
