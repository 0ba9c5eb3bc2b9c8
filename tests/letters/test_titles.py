"""Draft titles in English: actor, action and subject, with dossier names and untranslated headings left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from jbz_cli.letters import extract_letter
from jbz_cli.letters.titles import english_actor, english_subject, english_title

AGENDA = Path(__file__).parent / "fixtures" / "agenda-constructed.txt"


@pytest.mark.parametrize(
    ("actor", "english"),
    [
        ("Commissie", "Commission"),
        ("kabinet", "Cabinet"),
        ("Voorzitterschap", "Presidency"),
        ("lidstaten", "Member states"),
        ("Marokko", "Morocco"),
        ("minister van Justitie en Veiligheid", "Minister of Justice and Security"),
        ("C7", "C7"),
        (None, None),
    ],
)
def test_actors_in_english(actor: str | None, english: str | None) -> None:
    assert english_actor(actor) == english


@pytest.mark.parametrize(
    ("section", "subject"),
    [
        ("I. Binnenlandse Zaken – 4. Terugkeerverordening", "Return Regulation"),
        ("Europol-verordening", "Europol Regulation"),
        ("Samenwerking met Marokko op het gebied van migratie", "Cooperation with Morocco on migration"),
        ("Enhanced Border Security Partnership (EBSP)", "Enhanced Border Security Partnership (EBSP)"),
        # A heading that says nothing gives way to its parent.
        ("II. Justitie – Belangrijkste resultaten", "Justice"),
        (
            "II. Justitie – 6. Any other business – h. Werkprogramma van het inkomend Voorzitterschap (Cyprus)",
            "Work programme of the incoming Presidency (Cyprus)",
        ),
        # A word the glossary does not know keeps the whole heading Dutch, never half translated.
        (
            "Gezamenlijke brief aan de Commissie over hybride dreigingen",
            "Gezamenlijke brief aan de Commissie over hybride …",
        ),
        ("", ""),
    ],
)
def test_subjects_through_the_glossary(section: str, subject: str) -> None:
    assert english_subject(section, limit=50) == subject


@pytest.mark.parametrize(
    ("kind", "sentence", "actor", "due", "vague", "kamer", "title"),
    [
        (
            "commitment",
            "Het kabinet zal uw Kamer hierover middels een BNC-fiche informeren.",
            "kabinet",
            None,
            False,
            True,
            "Cabinet to inform the House through a BNC fiche: Europol Regulation",
        ),
        (
            "commitment",
            "Uw Kamer wordt na afloop van de triloog geïnformeerd over de uitkomst.",
            None,
            None,
            False,
            True,
            "Cabinet to inform the House: Europol Regulation",
        ),
        (
            "commitment",
            "Het kabinet zal de notitie vertrouwelijk ter inzage stellen.",
            "kabinet",
            None,
            False,
            True,
            "Cabinet to share with the House: Europol Regulation",
        ),
        (
            "deadline",
            "De Commissie wenst voor het einde van 2026 de onderhandelingen af te ronden.",
            "Commissie",
            "2026",
            False,
            False,
            "Commission deadline 2026: Europol Regulation",
        ),
        (
            "decision",
            "De Raad stemde in met een algemene oriëntatie.",
            "Raad",
            None,
            False,
            False,
            "Council agrees a general approach: Europol Regulation",
        ),
        (
            "decision",
            "Enkele lidstaten stemden in met een algemene oriëntatie.",
            "lidstaten",
            None,
            False,
            False,
            "Member states agree a general approach: Europol Regulation",
        ),
        (
            "commitment",
            "Hierover zal worden gesproken tijdens de volgende migratiedialoog.",
            None,
            None,
            False,
            False,
            "Commitment: Europol Regulation",
        ),
        (
            "deadline",
            "Het Voorzitterschap wil binnenkort een voortgangsrapport presenteren.",
            "Voorzitterschap",
            None,
            True,
            False,
            "Presidency vague deadline: Europol Regulation",
        ),
    ],
)
def test_titles_name_actor_action_and_subject(
    kind: str, sentence: str, actor: str | None, due: str | None, vague: bool, kamer: bool, title: str
) -> None:
    assert english_title(kind, sentence, "Europol-verordening", actor, due, vague, kamer) == title


def test_the_annotated_agenda_gets_english_titles() -> None:
    titles = [c.title for c in extract_letter(AGENDA.read_text(encoding="utf-8")).candidates]
    assert "Commission to present: Europol Regulation" in titles
    assert "Cabinet to inform the House: Return hubs" in titles
    assert not [t for t in titles if " zal " in t or " wordt " in t]  # no Dutch sentence cut into a title
