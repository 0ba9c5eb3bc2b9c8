"""The index must give exactly the answers of reading the files, whatever happened to the files or the cache."""

from __future__ import annotations

import itertools
import os
import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from jbz_cli.core.model import record_from_plain, record_to_plain
from jbz_cli.core.query import Filter, Settings, select
from jbz_cli.core.replay import states_on
from jbz_cli.env import Environment, cache_dir
from jbz_cli.store import index, index_build, index_open
from jbz_cli.store.files import RecordsDir, load_records
from jbz_cli.store.index_sql import latest_event

AS_OF = date(2026, 11, 29)
STATUSES = ["open", "waiting", "partial", "done", "missed", "dropped"]
DUES = [
    "2025-03-14",
    "2026-11-28",
    "2026-11-29",
    "2026-12-15",
    "2026-Q4",
    "2027-q1",
    "2026-H2",
    "2026",
    "2026-11",
    None,
]
WORDS = ["Kamer geïnformeerd", "coördinatie", "Raad", "één mandaat", "Terugkeer", "BÉLGIË", "ETIAS"]


def write_record(folder: Path, rid: str, rng: random.Random) -> None:
    kind = rng.choice(["decision", "commitment", "deadline"])
    lines = [f'kind = "{kind}"', f'title = "{rng.choice(WORDS)} {rid}"']
    if rng.random() < 0.85:
        lines.append(f'status = "{rng.choice(STATUSES)}"')
    due = rng.choice(DUES)
    if due and rng.random() < 0.3 and len(due) == 10:
        lines.append(f"due = {due}")  # a TOML date, not a string
    elif due:
        lines.append(f'due = "{due}"')
    lines.append(f'topics = ["{rng.choice(["ebsp", "etias", "c7"])}", "{rng.choice(["migration", "security"])}"]')
    if rng.random() < 0.7:
        lines.append(f'actor = "{rng.choice(["Dutch cabinet", "Commissie", "Minister of Justice"])}"')
    if rng.random() < 0.5:
        lines.append(f'summary = "{rng.choice(WORDS)}"')
    if rng.random() < 0.2:
        lines.append(f"next_check = 2026-{rng.randint(10, 12):02d}-{rng.randint(1, 28):02d}")
    if rng.random() < 0.8:
        lines += ["", "[source]", 'document = "Kamerbrief"', f"date = 2026-{rng.randint(1, 11):02d}-05"]
        lines.append(f'quote = "De minister zal {rng.choice(WORDS)} informeren."')
    for n in range(rng.randint(0, 2)):
        lines += ["", "[[followup]]", f"date = 2026-0{n + 2}-01", 'note = "Besproken in de JBZ-Raad"']
    (folder / f"{rid}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """About 200 generated records in two folders, with a broken file, a duplicate id and a hidden folder."""
    root = tmp_path / "records"
    rng = random.Random(7)
    for folder in ("letter-1", "letter-2"):
        (root / folder).mkdir(parents=True)
        for n in range(100):
            write_record(root / folder, f"{folder}-item-{n:03d}", rng)
    (root / "letter-1" / "broken.toml").write_text('kind = "deadline"\ntitle = \n', encoding="utf-8")
    (root / "letter-1" / "bad-status.toml").write_text('kind = "deadline"\ntitle = "x"\nstatus = "later"\n')
    write_record(root / "letter-2", "letter-1-item-005", rng)  # a duplicate id in a later folder
    (root / ".hidden").mkdir()
    write_record(root / ".hidden", "ignored", rng)
    return root


def rdir_of(root: Path) -> RecordsDir:
    return RecordsDir(root, "records", "option")


FILTERS = [
    Filter(),
    Filter(open=True),
    Filter(closed=True),
    Filter(statuses=["open", "partial"]),
    Filter(kinds=["deadline"]),
    Filter(topics=["etias", "c7"]),
    Filter(actor="commissie"),
    Filter(actor="CABINET"),
    Filter(search="geinformeerd"),
    Filter(search="inform raad"),
    Filter(search="belgie"),
    Filter(search="COORD"),
    Filter(search="   "),
    Filter(flags=["overdue"]),
    Filter(flags=["due-soon"]),
    Filter(flags=["awaiting"]),
    Filter(flags=["overdue", "awaiting"]),
    Filter(due_by=date(2026, 12, 31)),
    Filter(due_after=date(2026, 11, 29)),
    Filter(due_by=date(2026, 12, 31), due_after=date(2026, 9, 30), kinds=["commitment", "deadline"]),
    Filter(ids=["letter-1-item-005", "letter-2-item-010", "nope"]),
    Filter(open=True, topics=["ebsp"], search="mandaat"),
]
SETTINGS = [Settings(AS_OF), Settings(date(2026, 3, 1), soon_days=90, stale_days=10), Settings(date(2027, 6, 1), 0, 0)]


def direct(root: Path, flt: Filter, settings: Settings, sort: str = "due", reverse: bool = False, limit=None):
    loaded = load_records(rdir_of(root))
    items = select(states_on(loaded.records, settings.as_of), flt, settings, sort, reverse, limit)
    return items, [str(p) for p in loaded.problems]


def indexed(root: Path, flt: Filter, settings: Settings, sort: str = "due", reverse: bool = False, limit=None):
    """The index's answer; for a day before the folder's newest event it must decline, and jbz reads the files."""
    try:
        found = index.find(rdir_of(root), cache_dir(os.environ), flt, settings, sort, reverse, limit, full=True)
    except index.IndexUnavailable:
        newest = max((latest_event(r) or date.min for r in load_records(rdir_of(root)).records), default=date.min)
        assert settings.as_of < newest, "the index declined a day it can answer"
        return direct(root, flt, settings, sort, reverse, limit)
    return found.items(rdir_of(root)), [str(p) for p in found.problems]


def assert_same(root: Path) -> None:
    """Every filter, setting and sort gives the same items, flags, order and problems as reading the files."""
    for flt, settings in itertools.product(FILTERS, SETTINGS):
        assert indexed(root, flt, settings) == direct(root, flt, settings), (flt, settings)
    for sort, reverse in itertools.product(("due", "id", "status", "kind", "title", "source", "activity"), (0, 1)):
        assert indexed(root, Filter(), SETTINGS[0], sort, bool(reverse), 50) == direct(
            root, Filter(), SETTINGS[0], sort, bool(reverse), 50
        ), (sort, reverse)
    records, problems = index.load_records(rdir_of(root), cache_dir(os.environ))
    loaded = load_records(rdir_of(root))
    assert records == loaded.records
    assert [str(p) for p in problems] == [str(p) for p in loaded.problems]


def test_indexed_answers_equal_direct_answers(corpus: Path) -> None:
    assert_same(corpus)  # builds the index
    assert_same(corpus)  # answers from it
    assert len(load_records(rdir_of(corpus)).problems) == 3  # the fixture really has problems to compare


def test_edits_deletes_renames_and_new_files_are_seen(corpus: Path) -> None:
    assert_same(corpus)
    rng = random.Random(99)
    folder = corpus / "letter-1"
    text = (folder / "letter-1-item-001.toml").read_text(encoding="utf-8")
    (folder / "letter-1-item-001.toml").write_text(text.replace('status = "', 'status = "done" #'), encoding="utf-8")
    (folder / "letter-1-item-002.toml").unlink()
    (folder / "letter-1-item-003.toml").rename(folder / "renamed-item.toml")
    write_record(folder, "brand-new", rng)
    (folder / "letter-1-item-004.toml").write_text("kind = [", encoding="utf-8")  # now broken
    (folder / "broken.toml").write_text('kind = "deadline"\ntitle = "fixed"\n', encoding="utf-8")  # now fixed
    (corpus / "letter-2" / "letter-1-item-005.toml").unlink()  # the duplicate is gone
    (corpus / "letter-1" / "letter-1-item-005.toml").unlink()  # and so is the original
    write_record(corpus / "letter-2", "letter-2-item-050", rng)  # overwrite with other content
    (corpus / "letter-2").rename(corpus / "letter-3")  # a whole folder moves
    assert_same(corpus)


def test_a_duplicate_that_appears_earlier_in_path_order_wins(corpus: Path) -> None:
    assert_same(corpus)
    (corpus / "a-first").mkdir()
    write_record(corpus / "a-first", "letter-2-item-007", random.Random(3))
    assert_same(corpus)
    (corpus / "a-first" / "letter-2-item-007.toml").write_text("not toml", encoding="utf-8")
    assert_same(corpus)  # a broken earlier file: the later one is the record again


def test_an_edit_within_the_same_clock_tick_is_seen(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file system with one-second timestamps, size and mtime alone cannot see a quick edit; racy files can."""
    monkeypatch.setattr(index, "_signature", lambda st: f"{st.st_size}:{st.st_mtime_ns // 1_000_000_000}")
    path = corpus / "letter-1" / "letter-1-item-010.toml"
    path.write_text('kind = "deadline"\ntitle = "first"\nstatus = "open"\ndue = "2026-01-01"\n', encoding="utf-8")
    stamp = path.stat().st_mtime_ns
    assert indexed(corpus, Filter(ids=["letter-1-item-010"]), SETTINGS[0])[0][0].record.title == "first"
    path.write_text('kind = "deadline"\ntitle = "later"\nstatus = "done"\ndue = "2026-01-01"\n', encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))  # same size, same second: the signature cannot tell
    assert indexed(corpus, Filter(ids=["letter-1-item-010"]), SETTINGS[0])[0][0].record.title == "later"
    assert_same(corpus)


