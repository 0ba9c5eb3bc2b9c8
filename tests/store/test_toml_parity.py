"""The fast TOML path (toml-rs) never changes an answer: `toml_text.loads` returns exactly what tomli returns (same
types, key order, float signs and time zones) and fails exactly when tomli fails, with tomli's message.

Three sources of documents: hand-written cases where the two parsers are known to differ, generated TOML (valid
documents written by tomli-w and token soup that is often invalid), and byte mutations of the bundled records.
"""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli
import tomli_w
from hypothesis import example, given
from hypothesis import strategies as st

from jbz_cli.errors import RecordError
from jbz_cli.store import toml_text
from jbz_cli.store.toml_text import loads, parse_toml

RECORDS = Path(__file__).resolve().parents[2] / "records"
BUNDLED = sorted(RECORDS.rglob("*.toml"))
BUNDLED_TEXTS = [path.read_text(encoding="utf-8") for path in BUNDLED]


def canonical(value: Any) -> Any:
    """A form that is equal only when the two values are the same in every way a caller could notice."""
    if isinstance(value, dict):
        return ("dict", [(key, canonical(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [canonical(item) for item in value])
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else value.hex(), math.copysign(1.0, value))
    if isinstance(value, (datetime, time)):
        zone = value.tzinfo
        return (type(value).__name__, repr(value), type(zone).__name__, repr(zone))
    return (type(value).__name__, repr(value))


def outcome(parse: Any, text: str) -> tuple[Any, ...]:
    try:
        return ("ok", canonical(parse(text)))
    except RecursionError:
        return ("deep",)
    except tomli.TOMLDecodeError as exc:
        return ("error", str(exc))
    except ValueError as exc:  # Python's own digit limit, which tomli meets when it converts an integer
        return ("value", str(exc))


def assert_same(text: str) -> None:
    assert outcome(loads, text) == outcome(tomli.loads, text), repr(text)


KNOWN = {
    # a fast parser (toml-rs, or rtoml before it) and tomli disagreed on each of these: value, type or acceptance.
    "offset datetime Z": "a = 1979-05-27T07:32:00Z",
    "offset datetime lower z": "a = 1979-05-27t07:32:00z",
    "offset datetime +hh:mm": "a = 1979-05-27T07:32:00+01:30",
    "offset datetime -00:00": "a = 1979-05-27 07:32:00.5-00:00",
    "offset datetime fraction": "a = [1979-05-27T07:32:00.999999999+05:45]",
    "CRLF in a multi-line string": 'a = """\r\nx\r\ny"""\r\n',
    "CRLF in a multi-line literal string": "a = '''\r\nx\r\ny'''\r\n",
    "CRLF line continuation": 'a = """x \\\r\n   y"""',
    "CRLF file": 'kind = "decision"\r\n[source]\r\ndate = 2025-01-01\r\n',
    "lone CR": "a = 1\rb = 2",
    "CR in a comment": "a = 1 # x\ry",
    "byte order mark": "\ufeffa = 1",
    "byte order mark later": "a = 1\n\ufeffb = 2",
    "float overflow": "a = 1e1000\nb = -1e400",
    "deep nesting": "a = " + "[" * 3000 + "]" * 3000,
    "nesting a fast parser refuses": "a = " + "[" * 200 + "]" * 200,
    "lone surrogate in a string": 'a = "\ud800"',
    "lone surrogate in a comment": "a = 1 # \udfff",
    "integer past 64 bits": "a = 9223372036854775808\nb = -9223372036854775809\nc = 0xffffffffffffffffff",
    "integer over the digit limit": "a = " + "9" * 4301,
    "integer over the digit limit, with underscores": "a = 1" + "_000" * 1500,
    "integer limits": "a = 9223372036854775807\nb = -9223372036854775808",
    "nan and inf with signs": "a = nan\nb = -nan\nc = +nan\nd = inf\ne = -inf\nf = +inf\ng = -0.0",
    "local datetime": "a = 1979-05-27T07:32:00.9999999\nb = 1979-05-27 07:32:00\nc = 07:32:00.1234567",
    "dates": "a = 2000-02-29\nb = 1979-05-27",
    "impossible dates": "a = 2001-02-29",
    "second 60": "a = 1979-05-27T07:32:60",
    "hour 24": "a = 24:00:00",
    "time without seconds (TOML 1.1)": "a = 07:32\nb = 1979-05-27T07:32",
    "escape \\e (TOML 1.1)": 'a = "\\e"',
    "escape \\x (TOML 1.1)": 'a = "\\x41"',
    "unknown escape": 'a = "\\q"',
    "escaped surrogate": 'a = "\\uD800"',
    "escape past U+10FFFF": 'a = "\\U00110000"',
    "newline in an inline table (TOML 1.1)": "a = {b = 1,\n c = 2}",
    "trailing comma in an inline table (TOML 1.1)": "a = {b = 1,}",
    "duplicate key": "a = 1\na = 2",
    "duplicate key, once quoted": 'a = 1\n"a" = 2',
    "duplicate table": "[a]\nb = 1\n[a]\nc = 2",
    "table after dotted keys": "a.b = 1\n[a]\nc = 2",
    "dotted keys into a defined table": "[a.b]\nc = 1\n[a]\nb.d = 2",
    "sub-table after dotted keys": "[x]\na.b = 1\n[x.a]\nc = 1",
    "super-table after sub-table": "[a.b]\nc = 1\n[a]\nd = 2",
    "extending an inline table": "a = {b = 1}\na.c = 2",
    "table over an inline table": "a = {}\n[a]",
    "array of tables over a static array": "a = []\n[[a]]\nb = 1",
    "inline dotted keys": "a = {b.c = 1, b.d = 2}",
    "inline dotted key then table": "a = {b.c = 1, b = {}}",
    "control character in a comment": "a = 1 # \x01",
    "DEL in a comment": "a = 1 # \x7f",
    "DEL in a string": 'a = "\x7f"',
    "NUL in a string": 'a = "\x00"',
    "form feed": "a = 1\x0c",
    "tab in a string": 'a = "\t"',
    "empty quoted keys": "\"\" = 1\n'' = 2",
    "quoted dotted key": '"a.b" = 1\na.b = 2',
    "unicode bare key": "é = 1",
    "whitespace in headers": "[ a . b ]\nc = 1\n[[ d ]]\ne = 1",
    "split array-of-tables header": "[ [a] ]\nc = 1",
    "quotes closing a multi-line string": 'a = """a""""\nb = """""a"""""\nc = \'\'\'a\'\'\'\'',
    "six quotes": 'a = """a""""""',
    "no-break space": "a =\u00a01",
    "two values on one line": "a = 1 b = 2",
    "leading zeros": "a = 012\nb = 01.5\nc = +0x1\nd = -0x1",
    "float forms": "a = 1_000.5\nb = 1E+2\nc = 1.\nd = .5",
    "capital true": "a = True",
    "only a key": "a",
    "empty": "",
    "only whitespace": "  \n\t\n",
}


@pytest.mark.parametrize("text", KNOWN.values(), ids=KNOWN.keys())
def test_known_differences_give_tomli_answer(text: str) -> None:
    assert_same(text)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_records_parse_the_same(path: Path) -> None:
    assert_same(path.read_text(encoding="utf-8"))


def test_error_is_tomli_message_with_position() -> None:
    # toml-rs rejects this too, in other words; the user sees tomli's message, line and column.
    text = 'kind = "decision"\ntitle = "x\n'
    with pytest.raises(RecordError) as caught:
        parse_toml(text, "records/x.toml")
    assert str(caught.value) == "records/x.toml:2:11: TOML syntax: Illegal character '\\n'"


def test_error_where_only_tomli_rejects() -> None:
    # A byte order mark inside the text: toml-rs would skip it at the start; tomli's message still comes out.
    with pytest.raises(RecordError) as caught:
        parse_toml("\ufeffkind = 1\n", "x.toml")
    assert str(caught.value) == "x.toml:1:1: TOML syntax: Invalid statement"


def test_without_the_fast_parser_tomli_alone_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(toml_text, "_fast_loads", None)
    for text in (*KNOWN.values(), *BUNDLED_TEXTS[:10]):
        assert_same(text)


def test_runs_when_the_fast_parser_cannot_be_imported() -> None:
    script = (
        "import sys; sys.modules['toml_rs'] = None\n"
        "from jbz_cli.store import toml_text\n"
        "print(toml_text.loads('a = 2025-01-01T10:00:00Z\\nb = [1, 2]'))\n"
        "assert toml_text.fast_parser() is None\n"
        "try:\n"
        "    toml_text.parse_toml('a = \"\\\\q\"', 'x.toml')\n"
        "except Exception as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [
        "{'a': datetime.datetime(2025, 1, 1, 10, 0, tzinfo=datetime.timezone.utc), 'b': [1, 2]}",
        "x.toml:1:8: TOML syntax: Unescaped '\\' in a string",
    ]


# -- generated documents --------------------------------------------------------------------------------------------

ZONES = st.one_of(
    st.none(),
    st.just(UTC),
    st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m))),
)
KEYS = st.one_of(
    st.sampled_from(["kind", "title", "a", "a.b", "", " ", "é", "1", "-", "_", "true", "inf", "'", '"', "\\"]),
    st.text(max_size=6),
)
SCALARS = st.one_of(
    st.text(),
    st.integers(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(),
    st.sampled_from([0.0, -0.0, math.inf, -math.inf, math.nan, 1e308, 5e-324, 0.1]),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=ZONES),
    st.times(timezones=ZONES),
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3), max_leaves=10
)


