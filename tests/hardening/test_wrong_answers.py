"""The "wrong answers" of the attack round (W2-W5, W7, W8; W1 and W6 are in test_escaping.py)."""

from __future__ import annotations

import errno
import os
import unicodedata
from pathlib import Path

import pytest
from runjbz import jbz, one_error

from jbz_cli.register.entry import parse_timestamp


def test_w2_an_empty_or_damaged_cached_help_is_rendered_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = jbz("--help", JBZ_CACHE_DIR=str(cache)).stdout
    assert first.startswith("Usage:")
    for damaged in ("", "\x1b[2J\x1b]0;pwned\x07"):
        for file in cache.glob("help-*.txt"):
            file.write_text(damaged)
        assert jbz("--help", JBZ_CACHE_DIR=str(cache)).stdout == first


def test_w3_nfc_and_nfd_spellings_are_one_topic(tmp_path: Path) -> None:
    rec = tmp_path / "rec"
    rec.mkdir()
    for name, form in (("a", "NFC"), ("b", "NFD")):
        topic = unicodedata.normalize(form, "café")
        (rec / f"{name}.toml").write_text(f'kind = "decision"\ntitle = "{name}"\ntopics = ["{topic}"]\n')
    for query in (unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")):
        for cache in ([], ["--no-cache"]):
            assert jbz("list", "--records", rec, "--topic", query, "--format", "ids", *cache).stdout == "a\nb\n"
    stats = jbz("stats", "--records", rec, "--format", "csv").stdout
    assert [line for line in stats.splitlines() if line.startswith("topic,")] == ["topic,café,2"]


def test_w4_only_0001_01_01_is_the_register_sentinel() -> None:
    assert parse_timestamp("0001-01-01T00:00:00Z", "GewijzigdOp") == (None, None)
    changed, day = parse_timestamp("0001-01-02T00:00:00+23:59", "GewijzigdOp")
    assert changed is not None and day is not None and day.day == 2


def test_w5_an_empty_first_container_does_not_hide_the_body(tmp_path: Path) -> None:
    page = tmp_path / "letter.html"
    page.write_text(
        '<html><body><div id="broodtekst"></div><p>Den Haag, 17 december 2025</p>'
        "<p>De minister zal uw Kamer voor het einde van 2026 informeren over de voortgang.</p></body></html>"
    )
    result = jbz("extract", page, "--format", "json")
    assert result.returncode == 0 and "informeren over de voortgang" in result.stdout
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>x</title></head></html>")
    assert "the HTML page holds no text" in one_error(jbz("extract", empty))


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc")
def test_w7_a_folder_where_no_lock_can_be_made_is_said_at_once() -> None:
    result = jbz("add", "commitment", "--title", "x", "--no-input", JBZ_RECORDS="/proc", timeout=20)
    line = one_error(result)
    assert "cannot create .add.lock there" in line and "another jbz" not in line


def test_w8_a_full_cache_disk_leaves_no_empty_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jbz_cli import entry
    from jbz_cli.env import Environment
    from jbz_cli.store import replace

    def full(file: str, *args: object, **kwargs: object) -> None:
        Path(file).touch()  # the temp file is created, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    env = Environment.from_process()._replace(cache_dir=tmp_path)
    monkeypatch.setattr(replace, "open", full, raising=False)
    text = entry.cached_help(env)
    assert text.startswith("Usage:")
    assert list(tmp_path.iterdir()) == []
