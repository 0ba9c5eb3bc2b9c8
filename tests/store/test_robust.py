"""No traceback, ever: each kind of bad input meets every command with a one-line error and exit 1 or 2."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from installed import installed_jbz

from jbz_cli.store.files import MAX_RECORD_BYTES

BASIC = Path(__file__).parents[1] / "fixtures" / "basic"
VALID_IDS = sorted(p.stem for p in BASIC.rglob("*.toml"))
COMMANDS = (
    ["list", "--format", "ids"],
    ["list", "--format", "table"],
    ["show", "ebsp-negotiations-end-2026"],
    ["show", "ebsp"],
    ["check"],
)


def _write_bytes_name(folder: Path, name: bytes) -> None:
    with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
        handle.write(b'kind = "deadline"\ntitle = "x"\n')


def _symlink_loop(folder: Path) -> None:
    (folder / "loop.toml").symlink_to("loop.toml")
    (folder / "loopdir").symlink_to(folder / "loopdir")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)


BAD_FILES: dict[str, Callable[[Path], None]] = {
    "not-utf8": lambda f: (f / "latin1.toml").write_bytes(b'kind = "deadline"\ntitle = "caf\xe9"\n'),
    "binary": lambda f: (f / "binary.toml").write_bytes(bytes(range(256))),
    "empty": lambda f: (f / "empty.toml").write_bytes(b""),
    "bom": lambda f: (f / "bom.toml").write_bytes(b'\xef\xbb\xbfkind = "deadline"\ntitle = "BOM"\n'),
    "10mb": lambda f: (f / "huge.toml").write_bytes(b"# " + b"x" * (10 * 1024 * 1024) + b"\n"),
    "array-for-table": lambda f: (f / "arr.toml").write_text(
        'kind = "deadline"\ntitle = "x"\n[[source]]\ndate = 2025-01-01\n'
    ),
    "due-integer": lambda f: (f / "dueint.toml").write_text('kind = "deadline"\ntitle = "x"\ndue = 2026\n'),
    "followup-string": lambda f: (f / "fstr.toml").write_text('kind = "deadline"\ntitle = "x"\nfollowup = "later"\n'),
    "odd-ids": lambda f: [
        (f / f"{name}.toml").write_text('kind = "deadline"\ntitle = "[/] odd [bold"\n')
        for name in ("with space", "ünïcode", "quo'te", 'dou"ble', "-leading-dash", "new\nline")
    ],
    "undecodable-name": lambda f: _write_bytes_name(f, b"\xff\xfe.toml"),
    "symlink-loop": _symlink_loop,
    "deep-nesting": lambda f: (f / "deep.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n"),
    "datetime-and-time": lambda f: (f / "dt.toml").write_text(
        'kind = "deadline"\ntitle = "x"\ndue = 2026-01-01T10:00:00\nnext_check = 10:00:00\n'
    ),
}


@pytest.fixture
def folder(basic_dir: Path) -> Path:
    return basic_dir


def as_of(command: list[str]) -> list[str]:
    """`--as-of` for the commands that take it: check has none, since none of its rules depends on the day."""
    return [] if command[0] == "check" else ["--as-of", "2026-11-29"]


@pytest.mark.parametrize("case", sorted(BAD_FILES))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:2]))
def test_bad_file_never_raises(invoke, folder: Path, case: str, command: list[str]) -> None:
    BAD_FILES[case](folder)
    assert MAX_RECORD_BYTES < 10 * 1024 * 1024
    result = invoke(command[0], "--records", str(folder), *as_of(command), *command[1:])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    if command[:3] == ["list", "--format", "ids"]:
        assert set(VALID_IDS) <= set(result.stdout.splitlines())
    if command[0] == "check":
        assert all(line.startswith((str(folder), "    ")) for line in result.stdout.splitlines())


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:2]))
def test_missing_records_folder(invoke, tmp_path: Path, command: list[str]) -> None:
    result = invoke(command[0], "--records", str(tmp_path / "nope"), *command[1:])
    assert result.exit_code == 2
    assert result.stderr == f"jbz: error: records folder {str(tmp_path / 'nope')!r} (--records) does not exist\n"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:2]))
def test_an_empty_records_option_is_refused_not_taken_as_here(invoke, command: list[str]) -> None:
    """`--records "$UNSET"` in a script must not read whatever folder the script runs in."""
    result = invoke(command[0], "--records", "", *command[1:])
    assert result.exit_code == 2
    assert result.stderr == "jbz: error: --records '' names no folder: give one, or leave the option out\n"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that permissions apply to")
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:2]))
def test_unreadable_records_folder(invoke, folder: Path, command: list[str]) -> None:
    folder.chmod(0)
    try:
        result = invoke(command[0], "--records", str(folder), *command[1:])
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2
    assert result.stderr.endswith("is not readable\n")


@pytest.mark.parametrize("command", [c for c in COMMANDS if c[0] != "check"], ids=lambda c: "-".join(c[:2]))
def test_as_of_not_a_date(invoke, folder: Path, command: list[str]) -> None:
    result = invoke(command[0], "--records", str(folder), "--as-of", "next tuesday", *command[1:])
    assert result.exit_code == 2
    assert result.stderr == "jbz: error: invalid --as-of date 'next tuesday': expected YYYY-MM-DD\n"


def test_installed_command_survives_every_bad_file(folder: Path) -> None:
    """The same inputs through the real console script, as a shell user or a git hook runs it."""
    binary = installed_jbz()
    for make in BAD_FILES.values():
        make(folder)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    for command in COMMANDS:
        result = subprocess.run(
            [str(binary), command[0], "--records", str(folder), *as_of(command), *command[1:]],
            capture_output=True,
            env=env,
            timeout=60,
        )
        stderr = result.stderr.decode("utf-8", "replace")
        assert result.returncode in (0, 1), stderr
        assert "Traceback" not in stderr
        if command[:3] == ["list", "--format", "ids"]:
            assert set(VALID_IDS) <= set(result.stdout.decode("utf-8").splitlines())
