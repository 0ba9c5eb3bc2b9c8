"""The writing commands as a user runs them: add, followup, done, edit, history, and their errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
from datetime import date
from pathlib import Path

import pytest

import jbz_cli.store.files
import jbz_cli.store.root

EDITOR = textwrap.dedent(
    """\
    import pathlib, sys
    here = pathlib.Path(__file__).parent
    count = here / "count"
    n = int(count.read_text()) if count.exists() else 0
    count.write_text(str(n + 1))
    (here / "seen").write_text(sys.argv[1])
    steps = sorted(here.glob("step*.toml"))
    content = steps[min(n, len(steps) - 1)].read_text()
    if content == "FAIL":
        sys.exit(3)
    pathlib.Path(sys.argv[1]).write_text(content)
    """
)


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def ids(result) -> list[str]:
    return result.stdout.splitlines()


def test_acceptance_flow(invoke, tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    base = ("--records", str(records))
    added = invoke(
        "add",
        "commitment",
        "--title",
        "Inform the Kamer about X",
        "--due",
        "2026-Q1",
        "--topic",
        "test",
        "--actor",
        "cabinet",
        "--no-input",
        *base,
        env={"JBZ_TODAY": "2026-01-02"},  # added on 2 January: the listings below are later
    )
    assert added.exit_code == 0, added.output
    rid = added.stdout.strip()
    assert rid == "inform-the-kamer-about-x"
    path = records / f"{rid}.toml"
    path.write_text("# Added by hand: ask the desk officer first.\n" + path.read_text())

    listing = ("list", "--format", "ids", "--as-of", "2026-01-15", *base)
    assert ids(invoke(*listing, "--open")) == [rid]
    assert ids(invoke(*listing, "--closed")) == []

    fu = invoke("followup", rid, "--note", "Letter announced for February", "--date", "2026-01-20", *base)
    assert fu.exit_code == 0, fu.output
    done = invoke("done", rid, "--evidence", "Kamerstuk 32 317, nr. 999", "--date", "2026-02-10", *base)
    assert done.exit_code == 0, done.output

    assert ids(invoke(*listing, "--open")) == [rid]  # on 15 January it was still open
    after = ("list", "--format", "ids", "--as-of", "2026-02-10", *base)
    assert ids(invoke(*after, "--open")) == []
    assert ids(invoke(*after, "--closed")) == [rid]
    shown = invoke("show", rid, *base)
    assert "2026-01-20  Letter announced for February" in shown.stdout
    assert "2026-02-10  [status -> done; evidence: Kamerstuk 32 317, nr. 999]" in shown.stdout
    text = path.read_text()
    assert text.startswith("# Added by hand: ask the desk officer first.\n")
    data = tomllib.loads(text)
    assert data["status"] == "done"
    assert [f["date"].isoformat() for f in data["followup"]] == ["2026-01-20", "2026-02-10"]


def test_add_without_a_title_is_a_one_line_usage_error(invoke, tmp_path: Path) -> None:
    for extra in (("--no-input",), ()):  # CliRunner's stdin is not a terminal, so no prompt either way
        result = invoke("add", "commitment", "--records", str(tmp_path), *extra)
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1 and "--title" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("add", "commitment", "--title", "T", "--due", "2026-Q5"), "invalid due date"),
        (("add", "commitment", "--title", "T", "--id", "../x"), "refused id"),
        (("add", "commitment", "--title", "T", "--id", "etias-operational"), "already used"),
        (("add", "promise", "--title", "T"), "unknown kind"),
        (("followup", "../etc/passwd", "--note", "n"), "refused id"),
        (("followup", "no-such-record", "--note", "n"), "no record with id"),
        (("followup", "etias-operational", "--note", "n", "--status", "done"), "needs --evidence"),
        (("followup", "etias-operational", "--note", "n", "--date", "2026-02-30"), "invalid --date"),
        (("followup", "etias-operational", "--note", "n", "--due", "next year"), "invalid due date"),
        (("done", "etias-operational", "--evidence", "K", "--date", "yesterday"), "invalid --date"),
    ],
)
def test_refusals_are_one_line_errors(invoke, basic_dir: Path, args: tuple[str, ...], needle: str) -> None:
    before = snapshot(basic_dir)
    result = invoke(*args, "--records", str(basic_dir))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("jbz: error: ") and result.stderr.count("\n") == 1
    assert needle in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(basic_dir) == before


def test_writing_into_the_bundled_records_is_refused(
    invoke, basic_dir: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch
) -> None:
    monkeypatch.setattr(jbz_cli.store.root, "bundled_records", lambda: basic_dir)
    elsewhere = tmp_path_factory.mktemp("elsewhere")  # no records root here or above: only the bundled records
    monkeypatch.chdir(elsewhere)
    before = sorted(p.name for p in basic_dir.iterdir())
    result = invoke("add", "commitment", "--title", "T", "--no-input")
    assert result.exit_code == 2
    assert "bundled example records" in result.stderr and "jbz init" in result.stderr
    result = invoke("done", "etias-operational", "--evidence", "K")
    assert result.exit_code == 2 and "bundled example records" in result.stderr
    assert sorted(p.name for p in basic_dir.iterdir()) == before


def test_dry_runs_print_and_write_nothing(invoke, basic_dir: Path) -> None:
    before = snapshot(basic_dir)
    add = invoke(
        "add",
        "deadline",
        "--title",
        "Pilot ends",
        "--due",
        "2026-H2",
        "--dry-run",
        "--records",
        str(basic_dir),
        env={"JBZ_TODAY": "2026-01-02"},
    )
    assert add.exit_code == 0
    assert tomllib.loads(add.stdout) == {
        "kind": "deadline",
        "title": "Pilot ends",
        "created": date(2026, 1, 2),
        "due": "2026-H2",
    }
    assert "would create" in add.stderr
    done = invoke("done", "etias-operational", "--evidence", "K 1", "--dry-run", "--records", str(basic_dir))
    assert done.exit_code == 0
    assert '+status = "done"' in done.stdout and "+[[followup]]" in done.stdout
    assert snapshot(basic_dir) == before


def test_batch_done_reads_ids_from_stdin(invoke, basic_dir: Path) -> None:
    base = ("--records", str(basic_dir))
    overdue = invoke("list", "--overdue", "--format", "ids", "--as-of", "2027-01-01", *base)
    assert ids(overdue) == [
        "c7-action-plan",
        "pool-dutch-contribution",
        "ebsp-negotiations-end-2026",
        "etias-operational",
    ]
    result = invoke("done", "-", "--evidence", "Kamerstuk 32 317, nr. 1000", *base, input=overdue.stdout + "\n\n")
    assert result.exit_code == 0, result.output
    assert ids(invoke("list", "--overdue", "--format", "ids", "--as-of", "2027-01-01", *base)) == []


def test_batch_with_one_unknown_id_writes_nothing(invoke, basic_dir: Path) -> None:
    before = snapshot(basic_dir)
    result = invoke(
        "followup", "-", "--note", "checked", "--records", str(basic_dir), input="etias-operational\nnope\n"
    )
    assert result.exit_code == 2 and "nope" in result.stderr
    assert snapshot(basic_dir) == before


def test_done_from_a_real_pipeline(basic_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env["JBZ"] = f"{sys.executable} -m jbz_cli"
    script = (
        "$JBZ list --overdue --format ids --as-of 2027-01-01 --records records"
        ' | $JBZ done - --evidence "Kamerstuk 32 317, nr. 1000" --date 2027-01-02 --records records'
    )
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", script], cwd=basic_dir.parent, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    data = tomllib.loads((basic_dir / "c7-action-plan.toml").read_text())
    assert data["status"] == "done"
    assert data["followup"][-1]["evidence"] == "Kamerstuk 32 317, nr. 1000"


# --- edit -------------------------------------------------------------------------------------------


@pytest.fixture
def editor(tmp_path: Path):
    """An $EDITOR that writes step1.toml, step2.toml, ... on successive runs ("FAIL" exits 3)."""
    folder = tmp_path / "editor"
    folder.mkdir()
    (folder / "editor.py").write_text(EDITOR)

    def setup(*steps: str) -> dict[str, str]:
        for n, content in enumerate(steps, 1):
            (folder / f"step{n}.toml").write_text(content)
        return {"EDITOR": f"{sys.executable} {folder / 'editor.py'}", "VISUAL": ""}

    setup.folder = folder  # type: ignore[attr-defined]
    return setup


def test_edit_writes_a_valid_change(invoke, basic_dir: Path, editor) -> None:
    path = basic_dir / "etias-operational.toml"
    new = path.read_text().replace('status = "open"', 'status = "waiting"  # by hand')
    result = invoke("edit", "etias-operational", "--records", str(basic_dir), env=editor(new))
    assert result.exit_code == 0, result.output
    assert path.read_text() == new
    edited_copy = Path((editor.folder / "seen").read_text())
    assert not edited_copy.exists() and basic_dir not in edited_copy.parents
    assert sorted(p.name for p in basic_dir.iterdir() if p.name.startswith(".")) == []


def test_edit_invalid_then_restore_keeps_the_original(invoke, basic_dir: Path, editor) -> None:
    path = basic_dir / "etias-operational.toml"
    before = path.read_bytes()
    broken = path.read_text().replace('due = "2026-Q4"', 'due = "2026-Q5"')
    result = invoke("edit", "etias-operational", "--records", str(basic_dir), env=editor(broken), input="r\n")
    assert result.exit_code == 1  # the edit was not applied (docs/workflow.md)
    assert "etias-operational.toml:3:1: invalid due date '2026-Q5'" in result.stderr
    assert "(e)dit again, (r)estore original, (k)eep anyway?" in result.stderr
    assert path.read_bytes() == before


def test_edit_again_until_valid(invoke, basic_dir: Path, editor) -> None:
    path = basic_dir / "etias-operational.toml"
    good = path.read_text().replace('due = "2026-Q4"', 'due = "2027-Q1"')
    result = invoke(
        "edit", "etias-operational", "--records", str(basic_dir), env=editor("kind = [broken", good), input="x\ne\n"
    )
    assert result.exit_code == 0, result.output
    assert "TOML syntax" in result.stderr
    assert path.read_text() == good


def test_edit_keep_anyway_is_the_users_choice(invoke, basic_dir: Path, editor) -> None:
    path = basic_dir / "etias-operational.toml"
    result = invoke(
        "edit", "etias-operational", "--records", str(basic_dir), env=editor('kind = "nonsense"\n'), input="k\n"
    )
    assert result.exit_code == 0
    assert path.read_text() == 'kind = "nonsense"\n'


def test_edit_without_answer_restores(invoke, basic_dir: Path, editor) -> None:
    path = basic_dir / "etias-operational.toml"
    before = path.read_bytes()
    result = invoke("edit", "etias-operational", "--records", str(basic_dir), env=editor("kind = [broken"), input="")
    assert result.exit_code == 1  # restored: the edit was not applied
    assert path.read_bytes() == before


def test_edit_unchanged_and_failing_editor(invoke, basic_dir: Path, editor) -> None:
    path = basic_dir / "etias-operational.toml"
    before = path.read_bytes()
    result = invoke("edit", "etias-operational", "--records", str(basic_dir), env=editor(path.read_text()))
    assert result.exit_code == 0 and "no changes" in result.stderr
    (editor.folder / "count").unlink()
    result = invoke("edit", "etias-operational", "--records", str(basic_dir), env=editor("FAIL"))
    assert result.exit_code == 2 and "editor exited with status 3" in result.stderr
    assert path.read_bytes() == before


# --- history ----------------------------------------------------------------------------------------


def test_history_outside_git(invoke, basic_dir: Path) -> None:
    base = ("--records", str(basic_dir))
    invoke(
        "followup", "etias-operational", "--note", "Start delayed", "--due", "2027-H1", "--date", "2026-10-01", *base
    )
    invoke("done", "etias-operational", "--evidence", "Kamerstuk 3", "--date", "2027-05-01", *base)
    text = invoke("history", "etias-operational", *base)
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert "  2025-12-17  source    recorded from Kamerstuk 32 317, nr. 987" in lines
    assert "  2026-10-01  follow-up Start delayed  [due 2026-Q4 -> 2027-H1]" in lines
    assert "  2027-05-01  follow-up  [status -> done; evidence: Kamerstuk 3]" in lines
    data = json.loads(invoke("history", "etias-operational", "--format", "json", *base).stdout)
    assert [e["type"] for e in data["events"]] == ["source", "followup", "followup"]
    assert data["git"] in ("not a git repository", "git not found")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_history_shows_commits(invoke, basic_dir: Path) -> None:
    repo = basic_dir.parent
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Desk",
        "GIT_AUTHOR_EMAIL": "d@example.org",
        "GIT_COMMITTER_NAME": "Desk",
        "GIT_COMMITTER_EMAIL": "d@example.org",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "Add the December letter"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    data = json.loads(invoke("history", "etias-operational", "--json", "--records", str(basic_dir)).stdout)
    commits = [e for e in data["events"] if e["type"] == "commit"]
    assert data["git"] == "yes"
    assert [(c["text"], c["author"]) for c in commits] == [("Add the December letter", "Desk")]


def test_unwritable_folder_is_a_one_line_error_and_leaves_the_record(invoke, basic_dir: Path, monkeypatch) -> None:
    """Root ignores permission bits, so the refusal a read-only folder gives is simulated at the OS call."""
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    record = basic_dir / "etias-operational.toml"
    before = record.read_bytes()
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    for args in (
        ["followup", "etias-operational", "--note", "Asked again", "--date", "2026-11-29"],
        ["done", "etias-operational", "--evidence", "Kamerstuk 32 317, nr. 999", "--date", "2026-11-29"],
        ["add", "deadline", "--title", "Something new", "--no-input"],
    ):
        result = invoke(*args, "--records", str(basic_dir))
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith("jbz: error: ") and result.stderr.count("\n") == 1, result.stderr
        assert "Permission denied" in result.stderr
        assert "Traceback" not in result.output
    assert record.read_bytes() == before
    assert not (basic_dir / "something-new.toml").exists()
