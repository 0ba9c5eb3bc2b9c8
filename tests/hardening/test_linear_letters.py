"""Kind "super-linear time" of the attack round (S1-S5): every regular expression in jbz_cli/letters, found by walking
the modules, runs in about linear time on hostile input, and a letter's reader stays linear as it grows.

Each pattern is timed on generated text of n and 4n characters (the better of two runs each); a linear pattern
takes about 4 times as long, a quadratic one 16 times. The test fails above a generous ratio of 10, and only when
the larger run takes long enough to measure, so a loaded machine does not make it flaky. Patterns added later
(module attributes, or inside a module-level list, tuple or dict) are covered without changing this file.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from collections.abc import Callable, Iterator

import pytest

import jbz_cli.letters as letters

N = 8_000
RATIO = 10.0
# Seconds: a quadratic pattern takes seconds on 64,000 characters, a linear one a few milliseconds; below this the
# larger run cannot be quadratic, and the ratio of two tiny times is only the machine's noise.
FLOOR = 0.1
# Fillers that make backtracking patterns work hard: long words, long runs of one class, near-misses.
FILLERS = (
    "a",
    " ",
    "a ",
    "1",
    "9 ",
    "a-",
    "-",
    "<a",
    "<a ",
    "aa1",
    ".",
    "a.",
    "\n",
    "A",
    "é",
    "De minister zal ",
    "voor het einde van ",
    "2026 ",
    "onder-\n",
    "Kamer ",
)


def patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for info in pkgutil.iter_modules(letters.__path__):
        module = importlib.import_module(f"{letters.__name__}.{info.name}")
        for name, value in vars(module).items():
            for index, found in enumerate(_in(value)):
                yield f"{info.name}.{name}[{index}]", found


def _in(value: object) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
        yield value
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            if isinstance(item, re.Pattern):
                yield from _in(item)
            elif isinstance(item, tuple):
                for part in item:
                    yield from _in(part) if isinstance(part, re.Pattern) else ()
    elif isinstance(value, dict):
        for item in value.values():
            yield from _in(item) if isinstance(item, re.Pattern) else ()


def best_of_two(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def growth(pattern: re.Pattern[str], filler: str) -> tuple[float, float]:
    def work(text: str) -> Callable[[], object]:
        return lambda: (pattern.findall(text), pattern.search(text + "\x00"))

    small = (filler * (N // len(filler) + 1))[:N]
    large = (filler * (4 * N // len(filler) + 1))[: 4 * N]
    return best_of_two(work(small)), best_of_two(work(large))


ALL = sorted(patterns())


def test_the_walk_finds_the_patterns() -> None:
    names = {name.split("[")[0] for name, _ in ALL}
    assert {"text._WORD", "text._PAIR", "readers._TAG", "phrases._VAGUE"} <= names


@pytest.mark.parametrize(("name", "pattern"), ALL, ids=[name for name, _ in ALL])
def test_every_letters_pattern_is_about_linear(name: str, pattern: re.Pattern[str]) -> None:
    for filler in FILLERS:
        small, large = growth(pattern, filler)
        if large > FLOOR and large / max(small, 1e-9) >= RATIO:
            small, large = growth(pattern, filler)  # measured again: a busy machine may have paused the first run
            assert large < FLOOR or large / max(small, 1e-9) < RATIO, f"{name} {filler!r}: {small:.4f}s->{large:.4f}s"


# The letters of the attack round, as functions of a size: each must grow about linearly through the whole reader.
LETTERS: dict[str, Callable[[int], str]] = {
    "S1 one sentence of marker words": lambda n: (
        "Den Haag, 17 december 2025\n\n"
        + "De minister zal uw Kamer voor het einde van 2026 informeren over de voortgang " * (n // 80)
    ),
    "S2 one long word": lambda n: "Den Haag, 17 december 2025\n\n" + "a" * n,
    "S3 hyphenated line breaks": lambda n: (
        "Den Haag, 17 december 2025\n\n" + "".join(f"onder-\nhandelingen{i} zal\n" for i in range(n // 25))
    ),
    "S5 candidate sentences": lambda n: (
        "Den Haag, 17 december 2025\n\n"
        + "\n\n".join(
            f"De minister zal uw Kamer voor het einde van 2026 informeren over punt {i}." for i in range(n // 75)
        )
    ),
}


@pytest.mark.parametrize("make", LETTERS.values(), ids=LETTERS.keys())
def test_extract_grows_about_linearly(make: Callable[[int], str]) -> None:
    from jbz_cli.letters.match import KnownQuote
    from jbz_cli.letters.pipeline import extract_letter

    known = [
        KnownQuote(f"k{i}", "commitment", f"De minister zal de Kamer informeren over onderwerp {i}.") for i in range(50)
    ]

    def run(size: int) -> Callable[[], object]:
        text = make(size)
        return lambda: extract_letter(text, known=known)

    small, large = best_of_two(run(20_000)), best_of_two(run(80_000))
    if large > 0.5 and large / small >= RATIO:
        small, large = best_of_two(run(20_000)), best_of_two(run(80_000))
    assert large < 0.5 or large / small < RATIO, f"{small:.2f}s -> {large:.2f}s"


def test_s4_deep_html_and_many_attributes_are_refused_before_parsing() -> None:
    from jbz_cli.letters.readers import ReadError, html_to_text

    deep = "<html><body>" + "<div>" * 100_000 + "<p>Den Haag</p>" + "</div>" * 100_000 + "</body></html>"
    wide = "<html><body><div " + " ".join(f'a{i}="x"' for i in range(100_000)) + "><p>x</p></div></body></html>"
    with pytest.raises(ReadError, match="nested more than 512 deep"):
        html_to_text(deep)
    with pytest.raises(ReadError, match="more than 256 attributes"):
        html_to_text(wide)
    assert "Den Haag" in html_to_text("<html><body>" + "<div>" * 400 + "<p>Den Haag</p></body></html>")
