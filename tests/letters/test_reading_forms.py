"""The forms a letter reaches a user in, read by the installed `jbz extract`: copied page text without
blank lines (wrapped, or one paragraph per line), and a PDF whose paragraphs are set apart by vertical
space only. Each must give the candidates of the bundled letter, and stderr says how much was read."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest
from installed import installed_jbz

from jbz_cli.letters.text import clean_letter

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "records" / "sources" / "kst-32317-987.txt"
HEAD = [
    "Brief regering : Verslag van de JBZ-Raad van 8 en 9 december 2025",
    "32 317 JBZ-Raad",
    "Nr. 987 BRIEF VAN DE MINISTERS VAN JUSTITIE EN VEILIGHEID EN VAN BUITENLANDSE ZAKEN",
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
    "Den Haag, 17 december 2025",
]


def jbz(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    return subprocess.run(
        [installed_jbz(), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120, check=False
    )


def quotes(path: Path) -> list[tuple[str, str | None]]:
    result = jbz("extract", str(path), "--format", "json", "--records", str(ROOT / "records"))
    assert result.returncode == 0, result.stderr
    assert "read " in result.stderr and " words (" in result.stderr
    return [(c["quote"], c["due"]) for c in json.loads(result.stdout)]


@pytest.fixture(scope="module")
def letter_paragraphs() -> tuple[list[tuple[str, bool]], dict[int, str]]:
    paragraphs, notes = clean_letter(LETTER.read_text(encoding="utf-8"))
    return [(p.text, p.heading) for p in paragraphs], notes


@pytest.fixture(scope="module")
def from_text() -> list[tuple[str, str | None]]:
    return quotes(LETTER)


def test_page_text_wrapped_at_90_without_blank_lines(tmp_path: Path, letter_paragraphs, from_text) -> None:
    paragraphs, notes = letter_paragraphs
    lines = list(HEAD)
    for text, _ in paragraphs:
        lines += textwrap.wrap(text, 90)
    for number, note in sorted(notes.items()):
        lines += textwrap.wrap(f"{number} {note}", 90)
    copied = tmp_path / "copied.txt"
    copied.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert set(quotes(copied)) == set(from_text)


def test_page_text_one_paragraph_per_line(tmp_path: Path, letter_paragraphs, from_text) -> None:
    paragraphs, _ = letter_paragraphs
    copied = tmp_path / "copied.txt"
    copied.write_text("\n".join(HEAD + [text for text, _ in paragraphs]) + "\n", encoding="utf-8")
    assert set(quotes(copied)) == set(from_text)


def test_pdf_with_vertical_space_between_paragraphs(tmp_path: Path, letter_paragraphs, from_text) -> None:
    from fpdf import FPDF

    paragraphs, _ = letter_paragraphs
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    for line in HEAD[1:]:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    for text, heading in paragraphs:
        pdf.set_font("Helvetica", "B" if heading else "", 10)
        pdf.multi_cell(0, 5, text.replace("\ufffd", "•"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    path = tmp_path / "spaced.pdf"
    pdf.output(str(path))
    assert set(quotes(path)) == set(from_text)


def test_a_one_page_letter_set_with_space_only_is_read(tmp_path: Path) -> None:
    from fpdf import FPDF

    body = [
        "Hierbij bied ik uw Kamer de geannoteerde agenda aan van de JBZ-Raad van 12 en 13 maart 2026 in Brussel.",
        "Migratiepact",
        "De Commissie zal in het eerste kwartaal van 2026 een voorstel presenteren over de uitvoering van het "
        "migratiepact. Het kabinet zal uw Kamer voor de zomer over de uitkomst van de onderhandelingen informeren.",
    ]
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    for line in ["32 317 JBZ-Raad", "Nr. 1001 BRIEF VAN DE MINISTER", "Den Haag, 2 maart 2026"]:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    for text in body:
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    path = tmp_path / "one-page.pdf"
    pdf.output(str(path))
    got = quotes(path)
    assert any(q.startswith("Het kabinet zal uw Kamer voor de zomer") for q, _ in got)
    assert any(q.startswith("De Commissie zal in het eerste kwartaal") and due == "2026-Q1" for q, due in got)


def test_stderr_warns_when_most_of_the_text_was_not_read(tmp_path: Path) -> None:
    menu = "\n".join(f"Menu item {n} Zoeken Kamerstukken Debat Direct" for n in range(60))
    body = "Het kabinet zal uw Kamer voor de zomer informeren over de voortgang van het migratiepact."
    path = tmp_path / "page.txt"
    path.write_text(f"{menu}\nDen Haag, 2 maart 2026\n\n{body}\n", encoding="utf-8")
    result = jbz("extract", str(path), "--format", "json", "--records", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "much of the text was not read as a letter: check the file" in result.stderr


SHORT_LETTER = [
    "32 317 JBZ-Raad",
    "Nr. 9004 BRIEF VAN DE MINISTER VAN JUSTITIE EN VEILIGHEID",
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
    "Den Haag, 15 januari 2026",
    "Hierbij bied ik uw Kamer de geannoteerde agenda aan van de JBZ-Raad van 12 en 13 maart 2026 in Brussel, "
    "die in het teken staat van de samenwerking tussen de lidstaten op het gebied van migratie en veiligheid.",
    "Terugkeerverordening",
    "De onderhandelingen over de terugkeerverordening met het Europees Parlement zijn in een volgende fase beland, "
    "en het voorzitterschap streeft naar een akkoord met het Parlement voor het einde van het voorzitterschap.",
    "Het kabinet zal uw Kamer voor de zomer informeren over de uitkomst van de onderhandelingen over de verordening "
    "en over de gevolgen die de verordening voor de Nederlandse uitvoeringspraktijk zal hebben.",
    "Europol",
    "De Commissie zal in het voorjaar een voorstel presenteren om het mandaat van Europol te versterken, zodat het "
    "agentschap de lidstaten beter kan ondersteunen bij de bestrijding van migrantensmokkel en mensenhandel.",
]


@pytest.mark.parametrize("trailing", ["\n", ""])
def test_one_paragraph_per_line_without_any_blank_line_is_read_as_paragraphs(tmp_path: Path, trailing: str) -> None:
    spaced = tmp_path / "spaced.txt"
    spaced.write_text("\n\n".join(SHORT_LETTER) + "\n", encoding="utf-8")
    packed = tmp_path / "packed.txt"
    packed.write_text("\n".join(SHORT_LETTER) + trailing, encoding="utf-8")
    read = [jbz("extract", str(p), "--format", "json", "--records", str(tmp_path)) for p in (spaced, packed)]
    assert all(r.returncode == 0 for r in read), [r.stderr for r in read]
    assert "2 headings" in read[1].stderr and read[0].stderr.split(": ", 1)[1] == read[1].stderr.split(": ", 1)[1]
    got = [[(c["quote"], c["section"]) for c in json.loads(r.stdout)] for r in read]
    assert got[0] == got[1] and got[1]
    assert not any(quote.startswith(("Europol", "Terugkeerverordening")) for quote, _ in got[1])
    assert {"Europol", "Terugkeerverordening"} <= {section for _, section in got[1]}


def test_a_short_letter_wrapped_without_blank_lines_is_read_as_paragraphs(tmp_path: Path) -> None:
    # Fewer than fifteen lines, and the newline that ends the file is no blank line between paragraphs.
    lines = [line for para in SHORT_LETTER[:8] for line in textwrap.wrap(para, 90)]
    assert len(lines) < 15
    packed = tmp_path / "packed.txt"
    packed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = jbz("extract", str(packed), "--format", "json", "--records", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "1 headings" in result.stderr and " 1 paragraphs" not in result.stderr
    assert all(c["section"] == "Terugkeerverordening" for c in json.loads(result.stdout))
