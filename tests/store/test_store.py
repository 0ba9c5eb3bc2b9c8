from __future__ import annotations

import os
from pathlib import Path

import pytest

from jbz_cli.errors import RecordsDirError
from jbz_cli.store.files import RecordsDir, load_records, resolve_records_dir
from jbz_cli.store.toml_text import locate

GOOD = 'kind = "deadline"\ntitle = "Good"\ndue = "2026-Q4"\n'


def load(folder: Path):
    return load_records(RecordsDir(folder, "recs", "option"))


def problems(folder: Path) -> list[str]:
    return [str(p) for p in load(folder).problems]


def write(folder: Path, name: str, text: str | bytes) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            'kind = "deadline"\ntitle = "x"\ndue = "2026-13"\n',
            "recs/bad.toml:3:1: invalid due date '2026-13': month 13 is not 01-12",
        ),
        (
            'kind = "deadline"\ntitle = "x"\n  due = "2026-Q5"\n',
            "recs/bad.toml:3:3: invalid due date '2026-Q5': expected YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY",
        ),
        (
            'kind = "deadline"\ntitle = "x"\ndue = 2026\n',
            "recs/bad.toml:3:1: due must be a date or a string (YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY), not int",
        ),
        (
            'kind = "promise"\ntitle = "x"\n',
            "recs/bad.toml:1:1: unknown kind 'promise': expected one of decision, commitment, deadline",
        ),
        ('title = "x"\n', "recs/bad.toml:1:1: missing required field 'kind'"),
        (
            'kind = "deadline"\ntitle = "x"\nstatus = "closed"\n',
            "recs/bad.toml:3:1: unknown status 'closed': expected one of open, waiting, partial, done, missed, dropped",
        ),
        (
            'kind = "deadline"\ntitle = "x"\nfollowup = "soon"\n',
            "recs/bad.toml:3:1: 'followup' must be an array of tables ([[followup]])",
        ),
        (
            'kind = "deadline"\ntitle = "x"\nsource = ["a"]\n',
            "recs/bad.toml:3:1: 'source' must be a table, not an array",
        ),
        (
            'kind = "deadline"\ntitle = "x"\n\n[[followup]]\ndate = 2026-01-01\n\n[[followup]]\ndate = "soon"\n',
            "recs/bad.toml:8:1: invalid date 'soon': expected YYYY-MM-DD",
        ),
        (
            'kind = "deadline"\ntitle = "x"\n\n[source]\ndocument = "a"\n  date = 2026-01-01T10:00:00\n',
            "recs/bad.toml:6:3: 'date' must be a date without a time",
        ),
        ('kind = "deadline"\ntitle = = "x"\n', "recs/bad.toml:2:9: TOML syntax: Invalid value"),
        ("", "recs/bad.toml:1:1: the file holds no fields; a record needs at least kind and title"),
        ("# only a comment\n\n", "recs/bad.toml:1:1: the file holds no fields; a record needs at least kind and title"),
    ],
)
def test_broken_files_are_reported_with_line_and_column(tmp_path: Path, content: str, expected: str) -> None:
    write(tmp_path, "bad.toml", content)
    write(tmp_path, "good.toml", GOOD)
    result = load(tmp_path)
    assert [str(p) for p in result.problems] == [expected]
    assert [r.id for r in result.records] == ["good"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "register = 2025",
            "recs/bad.toml:3:1: 'register' must be a register number (string) or a table, not an integer",
        ),
        ('register = ""', "recs/bad.toml:3:1: 'register' must not be empty"),
        ('created = "soon"', "recs/bad.toml:3:1: invalid created 'soon': expected YYYY-MM-DD"),
    ],
)
def test_register_link_and_created_date_are_checked(tmp_path: Path, line: str, expected: str) -> None:
    write(tmp_path, "bad.toml", f'kind = "commitment"\ntitle = "x"\n{line}\n')
    write(
        tmp_path, "linked.toml", 'kind = "commitment"\ntitle = "x"\nregister = "TZ202504-057"\ncreated = 2025-04-10\n'
    )
    write(tmp_path, "imported.toml", 'kind = "commitment"\ntitle = "x"\n\n[register]\nnummer = "TZ202504-057"\n')
    result = load(tmp_path)
    assert [str(p) for p in result.problems] == [expected]
    assert sorted(r.id for r in result.records) == ["imported", "linked"]


