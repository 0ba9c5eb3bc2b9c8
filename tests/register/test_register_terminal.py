"""On a real terminal the import's own progress bar reaches it raw, while text from files stays escaped."""

from __future__ import annotations

from pathlib import Path

from ptyrun import run_in_pty

FIXTURES = Path(__file__).parent / "fixtures"


def test_the_progress_bar_is_drawn_not_escaped_and_file_text_is_escaped(tmp_path: Path):
    records = tmp_path / "records"
    records.mkdir()
    odd = str(tmp_path / "page\u202e\x1b[31m.json")  # a source that does not exist: its name is echoed
    out = run_in_pty(
        ["import", "tk", str(FIXTURES / "odata_page1.json"), odd, "--records", str(records)],
        100,
        {"JBZ_CACHE_DIR": str(tmp_path / ".cache")},
    )
    assert "\x1b[?25l" in out  # rich hid the cursor for its bar: the code reached the terminal itself
    assert "\\u001b[?25" not in out  # and was not shown as text
    assert "page\\u202e\\u001b[31m.json: cannot read" in out
    assert "\u202e" not in out
    assert len(list((records / "tk").glob("*.toml"))) == 3
