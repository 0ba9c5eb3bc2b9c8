"""The typer application: the group, the registration of every command, and the one place exits are decided.

Commands live in `jbz_cli.cli.commands`, one module each, and return an ExitStatus. `JbzGroup.invoke` turns
that status, any JbzError or Ctrl-C into the process exit status (and the `jbz: error: …` line); a closed pipe
only silences the output (cli/pipe.py), so the status stays the one the findings set. `JbzGroup.main` makes every
click usage error the same one line, with exit status 2.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from jbz_cli import __version__
from jbz_cli.cli import typer_patch
from jbz_cli.cli.commands.add import add_command
from jbz_cli.cli.commands.agenda import agenda_command
from jbz_cli.cli.commands.brief import brief_command
from jbz_cli.cli.commands.cache import cache_clear_command, cache_info_command
from jbz_cli.cli.commands.check import check_command
from jbz_cli.cli.commands.config import config_command
from jbz_cli.cli.commands.councils import councils_command
from jbz_cli.cli.commands.diff import diff_command
from jbz_cli.cli.commands.edit import edit_command
from jbz_cli.cli.commands.export_ics import export_ics_command
from jbz_cli.cli.commands.extract import extract_command
from jbz_cli.cli.commands.feed import feed_command
from jbz_cli.cli.commands.followup import done_command, followup_command
from jbz_cli.cli.commands.history import history_command
from jbz_cli.cli.commands.init import init_command
from jbz_cli.cli.commands.list import list_command
from jbz_cli.cli.commands.register import import_tk_command, reconcile_command
from jbz_cli.cli.commands.report import report_command
from jbz_cli.cli.commands.show import show_command
from jbz_cli.cli.commands.site import site_command
from jbz_cli.cli.commands.stats import stats_command
from jbz_cli.cli.commands.summary import summary_command
from jbz_cli.cli.context import make_run
from jbz_cli.cli.guard import run_guarded
from jbz_cli.cli.options import with_bundles
from jbz_cli.core.query import Item
from jbz_cli.env import Environment
from jbz_cli.errors import ExitStatus


def fail(message: str, status: ExitStatus = ExitStatus.USAGE) -> NoReturn:
    """`jbz: error: message` on stderr, then exit with `status`."""
    typer.echo(f"jbz: error: {message}", err=True)
    raise typer.Exit(int(status))


_PYDANTIC_WORDS = (
    (re.compile(r"Input should be a valid integer.*"), "expected a whole number"),
    (re.compile(r"Input should be greater than or equal to (\S+)"), r"must be at least \1"),
    (re.compile(r"Input should be less than or equal to (\S+)"), r"must be at most \1"),
    (re.compile(r"^Invalid value"), "invalid value"),
)


def usage_message(exc: Any) -> str:
    """A click usage error as one line, in jbz's words rather than pydantic's (the message is short, not user text)."""
    message = " ".join(exc.format_message().split())
    for pattern, words in _PYDANTIC_WORDS:
        message = pattern.sub(words, message)
    return message


class JbzGroup(TyperGroup):
    """The one place where a command's ExitStatus or JbzError becomes a message on stderr and an exit status."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Click's main, except that every usage error is the one line `jbz: error: …` with exit status 2."""
        try:  # typer 0.26+ carries its own copy of click
            from typer._click import exceptions as click
        except ImportError:  # pragma: no cover - older typer uses click itself
            from click import exceptions as click  # type: ignore[no-redef]

        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except click.NoArgsIsHelpError as exc:  # `jbz import` alone: the group's usage, as --help prints it
            typer.echo(exc.ctx.get_help() if exc.ctx else usage_message(exc), err=True)
            sys.exit(int(ExitStatus.USAGE))
        except click.UsageError as exc:
            typer.echo(f"jbz: error: {usage_message(exc)}", err=True)
            sys.exit(int(ExitStatus.USAGE))
        except click.ClickException as exc:
            typer.echo(f"jbz: error: {usage_message(exc)}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        """The command, run and mapped by cli/guard.run_guarded; a failing status leaves as typer.Exit.

        The top-level group reads the process environment once, into `ctx.obj`, unless the caller handed one in;
        sub-groups and commands inherit it, and cli/context.environment gives it to them.
        """
        if ctx.obj is None:
            ctx.obj = Environment.from_process()
        status = run_guarded(lambda: super(JbzGroup, self).invoke(ctx))
        if status:
            raise typer.Exit(status)
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
typer_patch.fit_help_to_terminal()


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


def sub_group(help_text: str) -> typer.Typer:
    """A command group under `jbz` (`jbz export ics`), run by the same JbzGroup as the top level."""
    return typer.Typer(
        cls=JbzGroup,
        help=help_text,
        no_args_is_help=True,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app.command("list")(with_bundles(list_command))
app.command("show")(show_command)
app.command("summary")(summary_command)
app.command("agenda")(agenda_command)
app.command("stats")(stats_command)

export_app = sub_group("Write records in a format another program reads (a calendar).")
app.add_typer(export_app, name="export")
export_app.command("ics")(with_bundles(export_ics_command))

import_app = sub_group("Import items from an outside register into records.")
app.add_typer(import_app, name="import")
import_app.command("tk")(import_tk_command)
app.command("reconcile")(reconcile_command)

app.command("brief")(brief_command)
app.command("add")(add_command)
app.command("followup")(followup_command)
app.command("done")(done_command)
app.command("edit")(edit_command)
app.command("history")(history_command)
app.command("extract")(extract_command)
app.command("check")(check_command)
app.command("diff")(diff_command)
app.command("feed")(feed_command)
app.command("report")(report_command)
app.command("councils")(councils_command)
app.command("init")(init_command)
app.command("config")(config_command)
app.command("site")(site_command)

cache_app = sub_group("Show or clear the cache folder, where the indexes of records folders live.")
app.add_typer(cache_app, name="cache")
cache_app.command("info")(cache_info_command)
cache_app.command("clear")(cache_clear_command)


def main() -> None:
    """The console script behind `jbz` (after entry's fast paths)."""
    from jbz_cli.cli.pipe import use_utf8

    use_utf8(sys.stdout)
    use_utf8(sys.stderr)
    args = sys.argv[1:]
    narrowed(app, args)(prog_name="jbz")


def narrowed(group: typer.Typer, args: list[str]) -> typer.Typer:
    """`group` with only the command that `args` names, so typer builds one click command instead of all of them.

    The same definitions, parsed by the same click; any other call (group options first, a sub-group, shell
    completion, no command) gets the whole group, so its help and did-you-mean still list every command.
    """
    if not args or os.environ.get("_JBZ_COMPLETE"):
        return group
    only = [c for c in group.registered_commands if c.name == args[0]]
    if len(only) != 1:
        return group
    copy = typer.Typer.__new__(typer.Typer)
    copy.__dict__.update(group.__dict__)
    copy.registered_commands, copy.registered_groups = only, []
    return copy


__all__ = ["Item", "app", "main", "make_run"]
