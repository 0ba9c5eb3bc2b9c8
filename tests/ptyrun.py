"""Run the installed `jbz` under a real pseudo-terminal of a given width, as a person at a terminal would."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import termios

from installed import installed_jbz

SGR = re.compile(r"\x1b\[[0-9;]*m")


def run_in_pty(args: list[str], columns: int, env: dict[str, str], rows: int = 200) -> str:
    """Everything `jbz ARGS` writes to a pty of `columns` x `rows` (TIOCSWINSZ), decoded as UTF-8, CR LF as LF."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    full = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    full.update({"TERM": "xterm-256color", **env})
    proc = subprocess.Popen(
        [installed_jbz(), *args], stdin=follower, stdout=follower, stderr=follower, env=full, close_fds=True
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the child closed its side
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def visible(text: str) -> str:
    """The text without colour codes: what the reader sees."""
    return SGR.sub("", text)
