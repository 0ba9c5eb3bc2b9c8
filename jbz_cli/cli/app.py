"""The typer application: the group, the registration of every command, and the one place exits are decided.

Commands live in `jbz_cli.cli.commands`, one module each, and return an ExitStatus. `JbzGroup.invoke` turns
that status, any JbzError, a closed pipe or Ctrl-C into the process exit status (and the `jbz: error: …` line).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from jbz_cli import __version__
from jbz_cli.cli import typer_patch
from jbz_cli.cli.commands.add import add_command
from jbz_cli.cli.commands.agenda import agenda_command
from jbz_cli.cli.commands.brief import brief_command
from jbz_cli.cli.commands.check import check_command
from jbz_cli.cli.commands.edit import edit_command
from jbz_cli.cli.commands.export_ics import export_ics_command
from jbz_cli.cli.commands.followup import done_command, followup_command
from jbz_cli.cli.commands.history import history_command
from jbz_cli.cli.commands.list import list_command
from jbz_cli.cli.commands.show import show_command
from jbz_cli.cli.commands.stats import stats_command
from jbz_cli.cli.commands.summary import summary_command
from jbz_cli.cli.runtime import environment, make_run
from jbz_cli.core.query import Item
from jbz_cli.errors import ExitStatus, JbzError


def fail(message: str, status: ExitStatus = ExitStatus.USAGE) -> NoReturn:
    """`jbz: error: message` on stderr, then exit with `status`."""
    typer.echo(f"jbz: error: {message}", err=True)
    raise typer.Exit(int(status))


class JbzGroup(TyperGroup):
    """The one place where a command's ExitStatus or JbzError becomes a message on stderr and an exit status."""

    def invoke(self, ctx: Any) -> Any:
        environment(ctx)  # read the process environment once, before any command runs
        try:
            status = super().invoke(ctx)
        except JbzError as exc:
            fail(str(exc), exc.exit_status)
        except BrokenPipeError:
            # The reader (head, less) went away; that is not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(int(ExitStatus.OK)) from None
        except KeyboardInterrupt:
            raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None
        if isinstance(status, ExitStatus) and status != ExitStatus.OK:
            raise typer.Exit(int(status))
        return None


app = typer.Typer(
    cls=JbzGroup,
    help="Track the decisions, commitments and deadlines in government letters on JBZ Councils. "
    "Run jbz alone for a summary of where things stand.",
    no_args_is_help=False,  # `jbz` alone prints the summary
    invoke_without_command=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
typer_patch.install()
typer_patch.install_help()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jbz {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> ExitStatus:
    """Track the decisions, commitments and deadlines in government letters on JBZ Councils."""
    if ctx.invoked_subcommand is None:
        return summary_command()
    return ExitStatus.OK


app.command("list")(list_command)
app.command("show")(show_command)
app.command("summary")(summary_command)
app.command("agenda")(agenda_command)
app.command("stats")(stats_command)

export_app = typer.Typer(
    cls=JbzGroup,
    help="Write records in a format another program reads (a calendar).",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(export_app, name="export")
export_app.command("ics")(export_ics_command)

app.command("brief")(brief_command)
app.command("add")(add_command)
app.command("followup")(followup_command)
app.command("done")(done_command)
app.command("edit")(edit_command)
app.command("history")(history_command)
app.command("check")(check_command)


def main() -> None:
    """The console script behind `jbz` (after entry's fast paths)."""
    app(prog_name="jbz")


__all__ = ["Item", "app", "main", "make_run"]
