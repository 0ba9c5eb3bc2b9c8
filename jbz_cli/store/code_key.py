"""The key of what jbz keeps in the cache folder that depends on its code: the index, the help text and the
option descriptions.

Anything cached that the code built (index rows, stored JSON shapes, help text, option descriptions) is only
valid for the code that built it: a `pip install -U jbz` over an unchanged records folder, or an edit to an
editable install, must not serve the old version's answers. Kept free of json and typing so that `jbz --help`
(entry.py) can key its text cheaply.
"""

from __future__ import annotations

import os
import sys

from jbz_cli.store.hashes import blake2b  # the built-in module: OpenSSL would cost more than the rest of --help

_DIGEST: list[str] = []  # the code digest, computed once per process


def code_digest() -> str:
    """24 hex digits hashing every .py file of jbz (relative path, size, mtime in ns) and the Python version.

    Any edit, upgrade, reinstall or other interpreter gives a new digest. Walked once per process (about 140
    stats, through each folder's listing); the package's own files only, never the records.
    """
    if _DIGEST:
        return _DIGEST[0]
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    marks = []
    folders = [(here, "")]
    while folders:
        folder, rel = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if entry.is_dir(follow_symlinks=False):
                    if name != "__pycache__":
                        folders.append((entry.path, f"{rel}{name}/"))
                elif name.endswith(".py"):
                    st = entry.stat()
                    marks.append(f"{rel}{name}|{st.st_size}|{st.st_mtime_ns}")
    marks.sort()
    h = blake2b(f"{sys.version_info[:2]}\n".encode(), digest_size=12)
    h.update("\n".join(marks).encode("utf-8", "surrogateescape"))
    _DIGEST.append(h.hexdigest())
    return _DIGEST[0]


def keyed_name(stem: str, key: str, ext: str) -> str:
    """The cache file name of something the code built, `<stem>-<key>.<ext>` (`help-<key>.txt`): the one shape
    store/cache.own_files recognises as jbz's, whoever writes it. `stem` is lower-case words joined by `-`,
    `key` a source_key."""
    return f"{stem}-{key}.{ext}"


def source_key(extra: str = "") -> str:
    """24 hex digits: the code digest and `extra` (what else the cached thing depends on, e.g. a width)."""
    return blake2b(f"{code_digest()}|{extra}".encode(), digest_size=12).hexdigest()
