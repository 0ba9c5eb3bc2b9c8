"""The Dutch deadline phrase table: one row per phrase, with the letter's date and the expected window."""

from __future__ import annotations

from datetime import date

import pytest

from jbz_cli.letters.calendars import default_calendars
from jbz_cli.letters.phrases import find_deadlines, first_deadline, phrase_window

DEC = date(2025, 12, 17)  # the date of the bundled letter
MAR = date(2026, 3, 10)

TABLE = [
    # phrase, letter date, expected due
    ("in de eerste helft van 2026", DEC, "2026-H1"),
    ("in de tweede helft van 2026", DEC, "2026-H2"),
    ("in het vierde kwartaal van 2026", DEC, "2026-Q4"),
    ("in het eerste kwartaal van 2026", DEC, "2026-Q1"),
    ("in Q3 2026", DEC, "2026-Q3"),
    ("voor het einde van 2026", DEC, "2026"),
    ("vóór het einde van 2026", DEC, "2026"),
    ("eind 2026", DEC, "2026-Q4"),
    ("begin 2026", DEC, "2026-Q1"),
    ("medio 2026", DEC, "2026-07"),
    ("in maart", DEC, "2026-03"),
    ("in maart", MAR, "2026-03"),
    ("in februari", MAR, "2027-02"),
    ("in mei 2026", DEC, "2026-05"),
    ("uiterlijk 1 juli 2026", DEC, "2026-07-01"),
    ("volgend jaar", DEC, "2026"),
    ("komend jaar", DEC, "2026"),
    ("het komende jaar", MAR, "2027"),
    ("in de loop van 2026", DEC, "2026"),
    ("vanaf 2027", DEC, "2027"),
    ("voor de zomer", MAR, "2026-07-02"),  # no 2026 summer recess in the data: estimated, Friday 3 July
    ("voor het zomerreces", date(2024, 3, 1), "2024-07-04"),  # the day before the 2024 summer recess
    ("voor de zomer", DEC, "2026-07-02"),
    ("vóór het zomerreces", date(2024, 9, 23), "2025-07-03"),  # 2025 not listed: estimated, Friday 4 July
    ("na de zomer", MAR, "2026-09"),
    ("na het zomerreces", date(2024, 3, 1), "2024-09"),
    ("voor het kerstreces", date(2025, 11, 20), "2025-12-18"),
    ("voor het kerstreces", MAR, "2026-12-17"),  # not in the data yet: estimated, Friday 18 December
    ("onder het Cypriotisch voorzitterschap", DEC, "2026-H1"),
    ("onder het Cypriotische Voorzitterschap", DEC, "2026-H1"),
    ("onder het Ierse voorzitterschap", DEC, "2026-H2"),
    ("onder het Litouwse voorzitterschap", DEC, "2027-H1"),
    ("tijdens het aankomend Voorzitterschap", DEC, "2026-H1"),
    ("16 december a.s.", date(2025, 12, 10), "2025-12-16"),
    ("16 december a.s.", DEC, "2025-12-16"),  # dated a day after it was written
    ("op 20 maart a.s.", DEC, "2026-03-20"),
    ("voor 2027", DEC, "2026"),
    ("uiterlijk 1 mrt. 2026", DEC, "2026-03-01"),
    ("uiterlijk 1 mrt 2026", DEC, "2026-03-01"),
    ("15 sept. 2026", DEC, "2026-09-15"),
    ("in mrt.", DEC, "2026-03"),
    ("in okt.", MAR, "2026-10"),
    ("in het 1e kwartaal van 2026", DEC, "2026-Q1"),
    ("in de 2e helft van 2026", DEC, "2026-H2"),
    ("1-3-2026", DEC, "2026-03-01"),
    ("uiterlijk 15-06-2026", DEC, "2026-06-15"),
    ("medio maart", DEC, "2026-03"),
    ("begin april", DEC, "2026-04"),
    ("eind mei", DEC, "2026-05"),
    ("eind dit jaar", MAR, "2026-Q4"),
    ("begin volgend jaar", DEC, "2026-Q1"),
    ("rond de jaarwisseling", MAR, "2027-01"),
    ("rond de jaarwisseling", DEC, "2026-01"),
    ("na de zomer", DEC, "2026-09"),  # never the summer already past
    ("na het zomerreces", date(2025, 10, 1), "2026-09"),
    ("in het najaar", DEC, "2026-Q4"),
    ("in het najaar", MAR, "2026-Q4"),
    ("in het voorjaar", DEC, "2026-Q2"),
    ("in het voorjaar", date(2026, 6, 1), "2027-Q2"),
    ("na het kerstreces", MAR, "2027-01"),
    ("13 oktober a.s.", DEC, "2026-10-13"),
    ("op 31 augustus a.s.", date(2026, 6, 1), "2026-08-31"),
]


@pytest.mark.parametrize(("phrase", "letter", "due"), TABLE, ids=[f"{p} @{d}" for p, d, _ in TABLE])
def test_phrase_window(phrase: str, letter: date, due: str) -> None:
    assert phrase_window(phrase, letter) == due