def test_binary_and_non_utf8_files(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", b"\x00\x01\x02binary")
    write(tmp_path, "b.toml", b'kind = "deadline"\ntitle = "caf\xe9"\n')
    write(tmp_path, "c.toml", b'kind = "deadline"\ntitle = "x"\nsummary = "a\x00b"\n')
    assert problems(tmp_path) == [
        "recs/a.toml:1:1: file is binary, not TOML text",
        "recs/b.toml:2:13: file is not valid UTF-8 (byte 0xe9)",
        "recs/c.toml:3:13: file is binary, not TOML text",  # where the first NUL byte is
    ]


def test_bom_is_tolerated(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", b"\xef\xbb\xbf" + GOOD.encode())
    assert [r.id for r in load(tmp_path).records] == ["a"]


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    write(tmp_path, "big.toml", GOOD + "# " + "x" * (10 * 1024 * 1024) + "\n")
    assert problems(tmp_path) == ["recs/big.toml:1:1: file is too large (10.5 MB); a record is at most 1 MB"]


def test_duplicate_ids_across_subfolders(tmp_path: Path) -> None:
    write(tmp_path, "a/same.toml", GOOD)
    write(tmp_path, "b/same.toml", GOOD)
    result = load(tmp_path)
    assert [r.path for r in result.records] == ["recs/a/same.toml"]
    assert [str(p) for p in result.problems] == ["recs/b/same.toml:1:1: duplicate id 'same': also in recs/a/same.toml"]


def test_hidden_files_and_other_extensions_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, ".lock.toml", "garbage")
    write(tmp_path, ".git/x.toml", "garbage")
    write(tmp_path, "sources/letter.txt", "text")
    write(tmp_path, "x.toml", GOOD)
    result = load(tmp_path)
    assert ([r.id for r in result.records], result.problems) == (["x"], [])


def test_symlink_loop_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    os.symlink(tmp_path / "loop2.toml", tmp_path / "loop1.toml")
    os.symlink(tmp_path / "loop1.toml", tmp_path / "loop2.toml")
    os.symlink(tmp_path, tmp_path / "dirloop")
    write(tmp_path, "x.toml", GOOD)
    result = load(tmp_path)
    assert [r.id for r in result.records] == ["x"]
    assert len(result.problems) == 2
    assert all("cannot read file" in str(p) for p in result.problems)


def test_locate_finds_keys_in_tables() -> None:
    text = 'kind = "x"\n[source]\ndate = 1\n[[followup]]\ndate = 2\n[[followup]]\n  note = 3\n'
    assert locate(text, ("kind",)) == (1, 1)
    assert locate(text, ("source", "date")) == (3, 1)
    assert locate(text, ("followup", 1, "note")) == (7, 3)
    assert locate(text, ("followup", 1)) == (6, 1)
    assert locate(text, ("missing",)) == (1, 1)


def test_records_dir_precedence(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    (tmp_path / "other").mkdir()
    env = {"JBZ_RECORDS": str(tmp_path / "other")}
    assert resolve_records_dir("records", env, tmp_path).origin == "option"
    assert resolve_records_dir(None, env, tmp_path).path == tmp_path / "other"
    assert resolve_records_dir(None, {}, tmp_path).path == tmp_path / "records"
    # From a folder below, the records/ of a folder above is found, as git finds .git (never the bundled ones).
    found = resolve_records_dir(None, {}, tmp_path / "other")
    assert (found.path, found.display, found.origin) == (tmp_path / "records", "../records", "found")
    (tmp_path / "other" / "jbz.toml").write_text("")  # a nearer marked root wins
    assert resolve_records_dir(None, {}, tmp_path / "other").path == tmp_path / "other"


def test_missing_records_dir_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RecordsDirError, match="'nope' \\(--records\\) does not exist"):
        resolve_records_dir("nope", {}, tmp_path)
    (tmp_path / "file").write_text("")
    with pytest.raises(RecordsDirError, match="JBZ_RECORDS\\) is not a folder"):
        resolve_records_dir(None, {"JBZ_RECORDS": "file"}, tmp_path)
