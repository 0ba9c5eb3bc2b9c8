"""Kind "paths" of the attack round: no read or write leaves the records folder through a link, and `-o` never
replaces a special file (P1-P4)."""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest
from installed import installed_jbz
from runjbz import LETTER, env, jbz, one_error


def staged(tmp_path: Path) -> tuple[Path, Path]:
    rec = tmp_path / "rec"
    rec.mkdir()
    return rec, tmp_path / "drafts"


def test_p1_accept_never_writes_the_letter_through_a_linked_sources_folder(tmp_path: Path) -> None:
    rec, drafts = staged(tmp_path)
    (tmp_path / "outside").mkdir()
    (rec / "sources").symlink_to("../outside")
    jbz("extract", LETTER, "--into", drafts, "--records", rec)
    line = one_error(jbz("extract", "--accept", "--into", drafts, "--records", rec))
    assert "'sources' is a symbolic link" in line
    assert list((tmp_path / "outside").iterdir()) == []


def test_p2_accept_never_copies_a_linked_councils_toml_into_a_regular_file(tmp_path: Path) -> None:
    rec, drafts = staged(tmp_path)
    private = tmp_path / "private.toml"
    private.write_text('# private\n[[council]]\ndates = [2024-01-01]\nsource = "x"\nplace = "PRIVATE"\n')
    jbz("extract", LETTER, "--into", drafts, "--records", rec)  # stages the meeting while there is no link yet
    (rec / "councils.toml").symlink_to("../private.toml")
    result = jbz("extract", "--accept", "--into", drafts, "--records", rec)
    assert "'councils.toml' is a symbolic link" in one_error(result)
    assert (rec / "councils.toml").is_symlink()
    assert "PRIVATE" not in "".join(p.read_text() for p in rec.rglob("*.toml") if not p.is_symlink())


@pytest.mark.parametrize("command", [["councils"], ["agenda"], ["brief", "--council", "2027-01"]], ids=" ".join)
def test_p3_councils_toml_linked_outside_is_refused_by_every_reader(tmp_path: Path, command: list[str]) -> None:
    rec = tmp_path / "rec"
    rec.mkdir()
    (tmp_path / "outside.toml").write_text('[[council]]\ndates = [2027-01-01]\nsource = "x"\nplace = "OUTSIDE-VALUE"\n')
    (rec / "councils.toml").symlink_to("../outside.toml")
    result = jbz(*command, "--records", rec)
    assert "OUTSIDE-VALUE" not in result.stdout
    assert "a symbolic link to a file outside the records folder" in result.stderr


def test_p4_o_writes_into_a_device_without_replacing_it(tmp_path: Path) -> None:
    target = tmp_path / "null"
    target.symlink_to(os.devnull)  # a link to a character device: the same path as a device node made by mknod
    assert jbz("feed", "-o", target).returncode == 0
    assert target.is_symlink() and stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_p4_o_through_a_link_to_our_own_stdout_reaches_the_pipe(tmp_path: Path) -> None:
    link = tmp_path / "to-stdout"
    link.symlink_to("/proc/self/fd/1")
    if not Path("/proc/self/fd/1").exists():
        pytest.skip("no /proc")
    result = jbz("feed", "-o", link)
    assert result.stdout.startswith("<?xml") and link.is_symlink()


def test_p4_o_into_a_fifo_feeds_its_reader_and_keeps_the_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    jbz("feed", "-o", fifo)
    reader.join(30)
    assert got and got[0].startswith(b"<?xml")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_p4_o_onto_a_link_to_a_file_keeps_the_link_and_replaces_the_content(tmp_path: Path) -> None:
    (tmp_path / "real.xml").write_text("old")
    (tmp_path / "link.xml").symlink_to("real.xml")
    jbz("feed", "-o", tmp_path / "link.xml")
    assert (tmp_path / "link.xml").is_symlink()
    assert (tmp_path / "real.xml").read_text().startswith("<?xml")


def test_p4_o_to_dev_stdout_when_it_is_a_file_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    with out.open("wb") as fh:
        subprocess.run([installed_jbz(), "feed", "-o", "/dev/stdout"], stdout=fh, env=env(), check=True)
    assert out.read_text().startswith("<?xml")
