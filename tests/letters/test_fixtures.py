"""Extraction on a letter other than the bundled one: the obvious items are found, with windows."""

from __future__ import annotations

from pathlib import Path

from jbz_cli.letters import extract_letter

AGENDA = Path(__file__).parent / "fixtures" / "agenda-constructed.txt"


def by_start(cands, start: str):
    found = [c for c in cands if c.quote.startswith(start)]
    assert found, f"no candidate starts with {start!r}"
    return found[0]


def test_an_annotated_agenda_gives_its_commitments_deadlines_and_fulfilments() -> None:
    result = extract_letter(AGENDA.read_text(encoding="utf-8"))
    meta = result.meta
    assert meta.document == "Kamerstuk 32 317, nr. 9001"
    assert str(meta.date) == "2026-06-02"
    assert [str(d) for d in meta.meeting_dates] == ["2026-06-11", "2026-06-12"] and meta.meeting_place == "Luxemburg"
    cands = result.candidates
    assert by_start(cands, "Uw Kamer wordt na afloop van de triloog").kind == "commitment"
    europol = by_start(cands, "De Commissie zal naar verwachting in het vierde kwartaal van 2026")
    assert (europol.due, europol.actor) == ("2026-Q4", "Commissie")
    assert (
        by_start(cands, "Het kabinet zal uw Kamer hierover middels een BNC-fiche informeren").promised_to
        == "Tweede Kamer"
    )
    assert by_start(cands, "Zoals toegezegd tijdens het commissiedebat").kind == "fulfilment"
    assert by_start(cands, "Het kabinet houdt uw Kamer op de hoogte").kind == "commitment"
    assert by_start(cands, "Ik kom hier voor het zomerreces op terug").due == "2026-07-02"  # estimated 2026 recess
    triloog = by_start(cands, "Het Cypriotisch Voorzitterschap streeft naar een akkoord")
    assert triloog.due == "2026-06-10"
    assert by_start(cands, "Het Voorzitterschap wil binnenkort").vague
    assert by_start(cands, "Onder het Ierse voorzitterschap").due == "2026-H2"
    assert not [c for c in cands if c.quote.startswith(("Hierbij bied ik", "Met deze brief informeer ik"))]
