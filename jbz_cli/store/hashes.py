"""The hash constructors jbz keys its cache with, taken from the interpreter's built-in modules.

hashlib would load OpenSSL (about 5 ms) on every run for a few short digests. The built-in module of sha256 is
`_sha256` up to Python 3.11 and `_sha2` from 3.12; hashlib is the fallback for a Python built without them.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b as blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b as blake2b
try:
    from _sha2 import sha256 as sha256  # type: ignore[import-not-found]  # Python 3.12 and later
except ImportError:
    try:
        from _sha256 import sha256 as sha256  # type: ignore[import-not-found]  # Python 3.11
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import sha256 as sha256
