"""Stable line formats for pipelines: tsv, csv, ids, json and jsonl, never wrapped and never coloured."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from jbz_cli.core.query import Item
from jbz_cli.present.json_indent import dumps_indented, floatless_utf8
from jbz_cli.present.terminal import SafeText, one_line, safe_text, safe_utf8

FORMATS = ("table", "tsv", "csv", "json", "jsonl", "ids")
CSV_COLUMNS = ("id", "kind", "status", "due", "due_by", "flags", "actor", "topics", "title")

Row = tuple[str, str, str, str | None, Sequence[str], str]  # id, kind, status, due as written, flags, title


def tsv_line(rid: str, kind: str, status: str, due: str | None, flags: Sequence[str], title: str) -> str:
    """One tab-separated line; "-" for no due date or no flags, every field escaped by one_line."""
    fields = (rid, kind, status, due or "-", ",".join(flags) or "-", title)
    return "\t".join(one_line(f) for f in fields) + "\n"


def item_row(item: Item) -> Row:
    r = item.record
    return (r.id, r.kind, r.status, r.due.text if r.due else None, item.flags, r.title)


def csv_row(item: Item) -> tuple[str, ...]:
    """The CSV_COLUMNS of one item; empty cells for missing values."""
    r = item.record
    return (
        r.id,
        r.kind,
        r.status,
        r.due.text if r.due else "",
        r.due_by.isoformat() if r.due_by else "",
        ",".join(item.flags),
        r.actor or "",
        ",".join(r.topics),
        r.title,
    )


# Cells a spreadsheet would read as a formula (OWASP, "CSV Injection"): they get a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A text cell made inert: a leading `'` before a formula start, then safe_text; numbers stay numbers."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_START):
        value = "'" + value
    return safe_text(value)


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO) -> None:
    """RFC 4180 rows with a header; every cell goes through csv_cell."""
    import csv  # only csv output needs it

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_cell(c) for c in row] for row in rows)


def json_text(data: Any, indent: int | None = None, floats: bool = True) -> SafeText:
    """JSON with non-ASCII readable, but C1 controls, bidi marks and separators written as \\uXXXX escapes.

    json.dumps already escapes C0; safe_text escapes the rest with escapes that decode to the same text. With
    `floats` False the caller promises that `data` holds none, and orjson writes it (json_indent.floatless_utf8).
    """
    if indent == 2 and not floats:
        raw = floatless_utf8(data)
        if raw is not None:
            return safe_utf8(raw)
    text = json.dumps(data, ensure_ascii=False) if indent is None else dumps_indented(data, indent)
    return SafeText(safe_text(text))


def write_json(data: Any, out: TextIO, floats: bool = False) -> None:
    """One indented JSON document and a newline (json_text).

    jbz's shapes hold no floats (present/shapes.py), so the fast encoder writes them; a shape with floats (extract's
    scores) passes `floats=True`.
    """
    out.write(json_text(data, indent=2, floats=floats))
    out.write("\n")


def write_json_array(objects: Iterable[Any], out: TextIO) -> None:
    """write_json(list(objects)), byte for byte, without holding the list: each object is encoded and written as it
    comes, indented one level, between the array's brackets.

    Both encoders (json.dumps and orjson) indent an array's element as the element alone, shifted by two spaces;
    a JSON string holds no raw newline, so shifting every line of the element's text is exact.
    """
    write_json_texts((json_text(obj, indent=2, floats=False).replace("\n", "\n  ") for obj in objects), out)


def write_json_texts(texts: Iterable[str], out: TextIO) -> None:
    """write_json_array of the objects whose element texts these are: json_text (indented), each line after the
    first shifted two spaces (present/item_text.element_text)."""
    first = True
    for text in texts:
        out.write(SafeText(("[\n  " if first else ",\n  ") + text))
        first = False
    out.write(SafeText("[]\n" if first else "\n]\n"))


def write_jsonl(objects: Iterable[Any], out: TextIO) -> None:
    """One compact JSON value per line (json_text)."""
    for obj in objects:
        out.write(SafeText(json_text(obj) + "\n"))
