"""The typer options that several commands share, defined once so their names and help never drift apart.

Each is an `Annotated` alias a command names in its signature. Options that always travel together are a bundle:
a dataclass whose fields are such aliases (FilterOptions, the filters of `jbz list` and `jbz export ics`). A
command takes the bundle as one parameter, and `with_bundles` shows typer its fields as options in its place.

Every option and argument is declared with `Option`/`Argument` here, which take exactly typer.Option's and
typer.Argument's arguments and keep them until cli/app.py builds the app: `for_typer` hands typer the real objects.
So a command module imports without typer, and typer stays the one definition of every option (the app is built
from nothing else, and a test builds every command).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Annotated, Any, NamedTuple, get_args, get_origin, get_type_hints

from jbz_cli.cli.complete import complete_topics
from jbz_cli.core.query import SORT_KEYS
from jbz_cli.present.lines import FORMATS


class Declared(NamedTuple):
    """typer.Option(*decls, **settings) or typer.Argument(**settings), as a command declared it (`kind`)."""

    kind: str  # "option" or "argument"
    decls: tuple[str, ...]
    settings: tuple[tuple[str, Any], ...]

    def for_typer(self) -> Any:
        """The typer object itself (imports typer: only when the app is built)."""
        import typer

        make = typer.Option if self.kind == "option" else typer.Argument
        return make(*self.decls, **dict(self.settings))


def Option(*decls: str, **settings: Any) -> Any:
    """typer.Option's arguments, kept for the app build (Declared)."""
    return Declared("option", decls, tuple(settings.items()))


def Argument(**settings: Any) -> Any:
    """typer.Argument's arguments, kept for the app build (Declared)."""
    return Declared("argument", (), tuple(settings.items()))


def _typer_annotation(annotation: Any) -> Any:
    """`annotation` with each Declared in its Annotated metadata replaced by the typer object."""
    if get_origin(annotation) is not Annotated:
        return annotation
    base, *extras = get_args(annotation)
    extras = [e.for_typer() if isinstance(e, Declared) else e for e in extras]
    return Annotated[(base, *extras)]


RecordsOpt = Annotated[
    str | None,
    Option(
        "--records",
        metavar="DIR",
        help="Records folder (default: $JBZ_RECORDS, the nearest jbz.toml or records/ upward, the bundled examples).",
    ),
]
AsOfOpt = Annotated[
    str | None,
    Option(
        "--as-of",
        metavar="DATE",
        help="The day to look from: flags, replays and cut-offs use it (default: $JBZ_TODAY, then today).",
    ),
]


def format_option(formats: tuple[str, ...], default: str | None = None) -> Any:
    """The --format/-f option of a command that accepts exactly `formats`: its help is built from that tuple.

    `default` is the format without --format (None: table on a terminal, tsv otherwise), as the command passes it
    to `make_run`; the same tuple goes to `make_run(allowed=...)`, so help and command cannot disagree.
    """
    when = f"default: {default}" if default else "default: table on a terminal, tsv otherwise"
    return Annotated[
        str | None,
        Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"Output format: {', '.join(formats)} ({when}).",
            autocompletion=choices(formats),
        ),
    ]


def choices(values: tuple[str, ...]) -> Any:
    """TAB completion of an option's fixed values (--format, --sort), rather than the shell's file names."""

    def complete(incomplete: str) -> list[str]:
        return [v for v in values if v.startswith(incomplete)]

    return complete


# list: every line format; table on a terminal, tsv when piped.
FormatOpt = format_option(FORMATS)
JsonOpt = Annotated[bool, Option("--json", help="Shorthand for --format json.")]
NoColorOpt = Annotated[bool, Option("--no-color", help="Never use colour (also NO_COLOR or TERM=dumb).")]
# Day counts stop at a century: enough for any letter, and far from the end of the calendar (core/dates.py YEARS).
MAX_DAYS = 36500
SoonOpt = Annotated[
    int, Option("--soon-days", min=0, max=MAX_DAYS, metavar="N", help="Days ahead that count as due soon.")
]
NoCacheOpt = Annotated[
    bool, Option("--no-cache", help="Read the record files directly, bypassing the index in the cache folder.")
]
StaleOpt = Annotated[
    int,
    Option(
        "--stale-days",
        min=0,
        max=MAX_DAYS,
        metavar="N",
        help="Days without news before an undated item awaits follow-up.",
    ),
]
OutputOpt = Annotated[
    str | None,
    Option("--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout."),
]

# --- writing commands ---------------------------------------------------------------------------------------------

DryRunOpt = Annotated[bool, Option("--dry-run", "-n", help="Print what would be written; write nothing.")]
WriteRecordsOpt = Annotated[
    str | None,
    Option(
        "--records",
        metavar="DIR",
        help="Records folder to write in (default: $JBZ_RECORDS, the nearest jbz.toml or records/ upward).",
    ),
]
FollowupDateOpt = Annotated[
    str | None,
    Option("--date", metavar="D", help="When it happened, not after today (default: $JBZ_TODAY, then today)."),
]

# --- the filter options of list and export ics --------------------------------------------------------------------

