"""A cold run answers from the files and builds the index afterwards: the same answer, one builder, no waiting."""

from __future__ import annotations

import fcntl
import os
import random
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from test_index import corpus, rdir_of, write_record  # noqa: F401 (the corpus fixture)

from jbz_cli.cli import afterwards
from jbz_cli.env import Environment
from jbz_cli.store import index, index_build
from jbz_cli.store.index_keys import index_path
from jbz_cli.store.index_later import read_files
from jbz_cli.store.index_lock import lock_file

ARGS = ["list", "--as-of", "2026-11-29", "--format"]


def run_jbz(root: Path, cache: Path, *args: str, build: str = "inline") -> subprocess.CompletedProcess[bytes]:
    """The installed jbz on `root` with its own cache folder; `build` is JBZ_INDEX_BUILD."""
    from installed import installed_jbz

    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env |= {"JBZ_CACHE_DIR": str(cache), "JBZ_INDEX_BUILD": build}
    return subprocess.run([installed_jbz(), *args, "--records", str(root)], env=env, capture_output=True, timeout=120)


def ready(root: Path, cache: Path) -> bool:
    """Whether the index answers without building (it is there, current and no build holds its lock).

    Asked of the installed package, in a process started outside the checkout: the index is keyed by the code
    that built it (store/code_key.py), and a checkout's files are another copy of the code than a plain install.
    """
    script = (
        "import sys; from datetime import date; from pathlib import Path\n"
        "from jbz_cli.core.query import Filter, Settings\n"
        "from jbz_cli.store import index\n"
        "from jbz_cli.store.files import RecordsDir\n"
        "try:\n"
        "    index.find(RecordsDir(Path(sys.argv[1]), 'records', 'option'), Path(sys.argv[2]), Filter(),\n"
        "               Settings(date(2026, 11, 29)), defer_cold=True)\n"
        "except index.IndexUnavailable:\n"
        "    sys.exit(3)\n"
    )
    from installed import installed_jbz

    python = Path(installed_jbz()).read_text(encoding="utf-8", errors="replace").split("\n", 1)[0][2:].strip()
    done = subprocess.run([python, "-c", script, str(root), str(cache)], cwd=cache.parent, capture_output=True)
    assert done.returncode in (0, 3), done.stderr.decode()
    return done.returncode == 0


@pytest.mark.parametrize("fmt", ["ids", "tsv", "json", "table"])
def test_a_cold_run_answers_as_the_files_do_and_leaves_a_ready_index(corpus: Path, tmp_path: Path, fmt) -> None:  # noqa: F811
    cache = tmp_path / "cache"
    files = run_jbz(corpus, cache, *ARGS, fmt, "--overdue", "--no-cache")
    cold = run_jbz(corpus, cache, *ARGS, fmt, "--overdue")
    assert (cold.returncode, cold.stdout, cold.stderr) == (files.returncode, files.stdout, files.stderr)
    assert ready(corpus, cache)  # JBZ_INDEX_BUILD=inline: built before jbz returned
    warm = run_jbz(corpus, cache, *ARGS, fmt, "--overdue")
    assert (warm.returncode, warm.stdout, warm.stderr) == (files.returncode, files.stdout, files.stderr)


def test_the_background_build_leaves_the_same_answers(corpus: Path, tmp_path: Path) -> None:  # noqa: F811
    cache = tmp_path / "cache"
    files = run_jbz(corpus, cache, *ARGS, "json", "--no-cache")
    cold = run_jbz(corpus, cache, *ARGS, "json", build="background")  # as a large folder's default
    assert cold.stdout == files.stdout and cold.returncode == files.returncode
    for _ in range(600):  # the builder is on its own: wait for it (at most a minute) rather than time it
        if ready(corpus, cache):
            break
        time.sleep(0.1)
    assert ready(corpus, cache)
    assert run_jbz(corpus, cache, *ARGS, "json").stdout == files.stdout


