"""Where jbz keeps its cache; the one module besides the CLI that knows about environment variables."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def cache_dir(env: Mapping[str, str]) -> Path:
    """$JBZ_CACHE_DIR, else $XDG_CACHE_HOME/jbz, else ~/.cache/jbz."""
    if env.get("JBZ_CACHE_DIR"):
        return Path(env["JBZ_CACHE_DIR"]).expanduser()
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]).expanduser() / "jbz"
    return Path.home() / ".cache" / "jbz"
