#!/usr/bin/env python3
"""Time `jbz list --format ids | jbz show -` on N generated records: every id from a pipe, resolved in one pass.

Usage: python benchmarks/show_stdin.py [N] (default 40000). Writes the records to a temporary folder with
generate.py, warms the index with one `jbz list`, then times `jbz show -` reading all N ids from stdin, and prints
wall and CPU seconds. Only a measurement: the tests never assert a time.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
JBZ = str(Path(sys.executable).parent / "jbz")
AS_OF = "2026-11-29"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40000
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records"
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(records)], check=True)
        env = {**os.environ, "JBZ_CACHE_DIR": str(Path(tmp) / "cache"), "JBZ_TODAY": AS_OF}
        ids = subprocess.run(
            [JBZ, "list", "--format", "ids", "--records", str(records)], env=env, capture_output=True, check=True
        ).stdout
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        shown = subprocess.run(
            [JBZ, "show", "-", "--format", "ids", "--records", str(records)],
            input=ids,
            env=env,
            capture_output=True,
            check=True,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        count = len(shown.stdout.splitlines())
        print(f"show - : {len(ids.splitlines())} ids in, {count} lines out, {wall:.2f} s wall, {cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
