"""`jbz add`: a new record from options, prompting for what is missing when a person is typing."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import typer

from jbz_cli.cli.context import environment, resolve_as_of
from jbz_cli.cli.filters import parse_window
from jbz_cli.cli.options import Argument, DryRunOpt, Option, WriteRecordsOpt
from jbz_cli.cli.output import rel_display
from jbz_cli.cli.settings import records_dir
from jbz_cli.cli.vet import check_vet
from jbz_cli.core.model import KINDS
from jbz_cli.core.words import unknown_choice
from jbz_cli.errors import ExitStatus, UsageError


def unknown_kind(kind: str) -> str:
    return unknown_choice("kind", kind.strip(), KINDS)


def ask_kind() -> str:
    """Prompt until the kind is valid, so a typo never costs the title typed after it."""
    while True:
        kind = typer.prompt("Kind (decision, commitment, deadline)").strip()
        if kind in KINDS:
            return kind
        typer.echo(unknown_kind(kind), err=True)


def add_command(
    kind: Annotated[str | None, Argument(metavar="KIND", help="decision, commitment or deadline.")] = None,
    title: Annotated[
        str | None, Option("--title", "-t", metavar="TEXT", help="One-line English title (required).")
    ] = None,
    due: Annotated[
        str | None, Option("--due", metavar="D", help="Due: 2026-03-31, 2026-03, 2026-Q1, 2026-H1, 2026.")
    ] = None,
    topic: Annotated[list[str] | None, Option("--topic", metavar="TOPIC", help="Topic (repeatable).")] = None,
    actor: Annotated[str | None, Option("--actor", metavar="TEXT", help="Who has to act.")] = None,
    promised_to: Annotated[str | None, Option("--promised-to", metavar="TEXT", help="To whom it was promised.")] = None,
    next_check: Annotated[
        str | None,
        Option(
            "--next-check", metavar="D", help="Chase it from D (2026-09-15, or the start of 2026-09, 2026-Q3, ...)."
        ),
    ] = None,
    summary: Annotated[str | None, Option("--summary", metavar="TEXT", help="Short English summary.")] = None,
    quote: Annotated[str | None, Option("--quote", metavar="TEXT", help="The verbatim Dutch sentence.")] = None,
    document: Annotated[
        str | None, Option("--document", metavar="REF", help="Source document, e.g. Kamerstuk 32 317, nr. 987.")
    ] = None,
    source_date: Annotated[
        str | None, Option("--source-date", metavar="D", help="Date of the source document.")
    ] = None,
    created: Annotated[
        str | None,
        Option("--created", metavar="D", help="When the item came to be (default: --source-date, else today)."),
    ] = None,
    section: Annotated[str | None, Option("--section", metavar="TEXT", help="Section of the source document.")] = None,
    url: Annotated[str | None, Option("--url", metavar="URL", help="Link to the source document.")] = None,
    related: Annotated[list[str] | None, Option("--related", metavar="ID", help="Related id (repeatable).")] = None,
    status: Annotated[
        str | None,
        Option("--status", metavar="STATUS", help="Initial status (default: open; done for decisions)."),
    ] = None,
    record_id: Annotated[
        str | None, Option("--id", metavar="ID", help="The id (default: a unique slug of the title).")
    ] = None,
    folder: Annotated[str | None, Option("--folder", metavar="SUB", help="Subfolder of the records folder.")] = None,
    no_input: Annotated[bool, Option("--no-input", help="Never prompt; missing fields are an error.")] = False,
    dry_run: DryRunOpt = False,
    records: WriteRecordsOpt = None,
) -> ExitStatus:
    """Add a new record and print its id."""
    from jbz_cli.store.add import NewRecord, add_record
    from jbz_cli.store.ids import writable_root

    env = environment()
    rdir = records_dir(records, env)
    writable_root(rdir)  # refuse the bundled records before asking anything
    can_prompt = not no_input and env.stdin_tty
    if kind is None:
        if not can_prompt:
            raise UsageError("missing KIND (decision, commitment or deadline); usage: jbz add KIND --title TEXT")
        kind = ask_kind()
    elif can_prompt and title is None and kind.strip() not in KINDS:
        typer.echo(unknown_kind(kind), err=True)  # ask again now, not after the title has been typed
        kind = ask_kind()
    if title is None:
        if not can_prompt:
            raise UsageError("missing --title; usage: jbz add KIND --title TEXT [--due D] (prompting is off)")
        title = typer.prompt("Title")
    req = NewRecord(
        kind=kind.strip(),
        title=title,
        status=status,
        due=due,
        topics=topic or (),
        actor=actor,
        promised_to=promised_to,
        summary=summary,
        related=related or (),
        next_check=_iso(parse_window(next_check, "--next-check", end=False)),
        document=document,
        source_date=source_date,
        section=section,
        quote=quote,
        url=url,
        created=created,
        today=resolve_as_of(None, env),
    )
    res = add_record(rdir, req, record_id=record_id, folder=folder, dry_run=dry_run, vet=check_vet(rdir))
    label = rel_display(rdir, res.path)
    if dry_run:
        sys.stdout.write(res.text)
        typer.echo(f"dry run: would create {label} (id {res.id}); nothing written", err=True)
        return ExitStatus.OK
    typer.echo(res.id)
    typer.echo(f"created {label}", err=True)
    return ExitStatus.OK


def _iso(day: date | None) -> str | None:
    """The day as the record stores it; the window grammar is read once, by parse_window, as followup does."""
    return day.isoformat() if day else None
