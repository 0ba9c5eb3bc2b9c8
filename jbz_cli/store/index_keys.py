"""How the index names its database in the cache folder, and how it recognises the folders that did not change.

The hashes come from the interpreter's built-in modules (store/hashes.py).
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Mapping
from operator import attrgetter
from pathlib import Path
from typing import Any

from jbz_cli.store.hashes import blake2b, sha256
from jbz_cli.store.walk import Files, Unlisted, list_folder, signature, walk_paths

# A file whose timestamps are this close to the scan may still change within the same clock tick without its
# signature changing (git's "racy clean" problem); such rows are parsed again on the next run until they are older.
RACY_NS = 2_000_000_000


def index_path(root: Path, cache_dir: Path) -> Path:
    """One database per records folder in `cache_dir`, named after a hash of the folder's absolute path."""
    key = sha256(os.fsencode(os.path.abspath(root))).hexdigest()[:24]
    return cache_dir / f"records-{key}.sqlite3"


Listed = tuple[str, str, "str | None"]  # (relative path, path, signature or None: racy or gone, parse again)
# One folder as a walk ahead of the index saw it (store/walk_ahead.py): (path, relative path, digest, files,
# and Diffed when its digest was not the stored one, else None).
Walked = tuple[str, str, "str | None", int, "Diffed | None"]
# A folder compared file by file with the index as stored then: (the folder's stored digest it was compared with,
# the files to parse again, the relative paths gone from it).
Diffed = tuple["str | None", list[Listed], list[str]]
MAX_CHAR = "\U0010ffff"  # sorts after every character (SQLite compares text as UTF-8 bytes)


class Walk:
    """What one stat walk of a records folder found, against the folder digests stored by the last one.

    `digests`: every folder's digest (None while one of its files is racy or cannot be statted); `changed`: the
    files of each folder whose digest is not the stored one; `files`: how many record files there are. A plain
    class: a walk ahead (store/walk_ahead.py) imports this module before the dataclasses module is needed.
    """

    __slots__ = ("changed", "diffed", "digests", "files", "unlisted")

    def __init__(self) -> None:
        self.digests: dict[str, str | None] = {}
        self.changed: dict[str, list[Listed]] = {}
        self.diffed: dict[str, Diffed] = {}  # folders a walk ahead already compared file by file
        self.files = 0
        self.unlisted: Unlisted = []  # folders that could not be listed (walk.walk_paths)


_STAT = os.DirEntry.stat
_SIGNED = tuple(attrgetter(name) for name in ("st_size", "st_mtime_ns", "st_ctime_ns"))
_UNSIGNED = tuple(attrgetter(name) for name in ("st_ino", "st_dev"))


def _racy(st: os.stat_result, racy_ns: int) -> bool:
    """Changed at or after `racy_ns`: within the clock's resolution of the walk, so it may change again unseen."""
    return st.st_mtime_ns >= racy_ns or st.st_ctime_ns >= racy_ns


def _stats(files: Files) -> list[os.stat_result | None]:
    """Each file's stat (None where it fails), in one pass without a Python step per file when none fails."""
    entries = [entry for _, entry in files]
    try:
        return list(map(_STAT, entries))
    except OSError:
        found: list[os.stat_result | None] = []
        for entry in entries:
            try:
                found.append(entry.stat())
            except OSError:
                found.append(None)
        return found


def _digest(files: Files, stats: list[os.stat_result | None], racy_ns: int) -> str | None:
    """One folder's digest: its files' names and the stat fields of files.signature (size, mtime, ctime, inode,
    device), hashed as packed integers; None when a file is racy or could not be statted. Each field is taken for
    the whole folder at once (a third of the walk's time went to one formatted string per file)."""
    if None in stats:
        return None
    signed = [array("q", map(field, stats)) for field in _SIGNED]
    if stats and (max(signed[1]) >= racy_ns or max(signed[2]) >= racy_ns):
        return None
    h = blake2b("\0".join([rel for rel, _ in files]).encode("utf-8", "surrogateescape"), digest_size=20)
    for column in signed:
        h.update(column.tobytes())
    try:
        for field in _UNSIGNED:
            h.update(array("Q", map(field, stats)).tobytes())
    except OverflowError:  # an inode or device number wider than 64 bits: hash the text form instead
        h.update(repr([(st.st_ino, st.st_dev) for st in stats if st is not None]).encode())
    return h.hexdigest()


def folder_digests(
    root: Path | str,
    racy_ns: int,
    stored: Mapping[str, str | None] | None = None,
    changed: Callable[[str, list[Listed]], None] | None = None,
    unlisted: Unlisted | None = None,
    rel: str = "",
) -> list[Walked]:
    """Every folder below `root` (itself `rel` below the records folder, "" for the records folder) as (path,
    relative path, digest, number of record files, None): what walk_changes compares, made by a walk ahead of
    the index (store/walk_ahead.py). With the `stored` digests, each folder whose digest is not the stored one is
    handed to `changed` with its files as walk_changes lists them, as soon as it is walked (the index compares it
    with its rows while the walk goes on)."""
    return [
        folder_walked(path, folder, files, racy_ns, stored, changed)
        for path, folder, files in walk_paths(root, opened=True, unlisted=unlisted, rel=rel)
    ]  # stats relative to each folder, while it is open


def folder_walked(
    path: str,
    folder: str,
    files: Files,
    racy_ns: int,
    stored: Mapping[str, str | None] | None = None,
    changed: Callable[[str, list[Listed]], None] | None = None,
) -> Walked:
    """One listed folder as folder_digests gives it (its files' stats taken now)."""
    stats = _stats(files)
    digest = _digest(files, stats, racy_ns)
    if stored is not None and changed is not None and (digest is None or stored.get(folder) != digest):
        changed(folder, [
            (rel, os.path.join(path, entry.name), None if st is None or _racy(st, racy_ns) else signature(st))
            for (rel, entry), st in zip(files, stats, strict=True)
        ])  # fmt: skip
    return (path, folder, digest, len(files), None)


