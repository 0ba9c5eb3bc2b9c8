"""A walk of the records folder started ahead in a second process gives the index what its own walk would, and
anything unexpected leaves the walk to the index."""

from __future__ import annotations

import contextlib
import os
import time
from datetime import date
from pathlib import Path

import pytest
from test_index import write_record

from jbz_cli.core.query import Filter, Settings
from jbz_cli.env import cache_dir
from jbz_cli.store import index, index_build, index_keys, walk_ahead
from jbz_cli.store.files import RecordsDir, load_records
from jbz_cli.store.walk import listed_entries

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the walk ahead needs os.fork")
OLD = 1_600_000_000_000_000_000  # files this old are never racy


def tree(tmp_path: Path) -> Path:
    import random

    root = tmp_path / "records"
    rng = random.Random(7)
    for folder in ("letter", "letter/annex", "other"):
        (root / folder).mkdir(parents=True)
        for n in range(6):
            write_record(root / folder, f"{folder.replace('/', '-')}-{n}", rng)
    (root / "other" / "broken.toml").write_text("kind = \n", encoding="utf-8")
    for path in root.rglob("*.toml"):
        os.utime(path, ns=(OLD, OLD))
    return root


def ids(root: Path) -> list[str]:
    rdir = RecordsDir(root, "records", "option")
    found = index.find(rdir, cache_dir(os.environ), Filter(), Settings(date(2026, 11, 29)), rows=True, ids=True)
    return [row[0] for row in found.hits]


def test_the_child_finds_what_the_index_walk_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tree(tmp_path)
    ids(root)  # builds the index: a walk ahead starts only for a folder that has one
    hour = 3_600_000_000_000
    monkeypatch.setattr(walk_ahead, "RACY_NS", -hour)  # ctime is now: trust files changed up to an hour ahead
    assert walk_ahead.start(root, "records", cache_dir(os.environ))
    ahead = walk_ahead.taken(root)
    assert ahead is not None
    racy_ns = time.time_ns() + hour
    own = index_keys.walk_changes(root, racy_ns, {})
    assert {folder: digest for _, folder, digest, _, _ in ahead} == own.digests
    assert sum(count for _, _, _, count, _ in ahead) == own.files == 19
    assert None not in own.digests.values()


def test_a_changed_folder_is_compared_as_it_is_walked_so_the_index_parses_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random
    import sqlite3

    root = tree(tmp_path)
    hour = 3_600_000_000_000
    monkeypatch.setattr(walk_ahead, "RACY_NS", -hour)  # files written now count as settled, in the child
    monkeypatch.setattr(index, "RACY_NS", -hour)  # and in the index, which then stores every folder's digest
    before = ids(root)
    edited = root / "letter" / "letter-2.toml"
    edited.write_text(edited.read_text(encoding="utf-8").replace('title = "', 'title = "Edited: '), encoding="utf-8")
    (root / "letter" / "letter-4.toml").unlink()
    write_record(root / "other", "zz-new", random.Random(5))
    built = index_keys.index_path(root, cache_dir(os.environ))
    assert walk_ahead.start(root, "records", cache_dir(os.environ)) == walk_ahead.DIGESTS
    compared: list[str] = []
    with contextlib.closing(sqlite3.connect(built)) as conn:
        stored = index_keys.stored_digests(conn)
        compare = index_keys.folder_comparer(conn, stored)
        ahead = walk_ahead.taken(root, lambda folder, files: compared.append(folder) or compare(folder, files), stored)
    assert ahead is not None
    assert sorted(compared) == ["letter/", "other/"], "only the folders whose digest changed are compared"
    diffed = {folder: found for _, folder, _, _, found in ahead if found is not None}
    assert {folder: ([rel for rel, _, _ in new], gone) for folder, (_, new, gone) in diffed.items()} == {
        "letter/": (["letter/letter-2.toml"], ["letter/letter-4.toml"]),
        "other/": (["other/zz-new.toml"], []),
    }
    walk_ahead.start(root, "records", cache_dir(os.environ))
    after = ids(root)  # the refresh takes the child's folders, compares them and reads the changed files
    assert walk_ahead.taken(root) is None, "the index took the child's answer"
    assert sorted(after) == sorted({*before, "zz-new"} - {"letter-4"})
    rdir = RecordsDir(root, "records", "option")
    titles = {r.id: r.title for r in index.load_records(rdir, cache_dir(os.environ))[0]}
    assert titles["letter-2"].startswith("Edited: ")
    assert [r.id for r in load_records(rdir).records] == [
        r.id for r in index.load_records(rdir, cache_dir(os.environ))[0]
    ]


