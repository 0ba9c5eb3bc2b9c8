"""Fuzz the surfaces the attack round hardened: letters (text, HTML, PDF), register pages and stdin.

Whatever the generators produce, jbz answers with its own error (ReadError, a problem line, a usage error) or a
result, never an exception, and within a step budget: Python function calls counted in-process, so a quadratic
path fails on a small input without any clock. HYPOTHESIS_PROFILE=long (see tests/conftest.py) searches deeper.
"""

from __future__ import annotations

import json
import sys

import pdfs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jbz_cli.letters.pipeline import LetterError, extract_letter
from jbz_cli.letters.readers import ReadError, letter_text
from jbz_cli.register.parse import parse_source

STEP_BUDGET = 3_000_000  # calls; the largest generated input takes well under a tenth of it


class OverBudget(BaseException):
    """Raised by the step counter; a BaseException, so no handler inside jbz can swallow it."""


def within_budget(run, *args):
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        calls += 1
        if calls > STEP_BUDGET:
            raise OverBudget(f"more than {STEP_BUDGET} calls")

    previous = sys.gettrace()
    sys.settrace(count)
    try:
        return run(*args)
    finally:
        sys.settrace(previous)


WORDS = (
    "Den Haag, 17 december 2025",
    "De minister zal",
    "uw Kamer",
    "voor het einde van 2026",
    "informeren",
    "onder-\nhandelingen",
    "•",
    "32 317",
    "Nr. 987",
    "BRIEF",
    "het kabinet",
    "Q3",
    "eind 2026",
    "a" * 300,
    "-",
    "\n\n",
    "\n",
    " ",
    ".",
    "\f",
    "\x00",
    "\u202e",
    "<",
    "&amp;",
)
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=200).map("".join)
TAGS = ("div", "p", "li", "td", "span", "b", "script", "sup", "table", "main", "article")


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    parts = ["<html><body>"]
    for _ in range(draw(st.integers(0, 60))):
        tag = draw(st.sampled_from(TAGS))
        attrs = draw(st.sampled_from(["", ' id="broodtekst"', ' class="stuk"', ' class="noot"', " a=b" * 5]))
        parts.append(draw(st.sampled_from([f"<{tag}{attrs}>", f"</{tag}>", draw(texts)])))
    return "".join(parts) + draw(st.sampled_from(["</body></html>", "", "<!--"]))


FILTERS = ("", "/FlateDecode", "/Bogus", "/ASCIIHexDecode", "/LZWDecode", "/JBIG2Decode", "/DCTDecode", "[/A85 /Fl]")


@st.composite
def pdf_files(draw: st.DrawFn) -> bytes:
    content = draw(st.one_of(st.just(pdfs.TEXT), st.binary(max_size=200), texts.map(lambda t: t.encode()[:400])))
    data = pdfs.pdf(content, draw(st.sampled_from(FILTERS)))
    cut = draw(st.integers(0, len(data)))
    return draw(st.sampled_from([data, data[:cut], data[:cut] + data[cut + 1 :]]))


def read_and_extract(data: bytes, name: str) -> None:
    try:
        text = letter_text(data, name)
        extract_letter(text)
    except (ReadError, LetterError):
        pass


SETTINGS = settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(text=texts)
def test_text_letters_never_raise_and_stay_in_budget(text: str) -> None:
    within_budget(read_and_extract, text.encode("utf-8", "surrogatepass"), "letter.txt")


@SETTINGS
@given(page=html_pages())
def test_html_letters_never_raise_and_stay_in_budget(page: str) -> None:
    within_budget(read_and_extract, page.encode("utf-8", "surrogatepass"), "letter.html")


@SETTINGS
@given(data=pdf_files())
def test_pdf_letters_never_raise_and_stay_in_budget(data: bytes) -> None:
    within_budget(read_and_extract, data, "letter.pdf")


REGISTER_KEYS = ("Id", "Nummer", "GewijzigdOp", "DatumNakoming", "Status", "Tekst", "Ministerie", "Verwijderd")
register_values = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.none(),
    st.booleans(),
    st.sampled_from(["TZ202501-001", "0001-01-01T00:00:00Z", "0001-01-02T00:00:00+23:59", "2026-06-30", "Open"]),
)
entries = st.dictionaries(st.sampled_from(REGISTER_KEYS), register_values, max_size=8)
register_pages = st.one_of(
    st.builds(
        lambda items, link: {"value": items, "@odata.nextLink": link},
        st.lists(entries, max_size=10),
        st.one_of(st.none(), st.text(max_size=20), st.integers()),
    ).map(json.dumps),
    st.lists(entries, max_size=10).map(json.dumps),
    texts,
    st.sampled_from(["<feed><entry>", "<!DOCTYPE x [<!ENTITY a 'b'>]><feed/>", "[" * 5000, "[" + "9" * 5000 + "]"]),
)


@SETTINGS
@given(page=register_pages)
def test_register_pages_never_raise_and_stay_in_budget(page: str) -> None:
    parsed = within_budget(parse_source, page.encode("utf-8", "surrogatepass"), "page.json")
    assert all(isinstance(line, str) for line in parsed.problems)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    lines=st.lists(st.one_of(st.sampled_from(["ebsp", "-", "../x", "", "\x1b[2J", "a" * 200]), st.text()), max_size=30)
)
def test_stdin_ids_never_raise_and_stay_in_budget(invoke, lines: list[str]) -> None:
    result = within_budget(lambda: invoke("show", "-", input="\n".join(lines)))
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
