"""`jbz extract`: read a new letter, propose its records, stage drafts and accept them after review.

The letter's bytes are read here (a file or stdin) and handed to `jbz_cli.letters`, which never touches files;
drafts are built by `store.drafts` and written with `store.fsio.atomic_write`.
"""

from __future__ import annotations

import contextlib
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jbz_cli.cli.context import ReadOptions, make_run
from jbz_cli.cli.formats import choose_format
from jbz_cli.cli.loading import read_records
from jbz_cli.cli.options import Argument, Option, WriteRecordsOpt
from jbz_cli.core.councils import COUNCILS_FILE
from jbz_cli.core.dates import parse_day
from jbz_cli.core.model import record_id_of
from jbz_cli.env import Environment
from jbz_cli.errors import ExitStatus, RecordError, UsageError, WriteError
from jbz_cli.present.views.extract import EXTRACT_FORMATS

if TYPE_CHECKING:
    from jbz_cli.cli.context import Run
    from jbz_cli.letters.candidates import Candidate
    from jbz_cli.letters.match import KnownQuote
    from jbz_cli.letters.metadata import LetterMeta
    from jbz_cli.letters.pipeline import Extraction
    from jbz_cli.store.files import RecordsDir

DEFAULT_STAGING = "drafts"


def interactive(env: Environment) -> bool:
    """Whether a person can answer prompts (stdin and stderr are a terminal)."""
    return env.stdin_tty and sys.stderr.isatty()


def _read_letter(letter: str) -> tuple[str, str]:
    """(display name, text) of LETTER, or of stdin for "-"; one-line UsageError naming the file otherwise."""
    from jbz_cli.letters.readers import ReadError, letter_text
    from jbz_cli.store.intake import read_path, read_stream

    name = "<stdin>" if letter == "-" else letter
    try:
        data = read_stream(sys.stdin.buffer, name, "letter") if letter == "-" else read_path(letter, name, "letter")
    except IsADirectoryError:
        raise UsageError(f"{name}: is a folder, not a letter") from None
    except OSError as exc:
        raise UsageError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        return name, letter_text(data, "" if letter == "-" else letter)
    except ReadError as exc:
        raise UsageError(f"{name}: {exc}") from None


def _known(run: Run) -> list[KnownQuote]:
    """The quotes of the existing records, so tracked sentences are not proposed twice."""
    from jbz_cli.letters.match import KnownQuote

    loaded = read_records(run.rdir, run.env)
    return [KnownQuote(r.id, r.kind, r.source.quote) for r in loaded.records if r.source is not None and r.source.quote]


def _staged(staging: Path) -> list[KnownQuote]:
    """The quotes of the drafts already in `staging`, so running extract again does not stage them twice."""
    from jbz_cli.letters.match import KnownQuote
    from jbz_cli.store.toml_text import parse_toml

    found = []
    for path in sorted(p for p in staging.glob("*.toml") if p.name != COUNCILS_FILE):
        try:
            data = parse_toml(_draft_text(path), str(path))
        except RecordError:
            continue  # an unreadable draft is for `jbz check` to report; it cannot match anyway
        source = data.get("source")
        quote = source.get("quote") if isinstance(source, dict) else None
        if isinstance(quote, str) and quote:
            found.append(KnownQuote(record_id_of(path.name), str(data.get("kind", "")), quote))
    return found


def _draft_text(path: Path) -> str:
    """A staged draft's text, read as `jbz check` reads a record: one line naming the file for binary or non-UTF-8."""
    from jbz_cli.store.files import read_text

    return read_text(path, str(path))


def _draft(cand: Candidate, meta: LetterMeta) -> str:
    """The draft record text of a commitment, deadline or decision candidate."""
    from jbz_cli.store.add import NewRecord
    from jbz_cli.store.drafts import draft_text

    req = NewRecord(
        kind=cand.kind,
        title=cand.title,
        due=cand.due,
        actor=cand.actor,
        promised_to=cand.promised_to,
        document=meta.document,
        source_date=cand.date,
        section=cand.section or None,
        quote=cand.quote,
        url=meta.url,
    )
    return draft_text(req, cand.due_phrase, cand.vague)