@pytest.mark.parametrize("phrase", ["binnenkort", "op korte termijn", "de komende tijd", "de komende periode"])
def test_vague_phrases_are_flagged_without_a_window(phrase: str) -> None:
    found = first_deadline(f"De Commissie komt {phrase} met een voorstel.", DEC)
    assert found is not None
    assert found.vague and found.due is None


def test_the_phrase_is_kept_verbatim_with_its_position() -> None:
    sentence = "De Commissie wenst daarom voor het einde van 2026 de onderhandelingen af te ronden."
    (found,) = find_deadlines(sentence, DEC)
    assert found.phrase == "voor het einde van 2026"
    assert sentence[found.start : found.end] == found.phrase


def test_past_dates_are_not_forward_looking() -> None:
    assert first_deadline("De Commissie heeft op 20 november jl. het pakket gepubliceerd.", DEC) is None
    assert first_deadline("Op 12 november is het voorstel goedgekeurd.", DEC) is None


NOV = date(2025, 11, 5)
LOOKING_BACK = [
    "Sinds de JBZ-Raad in oktober is er weinig voortgang geboekt.",
    "Sinds de JBZ-Raad in oktober hebben zich opnieuw incidenten voorgedaan.",
    "In oktober jl. is de verordening door de Raad aangenomen.",
    "De afgelopen periode tot in september bleef de instroom hoog.",
    "Vorige maand in oktober bleek de steun beperkt.",
    "Eerder dit jaar in maart kwam de groep bijeen.",
    "De bijeenkomst heeft in september in Brussel plaatsgevonden.",
    "De richtlijn is in juni aangenomen.",
    "De verordening werd in juli gepubliceerd in het Publicatieblad.",
    "Op 14 oktober j.l. vond de conferentie plaats.",
]
STILL_AHEAD = [
    ("De Commissie zal in maart een voorstel presenteren.", "2026-03"),
    ("Sinds vorig jaar werkt de Commissie aan een voorstel, dat zij in maart zal presenteren.", "2026-03"),
    ("Het kabinet heeft toegezegd uw Kamer in maart te informeren.", "2026-03"),
    ("De verordening zal naar verwachting in juni worden aangenomen.", "2026-06"),
]


@pytest.mark.parametrize("sentence", LOOKING_BACK)
def test_a_window_told_as_history_is_not_a_deadline(sentence: str) -> None:
    assert first_deadline(sentence, NOV) is None
    assert all(not d.forward for d in find_deadlines(sentence, NOV))


@pytest.mark.parametrize(("sentence", "due"), STILL_AHEAD)
def test_a_window_still_ahead_stays_a_deadline_next_to_past_words(sentence: str, due: str) -> None:
    found = first_deadline(sentence, NOV)
    assert found is not None and found.due == due


RANGES = [
    (
        "tijdens de JBZ-Raad van 12 en 13 december a.s. in Brussel",
        date(2025, 11, 20),
        "12 en 13 december a.s.",
        "2025-12-12",
    ),
    (
        "De Raad zal de ER van 26 en 27 juni aanstaande voorbereiden.",
        date(2025, 6, 2),
        "26 en 27 juni aanstaande",
        "2025-06-26",
    ),
    ("de JBZ-Raad van 12-13 december", date(2025, 11, 20), "12-13 december", "2025-12-12"),
    ("de JBZ-Raad van 12–13 december", date(2025, 11, 20), "12–13 december", "2025-12-12"),
    ("de conferentie van 12 tot en met 14 december", date(2025, 11, 20), "12 tot en met 14 december", "2025-12-12"),
    ("de Raad van 30 november en 1 december 2026", DEC, "30 november en 1 december 2026", "2026-11-30"),
    ("de top van 31 december en 1 januari 2027", DEC, "31 december en 1 januari 2027", "2026-12-31"),
]


@pytest.mark.parametrize(("sentence", "letter", "phrase", "due"), RANGES)
def test_a_range_of_days_is_its_first_day_and_the_whole_range_as_written(
    sentence: str, letter: date, phrase: str, due: str
) -> None:
    (found,) = find_deadlines(sentence, letter)
    assert (found.phrase, found.due) == (phrase, due)


def test_the_specific_phrase_wins_over_the_bare_year() -> None:
    sentence = "ETIAS in het vierde kwartaal van 2026 en EURODAC in juni 2026."
    assert [d.due for d in find_deadlines(sentence, DEC)] == ["2026-Q4", "2026-06"]


def test_calendars_name_their_sources() -> None:
    cal = default_calendars()
    assert cal.recesses and cal.presidencies
    assert all(p.source.startswith("https://") for p in cal.recesses + cal.presidencies)


def test_the_recess_estimate_gives_every_listed_summer_and_christmas_recess() -> None:
    """The rule used for years the Kamer has not published yet reproduces each year it has."""
    from jbz_cli.letters.calendars import estimated_recess

    listed = [p for p in default_calendars().recesses if p.name in ("zomerreces", "kerstreces")]
    assert len(listed) >= 8
    for period in listed:
        estimate = estimated_recess(period.name, period.start.year)
        assert estimate is not None and (estimate.start, estimate.end) == (period.start, period.end), period
