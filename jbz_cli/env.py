"""The process environment, read once: the one module besides the CLI that knows about environment variables.

`Environment.from_process()` is the only place that looks at `os.environ`, the working folder, the terminal and
the clock; every command and the shell completion receive the value it builds, so a run sees one consistent world
and a test can hand in another.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Environment:
    """What one run of jbz may know about the world outside its arguments.

    `vars` is a read-only copy of the environment variables; `width` is in terminal columns; `today` is the
    clock's date (JBZ_TODAY and --as-of are applied by the CLI on top of it).
    """

    vars: Mapping[str, str]
    cwd: Path
    stdin_tty: bool
    stdout_tty: bool
    width: int
    today: date
    cache_dir: Path
    records: str | None  # $JBZ_RECORDS, None when unset or empty
    no_color: bool  # NO_COLOR set to a non-empty value (no-color.org), or TERM=dumb

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
            width=shutil.get_terminal_size((80, 24)).columns,
            today=date.today(),
            cache_dir=cache_dir(env),
            records=env.get("JBZ_RECORDS") or None,
            no_color=bool(env.get("NO_COLOR")) or env.get("TERM") == "dumb",
        )

    @property
    def editor(self) -> str:
        """$VISUAL, else $EDITOR, else vi: the command line `jbz edit` runs."""
        return self.vars.get("VISUAL") or self.vars.get("EDITOR") or "vi"
