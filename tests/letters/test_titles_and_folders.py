"""Draft titles come from the sentence when the heading says nothing, ids follow the titles, and accepted
drafts land in a folder that keeps the dossier number whole (21 501-02 → 21501-02-N). Installed `jbz`."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from installed import installed_jbz

LETTER = "\n\n".join(
    [
        "21 501-02 Raad Algemene Zaken en Raad Buitenlandse Zaken",
        "Nr. 2901 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN",
        "Den Haag, 12 januari 2026",
        "Hierbij bied ik uw Kamer de geannoteerde agenda aan voor de Raad Buitenlandse Zaken van 26 januari 2026.",
        "Aanleiding",
        "De Commissie zal voor het einde van 2026 een voorstel voor een nieuw sanctieregime presenteren.",
        "Toezeggingen",
        "Ter uitvoering van de motie van het lid Van Dijk over exportcontrole informeer ik uw Kamer als volgt.",
    ]
)


def jbz(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    return subprocess.run(
        [installed_jbz(), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=60, check=False
    )


def test_titles_are_drafted_from_the_sentence_never_a_bare_heading(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    (tmp_path / "kst-21501-02-2901.txt").write_text(LETTER + "\n", encoding="utf-8")
    result = jbz("extract", "kst-21501-02-2901.txt", "--format", "json", "--records", "records", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    titles = {c["kind"]: c["title"] for c in json.loads(result.stdout)}
    assert titles["commitment"].startswith("Commission to present: De Commissie zal voor het einde van 2026")
    assert "Toezeggingen" not in titles["fulfilment"] and "motie" in titles["fulfilment"]
    assert not any(
        t.endswith((": Aanleiding", ": Toezeggingen")) or t in ("Commitment", "Decision") for t in titles.values()
    )


def test_accepted_drafts_keep_the_dossier_number_whole(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    (tmp_path / "kst-21501-02-2901.txt").write_text(LETTER + "\n", encoding="utf-8")
    staged = jbz("extract", "kst-21501-02-2901.txt", "--into", "drafts", "--records", "records", cwd=tmp_path)
    assert staged.returncode == 0, staged.stderr
    drafts = sorted(p.name for p in (tmp_path / "drafts").glob("*.toml"))
    assert any("commission-to-present-de-commissie" in name for name in drafts), drafts
    jbz("extract", "--accept", "--into", "drafts", "--records", "records", cwd=tmp_path)
    folders = sorted(p.name for p in (tmp_path / "records").iterdir() if p.is_dir() and p.name != "sources")
    assert folders == ["21501-02-2901"]
