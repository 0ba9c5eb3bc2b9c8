"""The typer options that several commands share, defined once so their names and help never drift apart.

Each is an `Annotated` alias a command names in its signature. Options that always travel together are a bundle:
a dataclass whose fields are such aliases (FilterOptions, the filters of `jbz list` and `jbz export ics`). A
command takes the bundle as one parameter, and `with_bundles` shows typer its fields as options in its place.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Annotated, Any, get_type_hints

import typer

from jbz_cli.cli.complete import complete_topics
from jbz_cli.core.query import SORT_KEYS
from jbz_cli.present.lines import FORMATS

RecordsOpt = Annotated[
    str | None,
    typer.Option(
        "--records",
        metavar="DIR",
        help="Records folder (default: $JBZ_RECORDS, the nearest jbz.toml or records/ upward, the bundled examples).",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
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
        typer.Option(
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
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="Never use colour (also NO_COLOR or TERM=dumb).")]
# Day counts stop at a century: enough for any letter, and far from the end of the calendar (core/dates.py YEARS).
MAX_DAYS = 36500
SoonOpt = Annotated[
    int, typer.Option("--soon-days", min=0, max=MAX_DAYS, metavar="N", help="Days ahead that count as due soon.")
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Read the record files directly, bypassing the index in the cache folder.")
]
StaleOpt = Annotated[
    int,
    typer.Option(
        "--stale-days",
        min=0,
        max=MAX_DAYS,
        metavar="N",
        help="Days without news before an undated item awaits follow-up.",
    ),
]
OutputOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout."),
]

# --- writing commands ---------------------------------------------------------------------------------------------

DryRunOpt = Annotated[bool, typer.Option("--dry-run", "-n", help="Print what would be written; write nothing.")]
WriteRecordsOpt = Annotated[
    str | None,
    typer.Option(
        "--records",
        metavar="DIR",
        help="Records folder to write in (default: $JBZ_RECORDS, the nearest jbz.toml or records/ upward).",
    ),
]
FollowupDateOpt = Annotated[
    str | None,
    typer.Option("--date", metavar="D", help="When it happened, not after today (default: $JBZ_TODAY, then today)."),
]

# --- the filter options of list and export ics --------------------------------------------------------------------

OpenOpt = Annotated[bool, typer.Option("--open", help="Only open, waiting or partial items.")]
ClosedOpt = Annotated[bool, typer.Option("--closed", help="Only done, missed or dropped items.")]
StatusOpt = Annotated[list[str] | None, typer.Option("--status", metavar="STATUS", help="Status to keep (repeatable).")]
KindOpt = Annotated[list[str] | None, typer.Option("--kind", metavar="KIND", help="Kind to keep (repeatable).")]
TopicOpt = Annotated[
    list[str] | None,
    typer.Option("--topic", metavar="TOPIC", help="Topic to keep (repeatable).", autocompletion=complete_topics),
]
ActorOpt = Annotated[
    str | None, typer.Option("--actor", metavar="TEXT", help="Actor contains TEXT (ignores case and accents).")
]
OverdueOpt = Annotated[bool, typer.Option("--overdue", help="Only overdue items.")]
DueSoonOpt = Annotated[bool, typer.Option("--due-soon", help="Only items due within --soon-days.")]
AwaitingOpt = Annotated[bool, typer.Option("--awaiting", help="Only items awaiting follow-up.")]
IncludeUnknownStatusOpt = Annotated[
    bool,
    typer.Option(
        "--include-unknown-status",
        help="Keep records whose register status is empty or unknown in --open, --overdue, --due-soon and "
        "--awaiting, which leave them out otherwise.",
    ),
]
DueByOpt = Annotated[str | None, typer.Option("--due-by", metavar="D", help="Due by the end of D (D may be 2026-Q2).")]
DueAfterOpt = Annotated[str | None, typer.Option("--due-after", metavar="D", help="Due after the end of D.")]
SearchOpt = Annotated[
    str | None,
    typer.Option("--search", "-s", metavar="TEXT", help="Words in title, summary, quote, topics or actor."),
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


# --- list's own ---------------------------------------------------------------------------------------------------

SortOpt = Annotated[
    str,
    typer.Option("--sort", metavar="KEY", help=f"Sort key: {', '.join(SORT_KEYS)}.", autocompletion=choices(SORT_KEYS)),
]
ReverseOpt = Annotated[bool, typer.Option("--reverse", help="Reverse the order.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", min=0, metavar="N", help="Show at most N items.")]
ExitCodeOpt = Annotated[bool, typer.Option("--exit-code", help="Exit 1 when anything matched, 0 otherwise.")]
