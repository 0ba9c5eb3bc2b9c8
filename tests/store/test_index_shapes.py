"""Kept JSON shapes answer `list --format json` only for the file version they were made from, and a kept text
filled in with a run's path and flags is byte for byte the JSON of the whole shape."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_index import AS_OF, write_record

from jbz_cli.core.query import FLAGS, Filter, Item, Settings, select
from jbz_cli.core.replay import states_on
from jbz_cli.env import cache_dir
from jbz_cli.present.item_text import element_text, filled, item_shape, item_text
from jbz_cli.present.lines import json_text
from jbz_cli.present.shapes import item_dict
from jbz_cli.store import index
from jbz_cli.store.files import RecordsDir, load_records

SETTINGS = Settings(AS_OF, 30, 90)
OLD = 1_600_000_000_000_000_000


def from_files(root: Path, display: str) -> list[dict]:
    loaded = load_records(RecordsDir(root, display, "option"))
    return [item_dict(i) for i in select(states_on(loaded.records, AS_OF), Filter(), SETTINGS)]


def from_index(root: Path, display: str) -> list[dict]:
    """The shapes as jsonl reads them (decoded one by one as they are reached); the texts json writes equal them."""
    rdir, cache = RecordsDir(root, display, "option"), cache_dir(os.environ)
    found = index.find(rdir, cache, Filter(), SETTINGS, shape=(item_text, item_shape))
    texts = index.find(rdir, cache, Filter(), SETTINGS, shape=(item_text, filled)).shapes
    assert found.shapes is not None and texts is not None
    assert list(texts) == [element_text(shape) for shape in found.shapes]
    return list(found.shapes)


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


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the folder is only read
@given(st.data())
def test_a_filled_text_is_the_json_of_the_whole_shape(folder: Path, data: st.DataObject) -> None:
    """Any path (quotes, newlines, bidi marks, C1 controls) and any flags, in a record with text of every kind."""
    records = load_records(RecordsDir(folder, "records", "option")).records
    record = data.draw(st.sampled_from(records))
    path, flags = data.draw(TEXT), tuple(data.draw(st.lists(st.sampled_from(FLAGS), unique=True)))
    shape = item_dict(Item(record, flags))
    shape["path"] = path
    whole = json_text(shape, indent=2, floats=False)
    assert filled(item_text(record), path, flags) == whole.replace("\n", "\n  ")  # shifted as an array's element
