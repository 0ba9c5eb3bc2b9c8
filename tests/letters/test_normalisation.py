"""One character normalisation (core.quotes.clean_chars) for extract, the quote check and --search alike:
ligatures folded, soft hyphens and zero-width characters removed, no-break spaces made spaces. Run with the
installed `jbz`, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

from jbz_cli.core.quotes import INVISIBLE

LETTER = (
    "32 317 JBZ-Raad\n"
    "Nr. 1002 BRIEF VAN DE MINISTER\n"
    "Den Haag, 2 maart 2026\n"
    "\n"
    "Hierbij bied ik uw Kamer de geannoteerde agenda aan van de JBZ-Raad van 12 en 13 maart 2026.\n"
    "\n"
    "Migratie\u00adpact\n"
    "\n"
    "De Commissie zal de \ufb01nanciering van het migratie\u00ad\n"
    "pact in het eerste\u00a0kwartaal van 2026 voor\u200bstellen. Het kabinet zal uw Kamer\n"
    "hierover voor de zomer informeren.\n"
)
RECORD = (
    'kind = "commitment"\ntitle = "Commission to propose the ver\u00adslag"\n'
    'topics = ["migration"]\n\n[source]\nurl = "https://zoek.officielebekendmakingen.nl/kst-32317-1002.html"\n'
    'quote = "{quote}"\n'
)
TOPICS = "| Topic | Type |\n|---|---|\n| `migration` | theme |\n"


def jbz(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    return subprocess.run(
        [installed_jbz(), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=60, check=False
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    records = tmp_path / "records"
    (records / "sources").mkdir(parents=True)
    (records / "topics.md").write_text(TOPICS, encoding="utf-8")
    (records / "sources" / "kst-32317-1002.txt").write_text(LETTER, encoding="utf-8")
    return tmp_path


def test_extract_stores_quotes_clean(folder: Path) -> None:
    result = jbz(
        "extract", "records/sources/kst-32317-1002.txt", "--format", "json", "--records", "records", cwd=folder
    )
    assert result.returncode == 0, result.stderr
    quotes = [c["quote"] for c in json.loads(result.stdout)]
    commission = next(q for q in quotes if q.startswith("De Commissie zal"))
    assert commission == (
        "De Commissie zal de financiering van het migratiepact in het eerste kwartaal van 2026 voorstellen."
    )
    assert not any(c in q for q in quotes for c in INVISIBLE + "\u00a0\ufb01")


@pytest.mark.parametrize(
    "quote", ["De Commissie zal de financiering van het migratiepact", "de \ufb01nanciering van het migratie\u00adpact"]
)
def test_check_matches_a_quote_across_ligatures_and_soft_hyphens(folder: Path, quote: str) -> None:
    (folder / "records" / "q.toml").write_text(RECORD.format(quote=quote).replace("ver\u00adslag", "plan"), "utf-8")
    result = jbz("check", "--records", "records", cwd=folder)
    if "\u00ad" in quote:
        assert result.returncode == 1
        assert "quote holds an invisible character (U+00AD); remove it [quote]" in result.stdout
    else:
        assert (result.returncode, result.stdout) == (0, "")


def test_check_reports_an_invisible_character_even_without_a_source(folder: Path) -> None:
    record = RECORD.format(quote="voor\u200bstellen").replace("kst-32317-1002", "kst-32317-9999")
    (folder / "records" / "q.toml").write_text(record, "utf-8")
    result = jbz("check", "--records", "records", cwd=folder)
    assert "quote holds an invisible character (U+200B)" in result.stdout


@pytest.mark.parametrize("needle", ["verslag", "financiering", "migratiepact"])
def test_search_folds_the_same_characters_as_check(folder: Path, needle: str) -> None:
    quote = "De Commissie zal de \ufb01nanciering van het migratie pact"
    record = RECORD.format(quote=quote.replace("migratie pact", "migratie\u00a0pact"))
    (folder / "records" / "q.toml").write_text(record.replace("migratie\u00a0pact", "migratiepact"), "utf-8")
    result = jbz("list", "--format", "ids", "--search", needle, "--records", "records", cwd=folder)
    assert result.stdout.split() == ["q"], result.stderr