def test_a_run_during_a_build_reads_the_files_and_builds_nothing(corpus: Path, tmp_path: Path) -> None:  # noqa: F811
    cache = tmp_path / "cache"
    db = index_path(corpus, cache)
    cache.mkdir()
    fd = os.open(lock_file(db), os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a builder in another process holds it
    try:
        files = run_jbz(corpus, cache, *ARGS, "ids", "--no-cache")
        during = run_jbz(corpus, cache, *ARGS, "ids")
        summary = run_jbz(corpus, cache, "summary", "--as-of", "2026-11-29")
        assert summary.returncode == files.returncode, summary.stderr
        assert not db.exists()  # no second build, inline or not
    finally:
        os.close(fd)
    assert (during.returncode, during.stdout, during.stderr) == (files.returncode, files.stdout, files.stderr)


def settle(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Give every file an old mtime and let the index trust ctimes of now (no file is racy)."""
    for path in root.rglob("*.toml"):
        os.utime(path, ns=(1_600_000_000_000_000_000,) * 2)
    monkeypatch.setattr(index, "RACY_NS", 0)


def test_the_build_reuses_what_the_answer_read(corpus: Path, tmp_path: Path, monkeypatch) -> None:  # noqa: F811
    """Every file the files pass read is not read again by the build, unless it changed in between."""
    cache = tmp_path / "cache"
    settle(corpus, monkeypatch)
    loaded, build = read_files(rdir_of(corpus), cache)
    assert len(build.kept) == len(loaded.records) + 2  # the two broken files are kept too; the duplicate is not
    changed = corpus / "letter-1" / "letter-1-item-010.toml"
    changed.write_text('kind = "decision"\ntitle = "changed after the answer"\n', encoding="utf-8")
    os.utime(changed, ns=(1, 1))  # an old, settled signature that differs from the one read
    read_again = []
    real = index_build.load_file
    monkeypatch.setattr(index_build, "load_file", lambda path, *a: read_again.append(path.name) or real(path, *a))
    assert build.run()
    assert sorted(read_again) == ["letter-1-item-005.toml", "letter-1-item-010.toml"]  # the duplicate, the edit
    records, _ = index.load_records(rdir_of(corpus), cache)
    assert next(r for r in records if r.id == "letter-1-item-010").title == "changed after the answer"


def test_an_index_far_behind_the_files_is_cold(corpus: Path, tmp_path: Path, monkeypatch) -> None:  # noqa: F811
    cache = tmp_path / "cache"
    settle(corpus, monkeypatch)
    index.load_records(rdir_of(corpus), cache)  # built
    rng = random.Random(5)
    for n in range(60):  # more than a quarter of about 200 files
        write_record(corpus / "letter-2", f"letter-2-item-{n:03d}", rng)
        os.utime(corpus / "letter-2" / f"letter-2-item-{n:03d}.toml", ns=(n + 10, n + 10))
    monkeypatch.setattr(index, "STALE_FILES", 10)
    with pytest.raises(index.Cold):
        index.load_records(rdir_of(corpus), cache, defer_cold=True)
    os.utime(corpus / "letter-2" / "letter-2-item-000.toml", ns=(5, 5))
    monkeypatch.setattr(index, "STALE_FILES", 100)  # a few changes are brought up to date in place
    assert index.load_records(rdir_of(corpus), cache, defer_cold=True)[0]


def _env(stderr_tty: bool, build: str) -> Environment:
    return Environment(
        {"JBZ_INDEX_BUILD": build}, Path("."), False, False, 80, date(2026, 1, 1), Path("."), None, False, stderr_tty
    )


@pytest.mark.parametrize("tty", [True, False])
def test_a_long_inline_build_shows_progress_on_a_terminal_only(tty: bool, monkeypatch, capsys) -> None:
    monkeypatch.setattr(afterwards, "PROGRESS_AFTER_S", 0.0)  # as if the build had run for more than a second
    afterwards.defer(lambda progress: [progress(n, 4000) for n in (2000, 4000)] if progress else None)
    afterwards.finish(_env(tty, "inline"))
    err = capsys.readouterr().err
    assert err == ("\rjbz: indexing records: 2,000 of 4,000\rjbz: indexing records: 4,000 of 4,000\n" if tty else "")


def test_a_short_inline_build_says_nothing(capsys) -> None:
    afterwards.defer(lambda progress: progress(10, 10) if progress else None)
    afterwards.finish(_env(True, "inline"))
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a detached build needs fork")
def test_a_detached_build_runs_apart_and_the_caller_goes_on(tmp_path: Path) -> None:
    """The work runs in another process, not this one, and this one returns without waiting for it."""
    marker = tmp_path / "built"
    code = (
        "import os, sys, time\n"
        "from jbz_cli.cli import afterwards\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from test_index_later import _env\n"
        f"afterwards.defer(lambda p: (time.sleep(0.5), open({str(marker)!r}, 'w').write(str(os.getpid()))))\n"
        "afterwards.finish(_env(False, ''))\n"
        "print(os.getpid(), os.path.exists(" + repr(str(marker)) + "))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    pid, existed = out.stdout.split()
    assert existed == "False"  # the caller did not run (or wait for) the build
    for _ in range(600):
        if marker.exists() and marker.read_text():
            break
        time.sleep(0.1)
    assert marker.read_text() not in ("", pid)


def test_cache_clear_removes_the_build_lock_too(corpus: Path, tmp_path: Path) -> None:  # noqa: F811
    cache = tmp_path / "cache"
    run_jbz(corpus, cache, *ARGS, "ids")
    assert lock_file(index_path(corpus, cache)).exists()
    from installed import installed_jbz

    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")} | {"JBZ_CACHE_DIR": str(cache)}
    cleared = subprocess.run([installed_jbz(), "cache", "clear"], env=env, capture_output=True, timeout=60)
    assert cleared.returncode == 0, cleared.stderr
    assert sorted(p.name for p in cache.iterdir()) == []
