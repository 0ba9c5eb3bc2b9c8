"""A folder below the records folder that cannot be listed (no permission, an I/O error) is reported, never
silently left out: every reader names it in one line, exits 1 and still answers from the rest, with the index
as without it. Simulated by refusing that one folder, so it holds whoever runs the tests (root lists anything)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from jbz_cli.store.files import RecordsDir, load_records

LINE = "records/hidden:1:1: cannot list folder: Permission denied; its records are left out"


@pytest.fixture
def refused(basic_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """basic_dir with one more folder, `hidden/`, holding a record, that cannot be listed."""
    hidden = basic_dir / "hidden"
    hidden.mkdir()
    first = sorted(basic_dir.glob("*.toml"))[0]
    shutil.copy(first, hidden / "hidden-record.toml")
    target = os.fspath(hidden)
    real_scandir, real_open = os.scandir, os.open

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == target:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", target)
        return real_scandir(path)  # type: ignore[arg-type]

    def open_(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if not isinstance(path, int) and os.fspath(path) == target:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", target)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", open_)
    return basic_dir


def test_the_files_pass_names_the_folder_and_lists_the_rest(refused: Path) -> None:
    loaded = load_records(RecordsDir(refused, "records", "option"))
    assert next(str(p) for p in loaded.problems) == LINE
    assert loaded.records and all("hidden" not in r.path for r in loaded.records)


def test_list_says_it_with_and_without_the_index(refused: Path, invoke) -> None:
    answers = []
    for extra in (["--no-cache"], [], []):  # without, then cold, then what would be warm
        result = invoke("list", "--records", str(refused), "--format", "ids", *extra)
        assert result.exit_code == 1, result.output
        assert LINE.replace("records/", f"{refused}/") in result.stderr
        answers.append(result.stdout)
    assert answers[0] == answers[1] == answers[2] and answers[0]


def test_check_reports_the_folder_as_an_error(refused: Path, invoke) -> None:
    result = invoke("check", "--records", str(refused))
    assert result.exit_code == 1
    assert f"{refused}/hidden:1:1: error: cannot list folder: Permission denied; its records are left out [syntax]" in (
        result.stdout + result.stderr
    )
