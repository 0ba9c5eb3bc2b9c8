"""The cache answers for the code too: a changed jbz over an unchanged records folder never serves old answers.

A user's upgrade (`pip install -U jbz`) keeps the records folder and the cache folder as they were. Here two
copies of the package stand for the two versions: the second has a changed JSON shape (a key dropped from list
records), and both read the same records with the same cache folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import jbz_cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "basic"


def _run(pkg_parent: Path, cache: Path, records: Path, *args: str) -> list[dict]:
    env = {**os.environ, "PYTHONPATH": str(pkg_parent), "JBZ_CACHE_DIR": str(cache), "JBZ_RECORDS": str(records)}
    env.pop("NO_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "jbz_cli", "list", "--format", "json", *args],
        cwd=pkg_parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_changed_shape_is_not_served_from_an_older_cache(tmp_path: Path) -> None:
    source = Path(jbz_cli.__file__).resolve().parent
    old, new = tmp_path / "old", tmp_path / "new"
    for where in (old, new):
        shutil.copytree(source, where / "jbz_cli", ignore=shutil.ignore_patterns("__pycache__", "records"))
    shapes = new / "jbz_cli" / "present" / "shapes.py"
    text = shapes.read_text(encoding="utf-8")
    assert '    "summary",\n' in text
    shapes.write_text(text.replace('    "summary",\n', "", 1), encoding="utf-8")

    records = tmp_path / "records"
    shutil.copytree(FIXTURES, records)
    time.sleep(2.5)  # settled files: the index keeps shapes only for files not changed within the last 2 s
    cache = tmp_path / "cache"

    before = _run(old, cache, records)
    assert before and all("summary" in item for item in before)
    assert list(cache.glob("records-*.sqlite3")), "the first run built no index to be stale"

    after = _run(new, cache, records)
    assert after and all("summary" not in item for item in after)
    assert after == _run(new, cache, records, "--no-cache")
    # And the old code, run again, gets its own answer back rather than the new code's rows.
    assert _run(old, cache, records) == before
