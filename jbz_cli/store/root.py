"""Which records folder a run uses: found from the working folder upward, as git finds a repository.

A records root is a folder that holds `jbz.toml` (the marker and settings file `jbz init` writes), or the
`records/` folder of a folder on the way up. The nearest one wins, so a command run anywhere inside a records tree
reads that tree and never the examples bundled with jbz; those are used only when nothing is found. This module
reads no environment: the caller passes $JBZ_RECORDS and the working folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from jbz_cli.errors import RecordsDirError

MARKER = "jbz.toml"  # marks a records root and holds its settings (store/settings_file.py)
COUNCILS = "councils.toml"  # core/councils.COUNCILS_FILE, named here so that --help need not import the core
ROOT_FILES = frozenset({MARKER, COUNCILS})  # TOML files at the root that are not records


class RecordsDir(NamedTuple):
    """The records folder in use, and why it was chosen (shown by `jbz`, `jbz config` and errors).

    display: how messages name it (relative to the working folder when found there or above).
    origin: option (--records), env ($JBZ_RECORDS), cwd (./records), found (a folder above), bundled.
    A named tuple, not a dataclass: the fast start finds the folder before the dataclasses module is imported.
    """

    path: Path
    display: str
    origin: str

    @property
    def why(self) -> str:
        """Where this folder came from, in words, for `jbz config` and the summary."""
        return {
            "option": "--records",
            "env": "JBZ_RECORDS",
            "cwd": "./records",
            "found": "found above the working folder",
            "bundled": "the examples bundled with jbz; run `jbz init` to start your own",
        }.get(self.origin, self.origin)


def bundled_records() -> Path:
    """Records shipped in the wheel, or the repository's records/ in a source checkout."""
    here = Path(__file__).resolve().parents[1]  # the jbz_cli package
    packaged = here / "records"
    return packaged if packaged.is_dir() else here.parent / "records"


def marked_root(cwd: Path) -> Path | None:
    """The nearest folder from `cwd` upward marked as a records root: one holding jbz.toml, or whose records/
    holds it; None when no folder above is marked."""
    folder = cwd
    while True:
        if (folder / MARKER).is_file():
            return folder
        if (folder / "records" / MARKER).is_file():
            return folder / "records"
        if folder.parent == folder:
            return None
        folder = folder.parent


def find_root(cwd: Path) -> Path | None:
    """The records root for `cwd`: the nearest marked root upward (marked_root), else the nearest records/ folder
    upward (a tree from before jbz.toml), else None.

    A marked root wins over any bare records/ folder below it, so a stray `records/` subfolder inside a tracker
    (an archive, a copy) never takes over the tracker's own commands.
    """
    try:
        marked = marked_root(cwd)
        if marked is not None:
            return marked
        folder = cwd
        while True:
            if (folder / "records").is_dir():
                return folder / "records"
            if folder.parent == folder:
                return None
            folder = folder.parent
    except OSError:  # a folder on the way that cannot be looked into: as if nothing were found there
        return None


def _display(path: Path, cwd: Path) -> str:
    """The path relative to the working folder (`records`, `..`, `../records`), or absolute when that is shorter."""
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return str(path)
    return rel if len(rel) <= len(str(path)) else str(path)


def resolve_records_dir(option: str | None, env: dict[str, str], cwd: Path) -> RecordsDir:
    """--records, then JBZ_RECORDS, then the nearest records root upward (find_root), then the bundled records.

    Raises RecordsDirError when a folder given by option or variable does not exist or cannot be read.
    """
    if option == "":  # an unset variable in a script: never "whatever folder this is"
        raise RecordsDirError(f"--records {option!r} names no folder: give one, or leave the option out")
    for value, origin in ((option, "option"), (env.get("JBZ_RECORDS") or None, "env")):
        if value is not None:
            path = Path(value).expanduser()
            if not path.is_absolute():
                path = cwd / path
            if not path.is_dir():
                what = "--records" if origin == "option" else "JBZ_RECORDS"
                reason = "does not exist" if not path.exists() else "is not a folder"
                raise RecordsDirError(f"records folder {value!r} ({what}) {reason}")
            if not os.access(path, os.R_OK | os.X_OK):
                raise RecordsDirError(f"records folder {value!r} is not readable")
            return RecordsDir(path, value, origin)
    found = find_root(cwd)
    if found is not None:
        if found == cwd / "records":
            return RecordsDir(found, "records", "cwd")
        return RecordsDir(found, _display(found, cwd), "found")
    bundled = bundled_records()
    if not bundled.is_dir():
        raise RecordsDirError("no records folder: run `jbz init`, pass --records DIR or set JBZ_RECORDS")
    return RecordsDir(bundled, str(bundled), "bundled")
