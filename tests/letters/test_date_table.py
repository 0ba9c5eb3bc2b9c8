"""The date table of docs/extract.md through the installed `jbz extract`: seasons and recesses are the next
such period after the letter's date (also across the year's turn), abbreviated months keep the sentence
whole, a Council meeting "a.s." without a year is the letter's meeting, and "tijdens de Raad" is its day."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

BODY = [
    "Het kabinet zal uw Kamer na de zomer informeren over de evaluatie van het mandaat.",
    "De Commissie zal in het najaar een nieuw voorstel voor de terugkeerrichtlijn presenteren.",
    "De Commissie zal uiterlijk 1 mrt. 2026 een voorstel indienen over de visumopschorting.",
    "Nederland zal tijdens de Raad aandringen op een snelle afronding van de onderhandelingen.",
]


def letter(day: str, meeting: str) -> str:
    return "\n\n".join(
        [
            "32 317 JBZ-Raad",
            "Nr. 1004 BRIEF VAN DE MINISTER VAN JUSTITIE EN VEILIGHEID",
            f"Den Haag, {day}",
            f"Hierbij bied ik uw Kamer de geannoteerde agenda aan voor de JBZ-Raad van {meeting} in Brussel.",
            "Terugkeer",
            " ".join(BODY),
        ]
    )


def extract(tmp_path: Path, text: str) -> tuple[dict[str, dict], dict | None]:
    path = tmp_path / "kst-32317-1004.txt"
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
    cands = json.loads(result.stdout)
    return {c["quote"]: c for c in cands}, (cands[0]["council"] if cands else None)


@pytest.mark.parametrize(
    ("day", "meeting", "summer", "autumn", "council"),
    [
        ("17 december 2025", "29 en 30 januari a.s.", "2026-09", "2026-Q4", "2026-01-29"),
        ("1 oktober 2025", "13 en 14 oktober a.s.", "2026-09", "2025-Q4", "2025-10-13"),
        ("2 juni 2026", "12 en 13 juni a.s.", "2026-09", "2026-Q4", "2026-06-12"),
    ],
)
def test_seasons_are_the_next_after_the_letter_and_the_council_is_the_letters(
    tmp_path: Path, day: str, meeting: str, summer: str, autumn: str, council: str
) -> None:
    cands, named = extract(tmp_path, letter(day, meeting))
    assert cands[BODY[0]]["due"] == summer and cands[BODY[0]]["due_phrase"] == "na de zomer"
    assert cands[BODY[1]]["due"] == autumn and cands[BODY[1]]["due_phrase"] == "in het najaar"
    # The quote is not cut at "mrt."; a day before the letter is no window.
    assert cands[BODY[2]]["due"] == ("2026-03-01" if day.endswith("2025") else None)
    assert cands[BODY[3]]["due"] == council and cands[BODY[3]]["due_phrase"] == "tijdens de Raad"
    assert named is not None and named["start"] == council


HISTORY_AND_RANGES = [
    "Sinds de JBZ-Raad in oktober is er bij de onderhandelingen weinig voortgang geboekt.",
    "De Commissie heeft in september een mededeling over de grensprocedure gepresenteerd.",
    "Nederland zal tijdens de Raad van 12 en 13 december a.s. aandacht vragen voor de aanpak van drugs.",
    "De Raad zal de Europese Raad van 18–19 december aanstaande voorbereiden.",
]


def test_history_is_no_deadline_and_a_range_of_days_is_its_first_day(tmp_path: Path) -> None:
    text = "\n\n".join(
        [
            "32 317 JBZ-Raad",
            "Nr. 1004 BRIEF VAN DE MINISTER VAN JUSTITIE EN VEILIGHEID",
            "Den Haag, 5 november 2025",
            "Terugkeer",
            " ".join(HISTORY_AND_RANGES),
        ]
    )
    cands, _ = extract(tmp_path, text)
    assert all(c["due"] is None or c["due"] < "2026" for c in cands.values())
    assert [(c["due"], c["due_phrase"]) for q, c in cands.items() if q == HISTORY_AND_RANGES[2]] == [
        ("2025-12-12", "12 en 13 december a.s.")
    ]
    assert [(c["due"], c["due_phrase"]) for q, c in cands.items() if q == HISTORY_AND_RANGES[3]] == [
        ("2025-12-18", "18–19 december aanstaande")
    ]