def test_old_files_are_trusted_and_not_parsed_again(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the index: after one file changes, only that file is parsed."""
    old = 1_600_000_000_000_000_000
    for path in corpus.rglob("*.toml"):
        os.utime(path, ns=(old, old))
    monkeypatch.setattr(index, "RACY_NS", 0)  # ctime is now; pretend the scan happens much later
    assert_same(corpus)
    parsed: list[str] = []
    real = index_build.load_file
    monkeypatch.setattr(index_build, "load_file", lambda path, rid, *rest: parsed.append(rid) or real(path, rid, *rest))
    path = corpus / "letter-2" / "letter-2-item-020.toml"
    path.write_text(path.read_text(encoding="utf-8") + "# touched\n", encoding="utf-8")
    assert_same(corpus)
    assert parsed == ["letter-2-item-020"]


def walk_digest(root: Path, folder: str = "letter-1/") -> str | None:
    """The digest the index keeps for one folder of the last walk (None: none kept, it is compared next run)."""
    with sqlite3.connect(index.index_path(root, cache_dir(os.environ))) as conn:
        row = conn.execute("SELECT digest FROM folders WHERE rel = ?", (folder,)).fetchone()
    return row[0] if row else None


def test_an_in_place_rewrite_after_a_clean_walk_is_seen(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stored digests cover every file's own signature, not the folder's: rewrites in place count."""
    old = 1_600_000_000_000_000_000
    for path in corpus.rglob("*.toml"):
        os.utime(path, ns=(old, old))
    monkeypatch.setattr(index, "RACY_NS", 0)
    assert_same(corpus)
    assert walk_digest(corpus) is not None
    folder_stamp = (corpus / "letter-1").stat().st_mtime_ns
    path = corpus / "letter-1" / "letter-1-item-010.toml"
    with open(path, "r+b") as fh:  # same size, same folder, the old mtime put back: only ctime tells
        fh.truncate(0)
        fh.write(b'kind = "deadline"\ntitle = "after"\n' + b" " * (path.stat().st_size - 34) + b"\n")
    os.utime(path, ns=(old, old))
    assert (corpus / "letter-1").stat().st_mtime_ns == folder_stamp
    assert indexed(corpus, Filter(ids=["letter-1-item-010"]), SETTINGS[0])[0][0].record.title == "after"
    assert_same(corpus)


def test_no_digest_is_kept_while_a_file_is_racy(corpus: Path) -> None:
    """Files written just now may change again within the clock tick, so they are compared on every run."""
    path = corpus / "letter-1" / "letter-1-item-010.toml"
    path.write_text(path.read_text(encoding="utf-8") + "# just now\n", encoding="utf-8")
    indexed(corpus, Filter(), SETTINGS[0])
    assert walk_digest(corpus) is None


def test_a_corrupt_cache_is_rebuilt(corpus: Path, private_cache: Path) -> None:
    assert_same(corpus)
    (db,) = private_cache.glob("records-*.sqlite3")
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"this is not a database" * 100)
    assert_same(corpus)
    assert sqlite3.connect(db).execute("SELECT count(*) FROM files").fetchone()[0] > 200


