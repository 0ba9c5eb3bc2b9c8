"""Every row of the phrase table in docs/extract.md ("Candidates"), as a sentence in one letter that the
installed `jbz extract` reads: commitments in every word order, fulfilments, decisions reported in the
past, and agenda prose that is not a candidate."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from installed import installed_jbz

COMMITMENTS = [
    "Over het voorstel voor een nieuwe verordening wordt uw Kamer separaat geïnformeerd.",
    "Na afloop van de onderhandelingen ontvangt uw Kamer een brief over de uitkomst.",
    "In het voorjaar komt het kabinet terug op de evaluatie van het mandaat van Frontex.",
    "Zodra de Commissie haar voorstel presenteert, informeer ik uw Kamer over de Nederlandse inzet.",
    "Het kabinet zal uw Kamer over de uitkomst van de triloog informeren.",
    "Mocht de formele tekst op belangrijke punten anders zijn, dan wordt u hierover nader geïnformeerd.",
    "Het Voorzitterschap is voornemens deze wetsteksten in het Coreper ter akkoord voor te leggen.",
]
FULFILMENTS = [
    "Conform de toezegging gedaan door de Minister tijdens het commissiedebat volgt hieronder de appreciatie.",
    "In navolging van de toezegging aan uw Kamer volgt hieronder een overzicht van de stand van zaken.",
    "Deze brief is mede ter uitvoering van de motie van het lid Van Dijk over de grensprocedure.",
    "Zoals toegezegd stuur ik uw Kamer het verslag van de bijeenkomst van de kopgroep.",
    "Het kabinetsstandpunt volgt mede ter uitvoering van de op 17 november jl. aanvaarde motie-Taverne.",
    "De minister heeft zoals hem gevraagd met zijn Bulgaarse collega over de zaak gesproken.",
    "Naast het verslag treft u ook informatie aan over de motie van het lid Van Dijk over de Permanente Vertegenwoordiging.",
]
DECISIONS = [
    "Op 2 december jl. is het vijfde sanctiepakket tegen Rusland door de Raad aangenomen.",
    "Op 5 december jl. werd overeenstemming bereikt over de verlenging van het mandaat van de missie.",
]
AGENDA = [
    "De Raad zal wederom spreken over de situatie in Oekraïne en de gevolgen voor de interne veiligheid.",
    "Tijdens de lunch zal gesproken worden over de samenwerking met de Westelijke Balkan.",
    "De ministers van Justitie en Veiligheid en van Asiel en Migratie zullen hieraan deelnemen.",
    "De Europese Commissie zal tijdens de RAZ de stand van zaken van de onderhandelingen toelichten.",
    "Op dinsdag 21 september 2027 vindt in Brussel een Raad Algemene Zaken plaats.",
    "Op maandag 22 januari jl. nam de minister deel aan de Raad Buitenlandse Zaken in Brussel.",
    "De RAZ zal de voortgang van de onderhandelingen met het Europees Parlement bespreken.",
    "Er is nog geen overeenstemming bereikt over de tekst van de Raadsconclusies.",
    "Op 3 november organiseert het voorzitterschap een bijeenkomst van de ministers over de situatie aan de buitengrens.",
    "Griekenland heeft om een extra bespreking van de migratiedruk aan de buitengrens verzocht.",
    "De Raad bevestigde dat het thema van het voorzitterschap zal zijn de bescherming van kinderen online.",
]
UNDER_PROMISES = "Het kabinet heeft de Commissie gevraagd om een nadere analyse van de kosten te maken."
LETTER = "\n\n".join(
    [
        "32 317 JBZ-Raad",
        "Nr. 1003 BRIEF VAN DE MINISTER VAN JUSTITIE EN VEILIGHEID",
        "Den Haag, 17 december 2025",
        "Hierbij bied ik uw Kamer het verslag aan van de JBZ-Raad van 8 en 9 december 2025 in Brussel.",
        "Terugkeer",
        " ".join(COMMITMENTS),
        "Sancties",
        " ".join(DECISIONS),
        "Agenda van de volgende Raad",
        " ".join(AGENDA),
        "Raad Buitenlandse Zaken (Gymnich) van 2-3 september",
        "Moties",
        " ".join(FULFILMENTS),
        "Toezeggingen",
        UNDER_PROMISES,
    ]
)


@pytest.fixture(scope="module")
def kinds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    path = tmp_path_factory.mktemp("letter") / "kst-32317-1003.txt"
    path.write_text(LETTER + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    result = subprocess.run(
        [installed_jbz(), "extract", str(path), "--format", "json", "--records", str(path.parent)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {c["quote"]: c["kind"] for c in json.loads(result.stdout)}


@pytest.mark.parametrize("sentence", COMMITMENTS)
def test_commitments_in_every_word_order(kinds: dict[str, str], sentence: str) -> None:
    assert kinds.get(sentence) == "commitment"


@pytest.mark.parametrize("sentence", [*FULFILMENTS, UNDER_PROMISES])
def test_fulfilments(kinds: dict[str, str], sentence: str) -> None:
    assert kinds.get(sentence) == "fulfilment"


@pytest.mark.parametrize("sentence", DECISIONS)
def test_decisions_reported_in_the_past(kinds: dict[str, str], sentence: str) -> None:
    assert kinds.get(sentence) == "decision"


@pytest.mark.parametrize("sentence", [*AGENDA, "Raad Buitenlandse Zaken (Gymnich) van 2-3 september"])
def test_agenda_prose_and_meeting_names_are_not_candidates(kinds: dict[str, str], sentence: str) -> None:
    assert not any(sentence in quote for quote in kinds)
