"""The writing core: ids and paths, new records, follow-ups on hand-edited files, atomicity and locking."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from datetime import date
from pathlib import Path

import pytest

from jbz_cli.errors import NotFoundError, UsageError, WriteError
from jbz_cli.store.add import NewRecord, add_record
from jbz_cli.store.edits import FollowupRequest, add_followup, add_followups, set_top_level
from jbz_cli.store.files import RecordsDir, load_records
from jbz_cli.store.fsio import atomic_write
from jbz_cli.store.ids import check_id, find_record, slugify, unique_id

HAND_EDITED = textwrap.dedent(
    """\
    # Promise made in the letter of 17 December; checked by hand.
    title = "Send the Kamer the IOM roadmap"   # title first, on purpose
    kind = "commitment"
    status = "waiting"   # waits on the Commission
    summary = \"\"\"
    The roadmap is announced for March.
    status = "this line is inside a string and must stay"
    \"\"\"
    topics = ["iom", "migration"]

    # Where it comes from
    [source]
    document = "Kamerstuk 32 317, nr. 987"
    date = 2025-12-17
    """
)


def rdir_of(path: Path) -> RecordsDir:
    return RecordsDir(path, str(path), "option")


def visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def hand(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "iom-roadmap.toml").write_text(HAND_EDITED, encoding="utf-8")
    return folder


# --- ids, slugs and paths ---------------------------------------------------------------------------


def test_slugify_folds_accents_and_cuts_at_a_word() -> None:
    assert slugify("Ça marche: l'Été — über 2026!") == "ca-marche-l-ete-uber-2026"
    long = slugify("Inform the Kamer about the outcome of the negotiations on the regulation " * 2)
    assert len(long) <= 60 and not long.endswith("-")
    assert long.startswith("inform-the-kamer-about-the-outcome")
    assert slugify("!!!") == "record"


def test_unique_id_adds_a_number() -> None:
    assert unique_id("x", set()) == "x"
    assert unique_id("x", {"x"}) == "x-2"
    assert unique_id("x", {"x", "x-2"}) == "x-3"


@pytest.mark.parametrize("bad", ["../x", "/etc/x", "a/b", "x\n", ".hidden", "a\\b", "Upper", "x.toml", ""])
def test_refused_ids(bad: str) -> None:
    with pytest.raises(WriteError):
        check_id(bad)


def test_a_symlink_pointing_outside_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    outside = tmp_path / "outside.toml"
    outside.write_text('kind = "decision"\ntitle = "Outside"\n')
    (folder / "evil.toml").symlink_to(outside)
    with pytest.raises(WriteError, match="symbolic link"):
        find_record(folder, "evil")
    req = FollowupRequest(date(2026, 1, 1), "note")
    with pytest.raises(WriteError):
        add_followup(rdir_of(folder), "evil", req)
    assert outside.read_text() == 'kind = "decision"\ntitle = "Outside"\n'


def test_missing_record_names_near_ids(basic_dir: Path) -> None:
    with pytest.raises(NotFoundError, match="ebsp-keep-kamer-informed"):
        find_record(basic_dir, "ebsp-keep")


def test_bundled_records_are_never_written(basic_dir: Path) -> None:
    bundled = RecordsDir(basic_dir, str(basic_dir), "bundled")
    with pytest.raises(WriteError, match="bundled"):
        add_record(bundled, NewRecord("commitment", "Anything"))
    with pytest.raises(WriteError, match="bundled"):
        add_followup(bundled, "etias-operational", FollowupRequest(date(2026, 1, 1), "note"))


# --- add --------------------------------------------------------------------------------------------


def test_add_writes_a_valid_record_with_a_unique_slug(tmp_path: Path) -> None:
    rdir = rdir_of(tmp_path)
    req = NewRecord("commitment", "Inform the Kamer about X", due="2026-q1", topics=["test"], source_date="2025-12-17")
    first = add_record(rdir, req)
    second = add_record(rdir, req)
    assert (first.id, second.id) == ("inform-the-kamer-about-x", "inform-the-kamer-about-x-2")
    data = tomllib.loads(first.path.read_text())
    assert data["due"] == "2026-Q1"
    assert data["topics"] == ["test"]
    assert data["source"]["date"] == date(2025, 12, 17)
    assert sorted(r.id for r in load_records(rdir).records) == [first.id, second.id]


@pytest.mark.parametrize(
    ("field", "value"),
    [("due", "2026-Q5"), ("due", "2026-13"), ("next_check", "2026-02-30"), ("source_date", "March 2026")],
)
def test_add_validates_dates_before_any_file_exists(tmp_path: Path, field: str, value: str) -> None:
    req = NewRecord("commitment", "Bad date", **{field: value})
    with pytest.raises(UsageError):
        add_record(rdir_of(tmp_path), req)
    assert list(tmp_path.iterdir()) == []


def test_add_never_overwrites(basic_dir: Path) -> None:
    path = basic_dir / "etias-operational.toml"
    before = path.read_bytes()
    with pytest.raises(WriteError, match="already used"):
        add_record(rdir_of(basic_dir), NewRecord("deadline", "ETIAS"), record_id="etias-operational")
    with pytest.raises(WriteError, match="already exists"):
        atomic_write(path, "kind = 'deadline'\ntitle = 'x'\n", create=True)
    assert path.read_bytes() == before
    assert hidden(basic_dir) == []


def test_add_into_a_subfolder_and_refused_folders(tmp_path: Path) -> None:
    rdir = rdir_of(tmp_path)
    res = add_record(rdir, NewRecord("decision", "Council agrees"), folder="ebsp/2026")
    assert res.path == (tmp_path / "ebsp" / "2026" / "council-agrees.toml").resolve()
    for bad in ("../out", "/etc", ".git", "a/../../b"):
        with pytest.raises(WriteError):
            add_record(rdir, NewRecord("decision", "Council agrees"), folder=bad)
    assert not (tmp_path.parent / "out").exists()


def test_dry_run_writes_nothing(basic_dir: Path) -> None:
    before = {p: p.read_bytes() for p in basic_dir.rglob("*") if p.is_file()}
    res = add_record(rdir_of(basic_dir), NewRecord("commitment", "Something new"), dry_run=True)
    assert res.dry_run and 'title = "Something new"' in res.text
    fu = add_followup(
        rdir_of(basic_dir),
        "etias-operational",
        FollowupRequest(date(2026, 1, 5), "n", "done", "Kamerstuk 1"),
        dry_run=True,
    )
    assert '+status = "done"' in fu.diff("etias-operational.toml")
    after = {p: p.read_bytes() for p in basic_dir.rglob("*") if p.is_file()}
    assert after == before


# --- follow-ups on hand-edited files ----------------------------------------------------------------


def test_followup_keeps_comments_key_order_and_formatting(hand: Path) -> None:
    rdir = rdir_of(hand)
    add_followup(rdir, "iom-roadmap", FollowupRequest(date(2026, 3, 2), "Commission sent a draft"))
    text = (hand / "iom-roadmap.toml").read_text()
    assert text.startswith(HAND_EDITED)  # byte for byte, then the new table
    assert text[len(HAND_EDITED) :] == '\n[[followup]]\ndate = 2026-03-02\nnote = "Commission sent a draft"\n'

    add_followup(
        rdir,
        "iom-roadmap",
        FollowupRequest(
            date(2026, 3, 30), "Roadmap sent", status="done", evidence="Kamerstuk 32 317, nr. 990", due="2026-03"
        ),
    )
    final = (hand / "iom-roadmap.toml").read_text()
    # Only the status line changed (its comment kept) and a due line was added; all else is intact.
    expected_head = HAND_EDITED.replace(
        'status = "waiting"   # waits on the Commission', 'status = "done"   # waits on the Commission\ndue = "2026-03"'
    )
    assert final.startswith(expected_head)
    assert 'status = "this line is inside a string and must stay"' in final
    assert "# Promise made in the letter of 17 December; checked by hand." in final
    data = tomllib.loads(final)
    assert data["status"] == "done" and data["due"] == "2026-03"
    # The first status change keeps the status it started with, dated on its first day, so the past replays alike.
    notes = ["Recorded as waiting", "Commission sent a draft", "Roadmap sent"]
    assert [f["note"] for f in data["followup"]] == notes
    assert data["followup"][0]["date"] == date(2025, 12, 17) and data["followup"][0]["status"] == "waiting"
    assert data["followup"][2]["evidence"] == "Kamerstuk 32 317, nr. 990"
    assert "previous_due" not in data["followup"][2]  # there was no due before
    assert hidden(hand) == []


def test_moving_a_due_date_keeps_the_old_one(basic_dir: Path) -> None:
    add_followup(rdir_of(basic_dir), "etias-operational", FollowupRequest(date(2026, 10, 1), "Delayed", due="2027-H1"))
    data = tomllib.loads((basic_dir / "etias-operational.toml").read_text())
    assert data["due"] == "2027-H1"
    assert data["followup"][-1]["previous_due"] == "2026-Q4"
    assert data["followup"][-1]["due"] == "2027-H1"


def test_set_top_level_inserts_and_replaces_only_that_key() -> None:
    text = 'kind = "decision"  # k\ntitle = "T"\n\n[source]\nstatus = "not me"\n'
    inserted = set_top_level(text, "status", "dropped", after=("title", "kind"))
    assert inserted == 'kind = "decision"  # k\ntitle = "T"\nstatus = "dropped"\n\n[source]\nstatus = "not me"\n'
    assert set_top_level(inserted, "status", "done") == inserted.replace('"dropped"', '"done"')


@pytest.mark.parametrize(
    ("req", "message"),
    [
        (FollowupRequest(date(2026, 1, 1), "n", status="done"), "evidence"),
        (FollowupRequest(date(2026, 1, 1), "n", status="missed", evidence="  "), "evidence"),
        (FollowupRequest(date(2026, 1, 1), "n", status="closed"), "unknown status"),
        (FollowupRequest(date(2026, 1, 1), "n", due="2026-Q5"), "invalid due"),
        (FollowupRequest(date(2026, 1, 1)), "needs --note"),
    ],
)
def test_followup_requests_are_checked(basic_dir: Path, req: FollowupRequest, message: str) -> None:
    before = (basic_dir / "etias-operational.toml").read_bytes()
    with pytest.raises(UsageError, match=message):
        add_followup(rdir_of(basic_dir), "etias-operational", req)
    assert (basic_dir / "etias-operational.toml").read_bytes() == before


def test_a_result_that_would_not_parse_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "inline.toml"
    original = 'kind = "commitment"\ntitle = "T"\nfollowup = [{ date = 2026-01-01, note = "x" }]\n'
    path.write_text(original)
    with pytest.raises(WriteError, match="nothing was written"):
        add_followup(rdir_of(tmp_path), "inline", FollowupRequest(date(2026, 2, 1), "more"))
    assert path.read_text() == original
    assert hidden(tmp_path) == []


def test_batch_checks_every_id_before_writing(basic_dir: Path) -> None:
    path = basic_dir / "etias-operational.toml"
    before = path.read_bytes()
    req = FollowupRequest(date(2026, 1, 1), "n", status="done", evidence="Kamerstuk 1")
    with pytest.raises(NotFoundError):
        add_followups(rdir_of(basic_dir), ["etias-operational", "no-such-record"], req)
    assert path.read_bytes() == before


# --- atomicity: kill a writer at each step --------------------------------------------------------------

CHILD = """
import os, sys, time
from datetime import date
from pathlib import Path
from jbz_cli.store import edits, fsio
from jbz_cli.store.files import RecordsDir

