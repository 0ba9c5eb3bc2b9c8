"""`jbz init` and finding the records as git finds a repository, through the installed `jbz`."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

JBZ = installed_jbz(module_level=True)
BUNDLED_RECORDS = 92  # record files in the repository's records/


def jbz(*args: str, cwd: Path, input: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed jbz with stdout and stderr piped, JBZ_* variables cleared, today fixed."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    full.update({"JBZ_TODAY": "2026-12-04", **env})
    return subprocess.run([JBZ, *args], cwd=cwd, env=full, input=input, capture_output=True, text=True, timeout=120)


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with no records root in it or above it."""
    return tmp_path_factory.mktemp("outside")


def test_init_creates_a_folder_to_commit_and_refuses_to_overwrite(outside: Path) -> None:
    result = jbz("init", cwd=outside)
    assert result.returncode == 0, result.stderr
    root = outside / "records"
    assert sorted(p.name for p in root.iterdir()) == ["README.md", "councils.toml", "jbz.toml", "sources", "topics.md"]
    hook = (outside / ".pre-commit-config.yaml").read_text()
    assert "entry: jbz check" in hook and r"files: ^records/.*\.toml$" in hook
    assert jbz("check", cwd=outside).returncode == 0  # councils.toml's quote is verified against sources/
    assert jbz("list", "--format", "ids", cwd=root).stdout == ""  # its own (empty) records, not the examples
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    again = jbz("init", "--examples", cwd=outside)
    assert again.returncode == 2
    assert again.stderr.startswith("jbz: error: refusing to overwrite") and "nothing was written" in again.stderr
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_init_examples_copies_the_bundled_records_to_keep_tracking(outside: Path) -> None:
    result = jbz("init", "tracker", "--examples", cwd=outside)
    assert result.returncode == 0, result.stderr
    ids = jbz("list", "--format", "ids", cwd=outside / "tracker" / "32317-987").stdout.split()
    assert len(ids) == BUNDLED_RECORDS
    # Writing works there: the copy is the user's, unlike the bundled records.
    done = jbz("done", ids[0], "--evidence", "Kamerstuk 32 317, nr. 999", cwd=outside / "tracker" / "32317-987")
    assert done.returncode == 0, done.stderr


def test_inside_a_records_tree_the_tree_is_read_never_the_bundled_examples(outside: Path) -> None:
    """Newcomer defect 1: closing items in your tree and then looking from a subfolder showed them overdue."""
    assert jbz("init", "--examples", cwd=outside).returncode == 0
    overdue = jbz("list", "--overdue", "--format", "ids", cwd=outside).stdout.split()
    assert overdue
    closed = jbz("done", "-", "--evidence", "Kamerstuk 32 317, nr. 999", cwd=outside, input="\n".join(overdue))
    assert closed.returncode == 0, closed.stderr
    for folder in (outside, outside / "records", outside / "records" / "32317-987", outside / "records" / "sources"):
        assert jbz("list", "--overdue", "--format", "ids", cwd=folder).stdout == "", folder
    summary = jbz(cwd=outside / "records" / "32317-987").stdout.splitlines()[0]
    assert summary == f"As of 2026-12-04: {BUNDLED_RECORDS} records in .."


def test_outside_any_tree_the_bundled_examples_say_so_on_a_terminal_only(outside: Path) -> None:
    piped = jbz("list", "--format", "ids", cwd=outside)
    assert piped.returncode == 0 and len(piped.stdout.split()) == BUNDLED_RECORDS
    assert piped.stderr == ""  # a script's stderr stays quiet
    assert "the bundled examples; `jbz init` starts your own" in jbz(cwd=outside).stdout.splitlines()[0]
    help_text = jbz("--help", cwd=outside).stdout
    folded = " ".join(help_text.split())  # the Records line is folded at spaces to the terminal's width
    assert folded.endswith("(the examples bundled with jbz; run `jbz init` to start your own)")
    # stderr on a terminal: one line naming jbz init.
    main, secondary = pty.openpty()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
        proc = subprocess.run(
            [JBZ, "list", "--format", "ids"], cwd=outside, env=env, stdout=subprocess.PIPE, stderr=secondary, timeout=60
        )
        os.close(secondary)
        said = os.read(main, 4096).decode()
    finally:
        os.close(main)
    assert proc.returncode == 0
    # one notice, folded at words to the terminal's width
    assert " ".join(said.split()) == (
        "jbz: no records folder here or above; showing the bundled examples (run `jbz init` to start your own)"
    )


def test_jbz_records_and_records_option_still_win(outside: Path) -> None:
    assert jbz("init", "mine", "--examples", cwd=outside).returncode == 0
    other = jbz("init", "other", cwd=outside)  # the hook file exists now: it is left alone, its entry printed
    assert other.returncode == 0 and ".pre-commit-config.yaml exists; add this hook to it:" in other.stderr
    mine = outside / "mine"
    empty = outside / "empty"
    empty.mkdir()
    assert jbz("list", "--format", "ids", cwd=mine, JBZ_RECORDS=str(empty)).stdout == ""
    assert jbz("list", "--format", "ids", "--records", str(empty), cwd=mine).stdout == ""
    assert len(jbz("list", "--format", "ids", cwd=empty, JBZ_RECORDS=str(mine)).stdout.split()) == BUNDLED_RECORDS
    assert (
        jbz("--help", cwd=mine / "32317-987").stdout.splitlines()[-1] == "Records: .. (found above the working folder)"
    )


def test_a_stray_records_folder_inside_a_tracker_does_not_take_over(outside: Path) -> None:
    assert jbz("init", "tracker", "--examples", cwd=outside).returncode == 0
    dossier = outside / "tracker" / "32317-987"
    (dossier / "records").mkdir()  # an archive or a copy someone left inside the tree
    listed = jbz("list", "--format", "ids", cwd=dossier)
    assert listed.returncode == 0 and len(listed.stdout.split()) == BUNDLED_RECORDS
    added = jbz("add", "commitment", "--title", "Found", "--no-input", cwd=dossier)
    assert added.returncode == 0, added.stderr
    assert (outside / "tracker" / "found.toml").is_file()
    assert not any((dossier / "records").iterdir())


def test_init_refuses_a_tracker_inside_a_tracker(outside: Path) -> None:
    assert jbz("init", "tracker", cwd=outside).returncode == 0
    before = sorted(p.relative_to(outside) for p in outside.rglob("*"))
    for cwd, target in (
        (outside / "tracker", "sub"),
        (outside / "tracker" / "sources", "deeper"),
        (outside, "tracker/x"),
    ):
        result = jbz("init", target, cwd=cwd)
        assert result.returncode == 2, (cwd, target)
        assert result.stderr.count("\n") == 1 and "inside the records folder" in result.stderr
    assert sorted(p.relative_to(outside) for p in outside.rglob("*")) == before
    assert jbz("check", cwd=outside / "tracker").returncode == 0


def test_init_with_a_name_the_system_refuses_is_one_line(outside: Path) -> None:
    result = jbz("init", "L" * 300, cwd=outside)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "File name too long" in result.stderr and "Traceback" not in result.stderr
