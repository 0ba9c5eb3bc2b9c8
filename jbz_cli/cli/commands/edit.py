"""`jbz edit`: a record in $VISUAL or $EDITOR, validated before it replaces the original."""

from __future__ import annotations

from typing import Annotated

from jbz_cli.cli.complete import complete_ids
from jbz_cli.cli.context import environment
from jbz_cli.cli.editor import edit_record
from jbz_cli.cli.options import Argument, DryRunOpt, WriteRecordsOpt
from jbz_cli.cli.settings import records_dir
from jbz_cli.errors import ExitStatus


def edit_command(
    record_id: Annotated[str, Argument(metavar="ID", help="Record id.", autocompletion=complete_ids)],
    dry_run: DryRunOpt = False,
    records: WriteRecordsOpt = None,
) -> ExitStatus:
    """Edit a record in $VISUAL or $EDITOR; it is validated before it replaces the original.

    Exits 1 when the edit is abandoned (the original restored) or an invalid file is kept on purpose.
    """
    env = environment()
    return ExitStatus.of(not edit_record(records_dir(records, env), record_id, dry_run, env))
