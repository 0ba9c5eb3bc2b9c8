"""Every pattern and scanner that sees user text does work linear in its input, measured in steps, not seconds.

The measure is deterministic: `sys.settrace` counts the Python events (calls and lines) a function runs, and
each case runs an input of size n and of size 4n. Linear code does about 4 times the work on the larger one;
quadratic code does 16 times. The regular expressions themselves run inside the C engine, out of sight of the
tracer, so each one is also made linear by construction (see the comments where they are compiled) and applied
here to its worst input at both sizes, through the function that uses it.

Patterns that see user text, and why each is linear:
- store/toml_text.py: table headers are parsed by `header()` without a pattern (was `_HEADER_RE`, which
  backtracked on "[" followed by spaces); `_KEY_RE`, `TOP_KEY_RE`, `HEADER_LINE_RE` are anchored with no two
  adjacent quantifiers over the same characters; `_TOML_POS_RE`/`_TOML_EOF_RE` start with a literal; `_digits_run`
  is one character class.
- store/files.py `_CONTROL_RE`, store/ids.py `_CONTROL_RE` and the slug pattern: one character class.
- core/dates.py `_DUE_RE`, `_DAY_RE`: anchored, bounded repetition; core/model.py `ID_RE`: anchored class.
- core/dates.py `_NUMERIC`, `_PERIOD`, `_NAMED` (the "did you mean" of a date): full matches with bounded
  repetition, and never applied to more than `SUGGEST_MAX_LENGTH` characters.
- check/sources.py `_VOCAB_ROW_RE` (anchored), `_KAMERSTUK_RE` (bounded dossier part), `_URL_DOC_RE` (the last
  path segment only, full match).
- present/brief_render.py: an anchored scheme test and one character class.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from jbz_cli.check.sources import parse_vocabulary, source_file_names
from jbz_cli.core.dates import parse_due
from jbz_cli.store.files import printable
from jbz_cli.store.ids import slugify
from jbz_cli.store.toml_layout import layout
from jbz_cli.store.toml_text import Locations, locate, parse_toml


def steps(fn: Callable[..., Any], *args: Any) -> int:
    """The number of Python call and line events while fn(*args) runs (exceptions are part of the work)."""
    count = 0

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)
    try:
        fn(*args)
    except Exception:
        pass
    finally:
        sys.settrace(None)
    return count


def _header_text(n: int) -> str:
    return 'kind = "decision"\ntitle = "t"\nsummary = """\n[' + " " * n + 'x\n"""\n'


def _many_tables(n: int) -> str:
    return 'kind = "decision"\n' + "".join(f"[[followup]]\ndate = 2026-01-{i % 28 + 1:02d}\n" for i in range(n))


CASES: dict[str, Callable[[int], tuple[Callable[..., Any], tuple[Any, ...]]]] = {
    "header scan, [ and spaces": lambda n: (Locations.of, (_header_text(n),)),
    "locate, many tables": lambda n: (locate, (_many_tables(n), ("followup", n - 1, "date"))),
    "layout, [ and spaces": lambda n: (layout, (_header_text(n).splitlines(),)),
    "parse error position": lambda n: (parse_toml, ("x = [" + " " * n, "x.toml")),
    "due grammar, long digits": lambda n: (parse_due, ("2" * n,)),
    "printable, controls": lambda n: (printable, ("\x1b[2J" * n,)),
    "slugify, punctuation": lambda n: (slugify, ("-!" * n,)),
    "vocabulary rows": lambda n: (parse_vocabulary, ("| `" + " " * n + "\n",)),
    "kamerstuk, no comma": lambda n: (source_file_names, ({"document": "Kamerstuk 1 " * n},)),
    "kamerstuk, spaces": lambda n: (source_file_names, ({"document": "Kamerstuk 1" + " " * n + "x"},)),
    "url, dots": lambda n: (source_file_names, ({"url": "https://x/" + "a." * n + "!"},)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_work_grows_linearly_with_the_input(name: str) -> None:
    n = 2000
    small = steps(*CASES[name](n))
    large = steps(*CASES[name](4 * n))
    assert large <= 5 * small + 200, (name, small, large)


def test_header_parsing_keeps_its_meaning() -> None:
    from jbz_cli.store.toml_text import header

    assert header("[[followup]]") == ("[[", "followup")
    assert header('  [ "source" ]  # where') == ("[", '"source"')
    assert header("[source] junk") is None
    assert header("[" + " " * 3000 + "x") is None
    assert header("key = [1]") is None


def test_layout_parses_a_long_multiline_array_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer's layout used to re-parse a growing text for each line of a multi-line array: quadratic in
    characters handed to the parser. The work measure here is those characters."""
    from jbz_cli.store import toml_text

    parsed = 0
    real = toml_text.parses

    def counting(text: str) -> bool:
        nonlocal parsed
        parsed += len(text)
        return real(text)

    monkeypatch.setattr(toml_text, "parses", counting)

    def work(n: int) -> int:
        nonlocal parsed
        parsed = 0
        lines = ['kind = "decision"', "related = ["] + [f'  "id-{i}", # ] note' for i in range(n)] + ["]", "x = 1"]
        found = layout(lines)
        assert (found.keys["related"].start, found.keys["related"].end) == (1, n + 2)
        assert found.keys["x"].start == n + 3
        return parsed

    assert work(4000) <= 5 * work(1000)