def _stage(result: Extraction, staging: Path, rdir: RecordsDir) -> None:
    """Write one draft per new candidate into `staging`, and the clean letter into staging/sources/."""
    from jbz_cli.letters.match import already_tracked
    from jbz_cli.letters.metadata import source_file_name
    from jbz_cli.letters.pipeline import source_text
    from jbz_cli.store.drafts import draft_id_base
    from jbz_cli.store.fsio import atomic_write
    from jbz_cli.store.ids import existing_ids, unique_id

    staging.mkdir(parents=True, exist_ok=True)
    taken = set(existing_ids(rdir.path)) if rdir.path.is_dir() else set()
    taken |= {record_id_of(p.name) for p in staging.glob("*.toml") if p.name != COUNCILS_FILE}
    staged = _staged(staging)
    written = 0
    seen: set[tuple[str, str | None]] = set()
    for cand in result.candidates:
        if cand.tracked:
            typer.echo(f"already tracked: {cand.tracked}", err=True)
            continue
        if cand.kind == "fulfilment":
            hint = (
                f"jbz followup {cand.matches} --note ... --evidence '{cand.document}'" if cand.matches else "no record"
            )
            typer.echo(f"fulfilment ({hint}): {cand.quote[:80]}", err=True)
            continue
        if (cand.quote, cand.due) in seen:
            continue
        staged_as = already_tracked(cand.quote, staged)
        if staged_as:
            typer.echo(f"already staged: {staged_as}", err=True)
            continue
        seen.add((cand.quote, cand.due))
        new_id = unique_id(draft_id_base(None, cand.title), taken)  # the title begins with the actor
        taken.add(new_id)
        atomic_write(staging / f"{new_id}.toml", _draft(cand, result.meta), create=True)
        written += 1
        if cand.matches:
            typer.echo(f"new date or number for {cand.matches}? staged as {new_id}", err=True)
    name = source_file_name(result.meta)
    if not result.meta.document and written:
        typer.echo(
            'no document number read from the letter; --accept refuses these drafts: use --document "…"', err=True
        )
    if name:
        (staging / "sources").mkdir(exist_ok=True)
        atomic_write(staging / "sources" / name, source_text(result))
    typer.echo(
        f"wrote {written} drafts to {staging}; review them, then: jbz extract --accept --into {staging}", err=True
    )


def _staging_error(staging: Path, exc: OSError) -> UsageError:
    """One line for a staging folder that cannot be made or written: a file in the way, or no such place."""
    if staging.exists() and not staging.is_dir():
        return UsageError(f"{staging}: not a folder")
    where = Path(exc.filename) if exc.filename else staging
    return UsageError(f"{where}: cannot be created or written: {exc.strerror or exc}")


def _review(path: Path, env: Environment) -> str:
    """Show one draft and ask what to do with it: "a" accept, "s" skip, "q" stop; "e" edits first."""
    from jbz_cli.cli.editor import edit_draft

    while True:
        typer.echo(f"\n--- {path.name}\n{_draft_text(path)}", err=True)
        try:
            answer = typer.prompt("(a)ccept, (e)dit, (s)kip, (q)uit?", err=True).strip().lower()[:1]
        except (typer.Abort, EOFError):
            return "q"
        if answer == "e":
            edit_draft(path, env)
            continue
        if answer in ("a", "s", "q"):
            return answer


