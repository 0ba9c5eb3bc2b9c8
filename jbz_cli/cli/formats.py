"""Choosing the output format: the one rule for `--format`/`--json` (choose_format, text and table as one name),
and for `-o FILE`: a known extension names the format, and one the command cannot write is refused.

Before this, `report -o r.pdf` and `brief -o b.json` wrote Markdown under a name that promised something else.
"""

from __future__ import annotations

from pathlib import PurePath

from jbz_cli.errors import UsageError

# Extension (lower case, without the dot) -> the format of that name in every command's vocabulary.
EXTENSIONS = {
    "md": "md",
    "markdown": "md",
    "html": "html",
    "htm": "html",
    "txt": "text",
    "text": "text",
    "json": "json",
    "jsonl": "jsonl",
    "ndjson": "jsonl",
    "tsv": "tsv",
    "csv": "csv",
    "ics": "ics",
    "atom": "atom",
    "xml": "atom",
}


def output_format(output: str | None, fmt: str | None, formats: tuple[str, ...], default: str, command: str) -> str:
    """--format when given (the caller still checks it), else the format the -o file's extension names, else
    `default` (stdout, `-`, or a name without an extension).

    UsageError for an extension this command cannot write (`brief -o b.json`) or that names no format (`.pdf`),
    with the extensions it can write, before anything is written.
    """
    if fmt:
        return fmt
    if not output or output == "-":
        return default
    suffix = PurePath(output).suffix.lower().lstrip(".")
    if not suffix:
        return default
    writable = ", ".join(f".{ext}" for ext, name in EXTENSIONS.items() if name in formats)
    named = EXTENSIONS.get(suffix)
    if named is None:
        raise UsageError(f"-o {output}: jbz {command} cannot write .{suffix} files; use {writable}, or give --format")
    if named not in formats:
        raise UsageError(
            f"-o {output}: jbz {command} cannot write {named} (.{suffix}); it writes {', '.join(formats)} ({writable})"
        )
    return named


# The human-readable format is `text` on some commands and `table` on others; either name asks for it everywhere.
FORMAT_ALIASES = {"text": "table", "table": "text"}


def choose_format(fmt: str | None, as_json: bool, formats: tuple[str, ...], default: str, expected: str = "") -> str:
    """--json, else --format, else the default; UsageError unless the result is one of `formats`.

    `expected` replaces the "one of a, b, c" wording of the error where a command words it differently. Asking for
    two formats (`--format tsv --json`) is a UsageError rather than a silent choice.
    """
    if as_json and fmt is not None and fmt != "json":
        raise UsageError(f"--format {fmt} and --json ask for two different formats; give one")
    chosen = "json" if as_json else (default if fmt is None else fmt)
    if chosen not in formats and FORMAT_ALIASES.get(chosen) in formats:
        chosen = FORMAT_ALIASES[chosen]
    if chosen not in formats:
        raise UsageError(f"unknown format {chosen!r}: expected {expected or 'one of ' + ', '.join(formats)}")
    return chosen
