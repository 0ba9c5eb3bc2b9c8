"""files.Inside resolves the records folder once per pass and still refuses exactly what a full realpath refuses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jbz_cli.store.files import Inside, RecordsDir, load_records


def realpath_inside(path: Path, root: Path) -> bool:
    """The rule as written before: the file's real path is the folder's real path or below it."""
    resolved, base = os.path.realpath(path), os.path.realpath(root)
    return resolved == base or resolved.startswith(base.rstrip(os.sep) + os.sep)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.toml").write_text('kind = "decision"\ntitle = "s"\n', encoding="utf-8")
    real = tmp_path / "real-records"
    (real / "a").mkdir(parents=True)
    (real / "a" / "one.toml").write_text('kind = "decision"\ntitle = "one"\n', encoding="utf-8")
    (real / "a" / "to-one.toml").symlink_to(real / "a" / "one.toml")
    (real / "a" / "to-secret.toml").symlink_to(outside / "secret.toml")
    (real / "a" / "relative-out.toml").symlink_to(Path("..") / ".." / "outside" / "secret.toml")
    (real / "a" / "dangling.toml").symlink_to(outside / "gone.toml")
    (real / "linked-folder").symlink_to(outside, target_is_directory=True)
    (real / "inner-link").symlink_to(real / "a", target_is_directory=True)
    records = tmp_path / "records"
    records.symlink_to(real, target_is_directory=True)  # the folder itself may be a link
    return records


def test_same_verdict_as_realpath(tree: Path) -> None:
    inside = Inside(tree)
    paths = [
        tree / "a" / "one.toml",
        tree / "a" / "to-one.toml",
        tree / "a" / "to-secret.toml",
        tree / "a" / "relative-out.toml",
        tree / "a" / "dangling.toml",
        tree / "a" / "missing.toml",
        tree / "linked-folder" / "secret.toml",
        tree / "inner-link" / "one.toml",
        tree / "a" / ".." / "a" / "one.toml",
        tree / "a" / ".." / ".." / "outside" / "secret.toml",
        tree,
        tree / "a",
    ]
    for path in paths * 2:  # the second round answers from the remembered folders
        assert inside.holds(path) == realpath_inside(path, tree), path
    assert not inside.holds(tree / "a" / "to-secret.toml")
    assert inside.holds(tree / "a" / "to-one.toml")


def test_a_records_folder_with_links_out_lists_the_rest(tree: Path) -> None:
    loaded = load_records(RecordsDir(tree, "records", "option"))
    assert sorted(r.id for r in loaded.records) == ["one", "to-one"]
    refused = sorted(p.path for p in loaded.problems if "outside the records folder" in p.message)
    assert refused == ["records/a/dangling.toml", "records/a/relative-out.toml", "records/a/to-secret.toml"]
