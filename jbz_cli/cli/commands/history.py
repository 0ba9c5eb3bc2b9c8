"""`jbz history`: one record's timeline of source, follow-ups, status and due changes, and git commits."""

from __future__ import annotations

import json
import sys
from typing import Annotated

from jbz_cli.cli.complete import complete_ids
from jbz_cli.cli.context import environment, given
from jbz_cli.cli.formats import choose_format
from jbz_cli.cli.options import Argument, JsonOpt, Option, RecordsOpt
from jbz_cli.cli.settings import records_dir
from jbz_cli.core.query import resolve
from jbz_cli.errors import ExitStatus, UsageError
from jbz_cli.present.terminal import Style, hang
from jbz_cli.store.files import load_records


def history_command(
    record_id: Annotated[
        str, Argument(metavar="ID", help="Record id or a unique id prefix.", autocompletion=complete_ids)
    ],
    no_git: Annotated[bool, Option("--no-git", help="Do not look up git commits.")] = False,
    records: RecordsOpt = None,
    fmt: Annotated[str, Option("--format", "-f", metavar="FORMAT", help="text or json.")] = "text",
    as_json: JsonOpt = False,
) -> ExitStatus:
    """Show a record's timeline: source, follow-ups, status and due changes, and git commits."""
    from jbz_cli.present.shapes import timeline_dict
    from jbz_cli.store.history import timeline, timeline_text
    from jbz_cli.store.ids import find_record

    fmt = choose_format(given("fmt", fmt), as_json, ("text", "json"), "text", expected="text or json")
    rdir = records_dir(records, environment())
    loaded = load_records(rdir)
    resolution = resolve(loaded.records, record_id)
    if resolution.kind != "record":
        raise UsageError(f"{record_id!r} is a topic; give one record id (jbz show {record_id} lists them)")
    record = resolution.records[0]
    path = find_record(rdir.path.resolve(), record.id)
    tl = timeline(record, path, with_git=not no_git)
    if fmt == "json":
        sys.stdout.write(json.dumps(timeline_dict(tl), ensure_ascii=False, indent=2) + "\n")
    else:
        env = environment()
        sys.stdout.write(hang(timeline_text(tl), Style(terminal=env.stdout_tty, width=env.width)) + "\n")
    return ExitStatus.OK