OpenOpt = Annotated[bool, Option("--open", help="Only open, waiting or partial items.")]
ClosedOpt = Annotated[bool, Option("--closed", help="Only done, missed or dropped items.")]
StatusOpt = Annotated[list[str] | None, Option("--status", metavar="STATUS", help="Status to keep (repeatable).")]
KindOpt = Annotated[list[str] | None, Option("--kind", metavar="KIND", help="Kind to keep (repeatable).")]
TopicOpt = Annotated[
    list[str] | None,
    Option("--topic", metavar="TOPIC", help="Topic to keep (repeatable).", autocompletion=complete_topics),
]
ActorOpt = Annotated[
    str | None, Option("--actor", metavar="TEXT", help="Actor contains TEXT (ignores case and accents).")
]
OverdueOpt = Annotated[bool, Option("--overdue", help="Only overdue items.")]
DueSoonOpt = Annotated[bool, Option("--due-soon", help="Only items due within --soon-days.")]
AwaitingOpt = Annotated[bool, Option("--awaiting", help="Only items awaiting follow-up.")]
IncludeUnknownStatusOpt = Annotated[
    bool,
    Option(
        "--include-unknown-status",
        help="Keep records whose register status is empty or unknown in --open, --overdue, --due-soon and "
        "--awaiting, which leave them out otherwise.",
    ),
]
DueByOpt = Annotated[str | None, Option("--due-by", metavar="D", help="Due by the end of D (D may be 2026-Q2).")]
DueAfterOpt = Annotated[str | None, Option("--due-after", metavar="D", help="Due after the end of D.")]
SearchOpt = Annotated[
    str | None,
    Option("--search", "-s", metavar="TEXT", help="Words in title, summary, quote, topics or actor."),
]


@dataclass(frozen=True)
class FilterOptions:
    """The filter options of `jbz list` and `jbz export ics`, in the order --help lists them (a bundle).

    cli/filters.make_filter turns them into a checked core Filter.
    """

    open_: OpenOpt = False
    closed: ClosedOpt = False
    status: StatusOpt = None
    kind: KindOpt = None
    topic: TopicOpt = None
    actor: ActorOpt = None
    overdue: OverdueOpt = False
    due_soon: DueSoonOpt = False
    awaiting: AwaitingOpt = False
    include_unknown_status: IncludeUnknownStatusOpt = False
    due_by: DueByOpt = None
    due_after: DueAfterOpt = None
    search: SearchOpt = None


BUNDLES = (FilterOptions,)


def with_bundles(command: Callable[..., Any]) -> Callable[..., Any]:
    """`command` as typer should read it: each parameter annotated with a bundle (BUNDLES) becomes the bundle's
    fields, in place and in field order, as options; the wrapper collects them into the dataclass again.

    typer reads one option per parameter of the signature, and inspect.signature honours `__signature__`. The
    command itself keeps its one parameter, so a direct call passes the dataclass. TypeError at registration
    when a field's name is also another parameter's.
    """
    hints = get_type_hints(command, include_extras=True)
    params: list[inspect.Parameter] = []
    bundles: dict[str, type] = {}
    for param in inspect.signature(command).parameters.values():
        kind = hints.get(param.name)
        if kind in BUNDLES:
            bundles[param.name] = kind
            field_hints = get_type_hints(kind, include_extras=True)
            params += [
                inspect.Parameter(
                    f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=field_hints[f.name]
                )
                for f in fields(kind)
            ]
        else:
            params.append(
                param.replace(kind=inspect.Parameter.KEYWORD_ONLY, annotation=hints.get(param.name, param.annotation))
            )
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise TypeError(f"{command.__name__}: a bundle's option has the name of another parameter")

    @functools.wraps(command)
    def run(**values: Any) -> Any:
        for name, bundle in bundles.items():
            values[name] = bundle(**{f.name: values.pop(f.name) for f in fields(bundle)})
        return command(**values)

    run.__signature__ = inspect.Signature(params, return_annotation=hints.get("return", inspect.Signature.empty))  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    return run


def for_typer(command: Callable[..., Any]) -> Callable[..., Any]:
    """`command` (after with_bundles, if it takes bundles) with every Declared in its signature made the typer
    object, which is what cli/app.py registers: typer reads `__signature__` and `__annotations__`."""
    hints = get_type_hints(command, include_extras=True)
    signature = inspect.signature(command)
    params = [
        p.replace(annotation=_typer_annotation(hints.get(p.name, p.annotation))) for p in signature.parameters.values()
    ]

    @functools.wraps(command)
    def run(*args: Any, **values: Any) -> Any:
        return command(*args, **values)

    run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    return run


# --- list's own ---------------------------------------------------------------------------------------------------

SortOpt = Annotated[
    str,
    Option("--sort", metavar="KEY", help=f"Sort key: {', '.join(SORT_KEYS)}.", autocompletion=choices(SORT_KEYS)),
]
ReverseOpt = Annotated[bool, Option("--reverse", help="Reverse the order.")]
LimitOpt = Annotated[int | None, Option("--limit", "-n", min=0, metavar="N", help="Show at most N items.")]
ExitCodeOpt = Annotated[bool, Option("--exit-code", help="Exit 1 when anything matched, 0 otherwise.")]
