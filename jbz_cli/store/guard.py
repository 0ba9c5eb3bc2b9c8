"""The one path guard for files jbz writes inside a records folder (records, sources/, councils.toml, dossiers).

A records folder lives in git and is shared, so a symbolic link in it must never carry a write elsewhere: not a
linked folder (`sources/` pointing outside would receive the letter), and not a linked file (writing through
`councils.toml` -> `~/private.toml` would copy the private file into the folder, ready to be committed). Reads
go through `files.read_text(..., root)`, which refuses a link that resolves outside; writes go through
`write_inside`, which refuses every link below the folder, whichever way it points.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from jbz_cli.errors import WriteError
from jbz_cli.store.fsio import atomic_write


def guard(root: Path, path: Path) -> Path:
    """`path` itself when it lies below `root` with no symbolic link on the way (the folder itself may be one).

    Every part from `root` down that exists is checked with lstat; parts that do not exist yet are fine, since
    jbz creates them as real folders. Raises WriteError naming the first link or the escape.
    """
    base = Path(os.path.abspath(root))
    target = Path(os.path.abspath(path))
    try:
        rel = target.relative_to(base)
    except ValueError:
        raise WriteError(f"refused {str(path)!r}: it is outside the records folder") from None
    current = base
    for part in rel.parts:
        if part in ("", ".", ".."):
            raise WriteError(f"refused {str(rel)!r}: no '.' or '..' parts inside the records folder")
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            break
        except OSError as exc:
            raise WriteError(f"cannot write {str(rel)!r}: {exc.strerror or exc}") from None
        if stat.S_ISLNK(mode):
            shown = current.relative_to(base)
            raise WriteError(
                f"refused {str(rel)!r}: {str(shown)!r} is a symbolic link; jbz never writes through a link in the"
                " records folder (replace it with the real folder or file)"
            )
    return target


def makedirs_inside(root: Path, folder: Path) -> Path:
    """Create `folder` (and its parents) below `root` after the guard has passed it; returns it."""
    guarded = guard(root, folder)
    try:
        guarded.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create folder {str(folder)!r}: {exc.strerror or exc}") from None
    return guard(root, folder)  # a link swapped in meanwhile is still refused


def write_inside(root: Path, path: Path, data: str | bytes, *, create: bool = False) -> None:
    """atomic_write(path, data, create=create), after the guard; the folder is created when missing."""
    guard(root, path)
    makedirs_inside(root, path.parent)
    try:
        atomic_write(path, data, create=create)
    except OSError as exc:
        raise WriteError(f"cannot write {path.name}: {exc.strerror or exc}; nothing was changed") from None
