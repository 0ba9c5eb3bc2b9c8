"""`jbz feed`: parsed back with feedparser, an independent feed parser, as a feed reader would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import feedparser

from jbz_cli.core.feed import events
from jbz_cli.present.feed import build_feed
from jbz_cli.store.files import load_records, resolve_records_dir


def parse(data: bytes) -> feedparser.FeedParserDict:
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_every_kind_of_event_with_stable_ids_and_record_dates(cycle_dir: Path, jbz) -> None:
    result = jbz("feed", "--records", str(cycle_dir), "--as-of", "2026-06-30", "--since", "2025", cwd=cycle_dir.parent)
    assert (result.returncode, result.stderr) == (0, b"")
    feed = parse(result.stdout)
    by_id = {e.id: e for e in feed.entries}
    assert {
        "urn:jbz:alpha-ontime:created",
        "urn:jbz:alpha-ontime:followup:2026-03-20-1",
        "urn:jbz:beta-revised:followup:2026-02-20-1",
        "urn:jbz:gamma-late:overdue:2026-03-31",
        "urn:jbz:delta-overdue:overdue:2026-04-30",
        "urn:jbz:delta-overdue:next-check:2026-02-01",
        "urn:jbz:zeta-commission:created",
    } <= set(by_id)
    # Dated by the records: created, the follow-up's date, the day after due_by, the next_check.
    assert by_id["urn:jbz:alpha-ontime:created"].updated == "2026-01-10T00:00:00+00:00"
    assert by_id["urn:jbz:gamma-late:overdue:2026-03-31"].updated == "2026-04-01T00:00:00+00:00"
    assert by_id["urn:jbz:delta-overdue:overdue:2026-04-30"].updated == "2026-05-01T00:00:00+00:00"
    assert by_id["urn:jbz:delta-overdue:next-check:2026-02-01"].updated == "2026-02-01T00:00:00+00:00"
    slip = by_id["urn:jbz:beta-revised:followup:2026-02-20-1"]
    assert "due 2026-02 -> 2026-05" in slip.summary
    assert "status -> done" in by_id["urn:jbz:alpha-ontime:followup:2026-03-20-1"].summary
    # The zeta deadline is due in December: not overdue by the end of June.
    assert not any(i.startswith("urn:jbz:zeta-commission:overdue") for i in by_id)
    # The feed's updated is its newest entry, not the clock.
    assert feed.feed.updated == max(e.updated for e in feed.entries) == "2026-06-10T00:00:00+00:00"
    assert feed.feed.id.startswith("urn:jbz:feed:")  # unique per folder and filters (test_feed_window.py)


def test_entries_carry_the_dutch_quote_and_link_the_source(cycle_dir: Path, jbz) -> None:
    result = jbz("feed", "--records", str(cycle_dir), "--as-of", "2026-06-30", "--since", "2025", cwd=cycle_dir.parent)
    entry = {e.id: e for e in parse(result.stdout).entries}["urn:jbz:gamma-late:created"]
    content = entry.content[0]
    assert content.language == "nl"
    assert content.value == 'Vóór 1 april <ontvangt> uw Kamer een brief over "terugkeerhubs" & partners.'
    assert entry.link == "https://zoek.officielebekendmakingen.nl/kst-32317-990.html"
    assert b'xml:lang="nl"' in result.stdout
    assert b"&lt;ontvangt&gt;" in result.stdout  # escaped, not markup


def test_two_runs_give_the_same_bytes_and_a_file(cycle_dir: Path, jbz) -> None:
    args = ("feed", "--records", str(cycle_dir), "--as-of", "2026-06-30", "--since", "2025")
    first, second = jbz(*args, cwd=cycle_dir.parent), jbz(*args, cwd=cycle_dir.parent)
    assert first.stdout == second.stdout
    out = cycle_dir.parent / "jbz.xml"
    assert jbz(*args, "-o", str(out), cwd=cycle_dir.parent).returncode == 0
    assert out.read_bytes() == first.stdout


def test_a_later_day_adds_entries_and_keeps_the_old_ids(cycle_dir: Path) -> None:
    records = load_records(resolve_records_dir(str(cycle_dir), {}, cycle_dir)).records
    early = {e.id for e in events(records, date(2026, 3, 1))}
    late = {e.id for e in events(records, date(2026, 6, 30))}
    assert early < late
    assert "urn:jbz:alpha-ontime:followup:2026-03-20-1" not in early  # not yet happened on 1 March


def test_since_and_filters_narrow_the_feed(cycle_dir: Path, jbz) -> None:
    result = jbz(
        "feed",
        "--records",
        str(cycle_dir),
        "--as-of",
        "2026-06-30",
        "--since",
        "2026-Q2",
        "--topic",
        "morocco",
        cwd=cycle_dir.parent,
    )
    ids = [e.id for e in parse(result.stdout).entries]
    assert ids == ["urn:jbz:delta-overdue:overdue:2026-04-30"]


def test_an_empty_feed_is_still_valid_and_dated_by_the_as_of_day() -> None:
    feed = parse(build_feed([], date(2026, 6, 30)))
    assert feed.entries == []
    assert feed.feed.updated == "2026-06-30T00:00:00+00:00"


def test_bad_since_is_one_line_and_exit_2(cycle_dir: Path, jbz) -> None:
    result = jbz("feed", "--records", str(cycle_dir), "--since", "2026-Q5", cwd=cycle_dir.parent)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("jbz: error: --since")
    assert result.stderr.count(b"\n") == 1 and b"Traceback" not in result.stderr


def test_control_characters_in_record_text_never_break_the_feed(cycle_dir: Path, jbz) -> None:
    (cycle_dir / "odd.toml").write_text(
        'kind = "commitment"\ntitle = "Bell \\u0007 in a title"\ncreated = 2026-01-02\n'
        '[source]\nquote = "Een \\u0001 citaat"\nurl = "https://example.org/a\\u0002b"\n',
        encoding="utf-8",
    )
    result = jbz("feed", "--records", str(cycle_dir), "--as-of", "2026-06-30", "--since", "2025", cwd=cycle_dir.parent)
    assert (result.returncode, result.stderr) == (0, b"")
    entry = {e.id: e for e in parse(result.stdout).entries}["urn:jbz:odd:created"]
    assert (entry.title, entry.content[0].value) == ("New: Bell  in a title", "Een  citaat")


def test_a_deadline_missed_moved_and_missed_again_gives_two_overdue_entries() -> None:
    import tomllib

    from jbz_cli.core.build import record_from_dict

    text = """
kind = "commitment"
title = "Send the evaluation"
created = 2026-01-05
due = "2026-05"

[[followup]]
date = 2026-04-10
note = "Moved once more"
due = "2026-05"
previous_due = "2026-03"
"""
    record = record_from_dict(tomllib.loads(text), "evaluation", "records/evaluation.toml")
    found = [(e.id, e.day.isoformat()) for e in events([record], date(2026, 6, 30)) if e.event == "overdue"]
    assert found == [
        ("urn:jbz:evaluation:overdue:2026-05-31", "2026-06-01"),
        ("urn:jbz:evaluation:overdue:2026-03-31", "2026-04-01"),
    ]
