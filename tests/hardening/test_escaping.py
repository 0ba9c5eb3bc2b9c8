"""Kind "injection" of the attack round and the escaping wrong answers: each format is escaped in one place
(present/escape.py, present/terminal.safe_text), the same way in every view (I1, W1, W6)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from markdown_it import MarkdownIt
from ptyrun import run_in_pty
from runjbz import jbz

from jbz_cli.present.escape import md_text, md_url


def test_i1_a_url_that_would_forge_a_table_row_never_reaches_the_brief(tmp_path: Path) -> None:
    rec = tmp_path / "rec"
    rec.mkdir()
    (rec / "x.toml").write_text(
        'kind = "commitment"\ntitle = "t"\ndue = "2026-06"\n\n[source]\ndocument = "Doc"\n'
        'url = """https://example.org/a\n| **FAKE** | row |"""\n'
    )
    assert jbz("check", "--records", rec).returncode == 1
    brief = jbz("brief", "--records", rec, "--format", "md")
    assert "FAKE" not in brief.stdout


def test_i1_a_markdown_link_target_cannot_end_its_row() -> None:
    url = md_url("https://example.org/a\n| **FAKE** | row |\r\x07")
    assert "\n" not in url and "|" not in url and "\r" not in url and "\x07" not in url
    table = f"| a | b |\n|---|---|\n| [Doc]({url}) | x |\n"
    assert MarkdownIt().enable("table").render(table).count("<tr>") == 2  # the header and the one row


def test_w1_diff_md_escapes_as_brief_does(tmp_path: Path) -> None:
    rec = tmp_path / "rec"
    rec.mkdir()
    title = "C:\\dir &#x2A;x&#x2A; a|b"
    (rec / "x.toml").write_text(
        f'kind = "commitment"\ntitle = {json.dumps(title)}\ndue = "2026-06"\n\n'
        '[[followup]]\ndate = 2026-02-10\nnote = "n"\nstatus = "done"\nevidence = "e"\n'
    )
    out = jbz("diff", "2026-01", "2026-03", "--records", rec, "--format", "md").stdout
    assert md_text(title) in out
    rendered = MarkdownIt().render(out)
    assert "C:\\dir &amp;#x2A;x&amp;#x2A; a|b" in rendered  # the title as written, not "*x*"


def test_w6_control_characters_are_shown_on_a_terminal(tmp_path: Path) -> None:
    rec = tmp_path / "rec"
    rec.mkdir()
    (rec / "x.toml").write_text(
        'kind = "commitment"\ntitle = "A\\u0007B\\u0008C\\u000bD\\u000cE\\rF"\ndue = "2026-06"\n'
    )
    env = {"JBZ_TODAY": "2026-11-29", "NO_COLOR": "1", "JBZ_CACHE_DIR": os.environ["JBZ_CACHE_DIR"]}
    for command in (["list"], ["show", "x"]):
        shown = run_in_pty([*command, "--records", str(rec)], 120, env)
        assert "A\\u0007B\\u0008C\\u000bD\\u000cE\\u000dF" in shown, shown
