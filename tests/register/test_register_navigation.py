"""The register's navigation properties read as a clerk cites them: letters, addressees, links."""

from __future__ import annotations

import pytest

from jbz_cli.register.entry import EntryProblem
from jbz_cli.register.navigation import addressees, dossier_number, letters, links
from jbz_cli.register.parse import entry_from_fields


def test_a_dossier_number_is_cited_in_groups_of_three_with_its_addition():
    assert dossier_number("32317") == "32 317"
    assert dossier_number("36200", "VI") == "36 200 VI"


def test_a_letter_with_its_dossier_is_a_kamerstuk_with_the_document_number_beside_it():
    doc = {
        "DocumentNummer": "2025D45354",
        "Volgnummer": 12,
        "Kamerstukdossier": {"Nummer": 36200, "Toevoeging": "VI"},
    }
    assert letters([doc]) == ("Kamerstuk 36 200 VI, nr. 12 (2025D45354)",)


def test_the_same_letter_twice_is_kept_once_and_plain_text_as_given():
    assert letters(["Kamerstuk 32 317, nr. 975", "Kamerstuk 32 317, nr. 975", "Kamerstuk 21 501-20, nr. 2"]) == (
        "Kamerstuk 32 317, nr. 975",
        "Kamerstuk 21 501-20, nr. 2",
    )


def test_a_letter_jbz_does_not_understand_is_a_problem_not_a_silent_drop():
    with pytest.raises(EntryProblem, match="KamerbriefNakoming"):
        letters([{"Soort": "Brief regering"}])


def test_addressees_as_a_clerk_reads_them():
    raw = {
        "ToegezegdAan": [
            {"Persoon": {"Achternaam": "Baarle", "Tussenvoegsel": "van"}, "Fractie": {"Afkorting": "DENK"}},
            {"Persoon": None, "Fractie": {"NaamNL": "Partij voor de Dieren"}},
            {"Persoon_Id": "9e000000-0000-4000-8000-000000000009"},
        ]
    }
    assert addressees(raw) == (
        "lid Van Baarle (DENK)",
        "fractie Partij voor de Dieren",
        "persoon id 9e000000-0000-4000-8000-000000000009",
    )


def test_the_older_expansions_of_the_addressee_are_read_too():
    raw = {"ToegezegdAanPersoon": {"Achternaam": "Ellian"}, "ToegezegdAanFractie": {"Afkorting": "VVD"}}
    assert addressees(raw) == ("lid Ellian", "fractie VVD")


def test_promised_to_joins_the_names_and_leaves_bare_references_out():
    base = {"Nummer": "TZ202511-009", "GewijzigdOp": "2025-11-12T11:05:00+01:00"}
    entry = entry_from_fields(
        base | {"ToegezegdAan": [{"Persoon": {"Achternaam": "Dassen"}, "Fractie": {"Afkorting": "Volt"}}]}, "x"
    )
    assert entry.promised_to == "lid Dassen (Volt)"
    bare = entry_from_fields(base | {"ToegezegdAan": [{"Fractie_Id": "9f000000-0000-4000-8000-000000000001"}]}, "x")
    assert bare.promised_to is None


def test_links_are_numbers_when_given_else_ids():
    assert links([{"Id": "a", "Nummer": "tz202511-004"}, {"Id": "b"}], "IsHerhalingVan") == ("TZ202511-004", "b")


def test_a_page_marks_only_the_fields_it_carries():
    entry = entry_from_fields({"Nummer": "TZ202511-009", "Status": "Openstaand", "ApiGewijzigdOp": "2026-01-01"}, "x")
    assert entry.carries("status") and not entry.carries("kamerbrief_nakoming") and not entry.carries("tekst")
    assert entry.gewijzigd_op_text is None and entry.api_gewijzigd_op_text == "2026-01-01"
