"""The terminal layout never hides or breaks data (issue 12, kind 7), checked under a real pseudo-terminal.

At every width: ids appear whole, each due is shown whole (never cut into another valid due), each overdue
item says so, titles never get shorter on a wider terminal, and wrapped lines keep their hanging indent.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from ptyrun import run_in_pty, visible
from typer.testing import CliRunner

from jbz_cli.cli.app import app

RECORDS = str(Path(__file__).resolve().parents[2] / "records")
WIDTHS = (40, 60, 80, 120, 200)
TODAY = {"JBZ_TODAY": "2026-11-29"}
SHOWN = "ukraine-tribunal-treaty-signing"  # long title, long section, a url and a related id


@cache
def items(command: str) -> tuple[dict, ...]:
    result = CliRunner().invoke(app, [command, "--records", RECORDS, "--as-of", "2026-11-29", "--format", "jsonl"])
    return tuple(json.loads(line) for line in result.stdout.splitlines())


@cache
def screen(args: tuple[str, ...], width: int) -> str:
    return visible(run_in_pty([*args, "--records", RECORDS], width, TODAY))


def token(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])")


def segments(out: str, listed: tuple[dict, ...]) -> dict[str, str]:
    """The output from each id to the next listed id: that item's row, whatever the layout."""
    starts = sorted((m.start(), i["id"]) for i in listed for m in [token(i["id"]).search(out)] if m)
    ends = [s for s, _ in starts[1:]] + [len(out)]
    return {rid: out[start:end] for (start, rid), end in zip(starts, ends, strict=True)}


def _title(rid: str) -> str:
    return next(i["title"] for i in items("list") if i["id"] == rid)


def check_lines(out: str, width: int) -> None:
    """No line is longer than the terminal unless it is one unbreakable word (an id or a url)."""
    for line in out.splitlines():
        if len(line.rstrip()) > width:
            assert " " not in line.strip(), f"{width} columns: a line runs past the edge: {line!r}"


@pytest.mark.parametrize("width", WIDTHS)
def test_list_shows_every_id_due_and_flag_whole(width: int) -> None:
    listed = items("list")
    out = screen(("list", "--as-of", "2026-11-29"), width)
    rows = segments(out, listed)
    assert set(rows) == {i["id"] for i in listed}, "an id is missing or broken"
    for item in listed:
        row = rows[item["id"]]
        if item["due"]:
            assert token(item["due"]).search(row), f"{width}: due {item['due']} of {item['id']} is not whole"
        for flag in item["flags"]:
            assert flag in row, f"{width}: {item['id']} hides its flag {flag}"
    check_lines(out, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_agenda_shows_every_id_and_overdue(width: int) -> None:
    listed = items("agenda")
    out = screen(("agenda", "--as-of", "2026-11-29"), width)
    rows = segments(out, listed)
    assert set(rows) == {i["id"] for i in listed}
    for item in listed:
        if "overdue" in item["flags"]:
            assert "overdue" in rows[item["id"]], f"{width}: overdue {item['id']} looks fine"
    check_lines(out, width)


def title_shown(out: str, title: str) -> int:
    """How much of `title` the output shows on one line (a cut title ends in an ellipsis)."""
    best = 0
    for line in out.splitlines():
        start = line.find(title[:10])
        if start < 0:
            continue
        text = line[start:].rstrip().removesuffix("…")
        if title.startswith(text):
            best = max(best, len(text))
    return best


@pytest.mark.parametrize("args", [("agenda", "--as-of", "2026-11-29"), ()])
def test_titles_never_get_shorter_on_a_wider_terminal(args: tuple[str, ...]) -> None:
    listed = items("agenda" if args else "list")
    shown = {w: screen(args, w) for w in WIDTHS}
    for w in WIDTHS:
        check_lines(shown[w], w)
    for item in listed:
        lengths = [title_shown(shown[w], item["title"]) for w in WIDTHS]
        assert lengths == sorted(lengths), f"{item['id']}: title lengths {lengths} at {WIDTHS}"


def test_summary_ids_are_whole_at_every_width() -> None:
    ids = {i["id"] for i in items("list")}
    for w in WIDTHS:
        out = screen((), w)
        found = {m.group() for m in re.finditer(r"^  ([a-z0-9][a-z0-9-]*)", out, re.M) for m in [m]}
        broken = {f.strip() for f in found} - ids
        assert not broken, f"{w}: ids broken: {broken}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", ["show", "history"])
def test_wrapped_lines_keep_their_hanging_indent(command: str, width: int) -> None:
    args = ("show", SHOWN, "--as-of", "2026-11-29") if command == "show" else ("history", SHOWN, "--no-git")
    out = screen(args, width)
    check_lines(out, width)
    heads = {"Summary", "Quote", "Follow-ups"}
    lines = out.rstrip("\n").splitlines()
    title = _title(SHOWN)
    for line in lines[1:]:  # the id line, and the title's first line in show, start at the margin
        margin = line.strip() in heads or (command == "show" and title.startswith(line.strip()))
        margin = margin or (" " not in line.strip() and len(line) >= width - 2)  # a url or id moved left to fit whole
        if line.strip():
            assert line.startswith("  ") or margin, f"{width}: lost indent: {line!r}"
    if command == "show":
        section = next(n for n, line in enumerate(lines) if line.startswith("  section"))
        if len(lines[section]) < len("  section      II. Justitie – 3. Russische agressieoorlog tegen"):
            assert lines[section + 1].startswith(" " * 15), f"{width}: the section lost its hanging indent"
