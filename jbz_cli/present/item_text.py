"""An item's JSON text as `list --format json` writes it, kept by the index and filled in with each run's values.

A kept item (store/index_hits.shaped) is the text json_text gives the item's shape, shifted one level as an element
of the array (lines.write_json_texts), with an empty `path` and no `flags`: the two fields that depend on the run
(the folder as it was named, the flags of the as-of day). Filling it puts their text where those two values stand,
so a warm run writes each item without decoding and encoding it again; the text is byte for byte that of the whole
shape (tests/store/test_index_shapes.py). Both are top-level keys of the shape, and in this text a top-level key is
the only thing that starts a line with four spaces and a quote (a string holds no raw newline), so each is found at
its one place; they are the last keys but one, so they are looked for from the end.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from jbz_cli.core.model import Record
from jbz_cli.core.query import Item
from jbz_cli.present.lines import json_text
from jbz_cli.present.shapes import item_dict
from jbz_cli.present.terminal import SafeText

_PATH = '\n    "path": ""'
_FLAGS = '\n    "flags": []'


def item_text(record: Record) -> str:
    """The text kept for a record: the element text of its item shape with `path` "" and `flags` []."""
    shape = item_dict(Item(record, ()))
    shape["path"] = ""
    return element_text(shape)


def element_text(shape: dict[str, Any]) -> str:
    """json_text of a shape, shifted one level as an element of an array (what lines.write_json_texts writes)."""
    return json_text(shape, indent=2, floats=False).replace("\n", "\n  ")


def filled(text: str, path: str, flags: Sequence[str]) -> SafeText:
    """The element text of the kept item with this `path` and these `flags`."""
    at_path, at_flags = text.rfind(_PATH), text.rfind(_FLAGS)
    if at_path < 0 or at_flags < 0:  # not a kept item's text: decode it and write it whole
        return SafeText(element_text(item_shape(text, path, flags)))
    values = [(at_path + len(_PATH) - 2, _string(path)), (at_flags + len(_FLAGS) - 2, _flags(flags))]  # "", []
    pieces, last = [], 0
    for at, value in sorted(values):
        pieces += [text[last:at], value]
        last = at + 2
    pieces.append(text[last:])
    return SafeText("".join(pieces))


def _string(value: str) -> str:
    """json_text of a string: as it is between quotes when nothing in it is escaped (every UNSAFE code point and
    every control character is unprintable), else through the encoder."""
    if value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'
    return json_text(value, indent=2, floats=False)


_FLAG_TEXTS: dict[tuple[str, ...], str] = {}


def _flags(flags: Sequence[str]) -> str:
    """json_text of the flags as the value of a top-level key of an element (two levels in); a handful of sets,
    each made once."""
    key = tuple(flags)
    text = _FLAG_TEXTS.get(key)
    if text is None:
        text = _FLAG_TEXTS[key] = json_text(list(key), indent=2, floats=False).replace("\n", "\n    ")
    return text


def item_shape(text: str, path: str, flags: Sequence[str]) -> dict[str, Any]:
    """The item shape of a kept text, with this `path` and these `flags`."""
    data: dict[str, Any] = json.loads(text)
    data["path"] = path
    data["flags"] = list(flags)
    return data