def _accept(staging: Path, rdir: RecordsDir, env: Environment, review: bool = False) -> ExitStatus:
    """Move the drafts in `staging` into the records folder (without `draft = true`), and its sources.

    With `review`, each draft is shown and accepted, edited or skipped; skipped drafts stay staged. A draft
    that `jbz check` would reject in the records folder stays staged too, named on one line: FINDINGS then.
    """
    from jbz_cli.cli.extract_council import accept_council, council_ready
    from jbz_cli.store.drafts import undraft
    from jbz_cli.store.guard import guard, write_inside
    from jbz_cli.store.ids import existing_ids, writable_root

    root = writable_root(rdir)
    drafts = sorted(p for p in staging.glob("*.toml") if p.name != COUNCILS_FILE)
    council = staging / COUNCILS_FILE
    if not drafts and not council.is_file():
        raise UsageError(f"{staging}: no drafts to accept")
    taken = existing_ids(root)
    # Everything is checked before anything is written: every draft as `jbz check` reads it (same lines), the
    # sources/ and councils.toml targets (no symbolic link), so a refusal leaves the records as they were.
    sources = sorted((staging / "sources").glob("*.txt")) if (staging / "sources").is_dir() else []
    targets = [guard(root, root / "sources" / source.name) for source in sources]
    if council.is_file():
        council_ready(staging, root, rdir)
    for path in drafts:  # a draft that is not even text stops everything; one refused by a check is kept staged
        if review:
            _draft_text(path)
        else:
            _ready(path, taken, root)
    # The staged letter joins the records first, unless they hold that letter already: either way each draft
    # is checked against the source text that stays in records/sources/.
    for source, target in zip(sources, targets, strict=True):
        if not target.exists():
            write_inside(root, target, source.read_bytes(), create=True)
    moved = refused = 0
    stopped = False
    for path in drafts:
        if review:
            answer = _review(path, env)
            if answer == "q":
                stopped = True
                break
            if answer == "s":
                continue
        try:
            folder = _ready(path, taken, root)
        except (RecordError, WriteError) as exc:  # checked up front without --review; here it skips one draft
            typer.echo(f"not accepted, kept in {staging}: {exc}", err=True)
            refused += 1
            continue
        text = undraft(_draft_text(path))
        problem = _rejected(folder / path.name, text, rdir)
        if problem:
            typer.echo(f"not accepted, kept in {staging}: {path.name}: {problem}", err=True)
            refused += 1
            continue
        write_inside(root, folder / path.name, text, create=True)
        path.unlink()
        moved += 1
    typer.echo(f"accepted {moved} records into {rdir.display}", err=True)
    if council.is_file() and not stopped and (not review or _review(council, env) == "a"):
        accept_council(staging, root, rdir)
    _tidy(staging, root)
    return ExitStatus.of(refused)


def _ready(path: Path, taken: dict, root: Path) -> Path:
    """The records folder a draft goes to; RecordError at the line `jbz check` names, or WriteError for a used id."""
    from jbz_cli.letters.metadata import folder_for
    from jbz_cli.store.drafts import undraft
    from jbz_cli.store.edits import validate_text
    from jbz_cli.store.guard import guard

    staged, record_id = _draft_text(path), record_id_of(path.name)
    validate_text(staged, record_id, str(path))  # the draft as written, so the line is the one in the file
    record = validate_text(undraft(staged), record_id, str(path))
    if record_id in taken:
        raise WriteError(f"{path}: id {record_id!r} is already used by {taken[record_id][0]}; rename the draft")
    document = record.source.document if record.source else None
    if not document:  # without it the letter is not kept in sources/ and no one can find the quote again
        raise WriteError(
            f"{path}: names no document, so its letter cannot be kept with the records; "
            'extract the letter again with --document "Kamerstuk 32 317, nr. …"'
        )
    return guard(root, root / folder_for(document))


def _tidy(staging: Path, root: Path) -> None:
    """Once every draft is accepted, drop the staged letters the records now hold, and the emptied folders."""
    if any(staging.glob("*.toml")):
        return
    sources = staging / "sources"
    for source in sorted(sources.glob("*.txt")) if sources.is_dir() else []:
        kept = root / "sources" / source.name
        if kept.is_file() and not kept.is_symlink():
            source.unlink()
    for folder in (sources, staging):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty: anything else a user put there stays


