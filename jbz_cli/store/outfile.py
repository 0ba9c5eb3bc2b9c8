"""Writing a generated file so that a reader (a calendar app, a web server) never sees half of it."""

from __future__ import annotations

from pathlib import Path

from jbz_cli.errors import WriteError
from jbz_cli.store.write import atomic_write


def write_atomic(path: Path, data: bytes) -> None:
    """Replace path in one step, with the same temp-file, fsync and rename as record writes."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise WriteError(f"cannot write {str(path)!r}: folder {str(folder)!r} does not exist")
    if path.is_dir():
        raise WriteError(f"cannot write {str(path)!r}: it is a folder")
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise WriteError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
