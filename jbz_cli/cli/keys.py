"""The key of what jbz keeps in the cache folder that depends on its code: the help text and the option descriptions.

Kept apart from cli/fast.py so that `jbz --help` (entry.py) can key its text without importing json or typing.
"""

from __future__ import annotations

import os
import sys

try:  # the built-in module: hashlib would load OpenSSL, which costs more than the rest of --help
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b


def source_key(extra: str = "") -> str:
    """24 hex digits hashing every .py file of jbz (path, size, mtime), the Python version and `extra`: any edit,
    upgrade or other interpreter gives a new key."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    h = blake2b(f"{sys.version_info[:2]}|{extra}".encode(), digest_size=12)
    for folder, dirs, files in sorted(os.walk(here)):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                st = os.stat(path)
                h.update(f"{os.path.relpath(path, here)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()
