"""Candidates: which sentences a reviewer is shown, as what kind, with which window and actor."""

from __future__ import annotations

from datetime import date

import pytest

from jbz_cli.letters import extract_letter
from jbz_cli.letters.match import KnownQuote
from jbz_cli.letters.metadata import read_metadata
from jbz_cli.present.shapes import candidate_dict

HEAD = "32 317  JBZ-Raad\nNr. 999  Brief van de minister van Justitie en Veiligheid\n\nDen Haag, 17 december 2025\n\n"


def candidates(*sentences: str, known: tuple[KnownQuote, ...] = ()):
    text = HEAD + "Onderwerp van de brief\n" + " ".join(sentences) + "\n"
    return extract_letter(text, known=known).candidates


@pytest.mark.parametrize(
    "sentence",
    [
        "Het kabinet zal uw Kamer voor de zomer over de uitkomst informeren.",
        "Uw Kamer wordt hierover middels een BNC-fiche geïnformeerd.",
        "Het kabinet houdt uw Kamer op de hoogte van de verdere onderhandelingen.",
        "Het kabinet zal het verslag vertrouwelijk ter beschikking stellen aan uw Kamer.",
        "Ik zeg toe dat ik uw Kamer hierover schriftelijk informeer.",
        "Zodra er meer bekend is, kom ik hierop terug bij uw Kamer.",
    ],
)
def test_commitment_markers_to_the_kamer(sentence: str) -> None:
    (cand,) = candidates(sentence)
    assert cand.kind == "commitment"
    assert cand.promised_to == "Tweede Kamer"
    assert cand.quote == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "De Raad stemde in met een algemene oriëntatie over het voorstel voor een terugkeerverordening.",
        "De Raad bereikte een politiek akkoord over de solidariteitspool voor het komende jaar.",
        "De IO Roadmap voor 2027–2028 is door de Raad vastgesteld tijdens de vergadering.",
        "De Raad nam de conclusies over modelbepalingen voor het materieel strafrecht aan.",
    ],
)
def test_decision_markers(sentence: str) -> None:
    (cand,) = candidates(sentence)
    assert cand.kind == "decision"
    assert cand.due is None


def test_deadlines_by_anyone_get_their_window_and_phrase() -> None:
    (cand,) = candidates(
        "De Commissie wenst daarom voor het einde van 2026 de onderhandelingen met de VS af te ronden."
    )
    assert (cand.kind, cand.due, cand.due_phrase, cand.actor) == (
        "deadline",
        "2026",
        "voor het einde van 2026",
        "Commissie",
    )
    (cand,) = candidates("De ministers spraken af om in de eerste helft van 2026 weer bij elkaar te komen.")
    assert (cand.due, cand.actor) == ("2026-H1", "ministers")


def test_a_sentence_with_two_windows_gives_two_candidates() -> None:
    found = candidates("De Commissie kijkt vooruit naar EURODAC in juni 2026 en ETIAS in het vierde kwartaal van 2026.")
    assert [c.due for c in found] == ["2026-06", "2026-Q4"]


def test_vague_deadlines_are_flagged_without_a_window() -> None:
    (cand,) = candidates("Het Voorzitterschap kondigde aan de onderhandelingen binnenkort af te ronden.")
    assert cand.vague and cand.due is None and cand.due_phrase == "binnenkort"


@pytest.mark.parametrize(
    "sentence",
    [
        "Met deze brief informeren wij uw Kamer over de uitkomsten van de JBZ-Raad.",
        "Hierbij bieden wij uw Kamer het verslag aan van de JBZ-Raad.",
        "Op 20 november jl. heeft het kabinet uw Kamer geïnformeerd over de voortgang van de onderhandelingen.",
        "Op 7 december vond een ministeriële bijeenkomst plaats van de C7 in Brussel.",
    ],
)
def test_present_tense_and_past_statements_are_not_candidates(sentence: str) -> None:
    assert candidates(sentence) == ()


def test_fulfilments_point_at_the_record_they_follow_up() -> None:
    known = (
        KnownQuote(
            "eppo-report-kamer",
            "commitment",
            "Het kabinet zal uw Kamer informeren over het jaarverslag van het Europees Openbaar Ministerie.",
        ),
    )
    (cand,) = candidates(
        "In lijn met de toezegging informeer ik uw Kamer hierbij over het jaarverslag van het Europees Openbaar Ministerie.",
        known=known,
    )
    assert cand.kind == "fulfilment"
    assert cand.matches == "eppo-report-kamer"


def test_a_quote_that_is_already_tracked_says_by_which_record() -> None:
    sentence = "De Commissie wenst daarom voor het einde van 2026 de onderhandelingen met de VS af te ronden."
    (cand,) = candidates(sentence, known=(KnownQuote("ebsp-end-2026", "deadline", sentence),))
    assert cand.tracked == "ebsp-end-2026"


def test_json_contract_fields() -> None:
    (cand,) = candidates("Het kabinet zal uw Kamer voor de zomer over de uitkomst informeren.")
    data = candidate_dict(cand)
    for key in (
        "kind",
        "quote",
        "section",
        "title",
        "due",
        "due_phrase",
        "vague",
        "actor",
        "promised_to",
        "confidence",
        "document",
        "date",
        "matches",
    ):
        assert key in data
    assert data["document"] == "Kamerstuk 32 317, nr. 999"
    assert data["date"] == "2025-12-17"
    assert data["section"] == "Onderwerp van de brief"
    assert 0 <= data["confidence"] <= 1


def test_metadata_of_a_tweede_kamer_report() -> None:
    text = (
        "32 317  JBZ-Raad\nNr. 987  Brief van de ministers\n\nDen Haag, 17 december 2025\n\n"
        "Hierbij bieden wij uw Kamer het verslag aan van de Raad Justitie en Binnenlandse Zaken (JBZ-Raad) op 8 en 9\n"
        "december 2025 in Brussel.\n"
    )
    meta = read_metadata(text)
    assert meta.document == "Kamerstuk 32 317, nr. 987"
    assert meta.date == date(2025, 12, 17)
    assert meta.url == "https://zoek.officielebekendmakingen.nl/kst-32317-987.html"
    assert meta.meeting_dates == (date(2025, 12, 8), date(2025, 12, 9))
    assert meta.meeting_place == "Brussel"


def test_metadata_of_an_eerste_kamer_letter() -> None:
    text = (
        "Eerste Kamer der Staten-Generaal\n\n32 317  JBZ-Raad\n\nOO  BRIEF VAN DE MINISTER\n\nDen Haag, 3 juni 2025\n"
    )
    meta = read_metadata(text)
    assert meta.document == "Kamerstuk 32 317, OO"
    assert meta.url == "https://zoek.officielebekendmakingen.nl/kst-32317-OO.html"
