"""summary, agenda, stats and multi-id show through the real CLI group, in every format."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest

from jbz_cli import __version__
from jbz_cli.cli.app import make_run
from jbz_cli.cli.context import ReadOptions
from jbz_cli.core.overviews import build_agenda, build_stats, build_summary
from jbz_cli.core.query import Settings
from jbz_cli.present.terminal import Style
from jbz_cli.present.views.agenda import write_agenda
from jbz_cli.present.views.stats import write_stats
from jbz_cli.present.views.summary import write_summary
from jbz_cli.store.files import RecordsDir, load_records

AS_OF = "2026-11-29"
BOX = set("─│┃━┏┓┗┛╭╮╰╯═║┌┐└┘├┤┬┴┼")


@pytest.fixture
def jbz(invoke, basic_dir: Path):
    """`jbz ARGS` on the fixture records for the fixed as-of date."""

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        full_env = {"JBZ_RECORDS": str(basic_dir), "JBZ_TODAY": AS_OF, **(env or {})}
        return invoke(*args, input=input, env=full_env)

    return run


# --- summary -------------------------------------------------------------------------------------------------------


def test_summary_piped_is_plain_text(jbz, basic_dir: Path) -> None:
    result = jbz("summary")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"As of 2026-11-29: 8 records in {basic_dir}",
        "Status: 4 open, 1 waiting, 1 partial, 2 done",
        "",
        "Overdue (1), oldest due first:",
        "  c7-action-plan  first half of 2026, 152 days ago  C7 ministers adopt a multi-year action plan",
        "",
        "Awaiting follow-up (2):",
        "  ebsp-keep-kamer-informed  no news since 2025-12-17  Keep the Kamer informed about the EBSP negotiations",
        "  pool-dutch-contribution   check since 2026-11-01    Decide on the Dutch contribution to the solidarity pool",
        "",
        "Due in the next 30 days (1):",
        "  pool-dutch-contribution  2026-12-15, in 16 days  Decide on the Dutch contribution to the solidarity pool",
    ]


def test_jbz_alone_prints_the_summary(jbz) -> None:
    alone, summary = jbz(), jbz("summary")
    assert alone.exit_code == 0, alone.output
    assert alone.stdout == summary.stdout
    assert "Overdue (1)" in alone.stdout


def test_version_and_help_still_work_without_a_command(jbz) -> None:
    assert jbz("--version").stdout == f"jbz {__version__}\n"
    help_text = jbz("--help")
    assert help_text.exit_code == 0
    assert "summary" in help_text.stdout and "agenda" in help_text.stdout and "As of" not in help_text.stdout


def test_summary_json_has_every_section(jbz) -> None:
    data = json.loads(jbz("summary", "--json").stdout)
    assert data["as_of"] == AS_OF and data["soon_days"] == 30 and data["total"] == 8 and data["problems"] == 0
    assert data["by_status"]["open"] == 4
    assert [d["id"] for d in data["overdue"]] == ["c7-action-plan"]
    assert [d["id"] for d in data["awaiting"]] == ["ebsp-keep-kamer-informed", "pool-dutch-contribution"]
    assert [d["id"] for d in data["due_soon"]] == ["pool-dutch-contribution"]
    assert data["due_soon"][0]["flags"] == ["due-soon", "awaiting"]


def test_summary_soon_days_widens_the_due_section(jbz) -> None:
    data = json.loads(jbz("summary", "--format", "json", "--soon-days", "40").stdout)
    assert [d["id"] for d in data["due_soon"]] == [
        "pool-dutch-contribution",
        "ebsp-negotiations-end-2026",
        "etias-operational",
    ]


def test_summary_limit_caps_each_section_and_says_how_to_see_the_rest(jbz) -> None:
    lines = jbz("summary", "--limit", "1").stdout.splitlines()
    at = lines.index("Awaiting follow-up (2):")
    assert lines[at + 1 : at + 3] == [
        "  ebsp-keep-kamer-informed  no news since 2025-12-17  Keep the Kamer informed about the EBSP negotiations",
        "  ... and 1 more: jbz list --awaiting --sort activity",
    ]
    assert "... and" not in jbz("summary", "--limit", "0").stdout
    assert len(json.loads(jbz("summary", "--json", "--limit", "1").stdout)["awaiting"]) == 2


def test_summary_refuses_line_formats(jbz) -> None:
    result = jbz("summary", "--format", "tsv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "jbz: error: summary cannot be written as 'tsv': expected one of table, json\n"


def test_summary_reports_skipped_files_and_exits_1(jbz, basic_dir: Path) -> None:
    (basic_dir / "broken.toml").write_text('kind = "deadline"\ntitle = "x"\ndue = "2026-13"\n')
    result = jbz("summary")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{basic_dir}/broken.toml:3:1: invalid due date '2026-13'")
    assert "1 invalid record file skipped; run jbz check" in result.stdout


# --- show with several ids and stdin -------------------------------------------------------------------------------


def test_show_several_ids_in_the_order_given(jbz) -> None:
    result = jbz("show", "etias-operational", "c7-action-plan", "--format", "ids")
    assert result.stdout == "etias-operational\nc7-action-plan\n"
    data = json.loads(jbz("show", "etias-operational", "c7-action-plan", "--json").stdout)
    assert [d["id"] for d in data] == ["etias-operational", "c7-action-plan"]


def test_show_several_ids_as_text_separates_them_with_a_rule(jbz) -> None:
    out = jbz("show", "etias-operational", "c7-action-plan").stdout
    first, second = out.split("\n\n" + "-" * 72 + "\n")
    assert first.startswith("etias-operational (deadline)\n")
    assert second.startswith("c7-action-plan (deadline)\n")


def test_show_dash_reads_ids_from_stdin_skipping_blank_lines(jbz) -> None:
    result = jbz("show", "-", "--format", "tsv", input="c7-action-plan\n\n  \netias\nasylum-ep-position\n")
    assert result.exit_code == 0, result.output
    # A topic on stdin shows its dossier, as on the command line.
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == [
        "c7-action-plan",
        "etias-operational",
        "asylum-ep-position",
    ]


def test_show_dash_json_is_always_an_array(jbz) -> None:
    data = json.loads(jbz("show", "-", "--json", input="c7-action-plan\n").stdout)
    assert isinstance(data, list) and data[0]["id"] == "c7-action-plan"
    single = json.loads(jbz("show", "c7-action-plan", "--json").stdout)
    assert isinstance(single, dict)


def test_show_dash_with_empty_stdin_prints_nothing(jbz) -> None:
    assert (jbz("show", "-", input="").exit_code, jbz("show", "-", input="").stdout) == (0, "")
    assert json.loads(jbz("show", "-", "--json", input="\n").stdout) == []


def test_show_unknown_id_among_several_fails_before_printing(jbz) -> None:
    result = jbz("show", "-", input="c7-action-plan\nno-such-record\netias-operational\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "jbz: error: no record or topic matches 'no-such-record'\n"
    result = jbz("show", "c7-action-plan", "ebsp-")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "'ebsp-' is ambiguous" in result.stderr


# --- agenda --------------------------------------------------------------------------------------------------------


def test_agenda_piped_is_grouped_plain_text(jbz) -> None:
    result = jbz("agenda")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Agenda June 2026 to May 2027, as of 2026-11-29",
        "5 open items with a due date",
        "",
        "June 2026 (1, 1 overdue)",
        "  c7-action-plan              first half of 2026  overdue                      C7 ministers adopt a multi-year action plan",
        "",
        "December 2026 (3)",
        "  pool-dutch-contribution     2026-12-15          partial, due-soon, awaiting  Decide on the Dutch contribution to the solidarity pool",
        "  ebsp-negotiations-end-2026  2026                                             Commission aims to conclude the EU-US EBSP framework negotiations",
        "  etias-operational           Q4 2026                                          ETIAS becomes operational",
        "",
        "January 2027 (1)",
        "  asylum-ep-position          2027-01-31          waiting                      European Parliament position on safe countries of origin",
    ]


def test_agenda_imprecise_from_and_to_cover_whole_windows(jbz) -> None:
    result = jbz("agenda", "--from", "2026-Q3", "--to", "2026-Q4", "--format", "ids")
    assert result.stdout.splitlines() == ["pool-dutch-contribution", "ebsp-negotiations-end-2026", "etias-operational"]
    head = jbz("agenda", "--from", "2026-Q3", "--to", "2026-Q4").stdout.splitlines()[0]
    assert head == "Agenda July 2026 to December 2026, as of 2026-11-29"


def test_agenda_all_includes_closed_items(jbz) -> None:
    assert "iom-roadmap-march" not in jbz("agenda", "--from", "2026", "--format", "ids").stdout
    assert "iom-roadmap-march" in jbz("agenda", "--all", "--from", "2026", "--format", "ids").stdout


def test_agenda_json_items_carry_their_month_and_words(jbz) -> None:
    data = json.loads(jbz("agenda", "--json").stdout)
    assert [(d["id"], d["month"], d["due_label"]) for d in data] == [
        ("c7-action-plan", "2026-06", "first half of 2026"),
        ("pool-dutch-contribution", "2026-12", "2026-12-15"),
        ("ebsp-negotiations-end-2026", "2026-12", "2026"),
        ("etias-operational", "2026-12", "Q4 2026"),
        ("asylum-ep-position", "2027-01", "2027-01-31"),
    ]
    lines = jbz("agenda", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == data


def test_agenda_tsv_and_csv_are_the_list_formats(jbz) -> None:
    tsv = jbz("agenda", "--format", "tsv").stdout.splitlines()
    assert tsv[0] == "c7-action-plan\tdeadline\topen\t2026-H1\toverdue\tC7 ministers adopt a multi-year action plan"
    rows = list(csv.reader(io.StringIO(jbz("agenda", "--format", "csv").stdout)))
    assert rows[0][:3] == ["id", "kind", "status"] and len(rows) == 6


def test_agenda_bad_window_is_a_usage_error(jbz) -> None:
    result = jbz("agenda", "--from", "2026-Q5")
    assert result.exit_code == 2
    assert result.stderr.startswith("jbz: error: --from: invalid date '2026-Q5'")
    result = jbz("agenda", "--from", "2027", "--to", "2026")
    assert (result.exit_code, result.stderr) == (2, "jbz: error: --from 2027-01-01 is after --to 2026-12-31\n")


# --- stats ---------------------------------------------------------------------------------------------------------


def test_stats_tsv_is_section_key_count(jbz) -> None:
    lines = jbz("stats", "--format", "tsv").stdout.splitlines()
    assert lines[:4] == ["total\trecords\t8", "kind\tdecision\t1", "kind\tcommitment\t2", "kind\tdeadline\t5"]
    assert "topic\tmigration\t5" in lines
    assert "actor\tEuropees Parlement (België voorzitter)\t1" in lines
    assert lines[-3:] == ["done-deadline\ton-time\t1", "done-deadline\tlate\t0", "done-deadline\tunknown\t0"]
    assert all(len(line.split("\t")) == 3 for line in lines)


def test_stats_json_csv_and_jsonl_agree(jbz) -> None:
    data = json.loads(jbz("stats", "--json").stdout)
    assert data["by_kind"] == {"decision": 1, "commitment": 2, "deadline": 5}
    assert data["done"]["deadline"] == {
        "on_time": 1,
        "late": 0,
        "unknown": 0,
        "on_time_ids": ["iom-roadmap-march"],
        "late_ids": [],
        "unknown_ids": [],
    }
    rows = list(csv.reader(io.StringIO(jbz("stats", "--format", "csv").stdout)))
    jsonl = [json.loads(line) for line in jbz("stats", "--format", "jsonl").stdout.splitlines()]
    assert rows[0] == ["section", "key", "count"]
    assert [[d["section"], d["key"], str(d["count"])] for d in jsonl] == rows[1:]


def test_stats_plain_table_has_sections_and_no_box(jbz) -> None:
    out = jbz("stats").stdout
    assert out.startswith("Records: 8\n\nKind\n  decision    1\n  commitment  2\n  deadline    5\n")
    assert "Done deadlines\n  on time  1\n  late     0\n  unknown  0\n" in out
    assert not set(out) & BOX and "\x1b" not in out


def test_stats_has_no_ids_format(jbz) -> None:
    result = jbz("stats", "--format", "ids")
    assert result.exit_code == 2 and result.stdout == ""
    assert "stats cannot be written as 'ids'" in result.stderr


# --- one record, one line: tabs and newlines inside fields ---------------------------------------------------------


@pytest.fixture
def awkward(jbz, basic_dir: Path):
    (basic_dir / "awkward-fields.toml").write_text(
        'kind = "deadline"\n'
        'title = "Line one\\nline\\ttwo \\\\ back"\n'
        'due = "2026-12-20"\n'
        'summary = "Para one.\\n\\nPara two\\twith a tab."\n'
        'actor = "Raad\\nvan de EU"\n'
        '[source]\nquote = "Eerste regel.\\nTweede regel."\n'
    )
    return jbz


@pytest.mark.parametrize(
    "args",
    [
        ("list", "--format", "tsv"),
        ("list", "--format", "jsonl"),
        ("list", "--format", "ids"),
        ("show", "-", "--format", "tsv"),
        ("show", "-", "--format", "jsonl"),
        ("agenda", "--format", "tsv"),
        ("agenda", "--format", "jsonl"),
    ],
)
def test_a_record_never_spans_two_lines(awkward, args: tuple[str, ...]) -> None:
    result = awkward(*args, input="awkward-fields\netias-operational\n")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    awkward_lines = [line for line in lines if line.startswith(("awkward-fields", '{"id": "awkward-fields"'))]
    assert len(awkward_lines) == 1
    if "tsv" in args:
        assert awkward_lines[0].split("\t")[-1] == "Line one\\nline\\ttwo \\\\ back"
    if "jsonl" in args:
        assert json.loads(awkward_lines[0])["title"] == "Line one\nline\ttwo \\ back"


def test_summary_and_agenda_plain_keep_each_item_on_one_line(awkward) -> None:
    for args in (("summary",), ("agenda",)):
        lines = awkward(*args).stdout.splitlines()
        hits = [line for line in lines if "awkward-fields" in line]
        assert hits and all(line.endswith("Line one\\nline\\ttwo \\\\ back") for line in hits), lines


# --- colour and terminal styles ------------------------------------------------------------------------------------


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "no_color", "color"),
    [
        ({}, False, True),
        ({"NO_COLOR": "1"}, False, False),
        ({"NO_COLOR": ""}, False, True),
        ({"TERM": "dumb"}, False, False),
        ({}, True, False),
    ],
)
def test_colour_only_on_a_terminal_that_wants_it(
    monkeypatch: pytest.MonkeyPatch, basic_dir: Path, env: dict[str, str], no_color: bool, color: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(sys, "stdout", FakeTty())
    run = make_run(ReadOptions(records=str(basic_dir), as_of=AS_OF, no_color=no_color))
    assert run.style.terminal and run.fmt == "table"
    assert run.style.color is color


def test_piped_style_is_never_coloured(monkeypatch: pytest.MonkeyPatch, basic_dir: Path) -> None:
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    run = make_run(ReadOptions(records=str(basic_dir), as_of=AS_OF))
    assert (run.style.terminal, run.style.color, run.fmt) == (False, False, "tsv")


@pytest.fixture
def overviews(basic_dir: Path):
    records = load_records(RecordsDir(basic_dir, "records", "option")).records
    settings = Settings(date(2026, 11, 29))
    return build_summary(records, settings, "records"), build_agenda(records, settings), build_stats(records)


@pytest.mark.parametrize("color", [True, False])
def test_terminal_output_colours_only_when_asked_and_fits_80_columns(overviews, color: bool) -> None:
    summary, agenda, stats = overviews
    style = Style(terminal=True, color=color, width=80)
    for write, data in ((write_summary, summary), (write_agenda, agenda), (write_stats, stats)):
        out = io.StringIO()
        write(data, "table", out, style)
        text = out.getvalue()
        assert ("\x1b[" in text) is color
        plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
        assert max(len(line) for line in plain.splitlines()) <= 80, plain


def test_agenda_timeline_on_a_terminal_marks_overdue_in_red(overviews) -> None:
    _, agenda, _ = overviews
    out = io.StringIO()
    write_agenda(agenda, "table", out, Style(terminal=True, color=True, width=80))
    text = out.getvalue()
    assert "Jun 2026  \x1b[31m█\x1b[0m 1\x1b[31m (1 overdue)" in text
    plain = io.StringIO()
    write_agenda(agenda, "table", plain, Style(terminal=True, color=False, width=80))
    assert "Dec 2026  ███ 3\n" in plain.getvalue()
    assert "Jan 2027  █ 1\n" in plain.getvalue()


def test_terminal_summary_puts_long_ids_and_titles_on_two_lines_at_80_columns(basic_dir: Path) -> None:
    long_id = "anti-corruption-directive-political-agreement"
    (basic_dir / f"{long_id}.toml").write_text(
        'kind = "commitment"\ntitle = "A very long title that would never fit next to an id this long on a screen"\n'
        'due = "2026-11-01"\n'
    )
    records = load_records(RecordsDir(basic_dir, "records", "option")).records
    out = io.StringIO()
    write_summary(build_summary(records, Settings(date(2026, 11, 29)), "records"), "table", out, Style(True, False, 80))
    lines = out.getvalue().splitlines()
    at = lines.index(f"  {long_id}  2026-11-01, 28 days ago")
    assert lines[at + 1] == "    A very long title that would never fit next to an id this long on a screen"
    assert max(len(line) for line in lines) <= 80


def test_the_summary_counts_one_record_in_the_singular(invoke, tmp_path: Path) -> None:
    records = tmp_path / "one"
    records.mkdir()
    (records / "only.toml").write_text('kind = "commitment"\ntitle = "The only one"\n', encoding="utf-8")
    result = invoke("summary", "--records", str(records), "--as-of", "2026-11-29")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"As of 2026-11-29: 1 record in {records}"