def _rejected(dest: Path, text: str, rdir: RecordsDir) -> str | None:
    """The first `jbz check` error the record would have at `dest` in the records folder, or None.

    Checked against the records' own sources/: a quote taken from the staged, cleaned letter may not be in
    an older copy of the letter kept there.
    """
    from jbz_cli.check.diagnostics import ERROR
    from jbz_cli.check.run import check_text
    from jbz_cli.cli.context import environment, resolve_as_of
    from jbz_cli.cli.output import rel_display

    today = resolve_as_of(None, environment())
    found = [
        d
        for d in check_text(dest, rel_display(rdir, dest), text, rdir.path.resolve(), rdir.display, today)
        if d.severity == ERROR
    ]
    return f"jbz check would reject it: {found[0].message} [{found[0].rule}]" if found else None


def extract_command(
    letter: Annotated[
        str | None, Argument(metavar="LETTER", help="The letter: .txt, .html or .pdf, or - for stdin.")
    ] = None,
    fmt: Annotated[
        str | None,
        Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"Output format: {', '.join(EXTRACT_FORMATS[:-1])} or {EXTRACT_FORMATS[-1]} (default: table).",
        ),
    ] = None,
    into: Annotated[
        str | None, Option("--into", metavar="DIR", help="Write draft records to this staging folder.")
    ] = None,
    document: Annotated[
        str | None, Option("--document", metavar="TEXT", help='The document, e.g. "Kamerstuk 32 317, nr. 987".')
    ] = None,
    letter_date: Annotated[
        str | None, Option("--date", metavar="YYYY-MM-DD", help="The letter's date (default: read from it).")
    ] = None,
    accept: Annotated[
        bool, Option("--accept", help="Move the reviewed drafts in --into DIR into the records folder.")
    ] = False,
    review: Annotated[
        bool, Option("--review", help="Go through the drafts in --into DIR one by one: accept, edit or skip.")
    ] = False,
    records: WriteRecordsOpt = None,
) -> ExitStatus:
    """Propose the decisions, commitments and deadlines in a new letter, for review."""
    from jbz_cli.letters.pipeline import LetterError, extract_letter

    run = make_run(ReadOptions(records=records))
    if review and not interactive(run.env):
        raise UsageError("--review asks about each draft on a terminal; without one, use --accept")
    if accept or review:
        return _accept(Path(into or DEFAULT_STAGING), run.rdir, run.env, review=review)
    if letter is None:
        raise UsageError("missing LETTER; usage: jbz extract LETTER [--format table|json|toml] [--into DIR]")
    chosen = choose_format(fmt, False, EXTRACT_FORMATS, "table")
    day: date | None = None
    if letter_date is not None:
        try:
            day = parse_day(letter_date, "--date")
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    name, text = _read_letter(letter)
    try:
        result = extract_letter(text, document=document, letter_date=day, known=_known(run))
    except LetterError as exc:
        raise UsageError(f"{name}: {exc}") from None
    from jbz_cli.cli.commands.councils import read_councils
    from jbz_cli.cli.extract_council import resolve_council, stage_council

    meetings = read_councils(run.rdir)[0].meetings
    council = resolve_council(result.meta, meetings)
    if into is not None:
        staging = Path(into)
        try:
            _stage(result, staging, run.rdir)
            stage_council(council, staging, run.rdir, meetings)
        except OSError as exc:
            raise _staging_error(staging, exc) from None
        typer.echo(f"{name}: {result.coverage()}", err=True)
        return ExitStatus.OK
    from jbz_cli.present.views.extract import write_drafts_toml, write_extract_json, write_extract_table

    if chosen == "json":
        write_extract_json(result, sys.stdout, council)
    elif chosen == "toml":
        drafts = [_draft(c, result.meta) for c in result.candidates if c.kind != "fulfilment" and not c.tracked]
        write_drafts_toml(drafts, sys.stdout)
    else:
        write_extract_table(result, sys.stdout, council)
    typer.echo(f"{name}: {result.coverage()}", err=True)
    return ExitStatus.OK