folder, stage, marker = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])

def pause(name):
    if name == stage:
        marker.write_text(str(os.getpid()))
        time.sleep(600)

fsio._checkpoint = pause
edits.add_followup(RecordsDir(folder, str(folder), "option"), "iom-roadmap",
                   edits.FollowupRequest(date(2026, 3, 2), "x" * 20000, status="partial", evidence="E"))
"""


@pytest.mark.parametrize("stage", ["temp-created", "temp-half-written", "temp-synced", "renamed"])
def test_a_killed_writer_leaves_the_old_or_the_new_file(hand: Path, tmp_path: Path, stage: str) -> None:
    path = hand / "iom-roadmap.toml"
    marker = tmp_path / "paused"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(hand), stage, str(marker)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the writer ended before reaching the pause point"
            assert time.monotonic() < deadline, "the writer never reached the pause point"
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    text = path.read_text()
    if stage == "renamed":
        assert text.startswith(HAND_EDITED.replace('"waiting"', '"partial"')) and "x" * 20000 in text
    else:
        assert text == HAND_EDITED
    tomllib.loads(text)
    assert visible(hand) == ["iom-roadmap.toml"]  # any leftovers are hidden

    # The next writer cleans up what the killed one left: no temp or lock file survives it.
    add_followup(rdir_of(hand), "iom-roadmap", FollowupRequest(date(2026, 4, 1), "after the crash"))
    assert hidden(hand) == []
    assert tomllib.loads(path.read_text())["followup"][-1]["note"] == "after the crash"


# --- concurrency ------------------------------------------------------------------------------------


def test_twenty_concurrent_writers_lose_nothing(hand: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jbz_cli",
                "followup",
                "iom-roadmap",
                "--note",
                f"writer {n}",
                "--date",
                "2026-05-01",
                "--records",
                str(hand),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(20)
    ]
    outcomes = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
    for p in procs:
        for stream in (p.stdout, p.stderr):
            if stream:
                stream.close()
    assert all(code == 0 for code, _err in outcomes), outcomes
    text = (hand / "iom-roadmap.toml").read_text()
    assert text.startswith(HAND_EDITED)
    notes = sorted(f["note"] for f in tomllib.loads(text)["followup"])
    assert notes == sorted(f"writer {n}" for n in range(20))
    assert hidden(hand) == [] and visible(hand) == ["iom-roadmap.toml"]


# --- git sees only the records ----------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_status_shows_no_stray_files(hand: Path, tmp_path: Path) -> None:
    def git(*args: str) -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
        }
        return subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "records")
    rdir = rdir_of(hand)
    new = add_record(rdir, NewRecord("commitment", "Report on the pilot", due="2026-H2"))
    add_followup(rdir, "iom-roadmap", FollowupRequest(date(2026, 3, 2), "Draft received"))
    add_followup(rdir, new.id, FollowupRequest(date(2026, 3, 3), "Done", status="done", evidence="Kamerstuk 2"))
    status = sorted(git("status", "--porcelain", "--untracked-files=all").splitlines())
    assert status == [" M records/iom-roadmap.toml", "?? records/report-on-the-pilot.toml"]
