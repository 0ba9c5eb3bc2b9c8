"""Stable line formats for pipelines: tsv, csv, ids, json and jsonl, never wrapped and never coloured."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from jbz_cli.core.query import Item
from jbz_cli.present.terminal import one_line

FORMATS = ("table", "tsv", "csv", "json", "jsonl", "ids")
ROW_FORMATS = ("tsv", "ids")
CSV_COLUMNS = ("id", "kind", "status", "due", "due_by", "flags", "actor", "topics", "title")

Row = tuple[str, str, str, str | None, Sequence[str], str]  # id, kind, status, due as written, flags, title


def tsv_line(rid: str, kind: str, status: str, due: str | None, flags: Sequence[str], title: str) -> str:
    """One tab-separated line; "-" for no due date or no flags, every field escaped by one_line."""
    fields = (rid, kind, status, due or "-", ",".join(flags) or "-", title)
    return "\t".join(one_line(f) for f in fields) + "\n"


def write_rows(rows: Iterable[Row], fmt: str, out: TextIO) -> None:
    """tsv or ids straight from (id, kind, status, due, flags, title), so indexed runs need no Record objects.

    Raises ValueError for any other format.
    """
    if fmt == "ids":
        out.writelines(row[0] + "\n" for row in rows)
    elif fmt == "tsv":
        out.writelines(tsv_line(*row) for row in rows)
    else:
        raise ValueError(f"format {fmt!r} needs whole records")


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


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


def write_json(data: Any, out: TextIO) -> None:
    """One indented JSON document and a newline; non-ASCII stays readable."""
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(objects: Iterable[Any], out: TextIO) -> None:
    """One compact JSON value per line."""
    for obj in objects:
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
