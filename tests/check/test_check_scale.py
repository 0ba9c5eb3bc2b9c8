"""Every check rule is linear in the file size, and an echoed line is cut to a readable width (kind 2).

Work is counted in Python steps with sys.settrace (tests/store/test_regex_budget.py explains the measure): a file
with 4 times the follow-ups or related ids may cost about 4 times the steps, not 16.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from jbz_cli.check.files import ECHO_WIDTH, cut_line
from jbz_cli.check.run import RULES, Folder, check_paths


def _followups(n: int) -> str:
    entries = "".join(
        f'[[followup]]\ndate = 2026-{(i * 7) % 12 + 1:02d}-{(i * 13) % 28 + 1:02d}\nnote = "n"\n' for i in range(n)
    )
    return 'kind = "commitment"\ntitle = "many"\n' + entries


def _related(n: int) -> str:
    ids = ", ".join(f'"missing-{i}"' for i in range(n))
    return f'kind = "decision"\ntitle = "rel"\nrelated = [{ids}]\n'


def _check_steps(tmp_path: Path, text: str) -> tuple[int, list[Any]]:
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    folder = Folder.scan(tmp_path, ".")
    count = 0

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)
    try:
        result = check_paths([(path, "x.toml")], folder, RULES)
    finally:
        sys.settrace(None)
    return count, result.diagnostics


def test_out_of_order_followups_cost_linear_work(tmp_path: Path) -> None:
    small, found = _check_steps(tmp_path, _followups(250))
    large, found_large = _check_steps(tmp_path, _followups(1000))
    assert sum("keep them oldest first" in d.message for d in found) > 100
    assert len(found_large) > 3 * len(found)
    assert large <= 5 * small, (small, large)


def test_many_unknown_related_ids_cost_linear_work_and_print_short_lines(tmp_path: Path) -> None:
    small, _ = _check_steps(tmp_path, _related(500))
    large, found_large = _check_steps(tmp_path, _related(2000))
    assert len(found_large) == 2000
    assert large <= 5 * small, (small, large)
    assert {d.col for d in found_large[:3]} == {12, 25, 38}  # each id still points at its own column
    for d in found_large:
        assert d.source_line is not None and len(d.source_line) < ECHO_WIDTH + 80


def test_cut_line_marks_what_it_leaves_out() -> None:
    assert cut_line("short", 1) == "short"
    line = "related = [" + ", ".join(f'"id-{i}"' for i in range(1000)) + "]"
    head = cut_line(line, 1)
    assert head.startswith("related = [") and head.endswith(
        f"({len(line) - ECHO_WIDTH} of {len(line)} characters not shown)"
    )
    middle = cut_line(line, 3000)
    assert middle.startswith("…") and "…" in middle[1:]
    assert line[2990:3010] in middle
