"""Run Taskwarrior as the baseline for jbz benchmarks.

Import once per records folder into a throwaway TASKDATA, then time the
commands from `task_command` with the environment from `setup_taskdata`.
Standard library only; needs the `task` binary (Debian: taskwarrior 2.6).

Settings in the generated taskrc, and why:

* ``confirmation=off``: `task import` must not stop for a prompt.
* ``verbose=nothing``: no header, footnotes or "TASKRC override" notices, so
  the piped output is just the rows, like `jbz list` in tsv.  It barely
  changes the time.
* ``hooks=off``: the throwaway data has no hooks; this only skips looking.
* ``gc=off``: `task import` already files completed and deleted tasks in
  completed.data, so garbage collection would find nothing to move; off, a
  read-only command cannot rewrite the data or renumber ids between timed
  runs.  No answer changes, and the timing difference is within noise.
* ``news.version``: silences the 2.6 "run task news" nag.
* TZ=UTC in the environment: due times are written as 23:59:59 UTC of the
  window's last day, and Taskwarrior compares them with the real clock.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

try:  # imported as benchmarks.taskwarrior or run as a sibling script
    from . import to_taskwarrior
except ImportError:
    import to_taskwarrior  # type: ignore[no-redef]

COMMANDS: dict[str, list[str]] = {
    "overdue": ["task", "+OVERDUE", "list"],
    "overdue-ids": ["task", "+OVERDUE", "_ids"],
    "overdue-uuids": ["task", "+OVERDUE", "_uuids"],
    "overdue-export": ["task", "+OVERDUE", "export"],
    "export": ["task", "export"],
    "summary": ["task", "summary"],
    "stats": ["task", "stats"],
    "count-overdue": ["task", "+OVERDUE", "count"],
}

TASKRC = """\
data.location={data}
confirmation=off
verbose=nothing
hooks=off
gc=off
news.version=2.6.0
"""


def task_command(kind: str) -> list[str]:
    """argv for a timed Taskwarrior query; run it with setup_taskdata's env.

    "overdue" answers the same question as `jbz list --overdue`;
    "overdue-ids" and "overdue-export" are the fair pairs of its ids and
    json formats; "export" is the full dump.
    """
    try:
        return list(COMMANDS[kind])
    except KeyError:
        raise ValueError(f"unknown kind {kind!r}; choose from {sorted(COMMANDS)}") from None


def available() -> bool:
    """Whether the baseline can run at all; benchmarks skip it otherwise."""
    return shutil.which("task") is not None


def taskrc(data: Path, full: bool = False) -> str:
    """The taskrc text; a --full database also declares the attributes to_taskwarrior.FULL_UDAS fills."""
    text = TASKRC.format(data=data)
    if full:
        text += "".join(f"uda.{name}.type=string\nuda.{name}.label={name}\n" for name in to_taskwarrior.FULL_UDAS)
    return text


def _fingerprint(records_dir: str, now: date, as_of: date, full: bool = False) -> str:
    """Cheap identity of a records folder, so a rerun can skip the import.

    Counts, sizes and mtimes catch regenerated data; the dates catch a
    conversion made on another day, whose shift would now be wrong.
    """
    h = hashlib.sha256(f"{os.path.abspath(records_dir)}|{now}|{as_of}|{full}".encode())
    for root, _dirs, files in sorted(os.walk(records_dir)):
        for name in sorted(files):
            if name.endswith(".toml"):
                st = os.stat(os.path.join(root, name))
                h.update(f"{name}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def setup_taskdata(
    records_dir: str, workdir: str, as_of: date = to_taskwarrior.DEFAULT_AS_OF, full: bool = False
) -> dict[str, str]:
    """Import records_dir into workdir once; return the env to run `task` in.

    With `full`, each task holds the same information as its jbz record (to_taskwarrior --full).
    The returned mapping is a full environment (os.environ plus TASKRC,
    TASKDATA and TZ) for subprocess.run(env=...).  Dates are shifted so
    that Taskwarrior's real today plays the role of `as_of`; the import is
    redone when the records or the day changed.  Raises RuntimeError when
    Taskwarrior's overdue count differs from jbz's definition, because a
    benchmark of different answers is meaningless.
    """
    work = Path(workdir).resolve()
    data = work / "taskdata"
    rc = work / "taskrc"
    stamp = work / "imported.json"
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data), "TZ": "UTC"}
    now = to_taskwarrior.utc_today()
    key = _fingerprint(records_dir, now, as_of, full)
    if stamp.exists() and json.loads(stamp.read_text()).get("key") == key:
        return env

    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    rc.write_text(taskrc(data, full), encoding="utf-8")
    source = work / "import.jsonl"
    with open(source, "w", encoding="utf-8") as fh:
        counts = to_taskwarrior.convert(records_dir, fh, as_of, now, full)
    subprocess.run(["task", "import", str(source)], env=env, check=True, stdout=subprocess.DEVNULL)
    source.unlink()
    got = subprocess.run(
        task_command("count-overdue"), env=env, check=True, capture_output=True, text=True
    ).stdout.strip()
    if got != str(counts["overdue"]):
        raise RuntimeError(
            f"Taskwarrior counts {got} overdue, jbz's definition "
            f"gives {counts['overdue']}; is TZ or the date shift off?"
        )
    stamp.write_text(json.dumps({"key": key, **counts}), encoding="utf-8")
    return env
