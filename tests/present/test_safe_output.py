"""Record text never acts on a terminal, a spreadsheet or a line format (issue 12, kind 1).

Titles, actors, topics, summaries, quotes and notes carry terminal escapes, bidi overrides, separators and rich
markup; every human output and line format must show them as text and never pass the code points on.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ptyrun import run_in_pty, visible

from jbz_cli.present.lines import csv_cell, write_csv
from jbz_cli.present.terminal import SafeStream, safe_text

UNSAFE_POINTS = [
    *(chr(c) for c in range(0x20) if chr(c) not in "\t\n"),
    "\x7f",
    *(chr(c) for c in range(0x80, 0xA0)),
    "\u061c",
    "\u200e",
    "\u200f",
    "\u2028",
    "\u2029",
    *(chr(c) for c in range(0x202A, 0x202F)),
    *(chr(c) for c in range(0x2066, 0x206A)),
]
FORBIDDEN = re.compile("[" + re.escape("".join(UNSAFE_POINTS)) + "]")
CLIPBOARD = "\x1b]52;c;aGVsbG8=\x07"
CLEAR = "\x1b[2J"
HYPERLINK = "\x1b]8;;file:///etc/passwd\x1b\\click\x1b]8;;\x1b\\"
MARKUP = "[link=file:///etc/passwd]x[/link]"
BLINK = "[blink]"

# (arguments, whether stdout is JSON): every command that shows record text, in every human and line format.
COMMANDS = [
    (["list", "--format", "table"], False),
    (["list", "--format", "tsv"], False),
    (["list", "--format", "csv"], False),
    (["list", "--format", "ids"], False),
    (["list", "--format", "json"], True),
    (["list", "--format", "jsonl"], False),
    (["show", "evil", "--format", "table"], False),
    (["show", "evil", "--json"], True),
    (["agenda", "--format", "table"], False),
    (["agenda", "--format", "tsv"], False),
    (["summary", "--format", "table"], False),
    (["stats", "--format", "table"], False),
    (["stats", "--format", "tsv"], False),
    (["stats", "--format", "csv"], False),
    (["history", "evil", "--no-git"], False),
    (["brief", "--format", "text"], False),
    (["brief", "--format", "md"], False),
    (["brief", "--format", "html"], False),
    (["export", "ics"], False),
    (["report", "--period", "2026", "--format", "md"], False),
    (["report", "--period", "2026", "--format", "html"], False),
    (["report", "--period", "2026", "--format", "json"], False),
    (["feed"], False),
    (["diff", "2025", "2026", "--format", "table"], False),
    (["diff", "2025", "2026", "--format", "md"], False),
    (["diff", "2025", "2026", "--format", "jsonl"], False),
    (["check"], False),
]


def evil_record(text: str) -> dict:
    """A record with `text` in every free string field."""
    return {
        "kind": "commitment",
        "title": f"Evil {text} title",
        "status": "open",
        "due": "2026-H1",
        "actor": f"{MARKUP} {text}",
        "promised_to": text,
        "topics": [BLINK + "x", f"t{text}"],
        "summary": f"Summary {text}",
        "source": {"document": f"Doc {text}", "date": "2025-12-17", "section": text, "quote": f"Quote {text}"},
        "followup": [{"date": "2026-01-05", "note": f"Note {text}", "status": "partial"}],
    }


def write_records(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = evil_record(text)
    body = tomli_w.dumps(data).replace('date = "2025-12-17"', "date = 2025-12-17")
    body = body.replace('date = "2026-01-05"', "date = 2026-01-05")
    (folder / "evil.toml").write_text(body, encoding="utf-8")
    (folder / "plain.toml").write_text('kind = "decision"\ntitle = "A plain decision"\n', encoding="utf-8")
    return folder


def assert_inert(output: str, where: str) -> None:
    bad = FORBIDDEN.search(output)
    assert bad is None, f"{where}: raw U+{ord(bad.group()):04X} reached the output"
    assert "\x1b]8" not in output and "\x1b]52" not in output, where


def dated(args: list[str]) -> list[str]:
    """`args` with --as-of for the commands that take one (history and check do not)."""
    return args if args[:1] in (["history"], ["check"]) else [*args, "--as-of", "2026-11-29"]


def run_all(invoke, folder: Path) -> None:
    for args, is_json in COMMANDS:
        result = invoke(*dated([*args, "--records", str(folder)]))
        where = " ".join(args)
        assert result.exit_code in (0, 1), f"{where}: {result.output}"
        assert "Traceback" not in result.output, where
        assert_inert(result.stdout, where)
        assert_inert(result.stderr, where + " (stderr)")
        if is_json:
            data = json.loads(result.stdout)
            record = data[0] if isinstance(data, list) else data
            assert record["title"].startswith("Evil "), where  # still valid JSON with the text unchanged


def test_safe_text_escapes_every_unsafe_point_visibly() -> None:
    for point in UNSAFE_POINTS:
        escaped = safe_text(f"a{point}b")
        assert escaped == f"a\\u{ord(point):04x}b"
        assert json.loads(f'"{escaped}"') == f"a{point}b"  # the escape is a JSON escape for the same text
    assert safe_text("tab\tnew\nline – é ✓") == "tab\tnew\nline – é ✓"


def test_safe_stream_guards_plain_writes() -> None:
    out = io.StringIO()
    SafeStream(out).write(f"x{CLEAR}{CLIPBOARD}\u202ey\n")
    assert out.getvalue() == "x\\u001b[2J\\u001b]52;c;aGVsbG8=\\u0007\\u202ey\n"


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_start_a_formula_get_an_apostrophe(cell: str) -> None:
    out = io.StringIO()
    write_csv(("title",), [(cell,)], out)
    value = next(csv.reader(io.StringIO(out.getvalue().split("\n", 1)[1])))[0]
    assert value.startswith("'")
    assert csv_cell("2026-H1") == "2026-H1" and csv_cell(3) == 3


def test_the_issue_examples_are_inert_in_every_output(invoke, tmp_path: Path) -> None:
    folder = write_records(tmp_path / "records", f"{CLIPBOARD} {CLEAR} {HYPERLINK} =cmd \u202e\u2028\x85")
    run_all(invoke, folder)
    csv_out = invoke("list", "--format", "csv", "--records", str(folder)).stdout
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    evil = next(r for r in rows if r["id"] == "evil")
    assert evil["actor"].startswith("[link=")  # shown as text, no formula start to guard
    assert "\\u001b[2J" in evil["title"]
    for fmt in ("md", "html", "json"):  # the report names the record in every format, its text made visible
        shown = invoke("report", "--period", "2026", "-f", fmt, "--records", str(folder), "--as-of", "2026-11-29")
        assert "Evil \\u001b" in shown.stdout and "aGVsbG8=\\u0007" in shown.stdout, fmt
    args = ("report", "-p", "2026", "--records", str(folder), "--as-of", "2026-11-29")
    groups = json.loads(invoke(*args, "-f", "json").stdout)["groups"]
    assert any(e["title"].startswith("Evil \x1b]52") for g in groups for k, es in g.items() if k != "group" for e in es)


def test_report_html_escapes_markup_and_controls_in_record_text(invoke, tmp_path: Path) -> None:
    folder = write_records(tmp_path / "records", "<script>alert(1)</script>\x1b[2J\x9b")
    page = invoke("report", "-p", "2026", "-f", "html", "--records", str(folder), "--as-of", "2026-11-29").stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\\u001b[2J\\u009b" in page
    assert "<script>" not in page
    assert_inert(page, "report html")


def test_check_reports_controls_in_any_string_field(invoke, tmp_path: Path) -> None:
    folder = write_records(tmp_path / "records", CLEAR)
    result = invoke("check", "--records", str(folder))
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "control character U+001B" in line]
    fields = {line.split(" in ", 1)[1].split(";")[0] for line in lines}
    assert {"title", "actor", "promised_to", "topics.2", "summary", "source.document"} <= fields
    assert {"source.section", "source.quote", "followup.1.note"} <= fields
    assert all(re.match(r".*evil\.toml:\d+:\d+: error: ", line) for line in lines)
    assert_inert(result.stdout, "check")


def test_check_echo_of_a_raw_control_is_escaped(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "raw.toml").write_bytes(b'kind = "decision"\ntitle = "raw \x1b[2J here"\n')
    result = invoke("check", "--records", str(folder))
    assert result.exit_code == 1
    assert "raw \\u001b[2J here" in result.stdout
    assert_inert(result.stdout, "check echo")


def test_stats_on_a_terminal_shows_markup_as_text(tmp_path: Path) -> None:
    folder = write_records(tmp_path / "records", HYPERLINK + CLIPBOARD)
    for args in (["stats"], ["list"], ["show", "evil"], ["agenda"], [], ["history", "evil", "--no-git"]):
        shown = run_in_pty(dated([*args, "--records", str(folder)]) if args else ["--records", str(folder)], 120, {})
        seen = visible(shown)
        assert_inert(seen, f"terminal {args}")
        if args == ["stats"]:
            assert MARKUP in seen and BLINK + "x" in seen


# Text with any unsafe code point at any place, mixed with ordinary and markup-like text.
unsafe_text = st.lists(
    st.one_of(st.sampled_from(UNSAFE_POINTS), st.sampled_from(["[b]", "[/]", "=", "-", "é", "\t", "\n"]), st.text()),
    min_size=1,
    max_size=8,
).map("".join)


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])  # invoke is stateless
@given(text=unsafe_text)
def test_generated_unsafe_text_never_reaches_any_output(invoke, tmp_path_factory, text: str) -> None:
    folder = write_records(tmp_path_factory.mktemp("gen") / "records", text)
    run_all(invoke, folder)
