"""One endless "sentence" (no full stop for pages) with many dates: each candidate quotes a piece of it, cut at a
clause boundary, so the output grows linearly with the letter, and stderr says the text was cut. Work is counted
(bytes written), not timed."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from installed import installed_jbz

CLAUSE = (
    "Het kabinet zal uw Kamer voor de zomer informeren over de stand van zaken "
    "en de Commissie zal in het voorjaar een voorstel doen, "
)


def extract(tmp_path: Path, size: int) -> subprocess.CompletedProcess[str]:
    letter = tmp_path / f"one_{size}.txt"
    letter.write_text("Den Haag, 1 mei 2025\n\n" + CLAUSE * (size // len(CLAUSE)), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    return subprocess.run(
        [installed_jbz(), "extract", str(letter), "--format", "json", "--records", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip


def test_an_endless_sentence_is_quoted_in_pieces_and_the_output_grows_linearly(tmp_path: Path) -> None:
    small, large = extract(tmp_path, 8_000), extract(tmp_path, 32_000)
    assert small.returncode == 0 and large.returncode == 0, large.stderr
    assert "cut at clause boundaries" in large.stderr and "Traceback" not in large.stderr
    quotes = json.loads(large.stdout)
    assert quotes and all(len(c["quote"]) <= 1_000 for c in quotes)
    assert all(c["quote"] in CLAUSE * 300 for c in quotes)  # verbatim pieces of the letter
    assert len(large.stdout) < 6 * len(small.stdout)  # about 4 when linear; 16 when every quote is the whole text


def test_a_sentence_of_ordinary_length_is_not_cut(tmp_path: Path) -> None:
    result = extract(tmp_path, 600)
    assert result.returncode == 0 and "cut at clause boundaries" not in result.stderr
