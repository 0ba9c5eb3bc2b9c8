"""The one place a command's result becomes an exit status: ExitStatus, JbzError and Ctrl-C, mapped once.

The typer group runs every command through `run_guarded` (cli/app.py, `JbzGroup.invoke`), so a status, an error
line and a closed pipe mean the same for every command, and a test can call it without building the group.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from typing import Any

from jbz_cli.cli.afterwards import finish
from jbz_cli.cli.context import environment
from jbz_cli.cli.output import say
from jbz_cli.cli.pipe import QuietPipe
from jbz_cli.errors import ExitStatus, JbzError, WriteError
from jbz_cli.present.terminal import SafeStream


def run_guarded(call: Callable[[], Any]) -> int:
    """Run `call` with record text made harmless on every stream (present.terminal.safe_text); its exit status.

    A reader that goes away (head, less) silences the output but not the findings: QuietPipe swallows the closed
    pipe, the command runs on to its end, and the status it returns is the exit status. A JbzError is the one line
    `jbz: error: …` on stderr and its own status; Ctrl-C is ExitStatus.INTERRUPTED. Anything else propagates.
    """
    streams = sys.stdout, sys.stderr
    # QuietPipe sits inside SafeStream, so rich (which unwraps SafeStream) still writes through QuietPipe.
    quiet = sys.stdout if isinstance(sys.stdout, QuietPipe) else QuietPipe(sys.stdout)
    # stderr too: a write that succeeded must exit 0 even when nobody reads its messages, or a retry duplicates it.
    quiet_err = sys.stderr if isinstance(sys.stderr, QuietPipe) else QuietPipe(sys.stderr)
    sys.stdout, sys.stderr = SafeStream(quiet), SafeStream(quiet_err)  # type: ignore[assignment]
    try:
        try:
            status = call()
            sys.stdout.flush()
            if quiet.lost is not None:  # a full disk or a device error took output the user asked for
                raise WriteError(f"could not write to standard output ({quiet.lost})")
        except JbzError as exc:
            say(f"jbz: error: {exc}")
            return int(exc.exit_status)
        except UnicodeEncodeError as exc:  # bytes that are not UTF-8 in an argument, on their way into a file
            text = exc.object if isinstance(exc.object, str) else ""
            bad = text[exc.start : exc.end].encode("utf-8", "surrogateescape")
            say(f"jbz: error: an argument holds bytes that are not UTF-8 ({bad!r}); give the text as UTF-8")
            return int(ExitStatus.USAGE)
        except KeyboardInterrupt:
            return int(ExitStatus.INTERRUPTED)
        finally:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(JbzError, OSError):  # already said, or nowhere left to say it
                    stream.flush()
    finally:
        finish(environment())  # an index to build after a cold answer (cli/afterwards.py), once output is out
        sys.stdout, sys.stderr = streams
    return int(status) if isinstance(status, ExitStatus) else 0
