"""Which files below a records folder are records, and how a file's version is signed.

Kept to the standard library's smallest modules (os, re), so that the freshness walk can start in a second
process before the rest of jbz is imported (store/walk_ahead.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jbz_cli.core.ids import record_id_of
from jbz_cli.errors import RecordsDirError
from jbz_cli.store.root import ROOT_FILES

MAX_DEPTH = 100  # folder levels below the records folder; Python's stack ends near 1,000, a real tree at 3

Files = list[tuple[str, os.DirEntry[str]]]  # (relative path, directory entry) of each record file in a folder
# A folder below the records folder that could not be listed: (its relative path, ending in "/", and why).
Unlisted = list[tuple[str, str]]
# A record file as the files pass takes it: (relative path, path, is a link, path as shown, record id).
Entry = tuple[str, str, "bool | None", str, str]


def signature(st: os.stat_result) -> str:
    """Size, mtime, ctime, inode and device: an edit in the same second still changes ctime or size, or it is racy
    (the index's rule for a file that may have changed)."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


def walk_folders(root: Path | str, unlisted: Unlisted | None = None) -> Iterator[tuple[str, Files]]:
    """Each readable folder below root, as (its relative path with a trailing "/", "" for root, and its record
    files as (relative path, directory entry)), in no particular order; a folder that cannot be listed is skipped,
    and added to `unlisted` (see walk_paths).

    RecordsDirError for folders nested more than MAX_DEPTH deep. Which entries count: list_folder.
    """
    for _, rel, files in walk_paths(root, unlisted=unlisted):
        yield rel, files


def walk_paths(
    root: Path | str, opened: bool = False, unlisted: Unlisted | None = None, rel: str = ""
) -> Iterator[tuple[str, str, Files]]:
    """walk_folders with each folder's own path first: (path, relative path, record files).

    `opened`: each folder is listed through a descriptor that stays open until the caller asks for the next
    folder (list_folder's `fd`: the entries' stats are relative to it, and their `path` is their name).
    `unlisted`: each folder below root that is there but cannot be listed (no permission, an I/O error) is added
    to it with the reason, so that its records are reported missing rather than silently left out; one gone
    since its parent was listed is not (it was removed). `rel`: where `root` sits below the records folder, for a
    walk of one of its subfolders ("a/b/")."""
    stack = [(os.fspath(root), rel)]
    while stack:
        folder, rel = stack.pop()
        if rel.count("/") > MAX_DEPTH:
            shown = printable(rel if len(rel) <= 60 else rel[:60] + "...")
            raise RecordsDirError(f"{shown}: folders nested more than {MAX_DEPTH} deep below the records folder")
        fd = None
        if opened:
            try:
                fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            except OSError as exc:
                _unlisted(unlisted, rel, exc)
                continue
        try:
            listed = list_folder(folder, rel, fd, unlisted)
            if listed is None:
                continue
            files, folders = listed
            stack += folders
            yield folder, rel, files
        finally:
            if fd is not None:
                os.close(fd)


def _unlisted(unlisted: Unlisted | None, rel: str, exc: OSError) -> None:
    """`rel` into `unlisted` with the reason it could not be listed, unless it is the records folder itself (which
    the caller found) or has gone since its parent was listed."""
    if unlisted is not None and rel and not isinstance(exc, FileNotFoundError | NotADirectoryError):
        unlisted.append((rel, exc.strerror or str(exc)))


def list_folder(
    folder: str, rel: str, fd: int | None = None, unlisted: Unlisted | None = None
) -> tuple[Files, list[tuple[str, str]]] | None:
    """One folder's record files and its subfolders as (path, relative path with a trailing "/"); None when it
    cannot be listed. With `fd` (the folder opened), the listing reads it and each entry's stat is relative to it,
    a shorter lookup than its path (the entry's `path` is then its bare name: stat before closing `fd`).

    The one rule for which files are records: hidden names are skipped, folders are not followed through
    symbolic links, ROOT_FILES at the top are not records; names that do not print are shown escaped (printable).
    """
    try:
        with os.scandir(folder if fd is None else fd) as it:
            entries = list(it)
    except OSError as exc:
        _unlisted(unlisted, rel, exc)
        return None
    files = []
    folders = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if not name.isprintable():
            name = printable(name)
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            folders.append((entry.path if fd is None else os.path.join(folder, entry.name), f"{rel}{name}/"))
        elif name.endswith(".toml") and not (rel == "" and name in ROOT_FILES):  # meetings, settings
            files.append((f"{rel}{name}", entry))
    return files, folders


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def printable(name: str) -> str:
    """A file name that prints on one line without crashing output: undecodable bytes become U+FFFD,
    control characters such as a newline become escapes like \\n."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _CONTROL_RE.sub(lambda m: repr(m[0])[1:-1], name)


def join_display(folder: str, rel: str) -> str:
    """A path as shown in messages: `rel` under the shown folder, or `rel` alone when that is "." or ""."""
    return rel if folder in ("", ".") else f"{folder.rstrip('/')}/{rel}"


def listed_link(entry: os.DirEntry[str]) -> bool:
    """Whether a directory entry is a symbolic link, from the listing itself on most systems (no stat): what
    Inside.holds takes as `is_link` for a file of a pass."""
    try:
        return entry.is_symlink()
    except OSError:
        return True  # cannot tell: resolve it in full


def scan_entries(
    root: Path | str, info: Callable[[os.DirEntry[str]], Any], unlisted: Unlisted | None = None
) -> list[tuple[str, str, Any]]:
    """Every record file below root as (relative path, path, info(its directory entry)), sorted by relative path;
    `unlisted`: see walk_paths."""
    found = [(rel, entry.path, info(entry)) for _, files in walk_folders(root, unlisted) for rel, entry in files]
    found.sort(key=lambda f: f[0])
    return found


def listed_entries(root: Path | str, display: str, unlisted: Unlisted | None = None) -> list[Entry]:
    """Every record file below `root` as the files pass reads it, in path order; `display` is how messages name
    the folder (RecordsDir.display); `unlisted`: see walk_paths."""
    return [
        (rel, path, is_link, join_display(display, rel), record_id_of(rel))
        for rel, path, is_link in scan_entries(root, listed_link, unlisted)
    ]


def unlisted_problem(display: str, rel: str, why: str) -> tuple[str, str]:
    """How a folder that could not be listed is reported: (its path as shown, the message), one line that says its
    records are missing from the answer."""
    return join_display(display, rel.rstrip("/")), f"cannot list folder: {why}; its records are left out"