def test_a_cache_from_another_version_is_rebuilt(corpus: Path, private_cache: Path) -> None:
    assert_same(corpus)
    (db,) = private_cache.glob("records-*.sqlite3")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
        conn.execute("UPDATE files SET title = 'stale', due_by = '1900-01-01'")
    assert_same(corpus)


def test_a_locked_cache_falls_back_to_the_files(corpus: Path, private_cache: Path, monkeypatch, invoke) -> None:
    assert_same(corpus)
    monkeypatch.setattr(index_open, "BUSY_TIMEOUT_S", 0.01)
    (db,) = private_cache.glob("records-*.sqlite3")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another jbz is writing
    try:
        path = corpus / "letter-1" / "letter-1-item-030.toml"
        path.write_text('kind = "deadline"\ntitle = "locked edit"\nstatus = "open"\n', encoding="utf-8")
        with pytest.raises(index.IndexUnavailable):
            index.find(rdir_of(corpus), cache_dir(os.environ), Filter(), Settings(AS_OF))
        result = invoke("show", "letter-1-item-030", "--records", str(corpus), "--as-of", "2026-11-29")
        assert "locked edit" in result.stdout
        assert result.stderr.count("\n") == 3  # the three fixture problems, nothing about the cache
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_same(corpus)


def test_an_unwritable_cache_folder_is_not_an_error(corpus: Path, tmp_path: Path, monkeypatch, invoke) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("JBZ_CACHE_DIR", str(blocker / "cache"))
    with pytest.raises(index.IndexUnavailable):
        index.find(rdir_of(corpus), cache_dir(os.environ), Filter(), Settings(AS_OF))
    args = ("list", "--records", str(corpus), "--as-of", "2026-11-29", "--format", "tsv")
    result = invoke(*args)
    assert result.stdout == invoke(*args, "--no-cache").stdout
    assert result.stdout.count("\n") > 150
    assert result.stderr == invoke(*args, "--no-cache").stderr  # problems only, nothing about the cache


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only files")
def test_a_read_only_cache_falls_back(corpus: Path, private_cache: Path, invoke) -> None:
    assert_same(corpus)
    for path in private_cache.iterdir():
        path.chmod(0o444)
    private_cache.chmod(0o555)
    try:
        (corpus / "letter-1" / "letter-1-item-040.toml").unlink()
        args = ("list", "--records", str(corpus), "--as-of", "2026-11-29", "--format", "ids")
        result = invoke(*args)
        assert "letter-1-item-040" not in result.stdout
        assert result.stdout == invoke(*args, "--no-cache").stdout
    finally:
        private_cache.chmod(0o755)


