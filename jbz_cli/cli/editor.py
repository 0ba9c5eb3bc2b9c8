"""`jbz edit`'s loop, crontab -e style: edit a copy, validate it, and only then replace the record.

An invalid edit is offered again, restored or kept on purpose; the original file is never half-written.
"""

from __future__ import annotations

import contextlib
import shlex
import subprocess
import sys
from pathlib import Path

import typer

from jbz_cli.cli.output import rel_display
from jbz_cli.cli.vet import check_vet
from jbz_cli.env import Environment
from jbz_cli.errors import RecordError, UsageError, WriteError
from jbz_cli.store.files import RecordsDir, read_text


def run_editor(path: Path, env: Environment) -> None:
    """Run $VISUAL/$EDITOR on `path` and wait; WriteError when it cannot start or exits non-zero."""
    if not env.stdin_tty and not (env.vars.get("VISUAL") or env.vars.get("EDITOR")):
        # Without a terminal, vi would wait for keys that never come (or eat the piped input).
        raise UsageError("jbz edit needs a terminal, or $VISUAL or $EDITOR set to an editor that needs none")
    command = env.editor
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise UsageError(f"cannot read $VISUAL/$EDITOR {command!r}: {exc}") from None
    if not argv:
        argv = ["vi"]
    try:
        code = subprocess.call([*argv, str(path)])
    except OSError as exc:
        raise WriteError(f"cannot start editor {argv[0]!r}: {exc.strerror or exc}; nothing was changed") from None
    if code != 0:
        raise WriteError(f"editor exited with status {code}; nothing was changed")


def check_refusal(rdir: RecordsDir, path: Path, new_text: str, original: str) -> str | None:
    """Why `jbz check` would reject the edited text (an error it did not have before), or None.

    Asked inside the edit loop, so the answer can be to edit again, restore, or keep it on purpose.
    """
    try:
        check_vet(rdir)(path, new_text, original)
    except WriteError as exc:
        return str(exc).removesuffix("; nothing was written")
    return None


def ask_after_invalid() -> str:
    """crontab -e style: edit again, restore the original, or keep the invalid file on purpose."""
    while True:
        try:
            answer = typer.prompt("(e)dit again, (r)estore original, (k)eep anyway?", err=True)
        except (typer.Abort, EOFError):
            typer.echo("", err=True)  # end the prompt's line, so the answer is not run into it
            return "r"
        choice = answer.strip().lower()[:1]
        if choice in ("e", "r", "k"):
            return choice


def edit_record(rdir: RecordsDir, record_id: str, dry_run: bool, env: Environment) -> bool:
    """Edit one record in the editor; whether it ended with a valid file (an unchanged one counts).

    False when the edit was abandoned (restored) or an invalid file was kept on purpose, so the command exits
    non-zero and a script sees it. Raises NotFoundError, WriteError (keeping the edited copy) or UsageError.
    """
    from jbz_cli.store.edits import edit_copy, replace_checked, validate_text
    from jbz_cli.store.ids import find_record, writable_root

    root = writable_root(rdir)
    path = find_record(root, record_id)
    label = rel_display(rdir, path)
    original = read_text(path, label)
    copy = edit_copy(path)
    keep_copy = False
    valid = True
    try:
        while True:
            run_editor(copy, env)
            try:
                new_text = read_text(copy, label)
            except RecordError as exc:
                problem: RecordError | None = exc
                new_text = copy.read_bytes().decode("utf-8", "replace")
            else:
                problem = None
            if problem is None and new_text == original:
                typer.echo(f"no changes; {label} is unchanged", err=True)
                return True
            if problem is None:
                try:
                    validate_text(new_text, record_id, label)
                except RecordError as exc:
                    problem = exc
            refusal = str(problem) if problem is not None else check_refusal(rdir, path, new_text, original)
            if refusal is None:
                break
            typer.echo(refusal, err=True)
            choice = ask_after_invalid()
            if choice == "e":
                continue
            if choice == "r":
                typer.echo(f"restored; {label} is unchanged and the edit was not applied", err=True)
                return False
            typer.echo(f"keeping {label} although it is invalid", err=True)
            valid = False
            break
        try:
            res = replace_checked(rdir, record_id, original, new_text, dry_run=dry_run)
        except WriteError as exc:
            keep_copy = True
            raise WriteError(f"{exc}; your edited copy is {copy}") from None
        if dry_run:
            sys.stdout.write(res.diff(label))
            typer.echo(f"dry run: would update {label}; nothing written", err=True)
        else:
            typer.echo(f"updated {label}", err=True)
        return valid
    finally:
        if not keep_copy:
            with contextlib.suppress(OSError):
                copy.unlink()


def edit_draft(path: Path, env: Environment) -> None:
    """Edit a staged draft as `jbz edit` edits a record: on a copy, and the draft is replaced only by a valid edit.

    An editor that fails or leaves something `--accept` would refuse keeps the draft as it was, with one line
    saying why, so the review can go on (and the reviewer can edit again).
    """
    from jbz_cli.core.councils import COUNCILS_FILE
    from jbz_cli.core.model import record_id_of
    from jbz_cli.store.councils import parse_councils
    from jbz_cli.store.edits import edit_copy, validate_text
    from jbz_cli.store.fsio import atomic_write

    original = read_text(path, str(path))
    copy = edit_copy(path)
    try:
        run_editor(copy, env)
        new_text = read_text(copy, str(path))
        if new_text != original:
            if path.name == COUNCILS_FILE:
                found = parse_councils(new_text, str(path)).problems
                if found:
                    raise RecordError(str(path), found[0].message, found[0].line)
            else:
                validate_text(new_text, record_id_of(path.name), str(path))
            atomic_write(path, new_text)
    except (RecordError, WriteError) as exc:
        typer.echo(f"{exc}; {path.name} is kept as it was", err=True)
    finally:
        with contextlib.suppress(OSError):
            copy.unlink()
