"""Standard output that a closed pipe silences instead of aborting, so a command still returns what it found.

`jbz check | head -1` must exit 1 when check found errors: the reader leaving early says nothing about the
records. Once a write meets a closed pipe, stdout is pointed at the null device and every later write succeeds
quietly; the command runs to its end and its ExitStatus stands (JbzGroup.invoke maps it as usual).
"""

from __future__ import annotations

import contextlib
import os
from typing import Any


class QuietPipe:
    """A text or binary stream proxy whose write and flush swallow BrokenPipeError (and EPIPE) after the first."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.lost: str | None = None  # why output was lost (a full disk), once it was

    def _closed(self) -> None:
        """Point the file descriptor at /dev/null so the buffered rest and later writes go nowhere quietly."""
        try:
            fd = self._inner.fileno()
        except (AttributeError, OSError, ValueError):
            return
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)

    def write(self, data: Any) -> int:
        try:
            return self._inner.write(data)
        except BrokenPipeError:
            self._closed()
            return len(data)
        except OSError as exc:  # a full disk or a device error: the output is lost, which the user must hear
            self._lost(exc)
            return len(data)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def _lost(self, exc: OSError) -> None:
        """Remember why output was lost (run_guarded says it in one line) and silence the stream from here on.

        Not raised here: click's echo probes streams inside a bare `except Exception`, which would swallow it.
        """
        if self.lost is None:
            self.lost = exc.strerror or str(exc)
        self._closed()
        with contextlib.suppress(OSError):
            self._inner.flush()  # the buffered rest now goes to /dev/null

    def flush(self) -> None:
        try:
            self._inner.flush()
        except BrokenPipeError:
            self._closed()
            with contextlib.suppress(OSError):
                self._inner.flush()  # the buffered rest now goes to /dev/null
        except OSError as exc:
            self._lost(exc)

    @property
    def buffer(self) -> QuietPipe:
        return QuietPipe(self._inner.buffer)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def terminal_of(stream: Any) -> Any:
    """The stream under every jbz wrapper (SafeStream, QuietPipe): where jbz's own control codes may go raw.

    Only for what jbz itself draws on a terminal (a progress bar); record text always goes through SafeStream.
    """
    from jbz_cli.present.terminal import SafeStream

    while isinstance(stream, SafeStream | QuietPipe):
        stream = stream.raw if isinstance(stream, SafeStream) else stream._inner
    return stream


def use_utf8(stream: Any) -> None:
    """Write UTF-8 whatever the locale says; what cannot be encoded (a lone surrogate) becomes U+FFFD or '?'.

    The records are UTF-8 and hold en dashes and accented names; a Latin-9 or ASCII locale must not turn them into
    a traceback. See docs/output.md, "Encoding".
    """
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return
    # A stream that cannot change (already written to, or not a TextIOWrapper) keeps its encoding.
    with contextlib.suppress(OSError, ValueError):
        reconfigure(encoding="utf-8", errors="replace")
