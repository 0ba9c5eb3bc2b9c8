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
from jbz_cli.cli.commands import COMMANDS, GROUPS, command_function
from jbz_cli.cli.context import make_run
from jbz_cli.cli.guard import run_guarded
from jbz_cli.cli.options import for_typer
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


_SETTINGS: dict[str, Any] = dict(
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


def main_callback(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> ExitStatus:
    """Track the decisions, commitments and deadlines in government letters on JBZ Councils."""
    if ctx.invoked_subcommand is None:
        from jbz_cli.cli.commands.summary import summary_command

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


def build(only: str | None = None) -> typer.Typer:
    """The `jbz` group with every command, or with the top-level command `only` alone (its module alone imported)."""
    root = typer.Typer(**_SETTINGS)
    root.callback(invoke_without_command=True)(main_callback)
    groups: dict[str, typer.Typer] = {}
    for group, name, *_ in COMMANDS:
        if only is not None and (group or name != only):
            continue
        target = root
        if group:
            if group not in groups:
                groups[group] = sub_group(GROUPS[group])
                root.add_typer(groups[group], name=group)
            target = groups[group]
        target.command(name)(for_typer(command_function(group, name)))
    return root


def __getattr__(name: str) -> Any:
    """`app`, the whole group, built on first use (PEP 562), so that `jbz list` never imports the other commands."""
    if name == "app":
        whole = globals()["app"] = build()
        return whole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """The console script behind `jbz` (after entry's fast paths)."""
    from jbz_cli.cli.pipe import use_utf8

    use_utf8(sys.stdout)
    use_utf8(sys.stderr)
    args = sys.argv[1:]
    only = args[0] if args and not os.environ.get("_JBZ_COMPLETE") else None
    if only is not None and any(not group and name == only for group, name, *_ in COMMANDS):
        group = build(only)
        from jbz_cli.cli.fast import store_spec
        from jbz_cli.env import cache_dir

        store_spec(str(cache_dir(os.environ)), only, group)  # the next run of a reading command skips typer
        group(prog_name="jbz")
    else:
        build()(prog_name="jbz")


__all__ = ["Item", "app", "main", "make_run"]  # noqa: F822 (app: module __getattr__)
