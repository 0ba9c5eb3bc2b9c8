"""Indented JSON output is exactly what json.dumps writes, for every value json.dumps accepts."""

from __future__ import annotations

import io
import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jbz_cli.present.json_indent import dumps_floatless, dumps_indented
from jbz_cli.present.lines import json_text, write_json, write_json_array
from jbz_cli.present.terminal import one_line, safe_text, safe_utf8

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5) | st.integers() | st.booleans() | st.none(), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(VALUES, st.integers(min_value=0, max_value=4))
def test_same_text_as_json_dumps(value: object, indent: int) -> None:
    assert dumps_indented(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


def test_special_floats_and_float_keys_as_json_writes_them() -> None:
    value = {1.5: [math.inf, -math.inf, math.nan], "é\u2028\x00": {}, "x": []}
    assert dumps_indented(value, 2) == json.dumps(value, ensure_ascii=False, indent=2)


def test_what_json_cannot_write_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        dumps_indented({"when": object()}, 2)
    with pytest.raises(TypeError):
        dumps_indented({(1, 2): 1}, 2)


FLOATLESS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(FLOATLESS)
def test_floatless_json_is_json_dumps_text(value: object) -> None:
    """The fast encoder of jbz's shapes (no floats) writes json.dumps's bytes, surrogates and huge ints included."""
    assert dumps_floatless(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_floatless_json_falls_back_for_what_orjson_refuses() -> None:
    value = {"big": 2**70, "lone": "\ud800", "nested": [{}, [], ""]}
    assert dumps_floatless(value) == json.dumps(value, ensure_ascii=False, indent=2)
    assert dumps_floatless({1: "x", None: 2}) == json.dumps({1: "x", None: 2}, ensure_ascii=False, indent=2)


@given(st.text(st.characters(blacklist_categories=["Cs"])))
def test_the_byte_scan_escapes_what_safe_text_escapes(text: str) -> None:
    """safe_utf8 skips the character scan only for bytes that cannot hold an unsafe code point."""
    assert safe_utf8(text.encode("utf-8")) == safe_text(text)


@pytest.mark.parametrize("char", ["\x1b", "\x7f", "\x85", "\u061c", "\u200e", "\u2028", "\u202e", "\u2069"])
def test_json_of_a_shape_with_a_control_character_keeps_it_escaped(char: str) -> None:
    text = json_text({"title": f"a{char}b – ok"}, indent=2, floats=False)
    assert char not in text and json.loads(text) == {"title": f"a{char}b – ok"}


def test_every_unsafe_code_point_is_unprintable() -> None:
    """safe_text and one_line skip their scans for printable text; that is only right while this holds."""
    from jbz_cli.core.model import UNSAFE_RANGES

    assert not [hex(c) for lo, hi in UNSAFE_RANGES for c in range(lo, hi + 1) if chr(c).isprintable()]
    assert not any(chr(c).isprintable() for c in (0x09, 0x0A, 0x0D))


@given(st.text())
def test_one_line_keeps_every_field_on_its_line(text: str) -> None:
    out = one_line(text)
    assert not any(c in out for c in "\t\n\r") and safe_text(out) == out
    assert out == safe_text(text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"))


FLOATLESS = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@given(st.lists(FLOATLESS, max_size=5))
def test_a_streamed_array_is_the_array_written_whole(values: list[object]) -> None:
    """`list --format json` writes each shape as it comes; the bytes are those of the whole list, brackets included."""
    whole, streamed = io.StringIO(), io.StringIO()
    write_json(values, whole)
    write_json_array(iter(values), streamed)
    assert streamed.getvalue() == whole.getvalue()
