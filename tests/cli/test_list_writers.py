"""`jbz list` writes each format with one writer, whether the index or the files answered: the same bytes both ways.

The installed `jbz` runs twice per case, once through the index and once with --no-cache (the files path), on a
folder with a broken file, so the problems and the exit status are compared too.
"""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

from jbz_cli.present.lines import FORMATS

STATUSES = ("open", "waiting", "partial", "done", "missed", "dropped")


def write_record(folder: Path, rid: str, rng: random.Random) -> None:
    """A record with a random status, due date and follow-up, and text that needs escaping in every format."""
    due = f"2026-{rng.randint(1, 12):02d}"
    text = (
        f'kind = "commitment"\ntitle = "Item {rid}: \\"quoted\\", tab\\there, café"\nstatus = "{rng.choice(STATUSES)}"\n'
        f'due = "{due}"\ntopics = ["ebsp"]\nactor = "Kabinet"\n\n[source]\ndocument = "Kamerstuk 32 317, nr. 987"\n'
        f'date = 2025-12-17\nquote = "Het kabinet zal uw Kamer informeren."\n'
    )
    if rng.random() < 0.5:
        text += '\n[[followup]]\ndate = 2026-01-15\nnote = "Brief; =SUM(A1)"\n'
    (folder / f"{rid}.toml").write_text(text, encoding="utf-8")


CASES = [("--overdue",), ("--open", "--sort", "title", "--reverse"), ("--actor", "nobody")]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("list") / "records"
    (root / "letter").mkdir(parents=True)
    rng = random.Random(25)
    for n in range(40):
        write_record(root / "letter", f"item-{n:03d}", rng)
    (root / "letter" / "broken.toml").write_text('kind = "deadline"\ntitle = \n', encoding="utf-8")
    return root


def _run(folder: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env["JBZ_CACHE_DIR"] = str(cache)
    argv = [installed_jbz(), "list", "--records", str(folder), "--as-of", "2026-11-29", "--exit-code", *args]
    return subprocess.run(argv, capture_output=True, env=env, timeout=120)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_the_same_bytes_from_the_index_and_from_the_files(
    folder: Path, tmp_path: Path, fmt: str
) -> None:
    _run(folder, tmp_path, "--format", "ids")  # build the index
    for case in CASES:
        cached = _run(folder, tmp_path, "--format", fmt, *case)
        files = _run(folder, tmp_path, "--format", fmt, *case, "--no-cache")
        assert (cached.stdout, cached.stderr, cached.returncode) == (files.stdout, files.stderr, files.returncode)
        assert cached.returncode == 1  # the broken file is a finding either way
        if case == ("--actor", "nobody") and fmt in ("json", "jsonl", "ids"):
            assert cached.stdout == {"json": b"[]\n", "jsonl": b"", "ids": b""}[fmt]
