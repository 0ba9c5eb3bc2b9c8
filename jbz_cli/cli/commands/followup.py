"""`jbz followup` and `jbz done`: append a dated follow-up to one record or to ids piped in on stdin."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

from jbz_cli.cli.complete import complete_ids
from jbz_cli.cli.context import environment, resolve_as_of
from jbz_cli.cli.filters import parse_window
from jbz_cli.cli.options import Argument, DryRunOpt, FollowupDateOpt, Option, WriteRecordsOpt
from jbz_cli.cli.output import report_followups
from jbz_cli.cli.settings import records_dir
from jbz_cli.cli.stdin_ids import ids_argument
from jbz_cli.cli.vet import check_vet
from jbz_cli.errors import ExitStatus

if TYPE_CHECKING:
    from jbz_cli.store.edits import WriteResult
    from jbz_cli.store.files import RecordsDir


def followup_command(
    record_id: Annotated[
        str, Argument(metavar="ID", help="Record id, or - to read ids from stdin.", autocompletion=complete_ids)
    ],
    note: Annotated[str, Option("--note", "-m", metavar="TEXT", help="What happened, in English.")] = "",
    day: FollowupDateOpt = None,
    evidence: Annotated[str | None, Option("--evidence", metavar="REF", help="Document reference or URL.")] = None,
    status: Annotated[
        str | None,
        Option(
            "--status", metavar="STATUS", help="Change the status (done, partial, missed, dropped need --evidence)."
        ),
    ] = None,
    due: Annotated[
        str | None, Option("--due", metavar="NEW_DUE", help="Move the deadline; the old one stays in the log.")
    ] = None,
    next_check: Annotated[
        str | None,
        Option(
            "--next-check",
            metavar="D",
            help="Chase it again from D (2026-09-15, or the start of 2026-09, 2026-Q3, ...); must be after --date.",
        ),
    ] = None,
    dry_run: DryRunOpt = False,
    records: WriteRecordsOpt = None,
) -> ExitStatus:
    """Append a follow-up to a record, optionally changing its status, deadline or next check."""
    from jbz_cli.store.edits import FollowupRequest, add_followups

    env = environment()
    rdir = records_dir(records, env)
    req = FollowupRequest(
        date=resolve_as_of(day, env, "--date"),
        note=note,
        status=status,
        evidence=evidence,
        due=due,
        next_check=parse_window(next_check, "--next-check", end=False),
        today=resolve_as_of(None, env),
    )
    req.validate()
    ids = ids_argument(record_id, env)
    report_batch(rdir, lambda: add_followups(rdir, ids, req, dry_run=dry_run, vet=check_vet(rdir)))
    return ExitStatus.OK


def report_batch(rdir: RecordsDir, write: Callable[[], list[WriteResult]]) -> None:
    """report_followups on what `write` did; when a batch stopped part-way, the records it wrote are listed first,
    then the error names the ids not written (store/batch.py)."""
    from jbz_cli.store.batch import BatchError

    try:
        results = write()
    except BatchError as exc:
        report_followups(rdir, exc.done)
        raise
    report_followups(rdir, results)


def done_command(
    record_id: Annotated[
        str, Argument(metavar="ID", help="Record id, or - to read ids from stdin.", autocompletion=complete_ids)
    ],
    evidence: Annotated[str, Option("--evidence", metavar="REF", help="Where it can be checked (required).")],
    note: Annotated[str, Option("--note", "-m", metavar="TEXT", help="What happened, in English.")] = "",
    day: FollowupDateOpt = None,
    dry_run: DryRunOpt = False,
    records: WriteRecordsOpt = None,
) -> ExitStatus:
    """Mark a record done: a follow-up with status done and its evidence."""
    from jbz_cli.store.edits import FollowupRequest, add_followups

    env = environment()
    rdir = records_dir(records, env)
    req = FollowupRequest(
        date=resolve_as_of(day, env, "--date"),
        note=note,
        status="done",
        evidence=evidence,
        today=resolve_as_of(None, env),
        closing=True,
    )
    req.validate()
    ids = ids_argument(record_id, env)
    report_batch(rdir, lambda: add_followups(rdir, ids, req, dry_run=dry_run, vet=check_vet(rdir)))
    return ExitStatus.OK
