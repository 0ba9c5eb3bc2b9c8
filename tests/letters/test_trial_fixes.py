"""Defects a new user's trial of `jbz extract` found, each checked through the installed `jbz`."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.installed import installed_jbz

JBZ = installed_jbz(module_level=True)

_RECORD = """kind = "commitment"
title = "{title}"
status = "open"
created = 2026-01-10
topics = ["justice"]
actor = "European Commission"

[source]
document = "Kamerstuk 32 317, nr. 990"
date = 2026-01-10
quote = "{quote}"
"""

_LETTER = """Den Haag, 3 maart 2026

Geachte Voorzitter,

{body}

De Minister van Justitie en Veiligheid
"""


def _jbz(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([JBZ, *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def _records(tmp_path: Path, **quotes: str) -> Path:
    folder = tmp_path / "records" / "a"
    folder.mkdir(parents=True)
    for rid, quote in quotes.items():
        (folder / f"{rid}.toml").write_text(_RECORD.format(title=f"Record {rid}", quote=quote), encoding="utf-8")
    return tmp_path / "records"


def test_a_postponed_deadline_or_a_different_promise_is_staged_not_already_tracked(tmp_path: Path) -> None:
    records = _records(
        tmp_path,
        evaluation="De Commissie zal uiterlijk 1 mrt. 2027 een evaluatie van het actieplan presenteren.",
        pilot="Het kabinet zal uw Kamer voor de zomer van 2026 informeren over de voortgang van de pilot met Marokko.",
    )
    body = (
        "De Commissie zal uiterlijk 1 mrt. 2028 een evaluatie van het actieplan presenteren. "
        "Ik zal uw Kamer voor de zomer informeren over de voortgang."
    )
    (tmp_path / "letter.txt").write_text(_LETTER.format(body=body), encoding="utf-8")
    result = _jbz("extract", "letter.txt", "--records", str(records), "--into", "drafts", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "already tracked" not in result.stderr
    assert "new date or number for evaluation?" in result.stderr
    quotes = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "drafts").glob("*.toml"))
    assert "uiterlijk 1 mrt. 2028" in quotes
    assert "Ik zal uw Kamer voor de zomer informeren over de voortgang." in quotes


def test_the_same_promise_with_the_same_date_is_still_already_tracked(tmp_path: Path) -> None:
    quote = "De Commissie zal uiterlijk 1 mrt. 2027 een evaluatie van het actieplan presenteren."
    records = _records(tmp_path, evaluation=quote)
    (tmp_path / "letter.txt").write_text(_LETTER.format(body=quote), encoding="utf-8")
    result = _jbz("extract", "letter.txt", "--records", str(records), "--into", "drafts", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "already tracked: evaluation" in result.stderr
    assert not list((tmp_path / "drafts").glob("*.toml"))


def test_a_broken_pdf_is_one_line_without_the_pdf_readers_own_warnings(tmp_path: Path) -> None:
    (tmp_path / "bad.pdf").write_bytes(b"garbage, not a pdf\n")
    result = _jbz("extract", "bad.pdf", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("jbz: error: bad.pdf: not a readable PDF"), result.stderr


def test_word_breaks_and_soft_hyphens_at_a_break_in_html_keep_the_word_whole(tmp_path: Path) -> None:
    page = (
        '<html><body><div id="broodtekst"><p>Den Haag, 3 maart 2026</p><p>Geachte Voorzitter,</p>'
        "<p>De Commissie zal uiterlijk 1 juni 2026 een voorstel over de opspo<wbr>ringsdiensten presenteren. "
        "De lidstaten zullen voor de zomer de samen&shy;<br>werking evalueren.</p></div></body></html>"
    )
    (tmp_path / "letter.html").write_text(page, encoding="utf-8")
    result = _jbz("extract", "letter.html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "over de opsporingsdiensten presenteren." in result.stdout
    assert "de samenwerking evalueren." in result.stdout


def test_accept_leaves_no_emptied_staging_folder_behind(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    letter = Path(__file__).resolve().parents[2] / "records" / "sources" / "kst-32317-987.txt"
    staged = _jbz("extract", str(letter), "--into", "drafts", "--records", str(records), cwd=tmp_path)
    assert staged.returncode == 0, staged.stderr
    assert (tmp_path / "drafts" / "sources").is_dir()
    accepted = _jbz("extract", "--accept", "--into", "drafts", "--records", str(records), cwd=tmp_path)
    assert accepted.returncode == 0, accepted.stderr
    assert not (tmp_path / "drafts").exists()
    assert (records / "sources" / letter.name).is_file()


def _dated(tmp_path: Path, when: str) -> subprocess.CompletedProcess[str]:
    text = (
        f"Den Haag, {when}\n\nGeachte Voorzitter,\n\nDe Commissie zal uiterlijk 1 juni 2026 een voorstel presenteren.\n"
    )
    (tmp_path / "letter.txt").write_text(text, encoding="utf-8")
    return _jbz("extract", "letter.txt", cwd=tmp_path)


def test_an_abbreviated_month_in_the_letter_date_is_read(tmp_path: Path) -> None:
    result = _dated(tmp_path, "3 mrt. 2026")
    assert result.returncode == 0, result.stderr
    assert "2026-03-03" in result.stdout


def test_a_letter_date_that_does_not_exist_is_called_invalid(tmp_path: Path) -> None:
    result = _dated(tmp_path, "31 februari 2026")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "'Den Haag, 31 februari 2026' is not a valid date" in lines[0], result.stderr


def test_a_letter_just_over_the_cap_is_refused_in_one_line(tmp_path: Path) -> None:
    sentence = "De Commissie zal uiterlijk 1 juni 2026 een voorstel presenteren.\n"
    text = "Den Haag, 3 maart 2026\n\n" + sentence * (1024 * 1024 // len(sentence) + 1)
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    result = _jbz("extract", "big.txt", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == ["jbz: error: big.txt: more than 1 MB; jbz reads at most that much for a letter"], result.stderr


def _staged(tmp_path: Path) -> tuple[Path, Path]:
    records = tmp_path / "records"
    records.mkdir()
    letter = Path(__file__).resolve().parents[2] / "records" / "sources" / "kst-32317-987.txt"
    staged = _jbz("extract", str(letter), "--into", "drafts", "--records", str(records), cwd=tmp_path)
    assert staged.returncode == 0, staged.stderr
    return records, tmp_path / "drafts"


def test_accept_with_one_broken_draft_writes_nothing_and_names_the_line_check_names(tmp_path: Path) -> None:
    records, drafts = _staged(tmp_path)
    broken = sorted(p for p in drafts.glob("*.toml") if p.name != "councils.toml")[-1]
    lines = broken.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].rstrip("\n") + " broken = = x\n"
    broken.write_text("".join(lines), encoding="utf-8")
    checked = _jbz("check", "drafts", cwd=tmp_path)
    where = f"{broken.name}:2:"
    assert where in checked.stdout + checked.stderr
    before = sorted(p.name for p in drafts.rglob("*"))
    accepted = _jbz("extract", "--accept", "--into", "drafts", "--records", str(records), cwd=tmp_path)
    assert accepted.returncode != 0
    assert where in accepted.stderr and "accepted" not in accepted.stderr
    assert list(records.iterdir()) == []
    assert sorted(p.name for p in drafts.rglob("*")) == before


def test_accept_refuses_a_linked_sources_folder_before_accepting_any_record(tmp_path: Path) -> None:
    records, _drafts = _staged(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (records / "sources").symlink_to(elsewhere)
    accepted = _jbz("extract", "--accept", "--into", "drafts", "--records", str(records), cwd=tmp_path)
    assert accepted.returncode != 0
    assert "accepted" not in accepted.stderr and "sources" in accepted.stderr
    assert sorted(p.name for p in records.iterdir()) == ["sources"]
    assert list(elsewhere.iterdir()) == []


def test_toml_output_is_one_valid_toml_document(tmp_path: Path) -> None:
    import tomllib

    letter = Path(__file__).resolve().parents[2] / "records" / "sources" / "kst-32317-987.txt"
    (tmp_path / "records").mkdir()
    result = _jbz("extract", str(letter), "--format", "toml", "--records", "records", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    drafts = tomllib.loads(result.stdout)["draft"]
    assert len(drafts) > 10
    assert all(d["draft"] is True and d["source"]["document"] == "Kamerstuk 32 317, nr. 987" for d in drafts)


def test_the_letters_own_report_and_a_presidencys_aim_are_not_proposed(tmp_path: Path) -> None:
    body = (
        "Tevens informeer ik uw Kamer over de stand van zaken van de onderhandelingen.\n\n"
        "Het Cypriotische voorzitterschap beoogt een algemene oriëntatie te bereiken tijdens deze Raad.\n\n"
        "De Commissie zal uiterlijk 1 juni 2026 een voorstel presenteren."
    )
    (tmp_path / "letter.txt").write_text(_LETTER.format(body=body), encoding="utf-8")
    result = _jbz("extract", "letter.txt", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Tevens informeer ik" not in result.stdout
    assert '"decision"' not in result.stdout
    assert "De Commissie zal uiterlijk 1 juni 2026" in result.stdout


def test_a_dutch_heading_is_kept_whole_never_translated_word_by_word(tmp_path: Path) -> None:
    body = (
        "Bestrijding van de georganiseerde criminaliteit\n\n"
        "De Commissie zal uiterlijk 1 juni 2026 een voorstel presenteren.\n\n"
        "Verordening terugkeer\n\n"
        "De lidstaten zullen uiterlijk 1 juli 2026 de onderhandelingen afronden."
    )
    (tmp_path / "letter.txt").write_text(_LETTER.format(body=body), encoding="utf-8")
    result = _jbz("extract", "letter.txt", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Bestrijding of" not in result.stdout and "organised crime" not in result.stdout
    assert "Regulation return" not in result.stdout and "regulation return" not in result.stdout