def folder_comparer(conn: Any, stored: Mapping[str, str | None]) -> Callable[[str, list[Listed]], Diffed]:
    """Compares one folder's listing with the rows of the index open on `conn` (sqlite3), whose folder digests
    are `stored`, as the refresh would: (the stored digest it was compared against, the files to parse again,
    the relative paths gone)."""
    return lambda folder, listed: (stored.get(folder), *diff_folder(listed, known_signatures(conn, folder)))


def digests_path(index: Path | str) -> str:
    """The file beside the index that holds its folder digests as of its last change, for a walk ahead to
    compare with before it opens the database (write_digests)."""
    return f"{os.fspath(index)}-folders"


def write_digests(index: Path, digests: Mapping[str, str | None]) -> None:
    """The index's folder digests into digests_path, as the index has just committed them. Only ever a hint: the
    walk ahead that reads it compares the folders it names as changed with the database itself, and the index
    takes a comparison only when the digest it was made against is the one the database holds."""
    import marshal

    try:
        fd = os.open(digests_path(index), os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        return
    try:
        os.write(fd, marshal.dumps(dict(digests)))
    except OSError:
        pass
    finally:
        os.close(fd)


def read_digests(index: Path | str) -> dict[str, str | None] | None:
    """What write_digests last wrote beside `index`, or None when it is missing, cut short or not its shape."""
    import marshal

    try:
        with open(digests_path(index), "rb") as fh:
            found = marshal.loads(fh.read(MAX_DIGESTS_BYTES))
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if type(found) is not dict or not all(type(k) is str and (v is None or type(v) is str) for k, v in found.items()):
        return None
    return found


MAX_DIGESTS_BYTES = 64 << 20  # a folder's digest is about 80 bytes; no records tree has this many folders


def stored_digests(conn: Any) -> dict[str, str | None]:
    """Each folder's digest as the index stored it (sqlite3 connection to the index)."""
    return dict(conn.execute("SELECT rel, digest FROM folders"))


def known_signatures(conn: Any, folder: str) -> dict[str, str | None]:
    """The stored signature of each file directly in `folder` ("" the top, else ending in "/")."""
    if folder:  # every rel in the folder or below it sorts between these two
        rows = conn.execute("SELECT rel, sig FROM files WHERE rel >= ? AND rel < ?", (folder, folder + MAX_CHAR))
    else:
        rows = conn.execute("SELECT rel, sig FROM files")
    start = len(folder)
    return {rel: sig for rel, sig in rows if "/" not in rel[start:]}


def diff_folder(listed: list[Listed], known: dict[str, str | None]) -> tuple[list[Listed], list[str]]:
    """One folder's files to parse again (new, changed, racy, or stored without a signature) and the relative
    paths stored that are gone, from its listing and its stored signatures (`known`, emptied)."""
    changed = []
    for entry in listed:
        old = known.pop(entry[0], 0)
        if entry[2] is None or old is None or old != entry[2]:
            changed.append(entry)
    return changed, list(known)


def walk_changes(
    root: Path,
    racy_ns: int,
    stored: Mapping[str, str],
    sign: Callable[[os.stat_result], str] = signature,
    ahead: list[Walked] | None = None,
) -> Walk:
    """One stat per record file (store.walk), one digest per folder of its files' names and signatures, and the
    files listed only for the folders whose digest differs from `stored` (folder -> digest).

    A file is racy when changed at or after `racy_ns` (nanoseconds since the epoch): its folder gets no digest,
    so it is compared again next run. Nothing is sorted: a folder listed in another order only costs one
    comparison of its stored signatures. Keeps one folder's files at a time, so an unchanged folder of 100,000
    files costs one stat per file and one hash per folder.

    With `ahead` (folder_digests, made earlier by another process), a folder whose digest there is the stored one
    is taken as unchanged, and one it compared with the same stored digest as here goes into `diffed` as it found
    it; any other is listed and statted again here, as a file changed after a walk is seen by the next one.
    """
    walk = Walk()
    if ahead is None:
        for _, folder, files in walk_paths(root, unlisted=walk.unlisted):
            _compare(walk, folder, files, racy_ns, stored, sign)
        return walk
    for path, folder, digest, count, diffed in ahead:
        unchanged = digest is not None and stored.get(folder) == digest
        if not unchanged and diffed is not None and diffed[0] == stored.get(folder):
            walk.diffed[folder] = diffed  # compared against what the index holds: taken as it found it
        if unchanged or folder in walk.diffed:
            walk.digests[folder] = digest
            walk.files += count
            continue
        listed = list_folder(path, folder, unlisted=walk.unlisted)
        if listed is not None:  # else gone since: as a folder that cannot be listed, it is not walked
            _compare(walk, folder, listed[0], racy_ns, stored, sign)
    return walk


def _compare(
    walk: Walk, folder: str, files: Files, racy_ns: int, stored: Mapping[str, str], sign: Callable[..., str]
) -> None:
    """One folder into `walk`: its digest, and its files listed when the digest is not the stored one."""
    stats = _stats(files)
    digest = _digest(files, stats, racy_ns)
    walk.digests[folder] = digest
    walk.files += len(files)
    if digest is None or stored.get(folder) != digest:
        walk.changed[folder] = [
            (rel, entry.path, None if st is None or _racy(st, racy_ns) else sign(st))
            for (rel, entry), st in zip(files, stats, strict=True)
        ]
