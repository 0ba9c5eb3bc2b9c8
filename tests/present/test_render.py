from __future__ import annotations

import csv
import io
import json
from datetime import date

from jbz_cli.core.build import record_from_dict
from jbz_cli.core.query import Filter, Item, Settings, resolve, select
from jbz_cli.present.terminal import Style
from jbz_cli.present.views.list import write_items
from jbz_cli.present.views.show import ShowResult, write_show

SETTINGS = Settings(date(2026, 11, 29))
RECORD = record_from_dict(
    {
        "kind": "commitment",
        "title": "Inform the Kamer,\tsoon",
        "summary": "Line one\nline two",
        "due": "2026-Q3",
        "topics": ["ebsp", "migration"],
        "actor": "Dutch cabinet",
        "source": {
            "document": "Kamerstuk 32 317, nr. 987",
            "date": date(2025, 12, 17),
            "quote": 'Uw Kamer wordt geïnformeerd; "spoedig".',
        },
        "followup": [
            {
                "date": date(2026, 2, 1),
                "note": "Asked again",
                "status": "open",
                "due": "2026-Q3",
                "previous_due": "2026-Q1",
            }
        ],
    },
    "ebsp-inform",
    "records/ebsp-inform.toml",
)
ITEMS = select([RECORD], Filter(), SETTINGS)
PIPE = Style(terminal=False, color=False)


def render(fmt: str, style: Style = PIPE) -> str:
    out = io.StringIO()
    write_items(ITEMS, fmt, out, style)
    return out.getvalue()


def test_tsv_is_one_escaped_line_per_record() -> None:
    assert render("tsv") == "ebsp-inform\tcommitment\topen\t2026-Q3\toverdue\tInform the Kamer,\\tsoon\n"


def test_json_has_the_documented_keys() -> None:
    (obj,) = json.loads(render("json"))
    assert obj["due"] == "2026-Q3"
    assert (obj["due_start"], obj["due_by"]) == ("2026-07-01", "2026-09-30")
    assert obj["flags"] == ["overdue"]
    assert obj["source"]["date"] == "2025-12-17"
    assert obj["source"]["quote"] == 'Uw Kamer wordt geïnformeerd; "spoedig".'
    assert obj["followups"][0]["previous_due"] == "2026-Q1"
    assert obj["path"] == "records/ebsp-inform.toml"
    assert set(obj) >= {
        "id",
        "kind",
        "title",
        "summary",
        "status",
        "topics",
        "actor",
        "promised_to",
        "next_check",
        "related",
    }


def test_jsonl_keeps_newlines_inside_one_line() -> None:
    text = render("jsonl")
    assert text.count("\n") == 1
    assert json.loads(text)["summary"] == "Line one\nline two"


def test_csv_has_a_header_and_quotes_commas() -> None:
    rows = list(csv.reader(io.StringIO(render("csv"))))
    assert rows[0][:4] == ["id", "kind", "status", "due"]
    assert rows[1][0] == "ebsp-inform"
    assert rows[1][-1] == "Inform the Kamer,\tsoon"
    assert rows[1][7] == "ebsp,migration"


def test_ids() -> None:
    assert render("ids") == "ebsp-inform\n"


def test_piped_table_has_no_box_characters_or_escapes() -> None:
    text = render("table")
    assert "ebsp-inform" in text and "overdue" in text
    assert "\x1b" not in text
    assert not set(text) & set("─│┃━┏┓┗┛╭╮╰╯")


def test_terminal_table_fits_80_columns() -> None:
    text = render("table", Style(terminal=True, color=False, width=80))
    assert max(len(line) for line in text.splitlines()) <= 80


def test_show_record_has_quote_log_and_register_term() -> None:
    out = io.StringIO()
    write_show(ShowResult(resolve([RECORD], "ebsp-inform"), ITEMS, SETTINGS), "table", out, PIPE)
    text = out.getvalue()
    assert "Openstaand" in text
    assert '\u201cUw Kamer wordt geïnformeerd; "spoedig".\u201d' in text
    assert "2026-02-01  Asked again  [status -> open; due 2026-Q1 -> 2026-Q3]" in text
    assert "Q3 2026 (2026-07-01 to 2026-09-30)" in text


def test_show_dossier_json_is_an_array() -> None:
    out = io.StringIO()
    write_show(ShowResult(resolve([RECORD], "ebsp"), ITEMS, SETTINGS), "json", out, PIPE)
    assert [o["id"] for o in json.loads(out.getvalue())] == ["ebsp-inform"]


def test_item_flags_reach_every_format() -> None:
    item = Item(RECORD, ("awaiting",))
    out = io.StringIO()
    write_items([item], "csv", out, PIPE)
    assert "awaiting" in out.getvalue()
