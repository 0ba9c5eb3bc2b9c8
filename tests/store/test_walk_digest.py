"""The digest that answers "nothing changed" watches exactly the files the index reads (store.files)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from jbz_cli.store.files import scan_record_files
from jbz_cli.store.index_keys import walk_digest

OLD = 1_600_000_000_000_000_000
LATER = time.time_ns() + 3_600_000_000_000  # a racy cut-off an hour from now: nothing is racy


def tree(root: Path) -> Path:
    for rel in ("a/one.toml", "a/b/two.toml", "three.toml", "councils.toml", ".hidden/x.toml", "a/.swap.toml"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('kind = "decision"\n', encoding="utf-8")
        os.utime(path, ns=(OLD, OLD))
    return root


def test_every_record_file_counts_and_nothing_else(tmp_path: Path) -> None:
    root = tree(tmp_path)
    first = walk_digest(str(root), LATER)
    assert first is not None and walk_digest(str(root), LATER) == first
    read = {rel for rel, _, _ in scan_record_files(root)}
    assert read == {"a/one.toml", "a/b/two.toml", "three.toml"}
    for ignored in ("councils.toml", ".hidden/x.toml", "a/.swap.toml", "a/notes.txt"):
        (root / ignored).write_text("changed", encoding="utf-8")
        assert walk_digest(str(root), LATER) == first, ignored
    (root / "a/b/councils.toml").write_text("x", encoding="utf-8")  # only the top-level one is not a record
    os.utime(root / "a/b/councils.toml", ns=(OLD, OLD))
    assert walk_digest(str(root), LATER) != first


def test_a_rewrite_in_place_a_rename_and_a_removal_change_it(tmp_path: Path) -> None:
    root = tree(tmp_path)
    seen = {walk_digest(str(root), LATER)}
    path = root / "a/b/two.toml"
    path.write_text('kind = "deadline"\n', encoding="utf-8")  # same size, old mtime put back: ctime tells
    os.utime(path, ns=(OLD, OLD))
    seen.add(walk_digest(str(root), LATER))
    path.rename(root / "a/b/zwei.toml")
    seen.add(walk_digest(str(root), LATER))
    (root / "a/b/zwei.toml").unlink()
    seen.add(walk_digest(str(root), LATER))
    assert None not in seen and len(seen) == 4


def test_no_digest_while_a_file_is_racy(tmp_path: Path) -> None:
    root = tree(tmp_path)
    (root / "a/one.toml").write_text('kind = "deadline"\n', encoding="utf-8")  # written now
    assert walk_digest(str(root), (root / "a/one.toml").stat().st_mtime_ns) is None


def test_the_store_and_the_core_name_the_same_meetings_file() -> None:
    from jbz_cli.core.councils import COUNCILS_FILE
    from jbz_cli.store.root import COUNCILS

    assert COUNCILS == COUNCILS_FILE