def test_cli_output_is_the_same_with_and_without_the_index(corpus: Path, private_cache: Path, invoke) -> None:
    base = ("--records", str(corpus), "--as-of", "2026-11-29")
    for extra in (
        ("--overdue",),
        ("--format", "json", "--due-soon"),
        ("--format", "jsonl", "--search", "coordinatie", "--sort", "title"),
        ("--format", "csv", "--open", "--reverse", "--limit", "7"),
        ("--format", "ids", "--topic", "c7", "--awaiting"),
        ("--format", "table", "--kind", "decision"),
        ("--exit-code", "--actor", "nobody"),
    ):
        cached = invoke("list", *base, *extra)
        plain = invoke("list", *base, *extra, "--no-cache")
        assert (cached.stdout, cached.stderr, cached.exit_code) == (plain.stdout, plain.stderr, plain.exit_code), extra
    for query in ("letter-2-item-011", "etias", "item-09"):
        assert invoke("show", query, *base).stdout == invoke("show", query, *base, "--no-cache").stdout
    # Exact ids are fetched alone from the index: the same records, the same problems, the same status.
    for queries in (["letter-2-item-011"], ["LETTER-1-ITEM-005", "letter-2-item-001"], ["letter-1-item-005", "c7"]):
        for fmt in ("table", "json"):
            cached = invoke("show", *queries, *base, "--format", fmt)
            plain = invoke("show", *queries, *base, "--format", fmt, "--no-cache")
            assert (cached.stdout, cached.stderr, cached.exit_code) == (plain.stdout, plain.stderr, plain.exit_code)
    early = invoke("show", "letter-2-item-011", "--records", str(corpus), "--as-of", "2020-01-01")
    assert early.exit_code == 2 and early.stderr == invoke("show", "letter-2-item-011", *base[:2], "--as-of",
        "2020-01-01", "--no-cache").stderr  # fmt: skip
    assert list(private_cache.glob("records-*.sqlite3")), "JBZ_CACHE_DIR holds the index"


