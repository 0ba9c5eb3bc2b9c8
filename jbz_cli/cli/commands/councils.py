"""`jbz councils`: the JBZ Council meetings in councils.toml, and which one is next; and the reader that brief and
agenda share."""

from __future__ import annotations

import sys

from jbz_cli.cli.context import ReadOptions, make_run
from jbz_cli.cli.options import AsOfOpt, JsonOpt, RecordsOpt, format_option
from jbz_cli.cli.output import say
from jbz_cli.core.councils import COUNCILS_FILE, Councils
from jbz_cli.errors import ExitStatus, RecordError, UsageError
from jbz_cli.store.files import RecordsDir, display_path

COUNCIL_FORMATS = ("table", "json")
CouncilsFormatOpt = format_option(COUNCIL_FORMATS, "table")  # --format: these formats, table by default


def read_councils(rdir: RecordsDir) -> tuple[Councils, str]:
    """The meetings in the records folder's councils.toml (none when it is missing), with problems on stderr."""
    from jbz_cli.store.councils import read_councils as read

    shown = display_path(rdir, COUNCILS_FILE)
    try:
        found = read(rdir.path, shown)
    except RecordError as exc:
        raise UsageError(f"cannot read {shown}: {exc.message}") from None
    if found is None:
        return Councils(), shown
    for p in found.problems:
        say(f"{shown}:{p.line}:{p.col}: {p.message}")
    return found, shown


def where_to_add(rdir: RecordsDir) -> str:
    """Where the user adds a meeting: their own councils.toml, never a file inside the installed package."""
    shown = display_path(rdir, COUNCILS_FILE)
    if rdir.origin == "bundled":
        return (
            "add it to councils.toml in your own records folder "
            "(`jbz init --examples` creates one with these records; see docs/cycle.md)"
        )
    if not (rdir.path / COUNCILS_FILE).is_file():
        return f"{shown} does not exist; create it with the meeting's dates and source (see docs/cycle.md)"
    return f"add its dates and source to {shown}"


def councils_command(
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    fmt: CouncilsFormatOpt = None,
    as_json: JsonOpt = False,
) -> ExitStatus:
    """List the JBZ Council meetings in councils.toml, and which one is next."""
    from jbz_cli.core.councils import next_council
    from jbz_cli.present.views.councils import write_councils

    run = make_run(
        ReadOptions(records=records, as_of=as_of, fmt=fmt, as_json=as_json),
        default="table",
        allowed=COUNCIL_FORMATS,
        command="councils",
    )
    found, _ = read_councils(run.rdir)
    upcoming = next_council(found.meetings, run.settings.as_of)
    write_councils(found.meetings, upcoming, run.fmt, sys.stdout)
    if upcoming is None and run.fmt != "json":
        say(f"jbz: no JBZ Council on or after {run.settings.as_of.isoformat()} is listed: {where_to_add(run.rdir)}")
    return ExitStatus.of(found.problems)
