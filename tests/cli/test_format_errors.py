"""A refused --format names exactly the formats the command accepts: the list its --help shows."""

from __future__ import annotations

import re

import pytest

# (command, arguments it needs): every reading command whose --help says "Output format: a, b, c (default ...".
COMMANDS = [
    (["list"], []),
    (["show"], ["x"]),
    (["summary"], []),
    (["agenda"], []),
    (["stats"], []),
    (["councils"], []),
    (["diff"], ["2026-01", "2026-02"]),
]


def help_formats(invoke, command: list[str]) -> list[str]:
    shown = " ".join(invoke(*command, "--help").stdout.split())
    found = re.search(r"Output format: ([a-z, ]+?) \(default", shown)
    assert found, command
    return found.group(1).split(", ")


@pytest.mark.parametrize(("command", "args"), COMMANDS, ids=lambda c: " ".join(c) if isinstance(c, list) else "")
@pytest.mark.parametrize("bad", ["md", "nonsense", "ids"])
def test_the_refusal_lists_the_formats_of_its_command(invoke, command: list[str], args: list[str], bad: str) -> None:
    formats = help_formats(invoke, command)
    if bad in formats:
        return
    result = invoke(*command, *args, "--format", bad)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"expected one of {', '.join(formats)}\n"), result.stderr
