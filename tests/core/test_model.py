"""RECORD_KEYS, SOURCE_KEYS and FOLLOWUP_KEYS are the one spelling of a record's fields; the dataclasses follow."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from jbz_cli.core.build import record_from_dict
from jbz_cli.core.model import (
    FOLLOWUP_KEYS,
    RECORD_KEYS,
    SOURCE_KEYS,
    Followup,
    Record,
    Source,
    record_from_plain,
    record_to_plain,
)
from jbz_cli.present.shapes import record_dict


def test_the_dataclasses_have_exactly_the_documented_keys() -> None:
    assert tuple(f.name for f in fields(Source)) == SOURCE_KEYS
    assert tuple(f.name for f in fields(Followup)) == FOLLOWUP_KEYS
    attrs = tuple(f.name for f in fields(Record) if f.name not in ("id", "path"))
    assert attrs == tuple("followups" if k == "followup" else k for k in RECORD_KEYS)


def test_a_record_survives_the_plain_round_trip() -> None:
    record = record_from_dict(
        {
            "kind": "commitment",
            "title": "Send the roadmap",
            "status": "partial",
            "due": "2026-Q4",
            "topics": ["iom"],
            "actor": "Minister",
            "next_check": date(2026, 12, 1),
            "source": {"document": "Kamerbrief", "date": date(2026, 3, 1), "url": "https://example.org"},
            "followup": [{"date": date(2026, 4, 1), "note": "n", "due": "2026-Q4", "previous_due": "2026-Q3"}],
        },
        "roadmap",
        "records/roadmap.toml",
    )
    plain = record_to_plain(record)
    assert len(plain) == len(RECORD_KEYS)
    assert record_from_plain(plain, "roadmap", "records/roadmap.toml") == record
    data = record_dict(record)
    assert list(data["source"]) == list(SOURCE_KEYS)
    assert list(data["followups"][0]) == list(FOLLOWUP_KEYS)


def test_a_record_id_is_its_file_name_in_any_folder() -> None:
    from jbz_cli.core.model import record_id_of

    assert record_id_of("32317-987/ebsp-end.toml") == record_id_of("ebsp-end.toml") == "ebsp-end"
