"""`jbz export ics`: parse the calendar back with icalendar, as a calendar app would."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import FIXTURES

AS_OF = "2026-11-29"


@pytest.fixture
def records(basic_dir: Path) -> Path:
    """The basic fixtures plus records with URLs, follow-ups and text that needs escaping."""
    for path in (FIXTURES / "export").glob("*.toml"):
        shutil.copy(path, basic_dir / path.name)
    return basic_dir


def export(invoke, records: Path, *args: str, as_of: str = AS_OF):
    result = invoke("export", "ics", "--records", str(records), "--as-of", as_of, *args)
    assert result.exit_code == 0, result.stderr
    return result


def events(data: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_one_all_day_event_per_dated_item(invoke, records: Path) -> None:
    listed = invoke("list", "--records", str(records), "--as-of", AS_OF, "--format", "json")
    dated = [r["id"] for r in json.loads(listed.stdout) if r["due_by"]]
    result = export(invoke, records)
    found = events(result.stdout_bytes)
    assert sorted(found) == sorted(f"{rid}@jbz" for rid in dated)
    assert len(found) == 9
    assert "2 matching items have no due date" in result.stderr


def test_event_sits_on_the_last_day_of_its_window(invoke, records: Path) -> None:
    found = events(export(invoke, records).stdout_bytes)
    etias = found["etias-operational@jbz"]
    assert etias.decoded("DTSTART") == date(2026, 12, 31)
    assert etias.decoded("DTEND") == date(2027, 1, 1)
    assert etias.decoded("DTEND") - etias.decoded("DTSTART") == timedelta(days=1)
    assert str(etias["SUMMARY"]) == "[Q4 2026] ETIAS becomes operational"
    assert "Due: Q4 2026" in str(etias["DESCRIPTION"])
    pool = found["pool-dutch-contribution@jbz"]
    assert pool.decoded("DTSTART") == date(2026, 12, 15)
    assert str(pool["SUMMARY"]) == "Decide on the Dutch contribution to the solidarity pool"
    assert b"DTSTART;VALUE=DATE:20261215" in export(invoke, records).stdout_bytes


def test_closed_items_say_so_and_dropped_ones_are_cancelled(invoke, records: Path) -> None:
    (records / "dropped-plan.toml").write_text(
        'kind = "deadline"\ntitle = "Old plan"\nstatus = "dropped"\ndue = "2026-05-01"\n'
    )
    found = events(export(invoke, records).stdout_bytes)
    assert str(found["dropped-plan@jbz"]["STATUS"]) == "CANCELLED"
    assert str(found["dropped-plan@jbz"]["SUMMARY"]) == "Old plan (dropped)"
    roadmap = found["iom-roadmap-march@jbz"]
    assert str(roadmap["SUMMARY"]) == "[March 2026] IO roadmap presented in March (done)"
    assert str(roadmap["STATUS"]) == "CONFIRMED"
    assert str(roadmap["X-JBZ-STATUS"]) == "done"


def test_output_and_uids_are_stable_across_runs(invoke, records: Path) -> None:
    first = export(invoke, records).stdout_bytes
    second = export(invoke, records).stdout_bytes
    assert first == second
    later = export(invoke, records, as_of="2027-02-01").stdout_bytes
    assert set(events(later)) == set(events(first))
    # DTSTAMP is the record's last activity, not the as-of date, so a daily export does not change by itself.
    assert later == first
    stamp = events(first)["etias-operational@jbz"].decoded("DTSTAMP")
    assert stamp == datetime(2025, 12, 17, tzinfo=UTC)  # its source date


def test_dutch_text_with_commas_semicolons_backslashes_and_newlines_round_trips(invoke, records: Path) -> None:
    data = export(invoke, records).stdout_bytes
    event = events(data)["schengen-evaluation-belgie@jbz"]
    quote = "België, Frankrijk; één\nregel met een \\ en een | en *sterren* en _lage_ streepjes."
    description = str(event["DESCRIPTION"])
    assert f"\u201c{quote}\u201d" in description
    assert "Line one; with a semicolon, a comma\nand a second line with a back\\slash." in description
    assert "Source: Kamerstuk 32 317, nr. 987, 2025-12-17, section \u201cSchengen | evaluaties\u201d" in description
    assert str(event["URL"]) == "https://zoek.officielebekendmakingen.nl/kst-32317-987.html"
    assert list(event["CATEGORIES"].cats) == ["schengen", "migration"]
    assert str(event["SUMMARY"]).startswith("Report on the Schengen evaluation of Belgium | France")
    # On the wire the text is escaped as RFC 5545 asks, so no raw newline or separator leaks.
    unfolded = data.replace(b"\r\n ", b"")
    assert "België\\, Frankrijk\\; één\\nregel met een \\\\ en".encode() in unfolded


def test_filters_narrow_the_calendar(invoke, records: Path) -> None:
    assert set(events(export(invoke, records, "--topic", "security").stdout_bytes)) == {
        "bad-link@jbz",
        "c7-action-plan@jbz",
        "etias-operational@jbz",
        "europol-mandate-q1@jbz",
        "iom-roadmap-march@jbz",
    }
    assert "iom-roadmap-march@jbz" not in events(export(invoke, records, "--open").stdout_bytes)
    overdue = export(invoke, records, "--overdue")
    assert set(events(overdue.stdout_bytes)) == {"c7-action-plan@jbz"}
    assert overdue.stderr == ""


def test_output_file_is_written_whole_and_replaced(invoke, records: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "jbz.ics"
    target.parent.mkdir()
    target.write_text("old calendar")
    result = export(invoke, records, "-o", str(target))
    assert result.stdout_bytes == b""
    assert len(events(target.read_bytes())) == 9
    assert [p.name for p in target.parent.iterdir()] == ["jbz.ics"]


def test_output_into_a_missing_folder_is_a_usage_error(invoke, records: Path, tmp_path: Path) -> None:
    result = invoke("export", "ics", "--records", str(records), "-o", str(tmp_path / "nope" / "x.ics"))
    assert result.exit_code == 2
    assert result.stderr.startswith("jbz: error: cannot write")
    assert "Traceback" not in result.stderr


def test_revisions_move_sequence_and_stamps_but_the_day_alone_does_not(invoke, records: Path) -> None:
    """A due change is a new revision of the event (RFC 5545 3.8.7.4); a new day with no change is not."""
    uid = "etias-operational@jbz"
    before = events(export(invoke, records).stdout_bytes)[uid]
    moved = invoke(
        "followup",
        "etias-operational",
        "--due",
        "2027-Q3",
        "--date",
        AS_OF,
        "--note",
        "moved",
        "--records",
        str(records),
    )
    assert moved.exit_code == 0, moved.stderr
    after = events(export(invoke, records).stdout_bytes)[uid]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("LAST-MODIFIED") == after.decoded("DTSTAMP") == datetime(2026, 11, 29, tzinfo=UTC)
    assert before.decoded("DTSTAMP") < after.decoded("DTSTAMP")
    noted = invoke("followup", "etias-operational", "--date", AS_OF, "--note", "just news", "--records", str(records))
    assert noted.exit_code == 0, noted.stderr
    assert int(events(export(invoke, records).stdout_bytes)[uid]["SEQUENCE"]) == int(after["SEQUENCE"])
    a_day_later = export(invoke, records, as_of="2026-11-30").stdout_bytes
    assert a_day_later == export(invoke, records).stdout_bytes
    assert b"Flags on" not in a_day_later and b"X-JBZ-FLAGS" not in a_day_later


# Components a calendar app shows to its user (RFC 5545 3.6.1-3.6.4); VTIMEZONE (3.6.5) is never shown.
SHOWN = {"VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY"}


def top_level_components(data: bytes) -> list[str]:
    """The components directly inside VCALENDAR, read from the unfolded lines as RFC 5545 3.4 writes them."""
    lines = data.decode("utf-8").replace("\r\n ", "").split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2:] == ["END:VCALENDAR", ""]
    depth, found = 0, []
    for line in lines[1:-2]:
        if line.startswith("BEGIN:"):
            if depth == 0:
                found.append(line[len("BEGIN:") :])
            depth += 1
        elif line.startswith("END:"):
            depth -= 1
    assert depth == 0
    return found


@pytest.mark.parametrize(
    "args",
    [("--search", "no record says this"), ("--kind", "decision", "--status", "dropped"), ("--due-by", "1990")],
)
def test_a_calendar_with_no_dated_items_still_has_one_component_and_shows_nothing(
    invoke, records: Path, args: tuple[str, ...]
) -> None:
    """RFC 5545 3.4/3.6: icalbody = calprops component, and component is 1*(...): a UTC zone, never an event."""
    data = export(invoke, records, *args).stdout_bytes
    assert top_level_components(data) == ["VTIMEZONE"]
    cal = Calendar.from_ical(data)
    assert not [c for c in cal.walk() if c.name in SHOWN]
    (zone,) = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "UTC"
    (standard,) = zone.walk("STANDARD")  # 3.6.5: a zone needs a STANDARD or DAYLIGHT with these three
    assert {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"} <= set(standard)
    assert zone.to_tz().utcoffset(datetime(2026, 11, 29)) == timedelta(0)
    assert export(invoke, records, *args).stdout_bytes == data  # stable for a cron job, too


def test_a_calendar_with_events_has_only_them(invoke, records: Path) -> None:
    data = export(invoke, records).stdout_bytes
    components = top_level_components(data)
    assert components and set(components) == {"VEVENT"}


def test_any_selection_of_items_gives_a_calendar_with_a_component(basic_dir: Path) -> None:
    """Every subset of the fixture records, dated or not: at least one component, and an event per dated item."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from jbz_cli.core.query import Item
    from jbz_cli.present.ics import build_calendar
    from jbz_cli.store.files import RecordsDir, load_records

    loaded = load_records(RecordsDir(basic_dir, "records", "option")).records
    assert any(r.due is None for r in loaded) and any(r.due is not None for r in loaded)

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.sampled_from(loaded), unique_by=lambda r: r.id))
    def check(chosen: list) -> None:
        result = build_calendar([Item(r, ()) for r in chosen], date(2026, 11, 29))
        components = top_level_components(result.data)
        dated = sum(r.due is not None for r in chosen)
        assert len(components) >= 1 and result.events == dated
        assert components == (["VEVENT"] * dated if dated else ["VTIMEZONE"])

    check()
