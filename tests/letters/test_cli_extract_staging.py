"""`jbz extract --into` and `--accept` on awkward staging folders, repeated runs and existing sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "records" / "sources" / "kst-32317-987.txt"


@pytest.mark.parametrize("kind", ["file", "devnull", "under-file", "proc"])
def test_an_unusable_staging_folder_is_one_line_and_exit_2(invoke, tmp_path: Path, kind: str) -> None:
    records = tmp_path / "records"
    records.mkdir()
    (tmp_path / "file").write_text("x\n", encoding="utf-8")
    into = {
        "file": str(tmp_path / "file"),
        "devnull": "/dev/null",
        "under-file": str(tmp_path / "file" / "drafts"),
        "proc": "/proc/jbz-no-such-folder",
    }[kind]
    if kind == "proc" and not Path("/proc").is_dir():
        pytest.skip("no /proc here")
    result = invoke("extract", str(LETTER), "--into", into, "--records", str(records))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("jbz: error: ")
    expected = "not a folder" if kind in ("file", "devnull") else "cannot be created"
    assert expected in lines[0] and into.split("/")[1] in lines[0]
    assert (tmp_path / "file").read_text(encoding="utf-8") == "x\n"


def test_running_extract_twice_stages_each_draft_once(invoke, tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    staging = tmp_path / "drafts"
    first = invoke("extract", str(LETTER), "--into", str(staging), "--records", str(records))
    assert first.exit_code == 0, first.output
    drafts = sorted(p.name for p in staging.glob("*.toml"))
    assert len(drafts) > 10
    again = invoke("extract", str(LETTER), "--into", str(staging), "--records", str(records))
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in staging.glob("*.toml")) == drafts
    assert "wrote 0 drafts" in again.stderr
    assert f"already staged: {Path(drafts[0]).stem}" in again.stderr


def test_accept_keeps_a_draft_whose_quote_is_not_in_the_records_source(invoke, tmp_path: Path) -> None:
    # The records keep the letter as published; one quote runs across a footnote at a page break there.
    records = tmp_path / "records"
    (records / "sources").mkdir(parents=True)
    shutil.copy(LETTER, records / "sources" / LETTER.name)
    staging = tmp_path / "drafts"
    staged = invoke("extract", str(LETTER), "--into", str(staging), "--records", str(records))
    assert staged.exit_code == 0, staged.output
    split = "Enkele lidstaten konden om uiteenlopende redenen de algemene oriëntatie niet steunen."
    kept = [p for p in staging.glob("*.toml") if split in p.read_text(encoding="utf-8")]
    assert len(kept) == 1
    accepted = invoke("extract", "--accept", "--into", str(staging), "--records", str(records))
    assert accepted.exit_code == 1, accepted.output
    assert "Traceback" not in accepted.output
    refusals = [line for line in accepted.stderr.splitlines() if line.startswith("not accepted")]
    assert any(kept[0].name in line for line in refusals)
    assert all("jbz check would reject it: quote not found" in line for line in refusals)
    left = sorted(p.name for p in staging.glob("*.toml"))
    assert len(left) == len(refusals) and all(any(name in line for line in refusals) for name in left)
    assert (records / "sources" / LETTER.name).read_bytes() == LETTER.read_bytes()
    assert len(list((records / "32317-987").glob("*.toml"))) > 10
    check = invoke("check", "--records", str(records), "--skip", "topics")
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize("content", [b"\xff\xfe", b"title = 1\x00\n", b'kind = "caf\xe9"\n'])
def test_a_draft_that_is_not_utf8_text_is_one_line_and_nothing_is_written(
    invoke, tmp_path: Path, content: bytes
) -> None:
    records = tmp_path / "records"
    records.mkdir()
    staging = tmp_path / "drafts"
    staged = invoke("extract", str(LETTER), "--into", str(staging), "--records", str(records))
    assert staged.exit_code == 0, staged.output
    (staging / "aaa.toml").write_bytes(content)
    again = invoke("extract", str(LETTER), "--into", str(staging), "--records", str(records))
    assert again.exit_code == 0 and "Traceback" not in again.output
    accepted = invoke("extract", "--accept", "--into", str(staging), "--records", str(records))
    assert accepted.exit_code != 0 and "Traceback" not in accepted.output
    lines = accepted.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("jbz: error: ") and "aaa.toml" in lines[0]
    assert "binary" in lines[0] or "UTF-8" in lines[0]
    assert sorted(p.name for p in records.rglob("*")) == []


def test_drafts_of_a_letter_without_a_number_are_refused_until_it_is_given(invoke, tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    letter = tmp_path / "brief.txt"
    letter.write_text(
        "Den Haag, 20 januari 2026\n\nHet kabinet zal uw Kamer voor de zomer informeren over de evaluatie.\n",
        encoding="utf-8",
    )
    staged = invoke("extract", str(letter), "--into", str(tmp_path / "d1"), "--records", str(records))
    assert staged.exit_code == 0 and "--document" in staged.stderr
    refused = invoke("extract", "--accept", "--into", str(tmp_path / "d1"), "--records", str(records))
    assert refused.exit_code != 0 and "Traceback" not in refused.output
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "names no document" in lines[0] and "--document" in lines[0]
    assert list(records.rglob("*")) == []
    given = ["--document", "Kamerstuk 32 317, nr. 9005"]
    assert (
        invoke("extract", str(letter), "--into", str(tmp_path / "d2"), "--records", str(records), *given).exit_code == 0
    )
    accepted = invoke("extract", "--accept", "--into", str(tmp_path / "d2"), "--records", str(records))
    assert accepted.exit_code == 0, accepted.output
    assert (records / "sources" / "kst-32317-9005.txt").is_file()
    assert len(list((records / "32317-9005").glob("*.toml"))) == 1
