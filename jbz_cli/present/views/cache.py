"""`jbz cache info`: where the cache folder is, and each index in it with its records folder, size and last use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from jbz_cli.present.lines import write_json
from jbz_cli.present.shapes import cache_info_dict


def size_words(size: int) -> str:
    """Bytes as people read them: "812 B", "48 KB", "1.2 MB" (powers of 1024, one decimal below 10)."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            if unit == "B":
                return f"{size} B"
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def write_cache_info(
    cache_dir: str, exists: bool, indexes: Sequence[Any], total: int, days: int, fmt: str, out: TextIO
) -> None:
    """`table`: the folder with its total, then one line per index (file, size, last used, records folder, with
    "(gone)" when that folder no longer exists); `json`: cache_info_dict."""
    if fmt == "json":
        write_json(cache_info_dict(cache_dir, indexes, total, days), out)
        return
    state = f"{size_words(total)} of jbz files" if exists else "not created yet"
    out.write(f"cache folder: {cache_dir} ({state})\n")
    if not indexes:
        out.write("no indexes\n")
    for info in indexes:
        where = info.records if info.records is not None else "records folder unknown"
        gone = "  (gone)" if info.records is not None and not info.present else ""
        used = info.last_used.isoformat()
        out.write(f"  {info.file.name}  {size_words(info.size):>7}  last used {used}  {where}{gone}\n")
    out.write(f"indexes unused for {days} days, or whose records folder is gone, are removed automatically\n")
