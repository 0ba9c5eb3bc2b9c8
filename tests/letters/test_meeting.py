"""The Council meeting a letter names: days, place, formal or informal, and whether the letter prepares or reports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jbz_cli.letters import extract_letter
from jbz_cli.letters.meeting import as_council, find_mention

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "days", "place", "kind", "role"),
    [
        (
            "het verslag van de JBZ-Raad van 8 en 9 december 2025",
            ("2025-12-08", "2025-12-09"),
            None,
            "formal",
            "reported",
        ),
        (
            "Hierbij bied ik de geannoteerde agenda voor de JBZ-Raad van 12 en 13 juni 2026 in Luxemburg aan.",
            ("2026-06-12", "2026-06-13"),
            "Luxemburg",
            "formal",
            "prepared",
        ),
        (
            "uw Kamer het verslag aan van de Raad Justitie en Binnenlandse Zaken (JBZ-Raad) op 8 en 9\ndecember 2025 "
            "in Brussel.",
            ("2025-12-08", "2025-12-09"),
            "Brussel",
            "formal",
            "reported",
        ),
        (
            "de geannoteerde agenda voor de informele JBZ-Raad op 29 en 30 januari 2026 in Nicosia",
            ("2026-01-29", "2026-01-30"),
            "Nicosia",
            "informal",
            "prepared",
        ),
        (
            "het verslag van de informele JBZ-Raad in Kopenhagen op 22 en 23 juli 2025",
            ("2025-07-22", "2025-07-23"),
            "Kopenhagen",
            "informal",
            "reported",
        ),
        (
            "de agenda van de Raad Justitie en Binnenlandse Zaken op 30 juni en 1 juli 2026 te Den Haag",
            ("2026-06-30", "2026-07-01"),
            "Den Haag",
            "formal",
            "prepared",
        ),
        ("de JBZ-Raad van 13 t/m 15 oktober 2026", ("2026-10-13", "2026-10-14", "2026-10-15"), None, "formal", None),
        ("Tijdens de JBZ-Raad op 5 maart 2026 in het kader van", ("2026-03-05",), None, "formal", None),
    ],
)
def test_a_meeting_is_read_with_its_days_place_kind_and_role(
    text: str, days: tuple[str, ...], place: str | None, kind: str, role: str | None
) -> None:
    found = find_mention(text)
    assert found is not None
    assert tuple(d.isoformat() for d in found.dates) == days
    assert (found.place, found.kind, found.role) == (place, kind, role)


@pytest.mark.parametrize(
    "text",
    [
        "Sinds de JBZ-Raad in oktober hebben zich incidenten voorgedaan.",  # no day: never guessed
        "de JBZ-Raad van 31 juni 2026",  # no such day
        "de JBZ-Raad van 8 en 20 december 2025",  # not one meeting
        "Den Haag, 17 december 2025",
    ],
)
def test_no_meeting_without_a_full_real_date(text: str) -> None:
    assert find_mention(text) is None


def test_the_bundled_report_belongs_to_the_council_of_8_and_9_december() -> None:
    result = extract_letter((ROOT / "records" / "sources" / "kst-32317-987.txt").read_text(encoding="utf-8"))
    meeting = result.meta.meeting
    assert meeting is not None and meeting.role == "reported"
    assert meeting.dates == (date(2025, 12, 8), date(2025, 12, 9)) and meeting.place == "Brussel"
    # The quote is the letter's own sentence, so the bundled councils.toml quote is part of it.
    assert meeting.quote is not None and "(JBZ-Raad) op 8 en 9 december 2025 in Brussel." in meeting.quote
    council = as_council(meeting, result.meta.document, result.meta.url)
    assert council.reported_by == ("Kamerstuk 32 317, nr. 987",) and council.prepared_by == ()
    assert council.source == "Kamerstuk 32 317, nr. 987" and council.url.endswith("kst-32317-987.html")


def test_an_informal_annotated_agenda_prepares_its_meeting() -> None:
    result = extract_letter((FIXTURES / "agenda-informal-constructed.txt").read_text(encoding="utf-8"))
    council = as_council(result.meta.meeting, result.meta.document, result.meta.url)
    assert council.label() == "informal JBZ Council of 29-30 January 2026 in Nicosia"
    assert council.prepared_by == ("Kamerstuk 32 317, nr. 9004",) and council.reported_by == ()
    assert council.quote is not None and council.quote.startswith("Hierbij bied ik uw Kamer")
