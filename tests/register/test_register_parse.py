"""Reading both register formats: fields, statuses, dates and the problems a clerk would meet."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from jbz_cli.register import EntryProblem, map_status, parse_source, parse_timestamp

FIXTURES = Path(__file__).parent / "fixtures"


def parsed(name: str):
    return parse_source((FIXTURES / name).read_bytes(), name)


def by_nummer(name: str):
    return {e.nummer: e for e in parsed(name).entries}


def test_odata_page_gives_entries_and_the_opaque_next_link():
    page = parsed("odata_page1.json")
    assert page.problems == ()
    assert [e.nummer for e in page.entries] == ["TZ202504-057", "TZ202412-103", "TZ202502-011"]
    assert page.next_url.endswith("$skiptoken=3f2c1a8e-5b7d-4c21-9a0e-1d2b3c4d5e03")
    entry = page.entries[0]
    assert entry.id == "3f2c1a8e-5b7d-4c21-9a0e-1d2b3c4d5e01"
    assert entry.ministerie == "Asiel en Migratie"
    assert (entry.naam, entry.functie) == ("Faber-van de Klashorst, M.H.", "Minister van Asiel en Migratie")
    assert entry.activiteit == "2025A02817"
    assert entry.aanmaakdatum == date(2025, 4, 10)
    assert entry.tekst.startswith("De minister zegt toe de Kamer voor de zomer")


def test_last_page_has_no_next_link():
    assert parsed("odata_page2.json").next_url is None


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Openstaand", "open"),
        ("Deels Afgedaan", "partial"),
        ("Deels Voldaan", "partial"),
        ("Afgedaan", "done"),
        ("Voldaan", "done"),
        ("Vervallen", "dropped"),
        ("  deels   afgedaan ", "partial"),
        ("", None),
        (None, None),
        ("In behandeling", None),
    ],
)
def test_register_status_words_map_to_jbz_statuses_and_unknown_ones_are_never_guessed(word, status):
    assert map_status(word) == status


def test_every_status_in_the_fixtures_is_read_as_published():
    entries = by_nummer("odata_page1.json") | by_nummer("odata_page2.json")
    assert {n: (e.status, e.jbz_status) for n, e in entries.items()} == {
        "TZ202504-057": ("Openstaand", "open"),
        "TZ202412-103": ("Afgedaan", "done"),
        "TZ202502-011": ("Deels Afgedaan", "partial"),
        "TZ202311-222": ("Vervallen", "dropped"),
        "TZ202505-001": ("Voldaan", "done"),
        "TZ202506-044": (None, None),
        "TZ202506-045": ("In behandeling", None),
        "TZ202409-300": ("Openstaand", "open"),
    }


def test_the_0001_sentinel_and_null_both_mean_no_date():
    entries = by_nummer("odata_page1.json")
    assert entries["TZ202412-103"].datum_nakoming is None  # 0001-01-01T00:00:00Z
    assert entries["TZ202502-011"].datum_nakoming is None  # null
    assert entries["TZ202504-057"].datum_nakoming == date(2025, 6, 30)


def test_seven_decimal_timestamps_with_offsets_keep_their_order_and_spelling():
    entry = by_nummer("odata_page1.json")["TZ202504-057"]
    assert entry.gewijzigd_op_text == "2025-04-11T09:02:13.4563333+02:00"
    assert entry.gewijzigd_op == datetime(2025, 4, 11, 9, 2, 13, 456333, tzinfo=timezone(timedelta(hours=2)))


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2025-06-30T00:00:00+02:00", date(2025, 6, 30)),
        ("2025-06-30T23:30:00-01:00", date(2025, 6, 30)),
        ("2025-06-30T10:00:00Z", date(2025, 6, 30)),
        ("2025-06-30T10:00:00", date(2025, 6, 30)),
        ("2025-06-30T10:00:00.1Z", date(2025, 6, 30)),
        ("2025-06-30T10:00:00.1234567+0100", date(2025, 6, 30)),
        ("2025-06-30", date(2025, 6, 30)),
        ("0001-01-01T00:00:00Z", None),
        ("0001-01-01T00:00:00", None),
    ],
)
def test_timestamps_give_the_calendar_day_as_written(text, day):
    assert parse_timestamp(text, "DatumNakoming")[1] == day


@pytest.mark.parametrize("text", ["31-12-2025", "2025-02-30T00:00:00Z", "2025-06-30T10:00:00.12345678Z", "gisteren"])
def test_bad_timestamps_are_problems(text):
    with pytest.raises(EntryProblem, match="DatumNakoming"):
        parse_timestamp(text, "DatumNakoming")


def test_bad_entries_are_one_line_each_and_the_good_ones_are_still_read():
    page = parsed("odata_bad.json")
    assert [e.nummer for e in page.entries] == ["TZ202507-006"]
    assert page.problems == (
        "odata_bad.json: entry 1 (TZ202507-001): Tekst: expected text, got a list",
        "odata_bad.json: entry 2: missing Nummer",
        "odata_bad.json: entry 3 (TZ202507-003): DatumNakoming: '31-12-2025' is not a timestamp",
        "odata_bad.json: entry 4 (TZ202507-004): Verwijderd: expected true or false, got 'nee'",
        "odata_bad.json: entry 5: expected an object, got a number",
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated.json", "truncated.json: truncated JSON at line"),
        ("error_page.json", "error_page.json: an HTML page, not register data"),
        ("truncated.xml", "truncated.xml: invalid or truncated XML at line"),
        ("syncfeed_bomb.xml", "syncfeed_bomb.xml: refused unsafe XML"),
    ],
)
def test_unreadable_files_are_one_problem_and_no_entries(name, message):
    page = parsed(name)
    assert page.entries == ()
    assert len(page.problems) == 1 and page.problems[0].startswith(message)


def test_syncfeed_entries_read_like_odata_ones():
    page = parsed("syncfeed.xml")
    assert page.problems == ()
    assert (
        page.next_url
        == "https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0/Feed?category=Toezegging&skiptoken=2870001"
    )
    first, second, deleted = page.entries  # the <persoon> entry is not a toezegging and is passed over
    assert (first.nummer, first.status, first.jbz_status) == ("TZ202504-057", "Afgedaan", "done")
    assert first.datum_nakoming == date(2025, 9, 30)
    assert first.kamerbrief_nakoming == ("Kamerstuk 32 317, nr. 975",)
    assert first.activiteit == "2025A02817"
    assert first.gewijzigd_op_text == "2025-10-01T10:15:00.1234567+02:00"
    assert second.datum_nakoming is None  # the 0001 sentinel
    assert second.activiteit == "7d1e2f3a-0000-4000-8000-00000000a002"  # only the reference is published
    assert deleted.verwijderd and deleted.nummer is None and deleted.id.endswith("5e08")


def test_json_that_is_not_a_register_page_is_refused():
    page = parse_source(b'{"error": {"code": "500", "message": "Internal error"}}', "p.json")
    assert page.problems == ("p.json: the service returned an error: Internal error",)
    assert parse_source(b"", "empty.json").problems == ("empty.json: the file is empty",)
