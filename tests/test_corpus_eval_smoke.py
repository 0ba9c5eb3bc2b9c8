"""The real-letter benchmark still runs: `extract_eval.py --corpus` on two letters reports each of them.

No score is asserted: what a user of the benchmark would notice is that it stops working, drops a
letter or a form from its tables, or loses the overall line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from installed import installed_jbz

ROOT = Path(__file__).resolve().parents[1]
LETTERS = ("kst-21501-20-865", "kst-32317-869")
FORMS = ("copied-tk", "page-ob", "pdf")


def run_eval(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "extract_eval.py"), "--corpus", "--jbz", installed_jbz(), *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_corpus_eval_reports_every_letter_and_form() -> None:
    done = run_eval("--letters", ",".join(LETTERS), "--forms", ",".join(FORMS))
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    for name in (*LETTERS, *FORMS, "all letters"):
        assert [r for r in rows if r.startswith(f"| {name} |")], f"no row for {name}"
    assert "| score separation |" in done.stdout


def test_corpus_eval_json_has_one_run_per_letter_and_form() -> None:
    done = run_eval("--letters", LETTERS[0], "--forms", "text,pdf", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert sorted((r["letter"], r["form"]) for r in report["runs"]) == [(LETTERS[0], "pdf"), (LETTERS[0], "text")]
    assert set(report["overall"]) >= {"recall", "precision", "windows", "refused", "empty", "top_half_precision"}


def test_corpus_eval_names_an_unknown_letter() -> None:
    done = run_eval("--letters", "kst-0-0")
    assert done.returncode != 0
    assert "unknown letter or form: kst-0-0" in done.stderr


def test_every_gold_quote_is_in_its_letter() -> None:
    """A gold quote that is not verbatim in the letter could never be matched; the corpus would lie."""
    corpus = ROOT / "benchmarks" / "corpus"
    folders = sorted(p for p in corpus.iterdir() if (p / "gold.toml").is_file())
    assert len(folders) >= 12
    for folder in folders:
        text = " ".join(re.sub(r"\[\^\d+\]", "", (folder / "letter.txt").read_text(encoding="utf-8")).split())
        gold = tomllib.loads((folder / "gold.toml").read_text(encoding="utf-8"))
        for item in gold.get("item", []):
            for quote in (item["quote"], *item.get("also", ())):
                assert quote in text, f"{folder.name}: {quote[:60]}"
