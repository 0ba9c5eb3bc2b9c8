"""The Tweede Kamer register of toezeggingen: read it, import it into records, and reconcile the two.

`entry`, `parse` and `mapping` turn register pages (OData JSON, SyncFeed Atom) into entries and record text;
`importer` writes one record per entry through `jbz_cli.store` (locks, atomic writes, follow-ups); `reconcile`
compares records with imported entries; `fetch` walks register pages over HTTP with an injectable client. It
sits beside `check`, above `store` and `core`: it may import `jbz_cli.store`, `jbz_cli.core`, `jbz_cli.errors`
and the XML, fuzzy-matching and HTTP libraries, never `env`, `present` or `cli`, nor typer, click or rich, so
the import runs the same from cron, a test or the command line.
"""

from __future__ import annotations

from .changes import plan_change
from .entry import STATUS_MAP, EntryProblem, ParsedSource, RegisterEntry, map_status, parse_timestamp
from .importer import Selection, Summary, import_entries
from .mapping import new_record_text, record_id
from .parse import parse_atom, parse_odata, parse_source

__all__ = [
    "STATUS_MAP",
    "EntryProblem",
    "ParsedSource",
    "RegisterEntry",
    "Selection",
    "Summary",
    "import_entries",
    "map_status",
    "new_record_text",
    "parse_atom",
    "parse_odata",
    "parse_source",
    "parse_timestamp",
    "plan_change",
    "record_id",
]
