"""Unit tests for jbz_cli.core.quotes: quotes must match regardless of PDF layout."""

from __future__ import annotations

import pytest

from jbz_cli.core.quotes import contains_quote, find_quote_line, normalise

LETTER = (
    "Europa (RvE) plaats over het aanpakken van de belangrijkste\n"
    "uitdagingen op het gebied van asiel en migratie. Secretaris-\n"
    "Generaal Berset organiseerde de conferentie.\n"
    "\n"
    "   \n"
    "\ufffd De JBZ-Raad stemde in met een algemene oriëntatie ten \n"
    "\n"
    "aanzien van het voorstel.\n"
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  a \t b\n\n c  ", "a b c"),
        ("line one\nline two", "line one line two"),
        ("page\n\n \n\n\nbreak", "page break"),
        ("\ufffd bullet item", "bullet item"),
        ("Secretaris-\nGeneraal", "Secretaris-Generaal"),
        ("Secretaris- Generaal", "Secretaris-Generaal"),
        ("Secretaris-Generaal", "Secretaris-Generaal"),
        ("detectie-, identificatie- en neutralisatie", "detectie-, identificatie-en neutralisatie"),
        ("e\u0308", "ë"),  # decomposed diaeresis compares equal to the composed letter
        ("", ""),
        (" \n\ufffd\n ", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_hyphen_variants_compare_equal() -> None:
    variants = ["Secretaris-\nGeneraal", "Secretaris- Generaal", "Secretaris-Generaal", "Secretaris-\n  Generaal"]
    assert len({normalise(v) for v in variants}) == 1


def test_quote_across_line_breaks_matches() -> None:
    assert contains_quote(LETTER, "van de belangrijkste uitdagingen op het gebied van asiel en migratie.")


def test_quote_across_page_break_and_bullet_matches() -> None:
    assert contains_quote(LETTER, "De JBZ-Raad stemde in met een algemene oriëntatie ten aanzien van het voorstel.")


@pytest.mark.parametrize(
    "quote",
    ["Secretaris-Generaal Berset", "Secretaris- Generaal Berset", "Secretaris-\nGeneraal Berset"],
)
def test_quote_with_hyphen_at_line_end_matches(quote: str) -> None:
    assert contains_quote(LETTER, quote)


@pytest.mark.parametrize(
    "quote",
    [
        "Secretaris Generaal Berset",  # the hyphen is part of the text and may not be dropped
        "de belangrijkste uitdagingen op het gebied van migratie",  # a word left out
        "De JBZ-Raad stemde in met een algemene orientatie",  # accent dropped
        "",
        "   \n",
    ],
)
def test_non_matching_quotes(quote: str) -> None:
    assert not contains_quote(LETTER, quote)


def test_find_quote_line_points_at_the_start_of_the_quote() -> None:
    assert find_quote_line(LETTER, "Europa (RvE) plaats") == 1
    assert find_quote_line(LETTER, "Secretaris-Generaal Berset") == 2
    assert find_quote_line(LETTER, "Generaal Berset organiseerde") == 3
    assert find_quote_line(LETTER, "De JBZ-Raad stemde in") == 6
    assert find_quote_line(LETTER, "aanzien van het voorstel") == 8


def test_find_quote_line_returns_none_when_absent() -> None:
    assert find_quote_line(LETTER, "niet in de brief") is None
    assert find_quote_line(LETTER, "") is None
