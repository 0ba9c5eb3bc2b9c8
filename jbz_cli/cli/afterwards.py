"""Work that waits until the answer is written: building the index after a cold run answered from the files.

A reading command that found no usable index answers from the files and leaves the build here (`defer`); the
guard runs it once the command's output is flushed (`finish`). Where the system can fork, a long build runs in a
detached process (its own session, stdio on /dev/null), so the user's shell, a pipe or `$(jbz …)` never waits
for it; a short one (a small folder) runs in the process, as it costs less than the fork. `JBZ_INDEX_BUILD=inline`
always runs it in the process (for tests and scripts that want the index ready when jbz returns), as does a
system without fork; `JBZ_INDEX_BUILD=background` always detaches it. An inline build that takes longer than a
second says how far it is on stderr, on a terminal only.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable

from jbz_cli.env import Environment

# Each takes an optional progress callback (done, total) and never raises.
Work = Callable[[Callable[[int, int], None] | None], object]
_waiting: list[Work] = []
_long: list[bool] = []
PROGRESS_AFTER_S = 1.0
# Work handed to a detached build, held until this process ends: the build shares its memory copy-on-write, so
# freeing it here (thousands of records) would copy every page it sits on first, a cost the user waits for.
_handed_over: list[Work] = []


def defer(work: Work, long: bool = True) -> None:
    """Run `work` after this command's answer is written (finish); `long`: worth a detached process."""
    _waiting.append(work)
    _long.append(long)


def finish(env: Environment) -> None:
    """Run the deferred work: detached where the system can fork and some of it is long (always with
    JBZ_INDEX_BUILD=background), else here (always with JBZ_INDEX_BUILD=inline)."""
    if not _waiting:
        return
    work, long = list(_waiting), any(_long)
    _waiting.clear()
    _long.clear()
    mode = env.vars.get("JBZ_INDEX_BUILD")
    if mode and mode not in ("inline", "background"):
        from jbz_cli.cli.output import say

        say(f"jbz: JBZ_INDEX_BUILD={mode!r} is neither inline nor background; building as usual")
        mode = None
    if (mode == "background" or (long and mode != "inline")) and _detached(work):
        return
    progress = _Progress() if env.stderr_tty else None
    try:
        for item in work:
            item(progress)
    except KeyboardInterrupt:  # the answer is out; an interrupted build is only a slower next run
        pass
    finally:
        if progress is not None:
            progress.end()


def _detached(work: list[Work]) -> bool:
    """Run `work` in a grandchild in its own session with stdio on /dev/null; False when fork is unavailable.

    The child forks again and exits at once, so this process waits only for that, and the grandchild is never
    left as a zombie of a long-lived caller.
    """
    if not hasattr(os, "fork") or not hasattr(os, "setsid"):
        return False
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    try:
        pid = os.fork()
    except OSError:
        return False
    if pid:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        _handed_over.extend(work)  # freeing what the build reads now would copy each page it sits on (see _handed_over)
        return True
    code = 0
    try:
        os.setsid()
        if os.fork():
            os._exit(0)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        for item in work:
            item(None)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


class _Progress:
    """`jbz: indexing records: 2,000 of 10,000` on stderr, rewritten in place, once a build has taken a second."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.shown and time.monotonic() - self.start < PROGRESS_AFTER_S:
            return
        self.shown = True
        sys.stderr.write(f"\rjbz: indexing records: {done:,} of {total:,}")
        sys.stderr.flush()

    def end(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()
