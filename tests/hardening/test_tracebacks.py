"""Kind 1 of the attack round: bad input gets one line naming the file, never a traceback (T1-T6)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfs
import pytest
from runjbz import LETTER, jbz, one_error

COMMANDS = (["list"], ["list", "--no-cache"], ["check"], ["show", "x"], ["agenda"], ["brief"], ["export", "ics"])


def big_int_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "rec"
    folder.mkdir()
    (folder / "x.toml").write_text(f'kind = "commitment"\ntitle = "x"\nn = {"9" * 4301}\n')
    return folder


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_t1_an_integer_over_4300_digits_names_the_file(tmp_path: Path, command: list[str]) -> None:
    result = jbz(*command, "--records", big_int_folder(tmp_path))
    shown = result.stdout + result.stderr
    assert "x.toml:3:5: " in shown and "an integer with more than 4,300 digits is not supported" in shown


def test_t1_a_huge_integer_in_councils_toml_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "rec"
    folder.mkdir()
    (folder / "councils.toml").write_text(f"n = {'1' * 5000}\n")
    result = jbz("councils", "--records", folder)
    assert "4,300 digits" in result.stderr


def test_t1_a_huge_integer_in_register_json_names_the_file(tmp_path: Path) -> None:
    page = tmp_path / "p.json"
    page.write_text(f"[{'1' * 5000}]")
    (tmp_path / "rec").mkdir()
    result = jbz("import", "tk", page, "--records", tmp_path / "rec", "--dry-run")
    assert result.returncode != 0
    assert "p.json: invalid JSON: an integer with more than 4,300 digits" in result.stderr


def test_t2_folders_nested_990_deep_are_refused_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "rec"
    subprocess.run(["mkdir", "-p", str(folder / Path(*["a"] * 990))], check=True)  # pathlib recurses per level
    try:
        for command in (["list"], ["list", "--no-cache"], ["check"], ["show", "x"]):
            line = one_error(jbz(*command, "--records", folder))
            assert "folders nested more than 100 deep" in line, command
    finally:
        subprocess.run(["rm", "-rf", str(folder)], check=True)


def test_t2_a_tree_100_deep_still_lists(tmp_path: Path) -> None:
    deep = tmp_path / "rec" / Path(*["a"] * 99)
    deep.mkdir(parents=True)
    (deep / "x.toml").write_text('kind = "decision"\ntitle = "deep"\n')
    assert jbz("list", "--records", tmp_path / "rec", "--format", "ids").stdout == "x\n"


@pytest.mark.parametrize(
    ("maker", "words"),
    [
        (pdfs.unknown_filter, "unsupported (Unsupported filter /Bogus)"),
        (pdfs.chained_filters, "safety limit of the PDF reader (Maximum filter count"),
        (pdfs.aes256, "the PDF is encrypted"),
    ],
    ids=["unknown-filter", "20-filters", "aes-256"],
)
def test_t3_pdf_reader_failures_are_one_line_naming_the_file(tmp_path: Path, maker, words: str) -> None:
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(maker())
    line = one_error(jbz("extract", letter))
    assert line.startswith(f"jbz: error: {letter}: ") and words in line, line


def test_t4_a_newline_in_source_url_is_rejected_by_check_and_never_crashes_export(tmp_path: Path) -> None:
    folder = tmp_path / "rec"
    folder.mkdir()
    (folder / "x.toml").write_text(
        'kind = "commitment"\ntitle = "t"\ndue = "2026-06"\n\n[source]\nurl = """https://example.org/a\nb"""\n'
    )
    check = jbz("check", "--records", folder)
    assert check.returncode == 1 and "'url' must be one line" in check.stdout + check.stderr
    export = jbz("export", "ics", "--records", folder)
    assert export.returncode == 1 and "BEGIN:VCALENDAR" in export.stdout


def test_t5_a_symlinked_dossier_folder_is_refused_in_one_line(tmp_path: Path) -> None:
    rec, outside = tmp_path / "rec", tmp_path / "outside"
    rec.mkdir()
    outside.mkdir()
    (rec / "32317-987").symlink_to("../outside")
    jbz("extract", LETTER, "--into", tmp_path / "drafts", "--records", rec)
    line = one_error(jbz("extract", "--accept", "--into", tmp_path / "drafts", "--records", rec))
    assert "'32317-987' is a symbolic link" in line
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("day", ["2200-07-01", "2200-12-31"])
def test_t6_agenda_works_on_every_supported_as_of_day(day: str) -> None:
    result = jbz("agenda", "--as-of", day)
    assert result.returncode == 0 and result.stdout.startswith("Agenda ")
    assert " 2201, as of " in result.stdout.splitlines()[0]


@pytest.mark.parametrize(
    "command",
    [
        ["show", "-"],
        ["done", "-", "--evidence", "x", "--dry-run"],
        ["followup", "-", "--note", "x", "--dry-run"],
        ["extract", "-"],
    ],
    ids=" ".join,
)
def test_a_closed_stdin_reads_as_an_empty_one(tmp_path: Path, command: list[str]) -> None:
    """`jbz show - <&-` once crashed on a missing stdin; it now answers as from an empty pipe."""
    from installed import installed_jbz
    from runjbz import env

    args = [installed_jbz(), *command, "--records", str(Path(__file__).parents[2] / "records")]
    closed = subprocess.run(["sh", "-c", 'exec "$@" <&-', "sh", *args], capture_output=True, env=env(), timeout=60)
    empty = subprocess.run(args, input=b"", capture_output=True, env=env(), timeout=60)
    assert b"Traceback" not in closed.stderr
    assert (closed.returncode, closed.stdout, closed.stderr) == (empty.returncode, empty.stdout, empty.stderr)