@given(st.dictionaries(KEYS, VALUES, max_size=6), st.booleans())
@example({"a": datetime(2026, 1, 1, 10, 0, tzinfo=UTC)}, False)
@example({"a": time(10, 0, tzinfo=timezone(timedelta(hours=-2)))}, False)
@example({"a": [{"b": [date(2025, 1, 1)]}]}, True)
def test_documents_written_by_tomli_w(data: dict[str, Any], multiline: bool) -> None:
    try:
        text = tomli_w.dumps(data, multiline_strings=multiline)
    except (TypeError, ValueError):  # a value TOML cannot hold (a time with a zone, say)
        return
    assert_same(text)


FRAGMENTS = [
    # keys, separators and headers
    "a", "b.c", '"q"', "'l'", '""', "é", " = ", "=", ".", "[", "]", "[[", "]]", "{", "}", ",", "\n", "\r\n", "\r",
    " ", "\t", "# c", "#\x01", "\x7f", "\ufeff", "\ud800", "\x00", "\x0c",
    # values
    '"s"', '"\\n"', '"\\u00e9"', '"\\uD800"', '"\\U0010FFFF"', '"\\x41"', '"\\e"', '"\\q"', "'\\q'", '"""',
    "'''", '"""a\\\n b"""', "0", "-0", "+1", "012", "0x_1", "0xDEAD_beef", "0o17", "0b1", "1_000",
    "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1.5", "-0.0", "1e1000", "1e-400", ".5",
    "1.", "6.02e+23", "1_0.0_1", "inf", "-inf", "+nan", "-nan", "nan", "true", "false", "True", "1979-05-27",
    "1979-02-30", "2000-02-29", "07:32:00", "07:32", "24:00:00", "07:32:60", "T", "t", " ", "Z", "z", "+01:30",
    "-00:00", "+24:00", ".999999999", "1979-05-27T07:32:00", "1979-05-27 07:32:00Z", "1979-05-27T07:32:00.5+05:45",
]  # fmt: skip


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_token_soup(parts: list[str]) -> None:
    assert_same("".join(parts))


