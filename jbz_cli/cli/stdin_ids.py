"""Ids from stdin: the one rule for `-` in `jbz show -`, `jbz followup -` and `jbz done -`."""

from __future__ import annotations

import sys
from typing import TextIO

from jbz_cli.env import Environment
from jbz_cli.errors import UsageError


def expand_stdin(args: list[str], stdin: TextIO, stdin_tty: bool = False, allow_empty: bool = False) -> list[str]:
    """Replace `-` by the lines of stdin (blank lines skipped), so `jbz list --format ids | jbz show -` works.

    The one rule for `-` (show, followup, done): UsageError when stdin is a terminal (nothing was piped in).
    An empty pipe is an empty answer for a reader (`allow_empty`: a filter that matched nothing upstream must not
    fail the pipeline), and a UsageError for a write, which would otherwise do nothing without saying so.
    """
    from jbz_cli.store.intake import stdin_lines

    if "-" not in args:
        return list(args)
    if stdin_tty:
        raise UsageError("'-' reads ids from stdin, one per line; pipe them in, e.g. jbz list --format ids | ...")
    piped = [line.strip() for line in stdin_lines(stdin) if line.strip()]
    if not piped and not allow_empty:
        raise UsageError("no ids on stdin")
    out: list[str] = []
    for arg in args:
        if arg != "-":
            out.append(arg)
        else:  # stdin is read once: a second `-` adds nothing
            out += piped
            piped = []
    return out


def ids_argument(record_id: str, env: Environment) -> list[str]:
    """One id, or with "-" one id per line on stdin (blank lines ignored), for pipelines."""
    return expand_stdin([record_id], sys.stdin, env.stdin_tty)