def test_a_file_read_ahead_is_stored_as_it_was_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The refresh reads a changed file while the walk goes on; a broken one is stored as broken, with the line
    a read of the files reports, and mended it is read again."""
    root = tree(tmp_path)
    hour = 3_600_000_000_000
    monkeypatch.setattr(walk_ahead, "RACY_NS", -hour)
    monkeypatch.setattr(index, "RACY_NS", -hour)
    ids(root)
    edited = root / "letter" / "letter-3.toml"
    good = edited.read_text(encoding="utf-8")
    edited.write_text(good.replace("kind = ", "kind = 3\nkinder = "), encoding="utf-8")
    rdir = RecordsDir(root, "records", "option")
    reads: list[tuple[str, bool]] = []
    taking: list[bool] = []
    real_taken, real_load = walk_ahead.taken, index_build.load_file

    def watched_taken(*args: object) -> object:
        taking.append(True)
        try:
            return real_taken(*args)  # type: ignore[arg-type]
        finally:
            taking.pop()

    def watched_load(path: Path, *args: object) -> object:
        reads.append((path.name, bool(taking)))
        return real_load(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(walk_ahead, "taken", watched_taken)
    monkeypatch.setattr(index_build, "load_file", watched_load)
    walk_ahead.start(root, "records", cache_dir(os.environ))
    records, problems = index.load_records(rdir, cache_dir(os.environ))
    assert reads == [("letter-3.toml", True)], "read once, while the walk ahead was being taken"
    assert real_taken(root) is None, "the index took the child's answer"
    alone = load_records(rdir)
    assert [str(p) for p in problems] == [str(p) for p in alone.problems]
    assert any("letter-3.toml:" in str(p) for p in problems)
    assert "letter-3" not in {r.id for r in records}
    edited.write_text(good, encoding="utf-8")
    walk_ahead.start(root, "records", cache_dir(os.environ))
    assert "letter-3" in ids(root)


def assert_no_children() -> None:
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.parametrize("hint", ["damaged", "stale", "gone"])
def test_a_damaged_or_stale_digests_file_changes_no_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hint: str
) -> None:
    """The digests the index writes beside itself only tell the child which folders to compare: whatever that
    file says, the index answers as its own walk would."""
    import random

    root = tree(tmp_path)
    hour = 3_600_000_000_000
    monkeypatch.setattr(walk_ahead, "RACY_NS", -hour)
    monkeypatch.setattr(index, "RACY_NS", -hour)
    ids(root)
    built = index_keys.index_path(root, cache_dir(os.environ))
    side = Path(index_keys.digests_path(built))
    import sqlite3

    with contextlib.closing(sqlite3.connect(built)) as conn:
        assert index_keys.read_digests(built) == index_keys.stored_digests(conn)  # written as committed
    write_record(root / "other", "zz-new", random.Random(5))
    (root / "letter" / "letter-1.toml").unlink()
    if hint == "damaged":
        side.write_bytes(b"\x00 not marshal")
    elif hint == "stale":  # says every folder is as it is now: the child compares none, the index all it must
        now = {folder: digest for _, folder, digest, _, _ in index_keys.folder_digests(root, time.time_ns() + hour)}
        side.write_bytes(__import__("marshal").dumps(now))
    else:
        side.unlink()
    walk_ahead.start(root, "records", cache_dir(os.environ))
    after = ids(root)
    assert walk_ahead.taken(root) is None, "the index took the child's answer"
    rdir = RecordsDir(root, "records", "option")
    assert sorted(after) == sorted(r.id for r in load_records(rdir).records)
    assert "zz-new" in after and "letter-1" not in after


def test_the_index_answers_the_same_with_and_without_it(tmp_path: Path) -> None:
    root = tree(tmp_path)
    before = ids(root)
    walk_ahead.start(root, "records", cache_dir(os.environ))
    assert ids(root) == before
    assert walk_ahead.taken(root) is None, "the index took the child's answer"


def test_a_file_changed_after_the_walk_is_seen_by_the_next_run(tmp_path: Path) -> None:
    import random

    root = tree(tmp_path)
    before = ids(root)
    walk_ahead.start(root, "records", cache_dir(os.environ))
    time.sleep(0.5)  # the child has walked
    write_record(root / "letter", "zz-added", random.Random(3))
    ids(root)  # may answer from the child's moment, as a run just before the change would
    assert set(ids(root)) == {*before, "zz-added"}


def test_a_folder_without_an_index_is_listed_for_the_files_pass(tmp_path: Path) -> None:
    root = tree(tmp_path)
    cache = cache_dir(os.environ)
    assert walk_ahead.start(root, "records", cache) == walk_ahead.ENTRIES  # no index yet: a cold run reads files
    assert walk_ahead.start(root, "records", cache) is None  # one child per folder
    assert walk_ahead.taken(root) is None  # the index does not take a listing
    assert walk_ahead.listed(root, "records") == (listed_entries(root, "records"), [])
    assert walk_ahead.listed(root, "records") is None  # taken once
    ids(root)
    assert walk_ahead.start(root, "records", cache) == walk_ahead.DIGESTS
    assert walk_ahead.listed(root, "records") is None
    assert walk_ahead.taken(root) is not None
    assert walk_ahead.start(root, "records", cache, listing=True) == walk_ahead.ENTRIES  # --no-cache
    assert walk_ahead.listed(root, "other/records") is None  # named otherwise: not the pass's listing


def test_the_files_pass_answers_the_same_from_the_childs_listing(tmp_path: Path) -> None:
    root = tree(tmp_path)
    rdir = RecordsDir(root, "records", "option")
    alone = load_records(rdir)
    walk_ahead.start(root, "records", cache_dir(os.environ))
    time.sleep(0.5)  # the child has listed
    (root / "letter" / "letter-0.toml").unlink()  # gone after the listing: a file that cannot be read
    ahead = load_records(rdir)
    assert walk_ahead.listed(root, "records") is None, "the pass took the child's listing"
    assert [r.id for r in ahead.records] == [r.id for r in alone.records if r.id != "letter-0"]
    gone = [str(p) for p in ahead.problems if "letter-0.toml" in str(p)]
    assert gone == ["records/letter/letter-0.toml:1:1: cannot read file: No such file or directory"]
    assert [str(p) for p in ahead.problems if str(p) not in gone] == [str(p) for p in alone.problems]


def test_a_child_that_fails_leaves_the_walk_to_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tree(tmp_path)
    before = ids(root)

    def broken(*_: object) -> object:
        raise OSError("the disk went away")

    monkeypatch.setattr(walk_ahead, "folder_digests", broken)  # the forked child inherits it
    assert walk_ahead.start(root, "records", cache_dir(os.environ))
    assert walk_ahead.taken(root) is None
    walk_ahead.start(root, "records", cache_dir(os.environ))
    assert ids(root) == before


@pytest.mark.parametrize(
    "answer",
    [
        [("p", "", "d", "1", None)],
        [("p", "", 3, 1, None)],
        [("p", "", None, 0)],
        {"": "d"},
        [["p", "", None, 1, None]],
        "x",
        [("p", "", "d", 1, ("d", [("a.toml", "p/a.toml")], []))],
        [("p", "", "d", 1, ("d", [], [3]))],
        [("p", "", "d", 1, ("d", ("a.toml", "p/a.toml", None), []))],
    ],
)
def test_an_answer_of_another_shape_is_not_used(answer: object) -> None:
    assert not walk_ahead._well_formed(answer)
    diffed = ("old", [("a/x.toml", "p/a/x.toml", "1:2:3:4:5"), ("a/y.toml", "p/a/y.toml", None)], ["a/z.toml"])
    assert walk_ahead._well_formed([("p", "", None, 0, None), ("p/a", "a/", "ab12", 3, diffed)])


def test_the_parent_walks_the_subfolders_the_child_has_not_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The records folder's subfolders wait in a queue: while the child is still walking, the parent takes the
    rest, and the digests are the same as one walk's, with a changed folder compared wherever it was walked."""
    import random
    import sqlite3

    root = tree(tmp_path)
    for n in range(6):  # more subfolders than the child can walk while it is slowed down
        (root / f"extra-{n}").mkdir()
        write_record(root / f"extra-{n}", f"extra-{n}", random.Random(n))
    hour = 3_600_000_000_000
    monkeypatch.setattr(walk_ahead, "RACY_NS", -hour)
    monkeypatch.setattr(index, "RACY_NS", -hour)
    ids(root)
    write_record(root / "extra-5", "zz-new", random.Random(9))
    parent = os.getpid()
    walked_here: list[str] = []
    real = walk_ahead.folder_digests

    def slowed(path: str, *args: object) -> object:
        if os.getpid() == parent:
            walked_here.append(os.path.basename(path))
        else:
            time.sleep(0.3)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(walk_ahead, "folder_digests", slowed)
    assert walk_ahead.start(root, "records", cache_dir(os.environ)) == walk_ahead.DIGESTS
    time.sleep(0.1)  # the child has shared the subfolders and taken the first
    with contextlib.closing(sqlite3.connect(index_keys.index_path(root, cache_dir(os.environ)))) as conn:
        stored = index_keys.stored_digests(conn)
        compare = index_keys.folder_comparer(conn, stored)
        ahead = walk_ahead.taken(root, compare, stored)
    assert ahead is not None
    assert walked_here, "the parent took some subfolders itself"
    own = index_keys.walk_changes(root, time.time_ns() + hour, {})
    assert {folder: digest for _, folder, digest, _, _ in ahead} == own.digests
    diffed = {folder: [rel for rel, _, _ in found[1]] for _, folder, _, _, found in ahead if found is not None}
    assert diffed == {"extra-5/": ["extra-5/zz-new.toml"]}
    assert_no_children()


def test_a_child_killed_while_sharing_leaves_the_walk_to_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tree(tmp_path)
    before = ids(root)
    parent = os.getpid()
    real = walk_ahead.folder_digests

    def dying(*args: object) -> object:
        if os.getpid() != parent:
            os._exit(3)  # mid-walk, after it shared the subfolders
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(walk_ahead, "folder_digests", dying)
    walk_ahead.start(root, "records", cache_dir(os.environ))
    time.sleep(0.2)
    assert walk_ahead.taken(root) is None
    walk_ahead.start(root, "records", cache_dir(os.environ))
    assert ids(root) == before
    assert_no_children()
