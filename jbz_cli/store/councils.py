"""Read a records folder's councils.toml: the TOML through the one parser, the meetings through core/councils.py."""

from __future__ import annotations

from pathlib import Path

from jbz_cli.core.councils import COUNCILS_FILE, Councils, Problem, councils_from_data
from jbz_cli.errors import RecordError
from jbz_cli.store.files import read_text
from jbz_cli.store.toml_text import parse_toml


def parse_councils(text: str, display: str = COUNCILS_FILE) -> Councils:
    """The meetings in councils.toml text; a TOML syntax error becomes the one problem, at its line and column."""
    try:
        data = parse_toml(text, display)
    except RecordError as exc:
        return Councils(problems=[Problem(exc.line or 1, exc.col or 1, exc.message)])
    return councils_from_data(data, text)


def read_councils(folder: Path, display: str) -> Councils | None:
    """The councils.toml at the top of `folder`, or None when there is none; RecordError when it cannot be read."""
    path = folder / COUNCILS_FILE
    if not path.is_file():
        return None
    return parse_councils(read_text(path, display), display)
