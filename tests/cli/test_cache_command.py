"""`jbz cache info` and `jbz cache clear` through the installed jbz, as a shell user runs them."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest


def test_info_shows_each_index_and_clear_empties_the_folder(jbz, basic_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(basic_dir, other)
    cache = {"JBZ_CACHE_DIR": str(tmp_path / "cache")}
    assert jbz("list", "--records", str(basic_dir), cwd=tmp_path, env=cache).returncode == 0
    assert jbz("list", "--records", str(other), cwd=tmp_path, env=cache).returncode == 0
    shutil.rmtree(other)
    (tmp_path / "cache" / "mine.txt").write_text("not jbz's")

    info = jbz("cache", "info", cwd=tmp_path, env=cache)
    assert info.returncode == 0 and info.stderr == b""
    lines = info.stdout.decode().splitlines()
    assert lines[0].startswith(f"cache folder: {tmp_path / 'cache'} (") and lines[0].endswith(" of jbz files)")
    rows = [line for line in lines if ".sqlite3" in line]
    assert len(rows) == 2
    assert any(row.endswith(f"  {os.path.abspath(basic_dir)}") for row in rows)
    assert any(row.endswith(f"  {os.path.abspath(other)}  (gone)") for row in rows)
    assert all(" last used " in row for row in rows)

    data = json.loads(jbz("cache", "info", "--json", cwd=tmp_path, env=cache).stdout)
    assert sorted(i["records_exists"] for i in data["indexes"]) == [False, True]

    cleared = jbz("cache", "clear", cwd=tmp_path, env=cache)
    assert cleared.returncode == 0 and cleared.stdout == b""
    assert cleared.stderr.decode().startswith("removed ")
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["mine.txt"]
    empty = jbz("cache", "info", cwd=tmp_path, env=cache).stdout.decode()
    assert "no indexes" in empty


def test_info_of_a_cache_that_does_not_exist_yet(jbz, tmp_path: Path) -> None:
    cache = {"JBZ_CACHE_DIR": str(tmp_path / "none")}
    info = jbz("cache", "info", cwd=tmp_path, env=cache)
    assert info.returncode == 0
    assert info.stdout.decode().splitlines()[:2] == [
        f"cache folder: {tmp_path / 'none'} (not created yet)",
        "no indexes",
    ]
    assert jbz("cache", "clear", cwd=tmp_path, env=cache).stderr.decode().startswith("removed 0 files")
    assert not (tmp_path / "none").exists()
    bad = jbz("cache", "info", "--format", "tsv", cwd=tmp_path, env=cache)
    assert bad.returncode == 2 and bad.stderr.decode().count("\n") == 1


@pytest.mark.parametrize("command", ["info", "clear"])
def test_info_or_clear_on_a_cache_path_that_is_a_file_says_so(jbz, tmp_path: Path, command: str) -> None:
    (tmp_path / "cfile").write_text("kept")
    info = jbz("cache", command, cwd=tmp_path, env={"JBZ_CACHE_DIR": str(tmp_path / "cfile")})
    assert info.returncode == 1
    assert info.stderr.decode().splitlines() == [
        f"jbz: the cache folder {tmp_path / 'cfile'} is not a folder: no index can be kept, every run reads the files"
    ]
    assert (tmp_path / "cfile").read_text() == "kept"


def test_an_unknown_index_build_setting_is_named_and_the_index_still_built(
    jbz, basic_dir: Path, tmp_path: Path
) -> None:
    env = {"JBZ_CACHE_DIR": str(tmp_path / "cache"), "JBZ_INDEX_BUILD": "bogus"}
    listed = jbz("list", "--records", str(basic_dir), "--format", "ids", cwd=tmp_path, env=env)
    assert listed.returncode == 0 and listed.stdout
    assert "JBZ_INDEX_BUILD='bogus' is neither inline nor background" in listed.stderr.decode()
    assert list((tmp_path / "cache").glob("records-*.sqlite3"))
