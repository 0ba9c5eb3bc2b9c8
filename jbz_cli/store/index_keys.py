"""How the index names its database in the cache folder, and how it recognises a folder that did not change.

The hashes come from the interpreter's built-in modules (store/hashes.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from jbz_cli.store.hashes import blake2b, sha256
from jbz_cli.store.root import ROOT_FILES


def index_path(root: Path, cache_dir: Path) -> Path:
    """One database per records folder in `cache_dir`, named after a hash of the folder's absolute path."""
    key = sha256(os.fsencode(os.path.abspath(root))).hexdigest()[:24]
    return cache_dir / f"records-{key}.sqlite3"


def signature(st: os.stat_result) -> str:
    """Size, mtime, ctime and inode: an edit in the same second still changes ctime or size, or it is racy."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


def walk_digest(root: str, racy_ns: int) -> str | None:
    """A hash of every record file's name and signature, folder by folder in the order the system lists them; None
    while any file is racy (changed at or after `racy_ns`, nanoseconds since the epoch) or cannot be read.

    It looks at the same files as store.files.scan_record_files (hidden names skipped, folders not followed
    through symlinks, `councils.toml` at the top left out) with one stat each, and keeps nothing per file, so
    the common run, in which nothing changed, costs one stat per file and one hash. The signature is
    `signature`'s: size, mtime, ctime, inode and device. Nothing is sorted: a changed file set always changes
    the hash, and a folder listed in another order only costs one comparison of the stored signatures.
    """
    h = blake2b(digest_size=20)
    parts: list[str] = []  # one folder's lines at a time, so 100,000 files never make one large string
    add = parts.append

    def flush() -> None:
        h.update("".join(parts).encode("utf-8", "surrogateescape"))
        parts.clear()

    def walk(folder: str, top: bool, depth: int = 0) -> bool:
        if depth > 100:  # store.files.MAX_DEPTH: no digest, so the scan that follows names the folder
            return False
        try:
            it = os.scandir(folder)
        except OSError:
            add("\0unreadable\n")
            return True
        with it:
            for entry in it:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    is_dir = False
                if is_dir:
                    add(f"{name}/\n")
                    flush()
                    if not walk(entry.path, False, depth + 1):
                        return False
                    add("\0end\n")
                elif name.endswith(".toml") and not (top and name in ROOT_FILES):
                    try:
                        st = entry.stat()
                    except OSError:
                        return False
                    if st.st_mtime_ns >= racy_ns or st.st_ctime_ns >= racy_ns:
                        return False
                    add(f"{name}\0{signature(st)}\n")
        flush()
        return True

    if not walk(root, True):
        return None
    return h.hexdigest()
