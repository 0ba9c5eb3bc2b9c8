"""`json.dumps(data, ensure_ascii=False, indent=N)`, byte for byte, without the pure-Python encoder's cost.

CPython 3.11 and 3.12 encode indented JSON with a generator per value (json.encoder._make_iterencode); for the
few thousand items of `jbz list --format json` on a large folder that was most of the run. `dumps_indented` writes
the same text by appending pieces to one list, with the C string encoder for every string. Only the types
json.dumps accepts without a `default` are handled; anything else raises TypeError as json.dumps does.

`dumps_floatless` is ten times faster again, through orjson, for data that holds no float: orjson spells small
floats (`1e-7` for `1e-07`) and NaN (`null`) otherwise, and for everything else writes json.dumps's text.
"""

from __future__ import annotations

import json.encoder
from typing import Any

_encode_str = json.encoder.encode_basestring  # the C version when _json is available, as json.dumps uses
_INF = float("inf")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INF:
        return "Infinity"
    if value == -_INF:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A dict key as json.dumps writes it (keys that are not strings are converted, as json does)."""
    if isinstance(key, str):
        return _encode_str(key)
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return _encode_str(int.__repr__(key))
    if isinstance(key, float):
        return _encode_str(_float(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def dumps_indented(data: Any, indent: int) -> str:
    """The text of json.dumps(data, ensure_ascii=False, indent=indent)."""
    parts: list[str] = []
    append = parts.append
    step = " " * indent

    def encode(value: Any, pad: str) -> None:
        if isinstance(value, str):
            append(_encode_str(value))
        elif value is None:
            append("null")
        elif value is True:
            append("true")
        elif value is False:
            append("false")
        elif isinstance(value, int):
            append(int.__repr__(value))
        elif isinstance(value, float):
            append(_float(value))
        elif isinstance(value, (list, tuple)):
            if not value:
                append("[]")
                return
            inner = pad + step
            append("[")
            separator = inner
            for item in value:
                append(separator)
                separator = "," + inner
                encode(item, inner)
            append(pad + "]")
        elif isinstance(value, dict):
            if not value:
                append("{}")
                return
            inner = pad + step
            append("{")
            separator = inner
            for key, item in value.items():
                append(separator)
                separator = "," + inner
                append(_key(key) + ": ")
                encode(item, inner)
            append(pad + "}")
        else:
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    encode(data, "\n")
    return "".join(parts)


def floatless_utf8(data: Any) -> bytes | None:
    """The UTF-8 of json.dumps(data, ensure_ascii=False, indent=2) for `data` without floats, through orjson; None
    for what orjson refuses (an integer beyond 64 bits, a key that is not a string, a lone surrogate) or when it is
    not installed."""
    try:  # imported here: it loads uuid and platform, which `list --format ids` has no use for
        import orjson
    except ImportError:  # pragma: no cover - a platform without an orjson wheel
        return None
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2)
    except (TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
        return None


def dumps_floatless(data: Any) -> str:
    """The text of json.dumps(data, ensure_ascii=False, indent=2) for `data` without floats (floatless_utf8, else
    dumps_indented)."""
    raw = floatless_utf8(data)
    return dumps_indented(data, 2) if raw is None else raw.decode("utf-8")
