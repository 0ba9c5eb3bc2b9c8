"""Terminal layout in a real terminal: the installed `jbz` run inside tmux at 40, 80 and 200 columns, the screen
read back with `capture-pane` (newcomer defects 9, 18, 19 and 33). CI installs tmux (.ci/run); without it, skip."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from installed import installed_jbz

JBZ = installed_jbz(module_level=True)
TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (CI installs it in .ci/run)")
BOX = set("─│┃━┏┓┗┛╭╮╰╯═║")
END = "__jbz_done__"


def screen(args: str, width: int, tmp_path: Path, term: str = "xterm-256color", joined: bool = False) -> list[str]:
    """What the terminal shows after `jbz ARGS` at `width` columns (all of it, scrollback included).

    With `joined`, lines the terminal wrapped (and only those) are joined back, as a copy from the terminal reads.
    """
    socket = f"jbz-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"  # a server of its own, never another one's
    command = (
        f"cd {shlex.quote(str(tmp_path))} && env -u JBZ_RECORDS -u COLUMNS -u LINES JBZ_TODAY=2026-11-29 NO_COLOR=1 TERM={term} "
        f"{shlex.quote(JBZ)} {args}; echo {END}; sleep 60"
    )
    tmux = [TMUX, "-L", socket, "-f", "/dev/null"]
    subprocess.run([*tmux, "new-session", "-d", "-x", str(width), "-y", "50", command], check=True)
    try:
        subprocess.run([*tmux, "set-option", "-g", "history-limit", "20000"], check=False)
        for _ in range(600):
            shown = subprocess.run(
                [*tmux, "capture-pane", "-p", "-J", "-S", "-", "-E", "-"], capture_output=True, text=True
            ).stdout
            if END in shown:
                break
            time.sleep(0.1)
        # Without -J, so that lines the terminal wrapped show as they look.
        join = ["-J"] if joined else []
        raw = subprocess.run([*tmux, "capture-pane", "-p", *join, "-S", "-", "-E", "-"], capture_output=True, text=True)
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)
    lines = raw.stdout.splitlines()
    return [line.rstrip() for line in lines[: next(i for i, line in enumerate(lines) if END in line)]]


def overdue_ids(tmp_path: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env["JBZ_TODAY"] = "2026-11-29"
    done = subprocess.run([JBZ, "list", "--overdue", "--format", "ids"], cwd=tmp_path, env=env, capture_output=True)
    return done.stdout.decode().split()


def test_wide_terminal_has_a_flags_column_and_one_line_per_row(tmp_path: Path) -> None:
    note, *lines = screen("list --overdue", 200, tmp_path)
    assert note.startswith("jbz: no records folder here or above; showing the bundled examples")  # stderr, a tty
    assert lines[0].split() == ["ID", "Title", "Kind", "Due", "Status", "Flags"]
    ids = overdue_ids(tmp_path)
    rows = [line for line in lines[2:] if line.split() and line.split()[0] in ids]
    assert len(rows) == len(ids)
    assert all(row.endswith("open     overdue") for row in rows)  # status and flags beside the id, one line
    assert len([line for line in lines[2:] if line]) <= len(ids) + 2  # at most a long title wraps, not every row


@pytest.mark.parametrize("width", [40, 80])
def test_ids_are_whole_on_narrow_terminals(tmp_path: Path, width: int) -> None:
    lines = screen("list --overdue", width, tmp_path)[1:]
    fits = [i for i in overdue_ids(tmp_path) if len(i) <= width]
    assert fits
    assert all(i in lines for i in fits)  # each alone on its line, never split by a wrap


def test_titles_are_cut_at_a_word_with_an_ellipsis(tmp_path: Path) -> None:
    lines = screen("summary", 80, tmp_path)
    cut = [line for line in lines if line.endswith("…")]
    assert cut, "the summary at 80 columns shortens some titles"
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    titles = subprocess.run([JBZ, "list", "--format", "tsv"], cwd=tmp_path, env=env, capture_output=True, text=True)
    full = [row.split("\t")[-1] for row in titles.stdout.splitlines()]
    for line in cut:
        shown = line[:-1].split("  ")[-1].strip()
        title = next(t for t in full if t.startswith(shown))
        assert title[len(shown)] in " ,;:-", f"cut mid-word: {line!r}"


def test_term_dumb_is_plain(tmp_path: Path) -> None:
    for args in ("list --overdue", "stats", "agenda", "show ebsp"):
        lines = screen(args, 120, tmp_path, term="dumb")
        assert lines and not (BOX | set("█◆·")) & set("".join(lines)), args  # no rules, bars or marks


def all_ids(tmp_path: Path, *args: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env["JBZ_TODAY"] = "2026-11-29"
    done = subprocess.run([JBZ, *args, "--format", "ids"], cwd=tmp_path, env=env, capture_output=True, check=True)
    return done.stdout.decode().split()


def whole(rid: str, text: str) -> bool:
    """`rid` appears in `text` as one token: not a piece of a longer id, not broken by a newline."""
    return re.search(rf"(?<![\w-]){re.escape(rid)}(?![\w-])", text) is not None


@pytest.mark.parametrize("width", [40, 80, 200])
@pytest.mark.parametrize("args", ["list", "agenda", "show ebsp", "show ebsp-negotiations-end-2026"])
def test_no_id_is_ever_split(tmp_path: Path, width: int, args: str) -> None:
    """Every id jbz knows, against the pane text with its line breaks intact: jbz never breaks an id, and the
    terminal never has to unless the id alone is wider than the terminal (then only the terminal wraps it, so a
    copy from the terminal still reads it whole)."""
    raw = "\n".join(screen(args, width, tmp_path))
    joined = "\n".join(screen(args, width, tmp_path, joined=True))
    ids = all_ids(tmp_path, "list")
    shown = [rid for rid in ids if whole(rid, joined)]
    if args.split()[0] in ("list", "agenda"):
        assert set(shown) == set(all_ids(tmp_path, *args.split()))  # every id the command lists is whole
    assert shown
    split = [rid for rid in shown if len(rid) <= width and not whole(rid, raw)]
    assert not split, f"ids broken at {width} columns: {split}"


@pytest.mark.parametrize("args", ["--help", "list --help", "brief --help"])
def test_help_fits_40_columns(tmp_path: Path, args: str) -> None:
    lines = screen(args, 40, tmp_path)
    # A path wider than the terminal (the Records line of an installed copy) is one word jbz never breaks.
    wide = [line for line in lines if len(line) >= 40 and len(line.split()) > 1]
    assert lines and not wide, wide


def test_agenda_council_mark_stays_whole_at_40_columns(tmp_path: Path) -> None:
    """The timeline's council mark moves under its month rather than being wrapped back to column 0."""
    lines = screen("agenda", 40, tmp_path)
    assert "  ◆ JBZ Council 8-9 December 2025" in lines
    assert all(len(line) <= 40 for line in lines if "◆" in line)
