"""`jbz extract` and councils.toml: the Council meeting a letter belongs to, staged with the drafts, added on accept.

The meeting comes from the letter's own words (`letters.meeting`); when the letter names none, from a councils.toml
entry that lists the letter. Nothing here dates a meeting the letter does not date. `--into` stages the meeting in
DIR/councils.toml, so `jbz check DIR` verifies its quote against DIR/sources/ like the drafts'; `--accept` adds it to
the records folder's councils.toml: a new `[[council]]` block, or the letter added to a listed meeting's
`prepared_by` / `reported_by`, vetted by the same councils check before it is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jbz_cli.core.councils import COUNCILS_FILE, Council, council_for_document
from jbz_cli.core.words import letter_council_words
from jbz_cli.errors import WriteError

if TYPE_CHECKING:
    from jbz_cli.letters.metadata import LetterMeta
    from jbz_cli.store.files import RecordsDir


@dataclass(frozen=True)
class LetterCouncil:
    """The meeting a letter belongs to: `council` as the letter states it (its entry for councils.toml), the
    letter's `role` ("prepared", "reported" or None), and `listed`, the councils.toml meeting on the same first day.

    `from_letter` is False when the letter names no meeting and councils.toml lists the letter instead.
    """

    council: Council
    role: str | None
    listed: Council | None
    from_letter: bool = True

    def words(self) -> str:
        return letter_council_words(self.role, self.council.label())


def resolve_council(meta: LetterMeta, meetings: Sequence[Council]) -> LetterCouncil | None:
    """The Council of the letter `meta` describes, or None when neither the letter nor councils.toml names one."""
    from jbz_cli.letters.meeting import as_council

    if meta.meeting is not None:
        council = as_council(meta.meeting, meta.document, meta.url)
        listed = next((m for m in meetings if m.start == council.start), None)
        return LetterCouncil(council, meta.meeting.role, listed)
    listed = council_for_document(meetings, meta.document) if meta.document else None
    if listed is None:
        return None
    prepared = council_for_document([Council(listed.dates, prepared_by=listed.prepared_by)], meta.document or "")
    return LetterCouncil(listed, "prepared" if prepared else "reported", listed, from_letter=False)


def stage_council(found: LetterCouncil | None, staging: Path, rdir: RecordsDir, listed: Sequence[Council]) -> None:
    """Write the letter's meeting to staging/councils.toml when the records' councils.toml lacks it or the letter;
    say on stderr what `--accept` will do, or that there is nothing to do."""
    from jbz_cli.store.councils import HEADER, council_block, is_listed, merge_council, parse_councils
    from jbz_cli.store.files import read_text
    from jbz_cli.store.fsio import atomic_write

    if found is None:
        typer.echo(
            f"council: the letter names no JBZ Council meeting with its date; none staged for {COUNCILS_FILE}", err=True
        )
        return
    if not found.from_letter:
        typer.echo(f"council: the letter {found.words()} (from {COUNCILS_FILE})", err=True)
        return
    if is_listed(listed, found.council):
        typer.echo(f"council: the letter {found.words()}, already in {COUNCILS_FILE}", err=True)
        return
    path = staging / COUNCILS_FILE
    if path.is_file():  # a meeting staged from an earlier letter stays; this one joins it
        text = read_text(path, str(path))
        merged = merge_council(text, parse_councils(text, str(path)).meetings, found.council)
        if merged is not None:
            atomic_write(path, merged[0])
    else:
        atomic_write(path, HEADER + "\n" + council_block(found.council))
    unsure = "" if found.role else "; the letter does not say whether it prepares or reports on it, so add it by hand"
    typer.echo(
        f"council: the letter {found.words()}; staged in {staging / COUNCILS_FILE}, "
        f"which --accept adds to {rdir.display}/{COUNCILS_FILE}{unsure}",
        err=True,
    )


def council_ready(staging: Path, root: Path, rdir: RecordsDir) -> tuple:
    """(staged, target, shown, text, current) for accepting staging/councils.toml; WriteError when either file is
    broken or the target is a symbolic link. Called before any draft is written, so a refusal changes nothing."""
    from jbz_cli.store.councils import parse_councils
    from jbz_cli.store.files import read_text
    from jbz_cli.store.guard import guard

    staged_path = staging / COUNCILS_FILE
    staged = parse_councils(read_text(staged_path, str(staged_path)), str(staged_path))
    target = guard(root, root / COUNCILS_FILE)  # a linked councils.toml is refused, never copied into a file
    shown = f"{rdir.display}/{COUNCILS_FILE}"
    text = read_text(target, shown, root) if target.is_file() else None
    if staged.problems or not staged.meetings:
        where = f"{staged.problems[0].line}: {staged.problems[0].message}" if staged.problems else " no meeting in it"
        raise WriteError(f"{staged_path}:{where}; fix it or delete it, then accept again")
    current = parse_councils(text, shown) if text is not None else None
    if current is not None and current.problems:
        raise WriteError(f"{shown}:{current.problems[0].line}: {current.problems[0].message}; fix it first")
    return staged, target, shown, text, current


def accept_council(staging: Path, root: Path, rdir: RecordsDir) -> bool:
    """Add the meetings staged in staging/councils.toml to root/councils.toml and remove the staged file.

    Returns False when nothing was staged. Raises WriteError when either file is broken or the result would fail
    `jbz check`; then neither file changes.
    """
    from jbz_cli.check.councils import check_councils
    from jbz_cli.check.diagnostics import ERROR
    from jbz_cli.check.files import Folder
    from jbz_cli.store.councils import merge_council, parse_councils
    from jbz_cli.store.guard import write_inside

    staged_path = staging / COUNCILS_FILE
    if not staged_path.is_file():
        return False
    staged, target, shown, text, current = council_ready(staging, root, rdir)
    meetings = list(current.meetings) if current else []
    changes = []
    for council in staged.meetings:
        merged = merge_council(text, meetings, council)
        if merged is None:
            continue
        text, change = merged
        changes.append(change)
        meetings = parse_councils(text, shown).meetings
    if text is not None and changes:
        folder = Folder.scan(root, rdir.display)
        errors = [d for d in check_councils(target, shown, folder, ("syntax", "schema"), text) if d.severity == ERROR]
        if errors:
            raise WriteError(f"refused: jbz check would reject {shown}: {errors[0].headline()}; nothing was written")
        write_inside(root, target, text)
    staged_path.unlink()
    for change in changes or [f"nothing to add; {shown} already lists the meeting"]:
        typer.echo(f"{COUNCILS_FILE}: {change}", err=True)
    return True
