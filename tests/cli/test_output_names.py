"""One vocabulary of formats, `-o FILE` choosing by extension or refusing, and the feed's window and id; through the
installed `jbz` on the bundled records (newcomer defects 11, 12 and 13)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import feedparser
import pytest
from installed import installed_jbz

JBZ = installed_jbz(module_level=True)


def jbz(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env["JBZ_TODAY"] = "2026-11-29"
    return subprocess.run([JBZ, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("formats")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("report", "--period", "2026-H1", "-o", "r.pdf"), "jbz report cannot write .pdf files; use .md"),
        (("brief", "-o", "b.pdf"), "jbz brief cannot write .pdf files"),
        (("brief", "-o", "b.csv"), "jbz brief cannot write csv (.csv); it writes md, text, html, json"),
        (("feed", "-o", "f.json"), "jbz feed cannot write json (.json); it writes atom (.atom, .xml)"),
        (("export", "ics", "-o", "cal.csv"), "jbz export ics cannot write csv (.csv); it writes ics (.ics)"),
    ],
)
def test_an_extension_the_command_cannot_write_is_refused_and_nothing_is_written(
    outside: Path, args: tuple[str, ...], message: str
) -> None:
    result = jbz(*args, cwd=outside)
    assert result.returncode == 2
    assert result.stderr.startswith(f"jbz: error: -o {args[-1]}: {message}")
    assert result.stderr.count("\n") == 1
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "starts"),
    [
        (("report", "--period", "2026-H1", "-o", "r.json"), "{"),
        (("report", "--period", "2026-H1", "-o", "r.HTML"), "<!DOCTYPE html>"),
        (("brief", "--since", "2026-11-01", "-o", "b.txt"), "JBZ briefing"),
        (("brief", "--since", "2026-11-01", "-o", "b.md"), "# JBZ briefing"),
        (("feed", "-o", "feed.xml"), "<?xml"),
    ],
)
def test_a_known_extension_picks_the_format(outside: Path, args: tuple[str, ...], starts: str) -> None:
    assert jbz(*args, cwd=outside).returncode == 0
    assert (outside / args[-1]).read_text(encoding="utf-8").lstrip().startswith(starts)


@pytest.mark.parametrize(
    "args",
    [
        ("history", "ebsp-keep-kamer-informed", "--format", "table"),
        ("check", "--format", "table"),
        ("diff", "2026-Q1", "2026-Q2", "--format", "text"),
        ("list", "--format", "text"),
        ("councils", "--format", "text"),
        ("summary", "--format", "text"),
    ],
)
def test_text_and_table_name_the_human_readable_format_on_every_command(outside: Path, args: tuple[str, ...]) -> None:
    result = jbz(*args, cwd=outside)
    assert result.returncode in (0, 1), result.stderr  # 1: findings (check, councils), never a usage error
    assert "unknown format" not in result.stderr


def test_the_feed_has_a_default_window_and_an_id_of_its_own(outside: Path) -> None:
    default = feedparser.parse(jbz("feed", "--as-of", "2026-06-30", cwd=outside).stdout.encode())
    everything = feedparser.parse(jbz("feed", "--as-of", "2026-06-30", "--since", "2025", cwd=outside).stdout.encode())
    assert len(everything.entries) > len(default.entries)
    assert all(e.updated >= "2026-04-01" for e in default.entries)  # 90 days before 30 June
    assert "default: the 90 days up to the as-of day" in " ".join(jbz("feed", "--help", cwd=outside).stdout.split())
    ids = {
        jbz("feed", *extra, cwd=outside).stdout.split("<id>")[1].split("</id>")[0]
        for extra in [
            (),
            ("--topic", "ebsp"),
            ("--self-url", "https://intranet.example/jbz/feed.xml"),
            ("--kind", "deadline"),
        ]
    }
    assert len(ids) == 4 and all(i.startswith("urn:jbz:feed:") for i in ids)

    # The same feed keeps its id from day to day, so a reader knows it.
    def feed_id(day: str) -> str:
        return jbz("feed", "--as-of", day, cwd=outside).stdout.split("<id>")[1].split("</id>")[0]

    assert feed_id("2026-01-05") == feed_id("2026-06-30")


def test_a_feed_id_follows_what_the_filters_select_not_how_they_were_typed(outside: Path) -> None:
    def feed_id(*extra: str) -> str:
        return jbz("feed", *extra, cwd=outside).stdout.split("<id>")[1].split("</id>")[0]

    assert feed_id("--actor", "Cabinet") == feed_id("--actor", "cabinet")
    assert feed_id("--kind", "decision", "--kind", "commitment") == feed_id(
        "--kind", "commitment", "--kind", "decision"
    )
    assert feed_id("--topic", "EBSP") == feed_id("--topic", "ebsp")
    assert feed_id("--actor", "Cabinet") != feed_id("--actor", "European Commission")
