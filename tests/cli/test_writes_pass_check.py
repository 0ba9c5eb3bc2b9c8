"""Every write leaves a records folder that `jbz check` accepts, or writes nothing and says why in one line.

Run through the installed `jbz`, since refusals are about exit statuses and files left behind.
"""

from __future__ import annotations

import os
import stat
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from installed import installed_jbz


def jbz(records: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env.update(JBZ_RECORDS=str(records), JBZ_TODAY="2026-11-29", JBZ_CACHE_DIR=os.environ["JBZ_CACHE_DIR"])
    return subprocess.run([installed_jbz(), *args], env=env, capture_output=True, text=True, timeout=120)


def files(records: Path) -> dict[str, bytes]:
    return {p.relative_to(records).as_posix(): p.read_bytes() for p in sorted(records.rglob("*")) if p.is_file()}


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    assert jbz(folder, "add", "commitment", "--title", "Keep it", "--no-input").returncode == 0
    return folder


def refused(records: Path, *args: str) -> str:
    """Run a write that must be refused: exit 2, one line on stderr, not a byte changed."""
    before = files(records)
    result = jbz(records, *args)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert files(records) == before
    return result.stderr


def test_add_with_an_unknown_related_id_is_refused(records: Path) -> None:
    message = refused(records, "add", "commitment", "--title", "Other", "--related", "keep-itt", "--no-input")
    assert "related id 'keep-itt' does not exist" in message and "did you mean 'keep-it'" in message


def test_add_with_a_known_related_id_is_written(records: Path) -> None:
    assert jbz(records, "add", "decision", "--title", "Other", "--related", "keep-it", "--no-input").returncode == 0
    assert jbz(records, "check").returncode == 0


@pytest.mark.parametrize("field", ["--title", "--actor", "--topic", "--document"])
def test_a_line_break_in_a_one_line_field_is_refused(records: Path, field: str) -> None:
    args = ["add", "commitment", "--no-input", field, "two\nlines"]
    if field != "--title":
        args += ["--title", "Other"]
    assert "must be one line" in refused(records, *args)


def test_a_backfilled_followup_goes_where_its_date_belongs(records: Path) -> None:
    assert jbz(records, "add", "commitment", "--title", "Old", "--created", "2026-11-01", "--no-input").returncode == 0
    assert jbz(records, "followup", "old", "--note", "later", "--date", "2026-11-20").returncode == 0
    assert jbz(records, "followup", "old", "--note", "earlier", "--date", "2026-11-10").returncode == 0
    assert jbz(records, "followup", "old", "--note", "same day", "--date", "2026-11-20").returncode == 0
    text = (records / "old.toml").read_text()
    assert text.index('"earlier"') < text.index('"later"') < text.index('"same day"')
    assert jbz(records, "check", "--strict").returncode == 0
    # A backfilled move is kept while no later follow-up moves the deadline...
    assert jbz(records, "followup", "old", "--due", "2027", "--date", "2026-11-15").returncode == 0
    assert jbz(records, "followup", "old", "--due", "2027-06", "--date", "2026-11-25").returncode == 0
    assert jbz(records, "check", "--strict").returncode == 0
    # ...but it cannot go before a later move, whose previous due it would contradict.
    message = refused(records, "followup", "old", "--due", "2028", "--date", "2026-11-12")
    assert "before a later follow-up of old" in message and "moves the deadline" in message
    assert "jbz edit old" in message


def test_a_read_only_record_is_not_replaced(records: Path) -> None:
    path = records / "keep-it.toml"
    path.chmod(0o444)
    try:
        for args in (("followup", "keep-it", "--note", "x"), ("done", "keep-it", "--evidence", "Kamerstuk 1")):
            assert "read-only" in refused(records, *args)
        assert stat.S_IMODE(path.stat().st_mode) == 0o444
    finally:
        path.chmod(0o644)


def test_concurrent_adds_of_one_title_each_take_the_next_free_suffix(records: Path) -> None:
    def add(_: int) -> subprocess.CompletedProcess[str]:
        return jbz(records, "add", "deadline", "--title", "Same title", "--no-input")

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(add, range(12)))
    assert [r.returncode for r in results] == [0] * 12, [r.stderr for r in results if r.returncode]
    ids = sorted(r.stdout.strip() for r in results)
    assert ids == sorted(["same-title", *(f"same-title-{n}" for n in range(2, 13))])
    assert not [p.name for p in records.iterdir() if p.name.startswith(".")]
    assert jbz(records, "check").returncode == 0


TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=40
)


@settings(max_examples=8)  # three processes per example; the folder-level cases are the ones above
@given(title=TEXT, note=TEXT)
def test_generated_titles_and_notes_are_refused_or_pass_check(
    tmp_path_factory: pytest.TempPathFactory, title: str, note: str
) -> None:
    folder = tmp_path_factory.mktemp("gen") / "records"
    folder.mkdir()
    added = jbz(folder, "add", "commitment", "--title", title, "--no-input")
    assert added.returncode in (0, 2) and "Traceback" not in added.stderr, added.stderr
    if added.returncode:
        assert files(folder) == {}
        return
    record_id = added.stdout.strip()
    before = files(folder)
    noted = jbz(folder, "followup", record_id, "--note", note)
    assert noted.returncode in (0, 2) and "Traceback" not in noted.stderr, noted.stderr
    if noted.returncode:
        assert files(folder) == before
    assert jbz(folder, "check").returncode == 0, jbz(folder, "check").stdout
