"""Clean-text rules: hyphenation, footnotes, page furniture, sentences and sections."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jbz_cli.letters.segment import split_sentences
from jbz_cli.letters.text import clean_letter, join_lines, strip_footnote_markers

LETTER = Path(__file__).resolve().parents[2] / "records" / "sources" / "kst-32317-987.txt"


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["de anti-", "corruptie richtlijn"], "de anti-corruptie richtlijn"),
        (["aan de Secretaris-", "Generaal om"], "aan de Secretaris-Generaal om"),
        (["het veilig-", "derde-land-concept"], "het veilig-derde-land-concept"),
        (["op JBZ-", "terrein niet"], "op JBZ-terrein niet"),
        (["voor dit non-", "paper, waaronder"], "voor dit non-paper, waaronder"),
        (["het Europees asiel-", "en migratiebeleid"], "het Europees asiel- en migratiebeleid"),
        (["de onderhan-", "delingen met de VS"], "de onderhandelingen met de VS"),
        (["zee-", "egel"], "zee-egel"),
    ],
)
def test_line_end_hyphens_are_repaired_as_written(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


def test_a_split_word_is_joined_when_the_letter_uses_it_whole() -> None:
    vocabulary = {"insolventierecht"}
    assert join_lines(["van het insolventie-", "recht"], vocabulary) == "van het insolventierecht"


def test_footnote_markers_are_removed_only_where_a_footnote_exists() -> None:
    text = "harmonisatie van het insolventierecht12 en met 26 andere lidstaten5, een C7 en nr. 987."
    assert strip_footnote_markers(text, {5, 12}) == (
        "harmonisatie van het insolventierecht en met 26 andere lidstaten, een C7 en nr. 987."
    )
    assert strip_footnote_markers("gedeeld.3 Op 20", {3}) == "gedeeld. Op 20"


def test_the_bundled_letter_is_clean() -> None:
    paragraphs, notes = clean_letter(LETTER.read_text(encoding="utf-8"))
    body = "\n".join(p.text for p in paragraphs)
    for artifact in ("anti- corruptie", "Secretaris- Generaal", "insolventierecht12", "lidstaten5", "JBZ- terrein"):
        assert artifact not in body
    assert "insolventierecht en de anti-corruptie richtlijn" in body
    # Footnote text is moved out of the running text, and kept by number.
    assert "De C7 is een informeel samenwerkingsverband" not in body
    assert notes[1].startswith("De C7 is een informeel samenwerkingsverband")
    assert "Zie voor de volledige compromisvoorstellen" not in body
    # The letterhead is not running text; the paragraph cut by the first page break is whole again.
    assert not body.startswith("32 317")
    assert "De gezamenlijke verklaring naar aanleiding van de ministeriële bijeenkomst is hier gepubliceerd" in body


def test_sections_follow_the_letters_headings() -> None:
    paragraphs, _ = clean_letter(LETTER.read_text(encoding="utf-8"))
    sections = {p.section for p in paragraphs if p.heading}
    assert "Enhanced Border Security Partnership (EBSP)" in sections
    assert "I. Binnenlandse Zaken – 4. Terugkeerverordening" in sections
    assert "I. Binnenlandse Zaken – 7. EU Drugs Strategie en het bijbehorende Actieplan tegen drugshandel" in sections
    assert (
        "II. Justitie – 6. Any other business – h. Werkprogramma van het inkomend Voorzitterschap (Cyprus)" in sections
    )
    quote = "De Commissie wenst daarom voor het einde van 2026"
    (para,) = [p for p in paragraphs if quote in p.text]
    assert para.section == "Enhanced Border Security Partnership (EBSP)"


def test_page_numbers_and_running_heads_are_dropped() -> None:
    page = "Tweede Kamer, vergaderjaar 2025–2026, 32 317, nr. 987 {n}\n \nDe Raad stemde in met het voorstel{n}a.\n \n{n}\n"
    text = "Den Haag, 17 december 2025\n \n" + "\f".join(page.format(n=n) for n in range(1, 5))
    paragraphs, _ = clean_letter(text)
    assert [p.text for p in paragraphs] == [f"De Raad stemde in met het voorstel{n}a." for n in range(1, 5)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "De Commissie gaf aan dat zij op 20 november jl. het pakket heeft gepubliceerd. Uw Kamer wordt geïnformeerd.",
            [
                "De Commissie gaf aan dat zij op 20 november jl. het pakket heeft gepubliceerd.",
                "Uw Kamer wordt geïnformeerd.",
            ],
        ),
        (
            "Het mandaat is vastgesteld in de RAZ van 16 december jl. De Commissie zal onderhandelen.",
            ["Het mandaat is vastgesteld in de RAZ van 16 december jl.", "De Commissie zal onderhandelen."],
        ),
        (
            "Zie Kamerstuk 32 317, nr. 978 en o.a. de brief d.d. 20 november 2025.",
            ["Zie Kamerstuk 32 317, nr. 978 en o.a. de brief d.d. 20 november 2025."],
        ),
        (
            "De conferentie van 16 december a.s. in Den Haag. Cyprus volgt.",
            ["De conferentie van 16 december a.s. in Den Haag.", "Cyprus volgt."],
        ),
        (
            "De minister, D.M. van Weel, sprak. • Eerste punt. • Tweede punt.",
            ["De minister, D.M. van Weel, sprak.", "Eerste punt.", "Tweede punt."],
        ),
    ],
)
def test_sentences_split_with_dutch_abbreviations(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "numbers", "cleaned"),
    [
        ("financiële bijdrage van 21,9 miljoen euro", {9}, "financiële bijdrage van 21,9 miljoen euro"),
        ("een groei van 3.5 procent en 1, 2 of 3 landen", {2, 3, 5}, "een groei van 3.5 procent en 1, 2 of 3 landen"),
        ("ongeveer12 miljoen en lidstaten12 miljard", {12}, "ongeveer12 miljoen en lidstaten12 miljard"),
        ("op verschillende momenten geïnformeerd 9.", {9}, "op verschillende momenten geïnformeerd."),
        ("zoals bepaald in artikel 9.", {9}, "zoals bepaald in artikel 9."),
        ("het aantal steeg tot 9.", {9}, "het aantal steeg tot 9."),
        ("het aankomende MFK (2028-2034)8. Om", {8}, "het aankomende MFK (2028-2034). Om"),
    ],
)
def test_footnote_markers_never_take_digits_of_a_number(text: str, numbers: set[int], cleaned: str) -> None:
    assert strip_footnote_markers(text, numbers) == cleaned


def test_every_number_of_the_bundled_letter_survives_cleaning() -> None:
    from jbz_cli.letters.pipeline import extract_letter, source_text

    raw = LETTER.read_text(encoding="utf-8")
    cleaned = source_text(extract_letter(raw))
    assert "financiële bijdrage van 21,9 miljoen" in cleaned
    assert "geïnformeerd 9." not in cleaned and "op verschillende momenten geïnformeerd." in cleaned
    numbers = re.findall(r"\d+[,.]\d+", raw)
    assert {"21,9", "5,2", "21.000"} <= set(numbers)
    assert [n for n in numbers if n not in cleaned] == []
