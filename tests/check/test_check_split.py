"""`jbz check` on two CPUs reports exactly what one process reports, in the same order, even if the child fails."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from jbz_cli.check.diagnostics import CheckResult
from jbz_cli.check.files import Folder
from jbz_cli.check.run import check_paths, check_request
from jbz_cli.check.split import checked_in_two

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BROKEN = [
    'kind = "commitment"\ntitle = "x"\nstatus = "gone"\n',  # unknown status
    'kind = "deadline"\ntitle = "y"\ndue = "2026-13"\n',  # bad month
    'title = "no kind"\nrelated = ["nowhere"]\n',  # missing kind, unknown related id
    'kind = "decision"\ntitle = [\n',  # syntax
]


def _folder(tmp_path: Path) -> Path:
    """The fixture records plus a broken file after every few good ones, so each half holds findings."""
    root = tmp_path / "records"
    shutil.copytree(FIXTURES / "basic", root)
    for n in range(40):
        (root / f"zz-{n:02d}.toml").write_text(BROKEN[n % len(BROKEN)], encoding="utf-8")
    return root


def _files(folder: Folder) -> list[tuple[Path, str, str]]:
    return [(Path(path), rel, absolute) for rel, path, absolute in folder.files]


def test_two_halves_give_the_same_diagnostics_in_the_same_order(tmp_path: Path) -> None:
    folder = Folder.scan(_folder(tmp_path), "records", date(2026, 11, 29))
    files = _files(folder)
    alone = check_paths(files, folder)
    split = checked_in_two(files, lambda some: check_paths(some, folder), workers=2, min_split=2)
    assert len(alone.diagnostics) > 40
    assert split.diagnostics == alone.diagnostics
    assert split.files == alone.files == len(files)


def test_a_failing_child_leaves_the_parent_to_check_its_half(tmp_path: Path) -> None:
    folder = Folder.scan(_folder(tmp_path), "records", date(2026, 11, 29))
    files = _files(folder)
    parent = os.getpid()

    def work(some: Sequence[tuple[Path, str, str]]) -> CheckResult:
        if os.getpid() != parent:
            raise MemoryError("the child runs out")
        return check_paths(some, folder)

    assert checked_in_two(files, work, workers=2, min_split=2).diagnostics == check_paths(files, folder).diagnostics


def test_check_request_with_two_workers_matches_one(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    one = check_request([], tmp_path, (root, "records"), today=date(2026, 11, 29))
    two = check_request([], tmp_path, (root, "records"), today=date(2026, 11, 29), workers=2)
    assert one.diagnostics == two.diagnostics and one.files == two.files
