"""`jbz extract --into` and `--accept` on awkward staging folders, repeated runs and existing sources."""

from __future__ import annotations

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
