"""Nesting deep enough to exhaust a native parser's stack is one line naming the file, never a crashed process.

toml-rs recurses on the machine's stack for nested arrays and inline tables and kills the process (SIGSEGV) some
thousands deep, where tomli raises RecursionError. Each case runs in a child process, so a crash fails the test
instead of taking the test run down with it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DEPTH = 20_000  # far past where toml-rs crashed (between 5,000 and 10,000 on an 8 MiB stack)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("arrays", "[" * DEPTH + "]" * DEPTH),
        ("tables", "{a=" * DEPTH + "1" + "}" * DEPTH),
        ("mixed", "[{a=" * (DEPTH // 2) + "1" + "}]" * (DEPTH // 2)),
    ],
)
def test_deep_nesting_is_a_problem_of_its_file(tmp_path: Path, name: str, value: str) -> None:
    records = tmp_path / "records"
    records.mkdir()
    (records / f"deep-{name}.toml").write_text(f'kind = "commitment"\ntitle = "d"\nx = {value}\n', encoding="utf-8")
    (records / "fine.toml").write_text('kind = "commitment"\ntitle = "fine"\n', encoding="utf-8")
    env_cache = tmp_path / "cache"
    for args in (("list", "--format", "ids"), ("list", "--format", "ids", "--no-cache"), ("check",)):
        done = subprocess.run(
            [sys.executable, "-m", "jbz_cli", *args, "--records", str(records)],
            capture_output=True,
            text=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "JBZ_CACHE_DIR": str(env_cache), "HOME": str(tmp_path)},
        )
        assert done.returncode == 1, (args, done.returncode, done.stderr[-500:])
        said = done.stderr if args[0] == "list" else done.stdout  # check writes its findings as its output
        assert f"deep-{name}.toml" in said and "nested too deeply" in said, said
        if args[0] == "list":
            assert done.stdout == "fine\n"
