"""Shell completion of record ids and topics.

These run inside the user's shell on every TAB press, so they must be quick and silent:
any problem (no records folder, a broken file, a bad --records) gives no candidates, never an error.
They are plain functions, usable by any command as `autocompletion=complete_ids`, and read the records
like every command does: through the run's Environment and the shared index-or-files loader.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jbz_cli.cli.context import environment
from jbz_cli.cli.loading import read_records
from jbz_cli.cli.settings import records_dir
from jbz_cli.core.model import Record


def records_option(ctx: Any) -> str | None:
    """The --records value already typed on the command line, so completion reads the same folder.

    `ctx` is the click context the shell completion builds from the words typed so far; it is
    typed loosely so this module does not depend on typer's types.
    """
    value = getattr(ctx, "params", {}).get("records")
    return value if isinstance(value, str) else None


def _load(ctx: Any) -> list[Record]:
    env = environment()
    return read_records(records_dir(records_option(ctx), env, note=False), env).records


def _starting_with(names: Sequence[str], incomplete: str) -> list[str]:
    # Typer drops candidates that do not start with the typed word, so only prefixes are offered.
    return [n for n in names if n.startswith(incomplete)]


def complete_ids(incomplete: str = "", ctx: Any = None) -> list[str]:
    """Record ids for commands that take one (show, followup, done, edit)."""
    try:
        return _starting_with(sorted(r.id for r in _load(ctx)), incomplete)
    except Exception:
        return []


def complete_topics(incomplete: str = "", ctx: Any = None) -> list[str]:
    """Topics, for --topic."""
    try:
        return _starting_with(sorted({t for r in _load(ctx) for t in r.topics}), incomplete)
    except Exception:
        return []


def complete_ids_and_topics(incomplete: str = "", ctx: Any = None) -> list[str]:
    """For `show`, whose argument is an id or a topic (the dossier)."""
    try:
        records = _load(ctx)
        names = sorted({r.id for r in records} | {t for r in records for t in r.topics})
        return _starting_with(names, incomplete)
    except Exception:
        return []
