"""Windows a letter gives without a date in the sentence, through the installed `jbz extract`: a recess of a
year the Kamer has not published yet (estimated, and always the next one, also across the year's turn), and the
meeting an annotated agenda prepares, for what the cabinet will do there."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

SUMMER = "Het kabinet zal uw Kamer voor het zomerreces informeren over de evaluatie van het mandaat."
AFTER_SUMMER = "Het kabinet zal uw Kamer na de zomer informeren over de uitkomst van de evaluatie."
CHRISTMAS = "Het kabinet zal uw Kamer voor het kerstreces informeren over de stand van de onderhandelingen."
AFTER_CHRISTMAS = "Het kabinet zal uw Kamer na het kerstreces informeren over de gevolgen voor de uitvoering."
CALL = "Het kabinet zal de oproep doen aan het voorzitterschap om op deze terreinen voortgang te boeken."
BEFORE = "Nederland zal vóór deze Raad een non-paper over de uitvoering van het pact verspreiden."
INFORM = "Het kabinet zal uw Kamer over de uitkomst van deze bespreking informeren."
RAZ = "De Commissie zal tijdens de RAZ een voorstel voor de herziening van het werkprogramma indienen."
AHEAD = "De lidstaten dienen voorafgaand aan de Raad hun bezwaren tegen de tekst schriftelijk te melden."


def extract(tmp_path: Path, day: str, opening: str, body: list[str]) -> dict[str, dict]:
    text = "\n\n".join(
        [
            "21 501-02 Raad Algemene Zaken en Raad Buitenlandse Zaken",
            "Nr. 3001 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN",
            f"Den Haag, {day}",
            opening,
            "Inzet van het kabinet",
            " ".join(body),
        ]
    )
    path = tmp_path / "kst-21501-02-3001.txt"
    path.write_text(text + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    result = subprocess.run(
        [installed_jbz(), "extract", str(path), "--format", "json", "--records", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {c["quote"]: c for c in json.loads(result.stdout)}


LETTER = "Met deze brief informeer ik u over de stand van zaken van de onderhandelingen over het pact."


@pytest.mark.parametrize(
    ("day", "summer", "after_summer", "christmas", "after_christmas"),
    [
        # Neither 2026 nor 2027 is in recess.toml: the summer recess starts on the Friday that falls on 2-8 July
        # (3 July 2026, 2 July 2027), the Christmas recess on the Friday on 16-22 December (18 December 2026).
        ("10 maart 2026", "2026-07-02", "2026-09", "2026-12-17", "2027-01"),
        # Just after the 2026 Christmas recess began: "voor" is the next one, "na" the one under way.
        ("21 december 2026", "2027-07-01", "2027-08", "2027-12-16", "2027-01"),
        # Across the year's turn, after the Kamer is back: both are a year on.
        ("20 januari 2027", "2027-07-01", "2027-08", "2027-12-16", "2028-01"),
    ],
)
def test_an_unlisted_recess_is_estimated_and_always_the_next(
    tmp_path: Path, day: str, summer: str, after_summer: str, christmas: str, after_christmas: str
) -> None:
    cands = extract(tmp_path, day, LETTER, [SUMMER, AFTER_SUMMER, CHRISTMAS, AFTER_CHRISTMAS])
    assert (cands[SUMMER]["due"], cands[SUMMER]["due_phrase"]) == (summer, "voor het zomerreces")
    assert (cands[AFTER_SUMMER]["due"], cands[AFTER_SUMMER]["due_phrase"]) == (after_summer, "na de zomer")
    assert cands[CHRISTMAS]["due"] == christmas
    assert cands[AFTER_CHRISTMAS]["due"] == after_christmas


def test_a_listed_recess_wins_over_the_estimate(tmp_path: Path) -> None:
    # The 2025 Christmas recess is listed (from Friday 19 December 2025).
    cands = extract(tmp_path, "1 december 2025", LETTER, [CHRISTMAS])
    assert cands[CHRISTMAS]["due"] == "2025-12-18"


AGENDA = "Hierbij bied ik u de geannoteerde agenda aan voor de Raad Algemene Zaken op 21 maart."


def test_an_agenda_gives_the_cabinets_own_acts_the_meetings_day(tmp_path: Path) -> None:
    """The meeting is named without a year; what the cabinet will do is done there, a promise to the Kamer is not."""
    cands = extract(tmp_path, "15 maart 2018", AGENDA, [CALL, BEFORE, RAZ, AHEAD, INFORM])
    assert (cands[CALL]["due"], cands[CALL]["due_phrase"]) == ("2018-03-21", "Raad Algemene Zaken op 21 maart")
    assert (cands[BEFORE]["due"], cands[BEFORE]["due_phrase"]) == ("2018-03-21", "vóór deze Raad")
    assert (cands[RAZ]["due"], cands[RAZ]["due_phrase"]) == ("2018-03-21", "tijdens de RAZ")
    assert (cands[AHEAD]["due"], cands[AHEAD]["due_phrase"]) == ("2018-03-21", "voorafgaand aan de Raad")
    assert cands[INFORM]["due"] is None


def test_a_report_gives_the_cabinets_acts_no_meeting_day(tmp_path: Path) -> None:
    report = "Hierbij ontvangt u het verslag van de Raad Algemene Zaken van 12 maart."
    cands = extract(tmp_path, "15 maart 2018", report, [CALL, INFORM])
    assert cands[CALL]["due"] is None and cands[INFORM]["due"] is None
