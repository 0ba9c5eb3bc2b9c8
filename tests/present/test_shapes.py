"""present.shapes builds each JSON shape once; these pin the record keys and the shapes check and history print."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jbz_cli.check.run import Diagnostic
from jbz_cli.core.query import Filter, Settings, select
from jbz_cli.present.shapes import RECORD_FIELDS, item_dict, record_dict, timeline_dict
from jbz_cli.store.files import RecordsDir, load_records
from jbz_cli.store.history import timeline

AS_OF = date(2026, 11, 29)


def test_record_keys_follow_the_one_field_tuple(basic_dir: Path) -> None:
    records = load_records(RecordsDir(basic_dir, "records", "option")).records
    for item in select(records, Filter(), Settings(AS_OF)):
        data = item_dict(item)
        assert tuple(data) == RECORD_FIELDS
        assert data == record_dict(item.record, item.flags)
        assert data["flags"] == list(item.flags)
        if item.record.source:
            assert tuple(data["source"]) == ("document", "date", "section", "quote", "url")
        for f in data["followups"]:
            assert tuple(f) == ("date", "note", "status", "evidence", "due", "previous_due")


def test_timeline_and_diagnostic_shapes_match_what_history_and_check_print(basic_dir: Path) -> None:
    records = load_records(RecordsDir(basic_dir, "records", "option")).records
    for record in records:
        tl = timeline(record, basic_dir / record.path, with_git=False)
        data = timeline_dict(tl)
        assert list(data) == ["id", "path", "status", "due", "git", "events"]
        assert data["id"] == record.id and data["git"]
        for event in data["events"]:
            assert list(event) == [
                "date",
                "type",
                "text",
                "status",
                "due",
                "previous_due",
                "evidence",
                "commit",
                "author",
            ]
            assert date.fromisoformat(event["date"])
    d = Diagnostic("records/x.toml", 3, 1, "error", "unknown status 'x'", "schema", 'status = "x"')
    assert list(d.to_dict()) == ["path", "line", "col", "severity", "message", "rule", "source_line"]
