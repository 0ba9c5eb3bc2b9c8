"""`jbz check`: every rule with a bad file and the exact line a user sees, plus options and exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

from jbz_cli.check.files import slug_hint
from jbz_cli.check.sources import parse_vocabulary, source_file_names
from jbz_cli.core.quotes import contains_quote, normalise

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "schema" / "check.schema.json"

TOPICS = "| Topic | Type |\n|---|---|\n| `ebsp` | dossier |\n| `migration` | theme |\n"
SOURCE = (
    "De Commissie wenst daarom voor het einde van 2026 de onder-\n"
    "handelingen met de VS over de kader-\novereenkomst af te ronden. Het\n"
    "Secretaris-\nGeneraal \ufffd   sprak.\n"
)
GOOD = 'kind = "deadline"\ntitle = "Good"\ntopics = ["ebsp"]\n'


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty records folder with a vocabulary and one stored source text, as the current folder's records/."""
    folder = tmp_path / "records"
    (folder / "sources").mkdir(parents=True)
    (folder / "topics.md").write_text(TOPICS, encoding="utf-8")
    (folder / "sources" / "kst-32317-987.txt").write_text(SOURCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def check(invoke, records: Path):
    def run(*args: str):
        return invoke("check", "--records", "records", *args)

    return run


# --- each rule: a bad file and the exact output ----------------------------------------------------

RULE_CASES = [
    pytest.param(
        "bad.toml",
        'kind = "deadline"\ntitle = "x"\nbad = = 1\n',
        ["records/bad.toml:3:7: error: invalid value [syntax]", "    bad = = 1"],
        id="syntax",
    ),
    pytest.param(
        "bad.toml",
        b'kind = "deadline"\ntitle = "caf\xe9"\n',
        ["records/bad.toml:2:13: error: file is not valid UTF-8 (byte 0xe9) [syntax]"],
        id="syntax-not-utf8",
    ),
    pytest.param(
        "bad.toml",
        b"\x00\x01\x02binary",
        ["records/bad.toml:1:1: error: file is binary, not TOML text [syntax]"],
        id="syntax-binary",
    ),
    pytest.param(
        "bad.toml",
        'kind = "deadline"\ntittle = "x"\n',
        [
            "records/bad.toml:1:1: error: missing required field 'title' [schema]",
            "records/bad.toml:2:1: error: unknown key 'tittle'; did you mean 'title'? [schema]",
            '    tittle = "x"',
        ],
        id="schema-unknown-key-and-missing",
    ),
    pytest.param(
        "bad.toml",
        GOOD + '\n[source]\ndocumnt = "x"\n\n[[followup]]\ndate = 2026-01-01\nnotes = "y"\n',
        [
            "records/bad.toml:6:1: error: unknown key 'documnt' in [source]; did you mean 'document'? [schema]",
            '    documnt = "x"',
            "records/bad.toml:10:1: error: unknown key 'notes' in follow-up 1; did you mean 'note'? [schema]",
            '    notes = "y"',
        ],
        id="schema-unknown-nested-keys",
    ),
    pytest.param(
        "bad.toml",
        'kind = "deadlin"\ntitle = 3\nstatus = "closed"\n',
        [
            "records/bad.toml:1:1: error: unknown kind 'deadlin': expected one of decision, commitment, deadline; did you mean 'deadline'? [schema]",
            '    kind = "deadlin"',
            "records/bad.toml:2:1: error: 'title' must be a string, not an integer [schema]",
            "    title = 3",
            "records/bad.toml:3:1: error: unknown status 'closed': expected one of open, waiting, partial, done, missed, dropped [schema]",
            '    status = "closed"',
        ],
        id="schema-types-kind-status",
    ),
    pytest.param(
        "bad.toml",
        GOOD + 'followup = "soon"\n',
        [
            "records/bad.toml:4:1: error: 'followup' must be an array of tables ([[followup]]) [schema]",
            '    followup = "soon"',
        ],
        id="schema-followup-string",
    ),
    pytest.param(
        "bad.toml",
        GOOD + '\n[[source]]\ndocument = "x"\n',
        ["records/bad.toml:5:1: error: 'source' must be a table, not an array [schema]", "    [[source]]"],
        id="schema-array-for-table",
    ),
    pytest.param(
        "bad.toml",
        GOOD + "due = 2026\n",
        [
            "records/bad.toml:4:1: error: due must be a date or a string (YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY), not int [schema]",
            "    due = 2026",
        ],
        id="schema-due-integer",
    ),
    pytest.param(
        "bad.toml",
        GOOD + 'due = "2026-Q5"\n',
        [
            "records/bad.toml:4:1: error: invalid due date '2026-Q5': expected YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY [dates]",
            '    due = "2026-Q5"',
        ],
        id="dates-invalid-due",
    ),
    pytest.param(
        "bad.toml",
        GOOD
        + "\n[source]\ndate = 2025-12-17\n\n[[followup]]\ndate = 2025-12-01\n\n[[followup]]\ndate = 2026-05-01\n"
        + "\n[[followup]]\ndate = 2026-03-01\n",
        [
            "records/bad.toml:9:1: error: follow-up date 2025-12-01 is before the source date 2025-12-17 [dates]",
            "    date = 2025-12-01",
            "records/bad.toml:15:1: warning: follow-up date 2026-03-01 is before the previous follow-up (2026-05-01); keep them oldest first [dates]",
            "    date = 2026-03-01",
        ],
        id="dates-followup-order",
    ),
    pytest.param(
        "bad.toml",
        GOOD + '\n[[followup]]\ndate = 2026-01-01\ndue = "2026-13"\n',
        [
            "records/bad.toml:7:1: error: follow-up 1: invalid due date '2026-13': month 13 is not 01-12 [dates]",
            '    due = "2026-13"',
        ],
        id="dates-followup-due",
    ),
    pytest.param(
        "Bad Id.toml",
        GOOD,
        [
            "records/Bad Id.toml:1:1: error: id 'Bad Id' is not a slug (a-z, 0-9 and '-', not starting with '-'); rename the file to bad-id.toml [ids]"
        ],
        id="ids-not-a-slug",
    ),
    pytest.param(
        "bad.toml",
        GOOD + 'related = [\n  "good",\n  "nothere",\n  "goood",\n]\n',
        [
            "records/bad.toml:6:3: error: related id 'nothere' does not exist [related]",
            '      "nothere",',
            "records/bad.toml:7:3: error: related id 'goood' does not exist; did you mean 'good'? [related]",
            '      "goood",',
        ],
        id="related",
    ),
    pytest.param(
        "bad.toml",
        GOOD + '\n[[followup]]\ndate = 2026-01-01\nstatus = "done"\n',
        [
            "records/bad.toml:7:1: error: follow-up of 2026-01-01 sets status 'done' without 'evidence'; say where it can be checked [status]",
            '    status = "done"',
            "records/bad.toml:7:1: error: status defaults to 'open' but the latest follow-up (2026-01-01) set 'done'; add status = \"done\" [status]",
            '    status = "done"',
        ],
        id="status-evidence-and-default",
    ),
    pytest.param(
        "bad.toml",
        GOOD
        + 'status = "open"\n\n[[followup]]\ndate = 2026-01-01\nstatus = "missed"\nevidence = "Kamerstuk 32 317, nr. 990"\n',
        [
            "records/bad.toml:4:1: error: status 'open' disagrees with the latest follow-up (2026-01-01), which set 'missed' [status]",
            '    status = "open"',
        ],
        id="status-disagrees",
    ),
    pytest.param(
        "bad.toml",
        GOOD
        + '\n[source]\ndocument = "Kamerstuk 32 317, nr. 987"\nquote = "De Commissie wenst daarom voor het einde van 2027"\n',
        [
            "records/bad.toml:7:1: error: quote not found in records/sources/kst-32317-987.txt; it matches up to ' daarom voor het einde van 202', then differs [quote]",
            '    quote = "De Commissie wenst daarom voor het einde van 2027"',
        ],
        id="quote",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), RULE_CASES)
def test_rule_reports_exact_lines(check, records: Path, name: str, content: str | bytes, expected: list[str]) -> None:
    write(records, "good.toml", GOOD)
    write(records, name, content)
    result = check()
    assert result.stdout.splitlines() == expected
    assert result.exit_code == (1 if expected else 0)


def test_topics_outside_vocabulary_warn_but_pass(check, records: Path) -> None:
    write(records, "bad.toml", 'kind = "deadline"\ntitle = "x"\ntopics = ["ebps", "migration"]\n')
    result = check()
    assert result.stdout.splitlines() == [
        "records/bad.toml:3:11: warning: topic 'ebps' is not in the vocabulary (records/topics.md); did you mean 'ebsp'? [topics]",
        '    topics = ["ebps", "migration"]',
    ]
    assert result.exit_code == 0
    assert result.stderr == "jbz: 0 errors and 1 warning in 1 file\n"
    assert check("--strict").exit_code == 1


def test_far_due_is_a_warning(check, records: Path) -> None:
    write(records, "old.toml", GOOD + 'due = "1925-03"\n')
    write(records, "late.toml", GOOD + 'due = "2106"\n')
    result = check()
    assert result.stdout.splitlines() == [
        "records/late.toml:4:1: warning: due '2106' is after 2100; is the year a typo? [dates]",
        '    due = "2106"',
        "records/old.toml:4:1: warning: due '1925-03' is before 1950; is the year a typo? [dates]",
        '    due = "1925-03"',
    ]
    assert result.exit_code == 0
    assert check("--strict").exit_code == 1


def test_duplicate_ids_name_both_paths(check, records: Path) -> None:
    write(records, "a/same.toml", GOOD)
    write(records, "b/same.toml", GOOD)
    assert check().stdout.splitlines() == [
        "records/a/same.toml:1:1: error: duplicate id 'same': also in records/b/same.toml [ids]",
        "records/b/same.toml:1:1: error: duplicate id 'same': also in records/a/same.toml [ids]",
    ]


def test_single_file_is_checked_against_the_whole_folder(check, records: Path) -> None:
    write(records, "deep/sub/target.toml", GOOD)
    write(records, "other/target.toml", GOOD)
    write(records, "linker.toml", GOOD + 'related = ["target", "missing"]\n')
    result = check("records/linker.toml")
    assert result.stdout.splitlines() == [
        "records/linker.toml:4:22: error: related id 'missing' does not exist [related]",
        '    related = ["target", "missing"]',
    ]
    result = check("records/other/target.toml")
    assert result.stdout.splitlines() == [
        "records/other/target.toml:1:1: error: duplicate id 'target': also in records/deep/sub/target.toml [ids]"
    ]


def test_quote_matching_ignores_layout(check, records: Path) -> None:
    quote = "voor het einde van 2026 de onderhandelingen met de VS over de kader-overeenkomst af te ronden. Het Secretaris-Generaal sprak."
    write(
        records,
        "q.toml",
        GOOD + f'\n[source]\nurl = "https://zoek.officielebekendmakingen.nl/kst-32317-987.html"\nquote = "{quote}"\n',
    )
    result = check()
    assert (result.exit_code, result.stdout) == (0, "")


def test_quote_without_stored_source_is_not_checked(check, records: Path) -> None:
    write(records, "q.toml", GOOD + '\n[source]\ndocument = "Kamerstuk 21 501-20, nr. 2300"\nquote = "anything"\n')
    assert (check().exit_code, check().stdout) == (0, "")


def test_all_problems_of_one_file_are_reported(check, records: Path) -> None:
    write(
        records,
        "many.toml",
        'kind = "deadline"\ntittle = "x"\nstatus = 3\ndue = "2026-Q5"\ntopics = ["nope"]\nrelated = ["gone"]\n',
    )
    lines = [line for line in check().stdout.splitlines() if not line.startswith("    ")]
    assert [line.rsplit("[", 1)[1] for line in lines] == [
        "schema]",
        "schema]",
        "schema]",
        "dates]",
        "topics]",
        "related]",
    ]


# --- options -------------------------------------------------------------------------------------


def test_rule_and_skip_select_rules(check, records: Path) -> None:
    write(records, "bad.toml", 'kind = "deadline"\ntitle = "x"\ntopics = ["nope"]\nrelated = ["gone"]\n')
    assert [line[-9:] for line in check("--rule", "related").stdout.splitlines()[::2]] == ["[related]"]
    assert [line[-8:] for line in check("--skip", "related").stdout.splitlines()[::2]] == ["[topics]"]
    assert check("--skip", "related", "--skip", "topics").stdout == ""


@pytest.mark.parametrize("args", [("--rule", "spelling"), ("--skip", "nope"), ("--format", "xml")])
def test_unknown_rule_or_format_is_a_usage_error(check, records: Path, args: tuple[str, ...]) -> None:
    result = check(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("jbz: error: unknown ")


def test_json_and_jsonl_formats(check, records: Path) -> None:
    write(records, "bad.toml", 'kind = "deadline"\ntitle = "x"\nrelated = ["gone"]\n')
    expected = {
        "path": "records/bad.toml",
        "line": 3,
        "col": 12,
        "severity": "error",
        "message": "related id 'gone' does not exist",
        "rule": "related",
        "source_line": 'related = ["gone"]',
    }
    result = check("--format", "json")
    assert (result.exit_code, json.loads(result.stdout), result.stderr) == (1, [expected], "")
    assert json.loads(check("--json").stdout) == [expected]
    assert [json.loads(line) for line in check("--format", "jsonl").stdout.splitlines()] == [expected]


def test_json_output_follows_the_published_schema(records: Path) -> None:
    """The installed command's json and jsonl output, with errors, warnings and null source lines."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    write(records, "Bad Id.toml", 'kind = "deadline"\ntitle = "x"\nrelated = ["gone"]\n')
    write(records, "far.toml", 'kind = "deadline"\ntitle = "x"\ndue = "2106"\ntopics = ["ebps"]\n')
    write(records, "broken.toml", 'kind = "deadline"\nbad = = 1\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    jbz = installed_jbz()

    def run(fmt: str) -> str:
        result = subprocess.run(
            [jbz, "check", "--records", "records", "--format", fmt],
            cwd=records.parent,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
        )
        assert (result.returncode, result.stderr) == (1, "")
        return result.stdout

    whole = json.loads(run("json"))
    jsonschema.validate(whole, schema)
    assert {d["severity"] for d in whole} == {"error", "warning"}
    assert None in {d["source_line"] for d in whole}
    item = {"$defs": schema["$defs"], "$ref": "#/$defs/diagnostic"}
    lines = [json.loads(line) for line in run("jsonl").splitlines()]
    for line in lines:
        jsonschema.validate(line, item)
    assert lines == whole


def test_schema_names_every_rule() -> None:
    from jbz_cli.check.rules import RULES

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$defs"]["diagnostic"]["properties"]["rule"]["enum"] == list(RULES)


@pytest.mark.parametrize(
    ("name", "hint"),
    [("Bad Id", "bad-id"), ("Café Überblick", "cafe-uberblick"), ("RECORD", "record"), ("---", ""), ("中文", "")],
)
def test_slug_hint_is_the_id_jbz_add_would_make(name: str, hint: str) -> None:
    assert slug_hint(name) == hint


def test_json_on_a_clean_folder_is_an_empty_array(check, records: Path) -> None:
    write(records, "good.toml", GOOD)
    result = check("--json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_clean_fixture_is_silent(invoke, tmp_path: Path) -> None:
    result = invoke("check", "--records", str(FIXTURES / "basic"))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_default_folder_and_paths_from_the_environment(invoke, basic_dir: Path, monkeypatch) -> None:
    monkeypatch.chdir(basic_dir.parent)
    assert invoke("check").exit_code == 0
    assert invoke("check", "records/ebsp", "records/c7-action-plan.toml").exit_code == 0
    assert (
        invoke("check", "records/nothing.toml").stderr == "jbz: error: no such file or folder: records/nothing.toml\n"
    )


def test_thirty_broken_files_give_one_line_per_problem(check, records: Path) -> None:
    """Each file hides one problem below a different number of comment lines; every line number must be right."""
    defects = [
        ("bad = = 1", "error: invalid value [syntax]", 7),
        ('tittle = "x"', "error: unknown key 'tittle'; did you mean 'title'? [schema]", 1),
        (
            "status = 3",
            "error: unknown status 3: expected one of open, waiting, partial, done, missed, dropped [schema]",
            1,
        ),
        (
            'due = "2026-Q5"',
            "error: invalid due date '2026-Q5': expected YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY [dates]",
            1,
        ),
        ('related = ["gone"]', "error: related id 'gone' does not exist [related]", 12),
        ('topics = ["nope"]', "warning: topic 'nope' is not in the vocabulary (records/topics.md) [topics]", 11),
    ]
    expected = []
    for n in range(36):
        statement, message, col = defects[n % len(defects)]
        padding = "# padding\n" * n
        write(records, f"broken-{n:02d}.toml", f'kind = "deadline"\n{padding}title = "t"\n{statement}\n')
        expected.append(f"records/broken-{n:02d}.toml:{n + 3}:{col}: {message}")
    result = check()
    assert [line for line in result.stdout.splitlines() if not line.startswith("    ")] == expected
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- helpers the rules rely on -------------------------------------------------------------------


def test_normalise_ignores_layout_only() -> None:
    assert normalise("  a\n\tb\ufffd  c-\n  d ") == "a b c-d"
    assert contains_quote(SOURCE, "Het Secretaris-Generaal sprak.")
    assert not contains_quote(SOURCE, "Het Secretaris Generaal sprak.")
    assert not contains_quote(SOURCE, "   ")


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ({"document": "Kamerstuk 32 317, nr. 987"}, ["kst-32317-987.txt"]),
        ({"document": "Kamerstukken 21 501-20, nr. 2300"}, ["kst-21501-20-2300.txt"]),
        ({"url": "https://zoek.officielebekendmakingen.nl/kst-32317-987.html"}, ["kst-32317-987.txt"]),
        ({"url": "https://example.org/", "document": "a letter"}, []),
    ],
)
def test_source_file_names(source: dict[str, str], names: list[str]) -> None:
    assert source_file_names(source) == names


def test_vocabulary_is_the_backticked_first_column() -> None:
    text = "# Topics\n\n| Topic | Type |\n|---|---|\n| `ebsp` | dossier |\n|`c7`|dossier|\nsee `other` here\n"
    assert parse_vocabulary(text) == {"ebsp", "c7"}


def test_no_vocabulary_means_no_topic_check(check, records: Path) -> None:
    (records / "topics.md").unlink()
    shutil.rmtree(records / "sources")
    write(records, "t.toml", 'kind = "deadline"\ntitle = "x"\ntopics = ["anything"]\n')
    assert (check().exit_code, check().stdout) == (0, "")


def test_check_help_names_every_rule_and_format(invoke) -> None:
    from jbz_cli.check.diagnostics import CHECK_FORMATS
    from jbz_cli.check.rules import RULES

    text = " ".join(invoke("check", "--help").stdout.split())
    assert ", ".join(RULES) in text
    assert all(fmt in text for fmt in CHECK_FORMATS)


def test_leftovers_of_killed_writes_are_named_as_warnings(check, records: Path) -> None:
    write(records, "good.toml", GOOD)
    write(records, "sub/.good.toml.lock", "")
    write(records, ".good.toml.999999999.k3y.jbz-tmp", "half")  # its writer's process is gone
    write(records, f".good.toml.{os.getpid()}.live.jbz-tmp", "")  # a running process, a fresh file: live
    write(records, ".notes.lock", "")  # not jbz's
    result = check()
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "records/.good.toml.999999999.k3y.jbz-tmp:1:1: warning: leftover temporary file of an interrupted write of "
        "good.toml; the next jbz write removes it [leftovers]",
        "records/sub/.good.toml.lock:1:1: warning: leftover lock file of an interrupted write of good.toml; "
        "the next jbz write removes it [leftovers]",
    ]
    assert check("--strict").exit_code == 1
    assert check("--skip", "leftovers").stdout == ""
    assert check("records/good.toml").stdout == ""  # checking files, not a folder, says nothing about leftovers
    assert (records / "sub" / ".good.toml.lock").exists()  # check only reads


def test_controls_are_found_written_raw_or_as_escapes(check, records: Path) -> None:
    """A file without a backslash or a raw control skips the per-string search; both ways in still report."""
    write(records, "raw.toml", 'kind = "deadline"\ntitle = "Raw \u202e mark"\ntopics = ["ebsp"]\n')
    write(records, "escaped.toml", 'kind = "deadline"\ntitle = "Escaped \\u202E mark"\ntopics = ["ebsp"]\n')
    write(records, "literal.toml", 'kind = "deadline"\ntitle = \'C:\\u202E is text\'\ntopics = ["ebsp"]\n')
    lines = [line for line in check().stdout.splitlines() if "control character" in line]
    assert [line.split(":", 1)[0] for line in lines] == ["records/escaped.toml", "records/raw.toml"]
    assert all("control character U+202E in title" in line for line in lines)


def test_a_control_character_in_a_key_is_named_escaped_on_one_line(tmp_path: Path) -> None:
    from jbz_cli.check.run import RULES, Folder, check_paths

    path = tmp_path / "x.toml"
    path.write_text('kind = "deadline"\ntitle = "T"\n[actor]\n"\\n" = "\\u001f"\n', encoding="utf-8")
    result = check_paths([(path, "x.toml")], Folder.scan(tmp_path, "."), RULES)
    lines = [d.headline() for d in result.diagnostics if "U+001F" in d.headline()]
    assert len(lines) == 1 and "\n" not in lines[0] and "actor.\\u000a" in lines[0], lines