@given(st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(FRAGMENTS)), max_size=8))
def test_key_value_lines(pairs: list[tuple[str, str]]) -> None:
    assert_same("".join(f"k{i} = {value}{end}" for i, (value, end) in enumerate(pairs)))


INSERTS = st.one_of(st.sampled_from(FRAGMENTS), st.characters(), st.text(max_size=3))


@st.composite
def mutated_record(draw: st.DrawFn) -> str:
    """A bundled record with a few characters inserted, deleted or replaced, or lines duplicated or swapped."""
    text = draw(st.sampled_from(BUNDLED_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "duplicate line", "swap lines"]))
        if action == "insert":
            text = text[:at] + draw(INSERTS) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        elif action == "replace":
            text = text[:at] + draw(INSERTS) + text[at + 1 :]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if action == "duplicate line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@given(mutated_record())
def test_mutated_records(text: str) -> None:
    assert_same(text)


@given(st.sampled_from(BUNDLED_TEXTS), st.sampled_from(["\r\n", "\r"]))
def test_other_line_endings(text: str, ending: str) -> None:
    assert_same(text.replace("\n", ending))


DIGITS = st.one_of(st.integers(0, 61).map("{:02d}".format), st.text("0123456789", min_size=1, max_size=10))


@given(
    st.integers(0, 9999).map("{:04d}".format),
    DIGITS,
    DIGITS,
    st.sampled_from(["T", "t", " ", "", "x"]),
    DIGITS,
    DIGITS,
    DIGITS,
    DIGITS,
)
@example("1979", "05", "27", "T", "07", "32", "00", "9999995")
@example("0000", "01", "01", "", "", "", "", "")
def test_dates_and_times(year: str, month: str, day: str, sep: str, hh: str, mm: str, ss: str, frac: str) -> None:
    clock = f"{hh}:{mm}:{ss}.{frac}"
    assert_same(f"a = {year}-{month}-{day}\nb = {clock}\nc = {year}-{month}-{day}{sep}{clock}\n")


def test_fast_path_is_on_only_when_both_parsers_read_the_same_toml_version() -> None:
    """A parser of another TOML version (TOML 1.0's tomllib against toml-rs's 1.1, say) would accept other texts."""
    import toml_rs

    assert toml_text.fast_parser() is toml_rs.loads  # the installed tomli and toml-rs agree
    assert toml_text.same_grammar(toml_rs.loads)

    def toml_1_0(text: str) -> dict[str, Any]:  # rejects what only TOML 1.1 allows, as tomli before 2.4 does
        if any(part in text for part in ("\\e", "\\x", ",\n}", "= 07:32\n")) or text.endswith(("07:32", "T07:32")):
            raise ValueError("not TOML 1.0")
        return toml_rs.loads(text)

    assert not toml_text.same_grammar(toml_1_0)
