"""How the index names its database in the cache folder, and how it recognises the folders that did not change.

The hashes come from the interpreter's built-in modules (store/hashes.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jbz_cli.store.files import signature, walk_folders
from jbz_cli.store.hashes import blake2b, sha256


def index_path(root: Path, cache_dir: Path) -> Path:
    """One database per records folder in `cache_dir`, named after a hash of the folder's absolute path."""
    key = sha256(os.fsencode(os.path.abspath(root))).hexdigest()[:24]
    return cache_dir / f"records-{key}.sqlite3"


Listed = tuple[str, str, "str | None"]  # (relative path, path, signature or None: racy or gone, parse again)


@dataclass
class Walk:
    """What one stat walk of a records folder found, against the folder digests stored by the last one.

    `digests`: every folder's digest (None while one of its files is racy or cannot be statted); `changed`: the
    files of each folder whose digest is not the stored one; `files`: how many record files there are.
    """

    digests: dict[str, str | None] = field(default_factory=dict)
    changed: dict[str, list[Listed]] = field(default_factory=dict)
    files: int = 0


def walk_changes(
    root: Path, racy_ns: int, stored: Mapping[str, str], sign: Callable[[os.stat_result], str] = signature
) -> Walk:
    """One stat per record file (store.files.walk_folders), one digest per folder of its files' names and
    signatures, and the files listed only for the folders whose digest differs from `stored` (folder -> digest).

    A file is racy when changed at or after `racy_ns` (nanoseconds since the epoch): its folder gets no digest,
    so it is compared again next run. Nothing is sorted: a folder listed in another order only costs one
    comparison of its stored signatures. Keeps one folder's files at a time, so an unchanged folder of 100,000
    files costs one stat per file and one hash per folder.
    """
    walk = Walk()
    for folder, files in walk_folders(root):
        sigs: list[str | None] = []
        for _, entry in files:
            try:
                st = entry.stat()
            except OSError:
                sigs.append(None)
                continue
            sigs.append(None if st.st_mtime_ns >= racy_ns or st.st_ctime_ns >= racy_ns else sign(st))
        digest = None
        if None not in sigs:
            lines = "".join([f"{rel}\0{sig}\n" for (rel, _), sig in zip(files, sigs, strict=True)])
            digest = blake2b(lines.encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()
        walk.digests[folder] = digest
        walk.files += len(files)
        if digest is None or stored.get(folder) != digest:
            walk.changed[folder] = [(rel, entry.path, sig) for (rel, entry), sig in zip(files, sigs, strict=True)]
    return walk
