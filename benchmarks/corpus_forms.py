"""Write every form a user gets a corpus letter in, from its paragraph text.

    python benchmarks/corpus_forms.py [LETTER-ID ...]

Each folder under benchmarks/corpus/ holds `letter.txt`: the letter as published, one paragraph per
block (blank line between), a heading marked `# `, a footnote marker written `[^N]`. From it this
script writes, next to it, the forms the benchmark reads (see benchmarks/corpus/README.md):

- `pasted.txt`: plain text with a blank line between paragraphs and footnote digits glued to the
  word, as text pasted from a PDF reader or an e-mail often is (the form of the bundled letter);
- `copied-tk.txt`: a copy of the letter page on tweedekamer.nl: the page title line
  `Brief regering : <title>`, lines wrapped at about 90 characters, no blank lines, footnote
  digits glued to the word;
- `copied-ob.txt`: a copy of zoek.officielebekendmakingen.nl: the publication table, one paragraph
  per line, no blank lines;
- `page-ob.html`, `page-tk.html`: the saved pages, in each site's layout (`#broodtekst` and
  `<sup>` note markers on officielebekendmakingen; a `<main>` article on tweedekamer.nl);
- `letter.xml`: the officielebekendmakingen XML (`kamerstuk`, `stuk`, `al`, `tussenkop`, `noot`),
  after the element names of the official publication schema (op-xsd-2014-05-15);
- `letter.pdf`: set with fpdf2, paragraphs apart by vertical space only, a running head and page
  numbers from page 2, as most PDFs of letters are.

A form named in the letter's `verbatim` list (in `gold.toml`) is a real copy from the site and is
left as it is. The output is deterministic (the PDF has a fixed creation date), so a regenerated form differs only
when `letter.txt` or this script changed.
"""

from __future__ import annotations

import html
import re
import sys
import textwrap
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
NOTE = re.compile(r"\[\^(\d+)\]")
WRAP = 88


@dataclass(frozen=True)
class Block:
    text: str  # with [^N] markers
    heading: bool


@dataclass(frozen=True)
class Letter:
    folder: Path
    blocks: list[Block]
    meta: dict

    @property
    def dossier(self) -> str:
        return self.blocks[0].text

    @property
    def stuk(self) -> str:
        return self.blocks[1].text


def load(folder: Path) -> Letter:
    text = (folder / "letter.txt").read_text(encoding="utf-8")
    blocks = []
    for raw in re.split(r"\n\s*\n", text.strip()):
        line = " ".join(raw.split())
        heading = line.startswith("# ")
        blocks.append(Block(line[2:] if heading else line, heading))
    meta = tomllib.loads((folder / "gold.toml").read_text(encoding="utf-8"))["letter"]
    return Letter(folder, blocks, meta)


def glued(text: str) -> str:
    """Footnote markers as a copy or a PDF shows them: the digit glued to the word."""
    return NOTE.sub(r"\1", text)


def vergaderjaar(day: date) -> str:
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def chamber(letter: Letter) -> str:
    return (
        "Eerste Kamer der Staten-Generaal"
        if "Eerste Kamer" in letter.meta["document"]
        else "Tweede Kamer der Staten-Generaal"
    )


def copied_tk(letter: Letter) -> str:
    lines = [f"Brief regering : {letter.meta['title']}"]
    for block in letter.blocks:
        text = glued(block.text)
        if block.heading or len(text) <= WRAP:
            lines.append(text)
        else:
            lines.extend(textwrap.wrap(text, WRAP, break_long_words=False, break_on_hyphens=False))
    return "\n".join(lines) + "\n"


def pasted(letter: Letter) -> str:
    return "\n\n".join(glued(b.text) for b in letter.blocks) + "\n"


def copied_ob(letter: Letter) -> str:
    number = letter.meta["document"].split(", ")[-1]
    dossier = letter.meta["document"].removeprefix("Kamerstuk ").split(",")[0].replace(" ", "")
    row = f"{chamber(letter)} | {vergaderjaar(letter.meta['date'])} | {dossier} {number} |"
    head = [
        "Kamerstuk",
        "Datum publicatie | Organisatie | Vergaderjaar | Dossier- en ondernummer |",
        "---|---|---|---|",
        row,
    ]
    return "\n".join([*head, *(glued(b.text) for b in letter.blocks)]) + "\n"


def _inline(text: str) -> str:
    parts = NOTE.split(text)
    out = []
    for i, part in enumerate(parts):
        out.append(
            f'<sup><a class="nootnum" href="#supernote-note-{part}">{part}</a></sup>' if i % 2 else html.escape(part)
        )
    return "".join(out)


def page_ob(letter: Letter) -> str:
    body = [
        f'<h1 class="dossiertitel">{html.escape(letter.dossier)}</h1>',
        f'<h1 class="stuktitel">{_inline(letter.stuk)}</h1>',
    ]
    for block in letter.blocks[2:]:
        body.append(
            f'<p class="stuktitel">{_inline(block.text)}</p>' if block.heading else f"<p>{_inline(block.text)}</p>"
        )
        if block.heading:
            body[-1] = f'<h2 class="kop">{_inline(block.text)}</h2>'
    return (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8"><title>'
        f"{html.escape(letter.dossier)} | Overheid.nl &gt; Officiële bekendmakingen</title>"
        "<script>window.dataLayer = [];</script></head><body>\n"
        '<header><a class="skiplink" href="#content">Direct naar content</a><nav><ul><li><a href="/">Home</a></li>'
        "<li>Zoeken in officiële bekendmakingen</li></ul></nav></header>\n"
        '<main id="content"><table class="table--dataintro"><tr><th>Datum publicatie</th><th>Organisatie</th>'
        f"<th>Vergaderjaar</th></tr><tr><td></td><td>{chamber(letter)}</td><td>{vergaderjaar(letter.meta['date'])}</td></tr></table>\n"
        '<div id="broodtekst" class="broodtekst">\n' + "\n".join(body) + "\n</div>\n"
        '<p><a href="#top">Naar boven</a></p></main>\n'
        "<footer><p>Overheid.nl | Officiële bekendmakingen</p></footer></body></html>\n"
    )


