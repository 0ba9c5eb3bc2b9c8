"""How the index names its database in the cache folder, and how it recognises a folder that did not change.

The hashes come from the interpreter's built-in modules: hashlib would load OpenSSL (about 5 ms) on every run
for two short digests.
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b
try:
    from _sha256 import sha256  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.12+ names it _sha2
    from hashlib import sha256

BATCH = 2000  # signatures hashed at a time, so a walk of 100,000 files never builds one large string


def index_path(root: Path, cache_dir: Path) -> Path:
    """One database per records folder in `cache_dir`, named after a hash of the folder's absolute path."""
    key = sha256(os.fsencode(os.path.abspath(root))).hexdigest()[:24]
    return cache_dir / f"records-{key}.sqlite3"


def signature(st: os.stat_result) -> str:
    """Size, mtime, ctime and inode: an edit in the same second still changes ctime or size, or it is racy."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


def walk_digest(scanned: list[tuple[str, str, str | None]]) -> str | None:
    """A hash of every file's name and signature in walk order; None while any file is racy or unreadable.

    `scanned` is (relative path, path, signature or None) per file, as Index.refresh walks them.
    """
    h = blake2b(digest_size=20)
    for start in range(0, len(scanned), BATCH):
        chunk = scanned[start : start + BATCH]
        if any(sig is None for _, _, sig in chunk):
            return None
        h.update("".join(f"{rel}\0{sig}\n" for rel, _, sig in chunk).encode("utf-8", "surrogateescape"))
    return h.hexdigest()
