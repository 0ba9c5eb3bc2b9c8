"""The files pass on two CPUs (store/records_pass.py) gives exactly the one-process answer, whatever its child does.

The folder is large enough to split (MIN_SPLIT), and its problems sit on both sides of the middle: a broken file
in the first half whose id a file in the second half then claims, a duplicate across the halves, and a file of
each kind of problem in the second half.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest
from test_index import write_record

from jbz_cli.core.model import Record
from jbz_cli.store import forked, records_pass
from jbz_cli.store.files import Kept, load_records
from jbz_cli.store.records_pass import MIN_SPLIT
from jbz_cli.store.root import RecordsDir


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big") / "records"
    rng = random.Random(11)
    per = MIN_SPLIT // 4 + 30
    for folder in ("a", "b", "c", "d"):
        (root / folder).mkdir(parents=True)
        for n in range(per):
            write_record(root / folder, f"{folder}-{n:04d}", rng)
    (root / "a" / "claimed-later.toml").write_text('kind = "deadline"\ntitle = \n', encoding="utf-8")
    write_record(root / "d", "claimed-later", rng)  # the broken one in a/ does not hold the id
    write_record(root / "d", "a-0003", rng)  # a duplicate of a file in the first half
    (root / "c" / "zz-bad-status.toml").write_text('kind = "deadline"\ntitle = "x"\nstatus = "later"\n')
    (root / "d" / "zz-binary.toml").write_bytes(b"kind = \x00\n")
    (root / "d" / "zz-latin1.toml").write_bytes('title = "caf\u00e9"\n'.encode("latin-1"))
    os.mkfifo(root / "d" / "zz-fifo.toml")
    return root


def read(root: Path, workers: int) -> tuple[list[object], list[str], dict[str, tuple[str, object]]]:
    """The records, the problems as printed, and what the pass kept for the index build (problems as printed)."""
    kept: Kept = {}
    loaded = load_records(RecordsDir(root, "records", "option"), kept, workers)
    shown = {rel: (sign, got if isinstance(got, Record) else str(got)) for rel, (sign, got) in kept.items()}
    return list(loaded.records), [str(p) for p in loaded.problems], shown


def test_two_cpus_give_the_one_process_answer(big: Path) -> None:
    records, problems, kept = read(big, 1)
    assert len(records) > MIN_SPLIT
    assert "records/d/a-0003.toml:1:1: duplicate id 'a-0003': also in records/a/a-0003.toml" in problems
    assert any(p.startswith("records/d/zz-fifo.toml:1:1: not a regular file") for p in problems)
    assert any(r.id == "claimed-later" and r.path == "records/d/claimed-later.toml" for r in records)  # type: ignore[attr-defined]
    assert read(big, 2) == (records, problems, kept)
    assert_no_children()


@pytest.mark.parametrize("child", ["raises", "garbage", "short", "killed"])
def test_a_failing_child_changes_nothing(big: Path, child: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = read(big, 1)
    portable = records_pass._portable

    def broken(outcomes: list[records_pass.Outcome], sieve: object) -> object:
        if child == "raises":
            raise MemoryError
        if child == "killed":
            os.kill(os.getpid(), 9)
        if child == "short":
            return portable(outcomes[:-1], None)
        return b"\x00not a batch"

    monkeypatch.setattr(records_pass, "_portable", broken)
    assert read(big, 2) == expected
    assert_no_children()


def test_a_sifting_caller_gets_every_record_it_keeps_and_the_same_problems(big: Path) -> None:
    """With `keep`, the child sends back only what the caller keeps; ids and problems are as in one process."""
    whole, problems, _ = read(big, 1)
    keep = lambda record: record.id.endswith(("1", "7"))  # noqa: E731
    sieve = Sieve(keep)
    loaded = load_records(RecordsDir(big, "records", "option"), {}, 2, sieve)
    assert [str(p) for p in loaded.problems] == problems
    got = list(loaded.records)
    # The child's kept records reached the parent's sieve with the note the child made for each.
    assert sieve.adopted and all(note == (rid,) for rid, note in sieve.adopted)
    assert {rid for rid, _ in sieve.adopted} < {r.id for r in got}
    assert [r for r in got if keep(r)] == [r for r in whole if keep(r)]
    assert 0 < len(got) < len(whole), "the child's part sends back only the kept records"
    assert all(r in whole for r in got)
    assert_no_children()


class Sieve:
    """A sieve that keeps what `keep` takes and notes each kept record's id, as index_later.Picks notes flags."""

    def __init__(self, keep: object) -> None:
        self.keep, self.adopted = keep, []  # type: ignore[var-annotated]

    def note(self, record: Record) -> tuple[str]:
        return (record.id,)

    def adopt(self, record: Record, note: object) -> None:
        self.adopted.append((record.id, note))


