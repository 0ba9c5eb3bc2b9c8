"""Where a command's results and messages go: data to stdout or an -o file, messages to stderr."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jbz_cli.store.files import RecordsDir, display_path

if TYPE_CHECKING:  # command-specific modules load inside their commands, keeping start-up quick
    from jbz_cli.store.edits import WriteResult


def say(message: str) -> None:
    """One line on stderr, as click.echo writes it; typer is imported only when there is something to say."""
    import typer

    typer.echo(message, err=True)


def rel_display(rdir: RecordsDir, path: Path) -> str:
    """How a file of the records folder is named in messages: relative to the folder, as the user gave it."""
    return display_path(rdir, path.resolve().relative_to(rdir.path.resolve()).as_posix())


def report_followups(rdir: RecordsDir, results: list[WriteResult]) -> None:
    """A diff on stdout per dry run, one `updated` line on stderr per written record."""
    for res in results:
        label = rel_display(rdir, res.path)
        if res.dry_run:
            sys.stdout.write(res.diff(label))
            say(f"dry run: would update {label} ({', '.join(res.changes)}); nothing written")
        else:
            say(f"updated {res.id}: {', '.join(res.changes)}")


def emit(data: bytes | str, output: str | None) -> None:
    """Output to stdout, or to a file that a reader never sees half-written.

    This path skips the SafeStream on stdout, so what comes here is already guarded by its renderer, on screen
    or in a file: text by present/terminal.safe_text (render_report, render_briefing), bytes in their own grammar
    (iCalendar via present/ics, Atom via present/feed.xml_text), which need raw CRs and pass unchanged.
    """
    from jbz_cli.store.outfile import write_output

    if isinstance(data, str):
        data = data.encode("utf-8")

    if output is None or output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_output(Path(output), data)