def page_tk(letter: Letter) -> str:
    body = [f"<h2>{html.escape(letter.dossier)}</h2>", f"<p><strong>{_inline(letter.stuk)}</strong></p>"]
    for block in letter.blocks[2:]:
        body.append(f"<h3>{_inline(block.text)}</h3>" if block.heading else f"<p>{_inline(block.text)}</p>")
    title = html.escape(f"Brief regering : {letter.meta['title']}")
    return (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        f"<title>{title} | Tweede Kamer der Staten-Generaal</title></head><body>\n"
        '<div class="cookie-banner"><p>Deze website gebruikt cookies.</p><button>Accepteren</button></div>\n'
        '<header><nav aria-label="Hoofdmenu"><a href="/kamerleden_en_commissies">Kamerleden &amp; commissies</a>'
        '<a href="/debat_en_vergadering">Debat &amp; vergadering</a>'
        '<a href="/kamerstukken">Kamerstukken</a></nav></header>\n'
        f'<main id="main-content"><h1 class="u-mb-0">{title}</h1>\n'
        '<div class="m-document-meta"><span>Documentnummer</span> <span>Brief regering</span></div>\n'
        '<article class="m-document">\n' + "\n".join(body) + "\n</article>\n"
        '<aside><a href="#">Download (pdf)</a></aside></main>\n'
        "<footer><p>Tweede Kamer der Staten-Generaal</p></footer></body></html>\n"
    )


def _xml_inline(text: str) -> str:
    parts = NOTE.split(text)
    out = []
    for i, part in enumerate(parts):
        out.append(f"<noot><noot.nr>{part}</noot.nr></noot>" if i % 2 else html.escape(part, quote=False))
    return "".join(out)


def letter_xml(letter: Letter) -> str:
    number = letter.stuk.split()[1] if letter.stuk.startswith("Nr.") else letter.stuk.split()[0]
    dossiernr, _, dossiertitel = letter.dossier.partition(" ")
    if re.match(r"\d{3}-\d+", dossiertitel):  # "21 501-02 Raad ..." splits after "21"
        more, _, dossiertitel = dossiertitel.partition(" ")
        dossiernr = f"{dossiernr} {more}"
    title = NOTE.sub("", letter.stuk.split(" ", 2)[-1] if letter.stuk.startswith("Nr.") else letter.stuk)
    body = []
    for block in letter.blocks[2:]:
        tag = "tussenkop" if block.heading else "al"
        body.append(f"        <{tag}>{_xml_inline(block.text)}</{tag}>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kamerstuk xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"  <kamerstukkop><vergaderjaar>{vergaderjaar(letter.meta['date'])}</vergaderjaar></kamerstukkop>\n"
        f"  <dossier><dossiernr>{html.escape(dossiernr)}</dossiernr>"
        f"<titel>{html.escape(dossiertitel)}</titel></dossier>\n"
        f"  <stuk><stuknr><ondernummer>{html.escape(number)}</ondernummer></stuknr>"
        f"<titel>{html.escape(title)}</titel>\n"
        "    <algemeen><brief>\n" + "\n".join(body) + "\n    </brief></algemeen>\n  </stuk>\n</kamerstuk>\n"
    )


def _pdf_safe(text: str) -> str:
    return text.encode("windows-1252", errors="replace").decode("windows-1252")


def letter_pdf(letter: Letter, path: Path) -> None:
    from fpdf import FPDF

    house = chamber(letter).split(" der")[0]
    document = letter.meta["document"].removeprefix("Kamerstuk ")
    running = f"{house}, vergaderjaar {vergaderjaar(letter.meta['date'])}, {document}"

    class Letterpaper(FPDF):
        def header(self) -> None:
            if self.page_no() > 1:
                self.set_font("Helvetica", size=8)
                self.cell(0, 5, _pdf_safe(running), new_x="LMARGIN", new_y="NEXT")
                self.ln(4)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, str(self.page_no()), align="R")

    pdf = Letterpaper(format="A4")
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    for i, block in enumerate(letter.blocks):
        pdf.set_font("Helvetica", style="B" if block.heading or i < 2 else "", size=10)
        pdf.multi_cell(0, 5, _pdf_safe(glued(block.text)), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)  # vertical space between paragraphs, no blank-line marker
    pdf.output(str(path))


def write_forms(folder: Path) -> None:
    letter = load(folder)
    verbatim = set(letter.meta.get("verbatim", ()))
    forms = {"copied-tk.txt": copied_tk(letter), "copied-ob.txt": copied_ob(letter)}
    for name, text in forms.items():
        if name not in verbatim:
            (folder / name).write_text(text, encoding="utf-8")
    (folder / "pasted.txt").write_text(pasted(letter), encoding="utf-8")
    (folder / "page-ob.html").write_text(page_ob(letter), encoding="utf-8")
    (folder / "page-tk.html").write_text(page_tk(letter), encoding="utf-8")
    (folder / "letter.xml").write_text(letter_xml(letter), encoding="utf-8")
    letter_pdf(letter, folder / "letter.pdf")


def main(names: list[str]) -> None:
    folders = (
        [CORPUS / n for n in names] if names else sorted(p for p in CORPUS.iterdir() if (p / "letter.txt").is_file())
    )
    for folder in folders:
        write_forms(folder)
        print(f"wrote the forms of {folder.name}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
