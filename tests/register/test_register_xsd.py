"""The SyncFeed fixtures follow the register's published schema (tkData-v1-0-toezegging.xsd), not our reading.

The Atom wrapper has no schema of its own; every <toezegging> element in it is validated against the XSD,
which is kept unchanged in tests/fixtures/tkdata-xsd (see the README there for its source).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

XSD = Path(__file__).parents[1] / "fixtures" / "tkdata-xsd" / "tkData-v1-0-toezegging.xsd"
SHAPES = Path(__file__).parent / "fixtures" / "shapes"
TK = "{http://www.tweedekamer.nl/xsd/tkData/v1-0}"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def toezeggingen(path: Path) -> list[etree._Element]:
    found = etree.parse(str(path)).getroot().findall(f".//{TK}toezegging")
    assert found, f"{path.name} holds no <toezegging>"
    return found


def test_every_entry_of_the_syncfeed_fixture_is_valid(schema):
    for element in toezeggingen(SHAPES / "syncfeed.xml"):
        assert schema.validate(element), f"{element.get('id')}: {schema.error_log.last_error}"


def test_the_repeated_letter_is_the_one_place_the_live_feed_leaves_the_schema(schema):
    # The live feed repeats kamerbriefNakoming although the XSD allows it once; jbz keeps every one.
    (element,) = toezeggingen(SHAPES / "syncfeed_repeated.xml")
    assert not schema.validate(element)
    assert "kamerbriefNakoming" in str(schema.error_log.last_error)
    letters = element.findall(f"{TK}kamerbriefNakoming")
    letters[1].getparent().remove(letters[1])
    assert schema.validate(element), schema.error_log.last_error


def test_the_schema_rejects_what_the_fixtures_must_not_do(schema):
    # The validation has teeth: a status word outside the schema's list fails.
    (element,) = toezeggingen(SHAPES / "syncfeed_repeated.xml")
    element.find(f"{TK}status").text = "Afgehandeld"
    assert not schema.validate(element)
