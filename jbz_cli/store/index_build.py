"""The index's rows for changed files: each file read, parsed, checked and turned into its row.

One process: forking workers to parse on every CPU was measured (10,000 files on a shared 2-CPU machine) and
did not pay; the parent waited on its workers about as long as it would have taken to parse alone, and
pickling the rows across cost more CPU in all (docs/benchmarks.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from jbz_cli.core.model import Record, record_id_of, record_to_plain
from jbz_cli.errors import RecordError
from jbz_cli.store.files import Inside, Kept, RecordsDir, load_file
from jbz_cli.store.index_keys import Diffed, Listed
from jbz_cli.store.index_sql import problem_row, record_row

Changed = tuple[str, str, str | None]  # (rel, path, signature or None to parse again next run)
Parsed = tuple[tuple[Any, ...], tuple[str, ...]]  # (row in index_sql.COLUMNS order without `live`, topics)


def parse_one(rel: str, path: str, sig: str | None, inside: Inside, kept: Kept | None = None) -> Parsed:
    """A file's row and topics; a file that cannot be read or is invalid stores its problem instead.

    What a pass over the files already read (`kept`) is used when the file still has the signature it was read
    under; a racy file (no signature) is always read again.
    """
    record_id = record_id_of(rel)
    got = kept.get(rel) if kept is not None and sig is not None else None
    if got is not None and got[0] == sig:
        r: Record | RecordError = got[1]
    else:
        try:
            r = load_file(Path(path), record_id, rel, inside)
        except RecordError as exc:
            r = exc
    if isinstance(r, RecordError):
        plain = json.dumps([r.message, r.line, r.col], ensure_ascii=False)
        return problem_row(rel, sig, record_id, plain), ()
    row = record_row(rel, sig, record_id, json.dumps(record_to_plain(r), ensure_ascii=False), r)
    return row, r.topics


READ_AHEAD = 64  # changed files read while the walk ahead goes on; a rebuild of more reads them in batches


def reading_ahead(
    rdir: RecordsDir, compare: Callable[[str, list[Listed]], Diffed], kept: Kept
) -> Callable[[str, list[Listed]], Diffed]:
    """`compare` (index_keys.folder_comparer), then the files it finds to parse again read and built into `kept`
    under their signatures, for parse_one to take: a refresh reads what a walk ahead (store/walk_ahead.py) found
    changed while that walk goes on. Only while `kept` holds at most READ_AHEAD: a long rebuild parses in batches.
    A racy file (no signature) is left to be read when it is parsed. The folder is resolved (files.Inside) only
    once a file is read: most refreshes find nothing changed."""
    inside: list[Inside] = []

    def compared(folder: str, listed: list[Listed]) -> Diffed:
        diffed = compare(folder, listed)
        if diffed[1] and len(kept) + len(diffed[1]) <= READ_AHEAD:
            if not inside:
                inside.append(Inside(rdir.path))
            for rel, path, sig in diffed[1]:
                if sig is not None:
                    try:
                        kept[rel] = (sig, load_file(Path(path), record_id_of(rel), rel, inside[0]))
                    except RecordError as exc:
                        kept[rel] = (sig, exc)
        return diffed

    return compared


def parsed_batches(
    rdir: RecordsDir, changed: Sequence[Changed], batch: int, kept: Kept | None = None
) -> Iterator[list[Parsed]]:
    """The parsed rows of `changed`, in its order, in lists of at most `batch` (so memory stays bounded).

    The folder is resolved once for the whole pass (files.Inside), not once per file.
    """
    inside = Inside(rdir.path)
    for start in range(0, len(changed), batch):
        yield [parse_one(rel, path, sig, inside, kept) for rel, path, sig in changed[start : start + batch]]
