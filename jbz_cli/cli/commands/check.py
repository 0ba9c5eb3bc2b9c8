"""`jbz check`: validate records like a compiler, one `path:line:col: severity: message [rule]` line each."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from jbz_cli.cli.context import environment, given, resolve_as_of
from jbz_cli.cli.formats import choose_format
from jbz_cli.cli.loading import usable_cpus
from jbz_cli.cli.options import Argument, JsonOpt, Option, RecordsOpt
from jbz_cli.cli.settings import records_dir
from jbz_cli.errors import ExitStatus, RecordsDirError
from jbz_cli.store.files import RecordsDir


def check_command(
    paths: Annotated[
        list[str] | None,
        Argument(metavar="[PATH]...", help="Record files or folders (default: the records folder)."),
    ] = None,
    rule: Annotated[
        list[str] | None,
        Option(
            "--rule",
            metavar="NAME",
            help=(
                "Run only this rule (repeatable): syntax, schema, dates, ids, related, status, history, quote, "
                "topics, leftovers."
            ),
        ),
    ] = None,
    skip: Annotated[list[str] | None, Option("--skip", metavar="NAME", help="Skip this rule (repeatable).")] = None,
    strict: Annotated[bool, Option("--strict", help="Exit 1 on warnings too.")] = False,
    fmt: Annotated[
        str, Option("--format", "-f", metavar="FORMAT", help="Output format: text, json or jsonl.")
    ] = "text",
    as_json: JsonOpt = False,
    records: RecordsOpt = None,
) -> ExitStatus:
    """Validate records: one `path:line:col: severity: message [rule]` line per problem; silent when clean."""
    from jbz_cli.check.diagnostics import CHECK_FORMATS, summary, write_diagnostics
    from jbz_cli.check.run import check_request, select_rules

    fmt = choose_format(given("fmt", fmt), as_json, CHECK_FORMATS, "text")
    rules = select_rules(rule or (), skip or ())
    env = environment()
    rdir: RecordsDir | None
    if paths:
        try:
            rdir = records_dir(records, env)
        except RecordsDirError:
            if records is not None:
                raise
            rdir = None
    else:
        rdir = records_dir(records, env)
    today = resolve_as_of(None, env)  # a follow-up dated after it is an error (the dates rule)
    root = (rdir.path, rdir.display) if rdir else None
    result = check_request(paths or [], env.cwd, root, rules, today, workers=usable_cpus())
    write_diagnostics(result, fmt, sys.stdout)
    if result.diagnostics and fmt == "text":
        typer.echo(f"jbz: {summary(result)}", err=True)
    return ExitStatus.of(result.failed(strict))
