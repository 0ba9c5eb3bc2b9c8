"""`jbz cache info` and `jbz cache clear`: the cache folder where the indexes live (store/cache.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from jbz_cli.cli.context import environment
from jbz_cli.cli.formats import choose_format
from jbz_cli.cli.options import JsonOpt, Option
from jbz_cli.errors import ExitStatus

CACHE_FORMATS = ("table", "json")


def cache_info_command(
    fmt: Annotated[
        str | None,
        Option("--format", "-f", metavar="FORMAT", help=f"Output format: {', '.join(CACHE_FORMATS)} (default: table)."),
    ] = None,
    as_json: JsonOpt = False,
) -> ExitStatus:
    """Show the cache folder and each index in it: its records folder, size and the day it was last used."""
    from jbz_cli.present.views.cache import write_cache_info
    from jbz_cli.store.cache import PRUNE_AFTER_DAYS, indexes, own_files

    chosen = choose_format(fmt or None, as_json, CACHE_FORMATS, "table")
    env = environment()
    folder = env.cache_dir
    total = 0
    for path in own_files(folder):
        try:
            total += path.stat().st_size
        except OSError:
            continue
    write_cache_info(str(folder), folder.is_dir(), indexes(folder), total, PRUNE_AFTER_DAYS, chosen, sys.stdout)
    return ExitStatus.FINDINGS if _not_a_folder(folder) else ExitStatus.OK


def _not_a_folder(folder: Path) -> bool:
    """Whether the cache folder is something else (a file, a device), said in one line: "not created yet" would
    be wrong, as it can never be created there, and "removed 0 files" would hide it."""
    if not folder.exists() or folder.is_dir():
        return False
    from jbz_cli.cli.output import say

    say(f"jbz: the cache folder {folder} is not a folder: no index can be kept, every run reads the files")
    return True


def cache_clear_command() -> ExitStatus:
    """Remove jbz's own files from the cache folder (indexes, help text); they are rebuilt when needed."""
    from jbz_cli.present.views.cache import size_words
    from jbz_cli.store.cache import clear, own_files

    env = environment()
    if _not_a_folder(env.cache_dir):
        return ExitStatus.FINDINGS
    sizes = {}
    for path in own_files(env.cache_dir):
        try:
            sizes[path] = path.stat().st_size
        except OSError:
            sizes[path] = 0
    removed = clear(env.cache_dir)
    freed = sum(sizes.get(path, 0) for path in removed)
    noun = "file" if len(removed) == 1 else "files"
    typer.echo(f"removed {len(removed)} {noun} ({size_words(freed)}) from {env.cache_dir}", err=True)
    return ExitStatus.OK
