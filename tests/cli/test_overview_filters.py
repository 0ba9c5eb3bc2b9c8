"""--topic, --kind and --actor on the overviews (summary, stats, report, brief, feed), as on `jbz list`, through the
installed `jbz` on the bundled records."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

JBZ = installed_jbz(module_level=True)
FILTERS = ("--topic", "ebsp", "--kind", "commitment", "--actor", "cabinet")


def jbz(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env["JBZ_TODAY"] = "2026-11-29"
    return subprocess.run([JBZ, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("filters")


def test_summary_and_stats_count_what_list_keeps(outside: Path) -> None:
    kept = jbz("list", "--format", "ids", *FILTERS, cwd=outside).stdout.split()
    assert 0 < len(kept) < 20
    summary = json.loads(jbz("summary", "--json", *FILTERS, cwd=outside).stdout)
    stats = json.loads(jbz("stats", "--json", *FILTERS, cwd=outside).stdout)
    assert summary["total"] == stats["total"] == len(kept)


def test_report_brief_and_feed_hold_only_the_kept_records(outside: Path) -> None:
    kept = set(jbz("list", "--format", "ids", *FILTERS, cwd=outside).stdout.split())
    report = json.loads(jbz("report", "--period", "2026-H1", "--format", "json", *FILTERS, cwd=outside).stdout)
    ids = {i["id"] for g in report["groups"] for section in g.values() if isinstance(section, list) for i in section}
    assert ids and ids <= kept
    brief = jbz("brief", "--since", "2025-12", "--format", "text", *FILTERS, cwd=outside).stdout
    everything = jbz("list", "--format", "ids", cwd=outside).stdout.split()
    assert any(i in brief for i in kept)
    assert not any(i in brief for i in set(everything) - kept)
    feed = jbz("feed", "--since", "2025", *FILTERS, cwd=outside).stdout
    assert all(entry.split("</id>")[0].split(":")[2] in kept for entry in feed.split("<entry>")[1:])


@pytest.mark.parametrize("command", [("summary",), ("stats",), ("report", "--period", "2026-H1"), ("brief",)])
def test_a_bad_kind_is_the_same_usage_error_everywhere(outside: Path, command: tuple[str, ...]) -> None:
    result = jbz(*command, "--kind", "promise", cwd=outside)
    assert result.returncode == 2
    assert result.stderr.startswith("jbz: error: unknown kind 'promise'")
