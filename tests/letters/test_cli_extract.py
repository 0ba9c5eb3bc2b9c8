"""`jbz extract` end to end: input forms, errors, drafts, review and acceptance."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jbz_cli.cli.app import app
from jbz_cli.letters.text import clean_letter

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "records" / "sources" / "kst-32317-987.txt"


def key(cands: list[dict]) -> list[tuple]:
    return [(c["kind"], c["quote"], c["section"], c["due"], c["due_phrase"]) for c in cands]


def run_json(invoke, path: str, *args: str, input: str | None = None) -> list[dict]:
    result = invoke("extract", path, "--format", "json", "--records", str(ROOT / "records"), *args, input=input)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def letter_as_html(text: str) -> str:
    """The bundled letter as a saved web page: chrome around the body, headings, <sup> footnote markers."""
    head, _, _ = text.partition("Hierbij bieden wij")
    paragraphs, notes = clean_letter(text)
    body = "".join(f"<p>{html.escape(line.strip())}</p>" for line in head.splitlines() if line.strip())
    for para in paragraphs:
        tag = "h3" if para.heading else "p"
        words = html.escape(para.text).replace("insolventierecht ", "insolventierecht<sup>12</sup> ", 1)
        body += f"<{tag}>{words}</{tag}>"
    notes_html = "".join(f"<li>{n} {html.escape(t)}</li>" for n, t in notes.items())
    return (
        "<!DOCTYPE html><html><head><title>Kamerstuk</title><script>var x = 1;</script></head><body>"
        "<header><nav><a href='/'>Zoeken</a></nav></header>"
        f"<div id='broodtekst'>{body}<div class='voetnoten'><ol>{notes_html}</ol></div></div>"
        "<footer>Officiële bekendmakingen</footer></body></html>"
    )


def letter_as_pdf(text: str, path: Path) -> None:
    """The bundled letter printed line by line, one PDF page per page of the original."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=7)
    for page in re.split(r"(?:\n[ \t]*){4,}\n", text.replace("\ufffd", "•")):
        pdf.add_page()
        for line in page.split("\n"):
            pdf.cell(0, 3.5, line if line else "", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


@pytest.fixture(scope="module")
def from_text() -> list[dict]:
    """The candidates of the bundled letter as text, extracted once for the tests that only read them."""
    with pytest.MonkeyPatch.context() as mp:
        for var in ("JBZ_RECORDS", "JBZ_TODAY", "NO_COLOR"):
            mp.delenv(var, raising=False)
        result = CliRunner().invoke(
            app, ["extract", str(LETTER), "--format", "json", "--records", str(ROOT / "records")]
        )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def pdf_letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled letter as a PDF, built once: fpdf2 takes seconds for the whole letter."""
    pdf = tmp_path_factory.mktemp("pdf") / "kst-32317-987.pdf"
    letter_as_pdf(LETTER.read_text(encoding="utf-8"), pdf)
    return pdf


@pytest.mark.parametrize("form", ["stdin", "html", "pdf"])
def test_text_stdin_html_and_pdf_give_the_same_candidates(
    invoke, tmp_path: Path, from_text: list[dict], pdf_letter: Path, form: str
) -> None:
    text = LETTER.read_text(encoding="utf-8")
    assert len(from_text) > 50
    if form == "stdin":
        got = run_json(invoke, "-", input=text)
    elif form == "html":
        page = tmp_path / "kst-32317-987.html"
        page.write_text(letter_as_html(text), encoding="utf-8")
        got = run_json(invoke, str(page))
    else:
        got = run_json(invoke, str(pdf_letter))
    assert key(got) == key(from_text)


def test_json_is_one_array_with_the_letters_metadata(from_text: list[dict]) -> None:
    cands = from_text
    assert {c["document"] for c in cands} == {"Kamerstuk 32 317, nr. 987"}
    assert {c["date"] for c in cands} == {"2025-12-17"}
    assert {c["kind"] for c in cands} <= {"decision", "commitment", "deadline", "fulfilment"}
    ebsp = [c for c in cands if c["quote"].startswith("De Commissie wenst daarom voor het einde van 2026")]
    assert ebsp and ebsp[0]["due"] == "2026" and ebsp[0]["due_phrase"] == "voor het einde van 2026"
    assert ebsp[0]["tracked"] == "ebsp-negotiations-end-2026"


def test_document_and_date_can_be_overridden(invoke) -> None:
    cands = run_json(invoke, str(LETTER), "--document", "Kamerstuk 32 317, nr. 1000", "--date", "2026-06-30")
    assert {c["document"] for c in cands} == {"Kamerstuk 32 317, nr. 1000"}
    assert {c["date"] for c in cands} == {"2026-06-30"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\n  \n", "the file is empty"),
        ("Den Haag, 17 december 2025\nDe Raad stemde in.".encode("latin-1") + b"\xe9\xff", "not UTF-8"),
        (b"Boodschappen: melk, brood, kaas.\n", "no letter date found"),
    ],
)
def test_bad_input_is_one_line_naming_the_file_and_exit_2(invoke, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "brief.txt"
    path.write_bytes(content)
    result = invoke("extract", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and message in lines[0]


def test_a_missing_file_is_one_line_and_exit_2(invoke, tmp_path: Path) -> None:
    result = invoke("extract", str(tmp_path / "nope.pdf"))
    assert result.exit_code == 2 and "nope.pdf" in result.stderr and "Traceback" not in result.output


def test_drafts_are_staged_checked_and_accepted(invoke, tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    staging = tmp_path / "drafts"
    result = invoke("extract", str(LETTER), "--into", str(staging), "--records", str(records))
    assert result.exit_code == 0, result.output
    drafts = sorted(p for p in staging.glob("*.toml") if p.name != "councils.toml")
    assert len(drafts) > 50
    # No councils.toml in the records yet: the meeting the letter reports on is staged beside the drafts.
    assert "reports on the JBZ Council of 8-9 December 2025 in Brussel" in result.stderr
    staged_council = (staging / "councils.toml").read_text(encoding="utf-8")
    assert 'dates = [2025-12-08, 2025-12-09]\nplace = "Brussel"' in staged_council
    assert 'reported_by = ["Kamerstuk 32 317, nr. 987"]' in staged_council
    stored = (staging / "sources" / "kst-32317-987.txt").read_text(encoding="utf-8")
    assert "insolventierecht en de anti-corruptie richtlijn" in stored  # the clean letter, so every quote is in it
    text = next(p for p in drafts if "voor het einde van 2026" in p.read_text(encoding="utf-8")).read_text(
        encoding="utf-8"
    )
    assert text.startswith("draft = true\n")
    # The title is an English draft, marked as such on its line until the draft is accepted.
    assert 'title = "Commission deadline 2026: Enhanced Border Security Partnership (EBSP)"  # draft title' in text
    assert 'due = "2026"\ndue_phrase = "voor het einde van 2026"\n' in text
    # Valid for check except the draft marker, which is a warning; quotes are verified against sources/.
    check = invoke("check", str(staging), "--records", str(staging), "--format", "json")
    problems = json.loads(check.stdout)
    assert check.exit_code == 0, check.output
    assert {p["severity"] for p in problems} == {"warning"}
    assert {p["rule"] for p in problems if "draft" in p["message"]} == {"schema"}
    accepted = invoke("extract", "--accept", "--into", str(staging), "--records", str(records))
    assert accepted.exit_code == 0, accepted.output
    moved = sorted((records / "32317-987").glob("*.toml"))
    assert len(moved) == len(drafts) and not list(staging.glob("*.toml"))
    assert not any("draft = true" in p.read_text(encoding="utf-8") for p in moved)
    assert not any("# draft title" in p.read_text(encoding="utf-8") for p in moved)
    assert (records / "sources" / "kst-32317-987.txt").exists()
    listed = invoke("councils", "--records", str(records), "--format", "json", "--as-of", "2025-12-01")
    assert [(c["dates"], c["reported_by"]) for c in json.loads(listed.stdout)] == [
        (["2025-12-08", "2025-12-09"], ["Kamerstuk 32 317, nr. 987"])
    ]
    assert invoke("check", str(records), "--records", str(records), "--skip", "topics").exit_code == 0


def test_tracked_quotes_are_reported_and_never_duplicated(invoke, tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(ROOT / "records", records)
    staging = tmp_path / "drafts"
    result = invoke("extract", str(LETTER), "--into", str(staging), "--records", str(records))
    assert result.exit_code == 0, result.output
    assert "already tracked: ebsp-negotiations-end-2026" in result.stderr
    quotes = [p.read_text(encoding="utf-8") for p in staging.glob("*.toml")]
    assert not any("De Commissie wenst daarom voor het einde van 2026" in q for q in quotes)


def test_review_accepts_skips_and_stops(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jbz_cli.cli.commands.extract as cmd

    records = tmp_path / "records"
    records.mkdir()
    staging = tmp_path / "drafts"
    letter = tmp_path / "brief.txt"
    letter.write_text(
        "32 317  JBZ-Raad\nNr. 9002  Brief\n\nDen Haag, 2 juni 2026\n\nOnderwerp\n"
        "Het kabinet zal uw Kamer voor de zomer informeren. De Commissie zal in maart een voorstel doen. "
        "De Raad stemde in met een algemene oriëntatie over het voorstel.\n",
        encoding="utf-8",
    )
    assert invoke("extract", str(letter), "--into", str(staging), "--records", str(records)).exit_code == 0
    assert len(list(staging.glob("*.toml"))) == 3
    assert invoke("extract", "--review", "--into", str(staging), "--records", str(records)).exit_code == 2
    monkeypatch.setattr(cmd, "interactive", lambda env: True)
    result = invoke("extract", "--review", "--into", str(staging), "--records", str(records), input="a\ns\nq\n")
    assert result.exit_code == 0, result.output
    assert len(list((records / "32317-9002").glob("*.toml"))) == 1
    assert len(list(staging.glob("*.toml"))) == 2


def test_the_morocco_fulfilment_is_not_linked_to_the_return_hubs(from_text: list[dict]) -> None:
    (morocco,) = [c for c in from_text if c["kind"] == "fulfilment" and "lid-Van Toorenburg" in c["quote"]]
    assert morocco["matches"] != "return-hubs-inform-kamer"


def test_a_motion_heading_does_not_turn_commitments_into_fulfilments(from_text: list[dict]) -> None:
    assert [c["kind"] for c in from_text].count("fulfilment") <= 2


def test_review_keeps_a_draft_the_editor_broke_and_goes_on(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jbz_cli.cli.commands.extract as cmd

    records = tmp_path / "records"
    records.mkdir()
    staging = tmp_path / "drafts"
    letter = tmp_path / "brief.txt"
    letter.write_text(
        "32 317  JBZ-Raad\nNr. 9003  Brief\n\nDen Haag, 2 juni 2026\n\nOnderwerp\n"
        "Het kabinet zal uw Kamer voor de zomer informeren. De Commissie zal in maart een voorstel doen.\n",
        encoding="utf-8",
    )
    assert invoke("extract", str(letter), "--into", str(staging), "--records", str(records)).exit_code == 0
    before = {p.name: p.read_bytes() for p in staging.glob("*.toml")}
    assert len(before) == 2
    editor = tmp_path / "break.sh"
    editor.write_text('#!/bin/sh\necho \'kind = "commitment\' > "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    monkeypatch.setattr(cmd, "interactive", lambda env: True)
    result = invoke(
        "extract", "--review", "--into", str(staging), "--records", str(records),
        input="e\na\na\n", env={"EDITOR": str(editor), "VISUAL": ""},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "is kept as it was" in result.stderr
    assert len(list((records / "32317-9003").glob("*.toml"))) == 2
    accepted = {p.name: p.read_text(encoding="utf-8") for p in (records / "32317-9003").glob("*.toml")}
    assert set(accepted) == set(before)
    assert all("De Commissie" in t or "voor de zomer" in t for t in accepted.values())


def test_review_names_a_draft_it_cannot_accept_and_goes_on(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jbz_cli.cli.commands.extract as cmd

    records = tmp_path / "records"
    records.mkdir()
    staging = tmp_path / "drafts"
    letter = tmp_path / "brief.txt"
    letter.write_text(
        "32 317  JBZ-Raad\nNr. 9006  Brief\n\nDen Haag, 2 juni 2026\n\nOnderwerp\n"
        "Het kabinet zal uw Kamer voor de zomer informeren. De Commissie zal in maart een voorstel doen.\n",
        encoding="utf-8",
    )
    assert invoke("extract", str(letter), "--into", str(staging), "--records", str(records)).exit_code == 0
    first, second = sorted(staging.glob("*.toml"))
    first.write_text('kind = "commitment\n', encoding="utf-8")
    monkeypatch.setattr(cmd, "interactive", lambda env: True)
    result = invoke("extract", "--review", "--into", str(staging), "--records", str(records), input="a\na\n")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert any("not accepted, kept in" in line and first.name in line for line in result.stderr.splitlines()), (
        result.stderr
    )
    assert first.read_text(encoding="utf-8") == 'kind = "commitment\n'
    assert [p.name for p in (records / "32317-9006").glob("*.toml")] == [second.name]
