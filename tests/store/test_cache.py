"""The cache folder: indexes of folders that are gone or unused for 90 days are pruned, once a day at most, and
`jbz cache info` / `jbz cache clear` see and remove jbz's own files only."""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from jbz_cli.store import cache
from jbz_cli.store.code_key import keyed_name
from jbz_cli.store.files import RecordsDir
from jbz_cli.store.index import index_path, load_records

TODAY = date(2026, 11, 29)
RECORD = 'kind = "deadline"\ntitle = "ETIAS becomes operational"\ndue = "2026-Q4"\n'


def folder_with_index(base: Path, name: str, cache_dir: Path) -> Path:
    records = base / name
    records.mkdir()
    (records / "etias.toml").write_text(RECORD, encoding="utf-8")
    records_found, problems = load_records(RecordsDir(records, name, "option"), cache_dir)
    assert len(records_found) == 1 and not problems
    assert index_path(records, cache_dir).is_file()
    return records


def used_on(records: Path, cache_dir: Path, day: date) -> None:
    """Make every file of the index look last used on `day`."""
    stamp = datetime.combine(day, time(12)).timestamp()
    db = index_path(records, cache_dir)
    for file in (db, *(Path(f"{db}{side}") for side in cache.SQLITE_SIDE_FILES)):
        if file.exists():
            os.utime(file, (stamp, stamp))


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_info_names_each_index_with_its_records_folder(tmp_path: Path, cache_dir: Path) -> None:
    a = folder_with_index(tmp_path, "a", cache_dir)
    b = folder_with_index(tmp_path, "b", cache_dir)
    used_on(b, cache_dir, TODAY - timedelta(days=3))
    found = {info.records: info for info in cache.indexes(cache_dir)}
    assert set(found) == {str(a), str(b)}
    assert found[str(b)].last_used == TODAY - timedelta(days=3)
    assert all(info.present and info.size > 0 for info in found.values())


def test_prune_removes_gone_folders_and_indexes_unused_for_90_days(tmp_path: Path, cache_dir: Path) -> None:
    kept = folder_with_index(tmp_path, "kept", cache_dir)
    old = folder_with_index(tmp_path, "old", cache_dir)
    gone = folder_with_index(tmp_path, "gone", cache_dir)
    edge = folder_with_index(tmp_path, "edge", cache_dir)
    used_on(kept, cache_dir, TODAY)
    used_on(old, cache_dir, TODAY - timedelta(days=91))
    used_on(edge, cache_dir, TODAY - timedelta(days=90))  # exactly 90 days: still kept
    shutil.rmtree(gone)
    removed = cache.prune(cache_dir, TODAY)
    assert sorted(info.records for info in removed) == sorted([str(old), str(gone)])
    assert sorted(info.records for info in cache.indexes(cache_dir)) == sorted([str(kept), str(edge)])
    assert not list(cache_dir.glob(f"{index_path(old, cache_dir).name}*"))  # side files too


def test_a_run_costs_one_stat_and_prunes_at_most_once_a_day(tmp_path: Path, cache_dir: Path) -> None:
    current = folder_with_index(tmp_path, "current", cache_dir)
    used_on(current, cache_dir, TODAY - timedelta(days=1))
    gone = folder_with_index(tmp_path, "gone", cache_dir)
    shutil.rmtree(gone)

    cache.note_use(cache_dir, current, TODAY)  # first use today: marks the index, prunes, writes the stamp
    assert [info.records for info in cache.indexes(cache_dir)] == [str(current)]
    assert (cache_dir / cache.PRUNE_STAMP).read_text() == f"{TODAY.isoformat()}\n"
    assert cache.indexes(cache_dir)[0].last_used == TODAY

    again = folder_with_index(tmp_path, "again", cache_dir)
    shutil.rmtree(again)
    used_on(current, cache_dir, TODAY - timedelta(days=1))
    cache.note_use(cache_dir, current, TODAY)  # the stamp says today: no second prune
    assert len(cache.indexes(cache_dir)) == 2
    cache.note_use(cache_dir, current, TODAY + timedelta(days=1))  # the next day prunes again
    assert [info.records for info in cache.indexes(cache_dir)] == [str(current)]


def test_a_damaged_index_is_pruned_by_age_only(cache_dir: Path) -> None:
    cache_dir.mkdir()
    broken = cache_dir / "records-0123456789abcdef01234567.sqlite3"
    broken.write_bytes(b"not a database")
    (info,) = cache.indexes(cache_dir)
    assert info.records is None and not info.present
    assert cache.prune(cache_dir, date.fromtimestamp(broken.stat().st_mtime)) == []
    assert [i.file for i in cache.prune(cache_dir, TODAY + timedelta(days=3650))] == [broken]


def test_clear_removes_jbz_files_only(tmp_path: Path, cache_dir: Path) -> None:
    folder_with_index(tmp_path, "a", cache_dir)
    key = "0123456789abcdef01234567"  # jbz's keys are 24 hex digits (store/code_key.source_key)
    (cache_dir / keyed_name("help", key, "txt")).write_text("help")
    (cache_dir / f"{keyed_name('help', key, 'txt')}.123.tmp").write_text("half")
    (cache_dir / f"argv-list-{key}.json").write_text("{}")  # what older versions kept there
    (cache_dir / cache.PRUNE_STAMP).write_text("2026-11-29\n")
    foreign = ["notes.txt", "records-backup.db", "help.md", "other.sqlite3", "help-abc.txt", "argv-mine.json"]
    foreign += ["records-2025.sqlite3", "records-2025.sqlite3-wal"]  # another program's database and its log
    for name in foreign:
        (cache_dir / name).write_text("not jbz's")
    (cache_dir / "sub").mkdir()
    removed = cache.clear(cache_dir)
    assert removed and all(path.parent == cache_dir for path in removed)
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted([*foreign, "sub"])
    assert cache.clear(tmp_path / "missing") == []


def test_the_index_still_answers_after_a_clear_or_a_prune(tmp_path: Path, cache_dir: Path) -> None:
    records = folder_with_index(tmp_path, "a", cache_dir)
    cache.clear(cache_dir)
    found, _ = load_records(RecordsDir(records, "a", "option"), cache_dir)
    assert [r.id for r in found] == ["etias"]
    used_on(records, cache_dir, TODAY - timedelta(days=200))
    cache.maybe_prune(cache_dir, TODAY)
    found, _ = load_records(RecordsDir(records, "a", "option"), cache_dir)
    assert [r.id for r in found] == ["etias"]


def test_a_cache_file_is_replaced_whole_and_a_failed_write_leaves_no_temp_file(tmp_path: Path) -> None:
    from jbz_cli.store.replace import replace_file

    target = tmp_path / "help-0123456789abcdef01234567.txt"
    replace_file(target, "Usage: old\n")
    replace_file(target, "Usage: new\n")
    assert target.read_text(encoding="utf-8") == "Usage: new\n"
    blocked = tmp_path / "pruned-on"
    (blocked / "inside").mkdir(parents=True)  # a folder in the way: the rename fails
    with pytest.raises(OSError):
        replace_file(blocked, "2026-12-01\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name, "pruned-on"]