@pytest.mark.parametrize("child", ["answers", "fails", "fails later"])
def test_pieces_taken_in_turns_are_each_done_once(child: str) -> None:
    """Every piece is done by exactly one of the two processes, and each the child did whole reaches `take`;
    a failed child hands back nothing more, and the caller does the rest."""
    sent: dict[int, int] = {}
    done_here: list[int] = []

    def child_do(n: int) -> int:
        if child == "fails" or (child == "fails later" and len(done_here) > 5):
            raise MemoryError
        done_here.append(n)  # the child's own copy: counts its pieces
        return n * n

    def take(n: int, result: int) -> None:
        assert n not in sent
        sent[n] = result

    def do(n: int) -> int:
        time.sleep(0.002)  # slow enough that the child, once started, takes pieces too
        return n * n

    mine = forked.in_turns(300, do, child_do, take)
    assert all(mine[n] == n * n for n in mine)
    assert not set(sent) & set(mine)
    assert all(sent[n] == n * n for n in sent)
    if child == "answers":
        assert set(sent) | set(mine) == set(range(300))
    elif child == "fails":
        assert not sent
    else:
        assert 0 < len(sent) <= 6, "the pieces sent before the failure are kept"
    assert_no_children()


def assert_no_children() -> None:
    """Every child the pass forked has been waited for: none is left as a zombie."""
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_the_installed_jbz_answers_alike_cold_warm_and_without_the_index(big: Path, tmp_path: Path) -> None:
    """Through the command line, where the split is taken whenever the machine has two CPUs."""
    from test_index_later import ARGS, run_jbz

    cache = tmp_path / "cache"
    files = run_jbz(big, cache, *ARGS, "json", "--no-cache")
    cold = run_jbz(big, cache, *ARGS, "json")
    warm = run_jbz(big, cache, *ARGS, "json")
    assert files.returncode == 1 and b"zz-fifo.toml:1:1: not a regular file" in files.stderr
    for run in (cold, warm):
        assert (run.returncode, run.stdout, run.stderr) == (files.returncode, files.stdout, files.stderr)


@pytest.mark.parametrize(
    ("flags", "sort", "reverse", "limit"),
    [(("overdue",), "due", False, None), (("awaiting",), "title", True, 7), ((), "id", False, 40)],
)
def test_a_cold_answer_on_two_cpus_is_select_over_every_record(
    big: Path, tmp_path: Path, flags: tuple[str, ...], sort: str, reverse: bool, limit: int | None
) -> None:
    """The items the parent picked while reading are reused, the child's picked again: the same list as select
    over every record as it stood on the day, in the same order and cut at the same place."""
    from datetime import date

    from jbz_cli.core.query import Filter, Settings, select
    from jbz_cli.core.replay import states_on
    from jbz_cli.store.index_later import select_from_files

    rdir = RecordsDir(big, "records", "option")
    flt, settings = Filter(open=not flags, flags=flags), Settings(date(2026, 11, 29))
    items, loaded, _ = select_from_files(rdir, tmp_path, flt, settings, sort, reverse, limit, 2)
    every = load_records(rdir, {}, 1).records
    assert items == select(states_on(every, settings.as_of), flt, settings, sort, reverse, limit)
    assert items and len(loaded.records) < len(every)  # the split sifted: only what the answer could use came back
    assert_no_children()