def test_a_record_survives_the_cache_exactly(corpus: Path) -> None:
    for record in load_records(rdir_of(corpus)).records:
        assert record_from_plain(record_to_plain(record), record.id, record.path) == record


def test_plain_option_values_are_checked_like_typer_checks_them(basic_dir: Path, invoke) -> None:
    base = ("list", "--records", str(basic_dir), "--as-of", "2026-11-29")
    assert invoke(*base, "--soon-days", "01").stdout == invoke(*base, "--soon-days", "1").stdout
    negative = invoke(*base, "--soon-days", "-1")
    assert negative.exit_code == 2
    assert "--soon-days" in negative.stderr
    assert invoke(*base, "--limit", "x").exit_code == 2


def test_fast_help_is_typers_help(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jbz_cli import entry

    monkeypatch.setenv("JBZ_CACHE_DIR", str(tmp_path))
    first = entry.cached_help(Environment.from_process())
    assert first == entry.render_help()
    assert "list" in first and "show" in first
    assert entry.cached_help(Environment.from_process()) == first  # now from the cache file
    assert list(tmp_path.glob("help-*.txt"))


@pytest.mark.parametrize("change", ["remove", "rename", "recreate the records folder"])
def test_a_folder_that_goes_while_its_files_are_new_is_forgotten(corpus: Path, tmp_path: Path, change: str) -> None:
    """`git checkout` or `git mv` right after a run that saw a new folder: the index must not keep its records
    (a folder whose files were written within the racy window had no digest to miss)."""
    import shutil

    cache = tmp_path / "cache"
    index.load_records(rdir_of(corpus), cache)  # an index of the two letters
    new = corpus / "letter-3"
    new.mkdir()
    write_record(new, "phantom-record", random.Random(3))
    records, _ = index.load_records(rdir_of(corpus), cache)  # seen while racy: written just now
    assert "phantom-record" in {r.id for r in records}
    if change == "remove":
        shutil.rmtree(new)
    elif change == "rename":
        new.rename(corpus / "letter-4")
    else:
        shutil.rmtree(corpus)
        corpus.mkdir()
    records, problems = index.load_records(rdir_of(corpus), cache)
    files = load_records(rdir_of(corpus))
    assert [(r.id, r.path) for r in records] == [(r.id, r.path) for r in files.records]
    assert [str(p) for p in problems] == [str(p) for p in files.problems]


def test_a_fifo_under_the_index_name_is_replaced_and_cache_clear_removes_one(corpus: Path, tmp_path: Path) -> None:
    """Something that is not a file where the index belongs must not make every run wait or read the files."""
    import stat

    from jbz_cli.store import cache as cache_folder
    from jbz_cli.store.index_keys import index_path

    cache = tmp_path / "cache"
    cache.mkdir()
    db = index_path(rdir_of(corpus).path, cache)
    os.mkfifo(db)
    records, _ = index.load_records(rdir_of(corpus), cache)
    assert len(records) == len(load_records(rdir_of(corpus)).records)
    assert stat.S_ISREG(os.lstat(db).st_mode)  # rebuilt as a database
    for side in ("", "-wal", "-shm", "-lock"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    os.mkfifo(db)
    assert db in cache_folder.clear(cache)
    assert not os.path.lexists(db)
