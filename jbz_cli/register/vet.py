"""Refuse record text that `jbz check` or the reader would reject, before it is written."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jbz_cli.core.model import UNSAFE_RE
from jbz_cli.errors import RecordError
from jbz_cli.store.edits import validate_text
from jbz_cli.store.files import MAX_RECORD_BYTES
from jbz_cli.store.toml_text import parse_toml


def vet_text(text: str, rid: str, display: str) -> None:
    """Refuse text `jbz check` or the reader would reject: RecordError for an invalid record, a string with a
    control, bidi or separator character (core.model.UNSAFE_RE, check's rule), or more than the reader's
    MAX_RECORD_BYTES."""
    size = len(text.encode("utf-8"))
    if size > MAX_RECORD_BYTES:
        raise RecordError(display, f"{size:,} bytes, more than the {MAX_RECORD_BYTES:,} jbz reads")
    data = parse_toml(text, display)
    validate_text(text, rid, display)
    for where, value in _strings(data, ()):
        found = UNSAFE_RE.search(value)
        if found:
            raise RecordError(display, f"control character U+{ord(found.group()):04X} in {where}")


def _strings(value: Any, where: tuple[str, ...]) -> Iterable[tuple[str, str]]:
    if isinstance(value, str):
        yield ".".join(where), value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*where, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value, start=1):
            yield from _strings(item, (*where, str(index)))
