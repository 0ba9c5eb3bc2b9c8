"""The folder digests that answer "nothing changed" watch exactly the files the index reads (store.files)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from jbz_cli.store.files import scan_record_files
from jbz_cli.store.index_keys import Walk, walk_changes

OLD = 1_600_000_000_000_000_000
LATER = time.time_ns() + 3_600_000_000_000  # a racy cut-off an hour from now: nothing is racy


def tree(root: Path) -> Path:
    for rel in ("a/one.toml", "a/b/two.toml", "three.toml", "councils.toml", ".hidden/x.toml", "a/.swap.toml"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('kind = "decision"\n', encoding="utf-8")
        os.utime(path, ns=(OLD, OLD))
    return root


def walk(root: Path, stored: dict[str, str] | None = None, racy_ns: int = LATER) -> Walk:
    return walk_changes(root, racy_ns, stored or {})


def digests(root: Path) -> dict[str, str | None]:
    return walk(root).digests


def test_every_record_file_counts_and_nothing_else(tmp_path: Path) -> None:
    root = tree(tmp_path)
    first = digests(root)
    assert None not in first.values() and digests(root) == first
    listed = {rel for files in walk(root).changed.values() for rel, _, _ in files}
    read = {rel for rel, _, _ in scan_record_files(root)}
    assert listed == read == {"a/one.toml", "a/b/two.toml", "three.toml"}
    assert walk(root).files == 3
    for ignored in ("councils.toml", ".hidden/x.toml", "a/.swap.toml", "a/notes.txt"):
        (root / ignored).write_text("changed", encoding="utf-8")
        assert digests(root) == first, ignored
    (root / "a/b/councils.toml").write_text("x", encoding="utf-8")  # only the top-level one is not a record
    os.utime(root / "a/b/councils.toml", ns=(OLD, OLD))
    assert digests(root)["a/b/"] != first["a/b/"]


def test_only_the_folders_that_changed_are_listed(tmp_path: Path) -> None:
    root = tree(tmp_path)
    stored = {folder: digest for folder, digest in digests(root).items() if digest is not None}
    assert walk(root, stored).changed == {}
    path = root / "a/b/two.toml"
    path.write_text('kind = "deadline"\n', encoding="utf-8")  # same size, old mtime put back: ctime tells
    os.utime(path, ns=(OLD, OLD))
    changed = walk(root, stored).changed
    assert list(changed) == ["a/b/"] and [rel for rel, _, sig in changed["a/b/"] if sig] == ["a/b/two.toml"]


def test_a_rewrite_in_place_a_rename_and_a_removal_change_it(tmp_path: Path) -> None:
    root = tree(tmp_path)
    seen = {digests(root)["a/b/"]}
    path = root / "a/b/two.toml"
    path.write_text('kind = "deadline"\n', encoding="utf-8")  # same size, old mtime put back: ctime tells
    os.utime(path, ns=(OLD, OLD))
    seen.add(digests(root)["a/b/"])
    path.rename(root / "a/b/zwei.toml")
    seen.add(digests(root)["a/b/"])
    (root / "a/b/zwei.toml").unlink()
    seen.add(digests(root)["a/b/"])
    assert None not in seen and len(seen) == 4


def test_no_digest_while_a_file_is_racy(tmp_path: Path) -> None:
    root = tree(tmp_path)
    (root / "a/one.toml").write_text('kind = "deadline"\n', encoding="utf-8")  # written now
    found = walk(root, racy_ns=(root / "a/one.toml").stat().st_mtime_ns)
    assert found.digests["a/"] is None and "a/" in found.changed
    assert dict((rel, sig) for rel, _, sig in found.changed["a/"])["a/one.toml"] is None  # parsed again


def test_the_store_and_the_core_name_the_same_meetings_file() -> None:
    from jbz_cli.core.councils import COUNCILS_FILE
    from jbz_cli.store.root import COUNCILS

    assert COUNCILS == COUNCILS_FILE


def test_a_file_that_cannot_be_statted_keeps_its_folder_without_a_digest(tmp_path: Path) -> None:
    root = tree(tmp_path)
    first = digests(root)
    (root / "a" / "gone.toml").symlink_to(root / "nowhere.toml")  # listed, but its stat fails
    found = walk(root, dict(first))
    assert found.digests["a/"] is None and found.digests[""] == first[""]
    assert {rel: sig for rel, _, sig in found.changed["a/"]}["a/gone.toml"] is None
    assert all(sig for rel, _, sig in found.changed["a/"] if rel != "a/gone.toml")
    (root / "a" / "gone.toml").unlink()
    assert digests(root) == first
