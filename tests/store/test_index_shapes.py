"""Kept JSON shapes answer `list --format json` only for the file version they were made from."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from test_index import AS_OF, write_record

from jbz_cli.core.query import Filter, Item, Settings, select
from jbz_cli.core.replay import states_on
from jbz_cli.env import cache_dir
from jbz_cli.present.shapes import item_dict
from jbz_cli.store import index
from jbz_cli.store.files import RecordsDir, load_records

SETTINGS = Settings(AS_OF, 30, 90)
OLD = 1_600_000_000_000_000_000


def shape(record):  # the CLI's shaper (cli/loading._item_shape)
    return item_dict(Item(record, ()))


def from_files(root: Path, display: str) -> list[dict]:
    loaded = load_records(RecordsDir(root, display, "option"))
    return [item_dict(i) for i in select(states_on(loaded.records, AS_OF), Filter(), SETTINGS)]


def from_index(root: Path, display: str) -> list[dict]:
    found = index.find(RecordsDir(root, display, "option"), cache_dir(os.environ), Filter(), SETTINGS, shape=shape)
    assert found.shapes is not None
    return list(found.shapes)  # decoded one by one as they are reached


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "records"
    (root / "letter").mkdir(parents=True)
    rng = random.Random(11)
    for n in range(60):
        write_record(root / "letter", f"item-{n:03d}", rng)
    for path in root.rglob("*.toml"):
        os.utime(path, ns=(OLD, OLD))
    monkeypatch.setattr(index, "RACY_NS", 0)  # the files are old enough to be trusted and their shapes kept
    return root


def test_kept_shapes_give_the_files_answer_and_follow_edits(folder: Path) -> None:
    assert from_index(folder, "records") == from_files(folder, "records")  # made and kept
    assert from_index(folder, "records") == from_files(folder, "records")  # from the kept shapes
    assert from_index(folder, "elsewhere/r") == from_files(folder, "elsewhere/r")  # paths are the run's own
    path = folder / "letter" / "item-007.toml"
    text = path.read_text(encoding="utf-8")
    at = text.index('title = "') + len('title = "')
    path.write_text(text[:at] + "X" + text[at + 1 :], encoding="utf-8")  # the same size
    os.utime(path, ns=(OLD, OLD))  # only ctime and the content changed
    assert from_index(folder, "records") == from_files(folder, "records")
    assert any(d["title"].startswith("X") for d in from_index(folder, "records"))
