"""The process environment, read once: the one module besides the CLI that knows about environment variables.

`Environment.from_process()` is the only place that looks at `os.environ`, the working folder, the terminal and
the clock; every command and the shell completion receive the value it builds, so a run sees one consistent world
and a test can hand in another.

Environment is an immutable named tuple rather than a frozen dataclass because `jbz --help` builds one on its fast
path, where importing dataclasses (and through it inspect) cost more than the rest of that path together.
"""

from __future__ import annotations

import os
import sys
from collections import namedtuple
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType


def cache_dir(env: Mapping[str, str]) -> Path:
    """$JBZ_CACHE_DIR, else $XDG_CACHE_HOME/jbz, else ~/.cache/jbz (not created here)."""
    if env.get("JBZ_CACHE_DIR"):
        return Path(env["JBZ_CACHE_DIR"]).expanduser()
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]).expanduser() / "jbz"
    return Path.home() / ".cache" / "jbz"


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):  # None, or a closed stream
        return False


def _width(env: Mapping[str, str]) -> int:
    """shutil.get_terminal_size((80, 24)).columns, without importing shutil (and its compression modules)."""
    try:
        columns = int(env.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


_FIELDS = ("vars", "cwd", "stdin_tty", "stdout_tty", "width", "today", "cache_dir", "records", "no_color", "stderr_tty")


class Environment(namedtuple("Environment", _FIELDS, defaults=(False,))):
    """What one run of jbz may know about the world outside its arguments; immutable.

    vars: Mapping[str, str], a read-only copy of the environment variables. cwd: Path, the working folder.
    stdin_tty, stdout_tty, stderr_tty: bool (stderr_tty last, defaulting to False, so older calls still build one).
    width: int, terminal columns as `shutil.get_terminal_size` gives them (COLUMNS first, 80 when unknown).
    today: date, the clock's (JBZ_TODAY and --as-of are applied by the CLI).
    cache_dir: Path, not created here. records: str | None, $JBZ_RECORDS when set and non-empty.
    no_color: bool, NO_COLOR set to a non-empty value (no-color.org) or TERM=dumb.
    """

    __slots__ = ()
    vars: Mapping[str, str]
    cwd: Path
    stdin_tty: bool
    stdout_tty: bool
    width: int
    today: date
    cache_dir: Path
    records: str | None
    no_color: bool
    stderr_tty: bool

    @classmethod
    def from_process(cls) -> Environment:
        """Read this process's environment, working folder, terminal and clock once.

        Raises FileNotFoundError when the working folder no longer exists, as `Path.cwd()` does.
        """
        env = dict(os.environ)
        return cls(
            vars=MappingProxyType(env),
            cwd=Path.cwd(),
            stdin_tty=_isatty(sys.stdin),
            stdout_tty=_isatty(sys.stdout),
            width=_width(env),
            today=date.today(),
            cache_dir=cache_dir(env),
            records=env.get("JBZ_RECORDS") or None,
            no_color=bool(env.get("NO_COLOR")) or env.get("TERM") == "dumb",
            stderr_tty=_isatty(sys.stderr),
        )

    @property
    def editor(self) -> str:
        """$VISUAL, else $EDITOR, else vi: the command line `jbz edit` runs."""
        return self.vars.get("VISUAL") or self.vars.get("EDITOR") or "vi"
