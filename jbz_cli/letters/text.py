"""From the text of a letter as extracted (PDF, HTML or plain text) to clean paragraphs with sections.

Extracted letters carry layout: lines end mid-word or after a compound's hyphen, footnote numbers are
glued to words ("insolventierecht12"), footnote text sits in the middle of the running text at every
page end, and headings span several lines. Quotes must read the way the letter was written, so this
module undoes that layout and nothing more. The rules are tested in tests/letters/test_text.py.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from jbz_cli.core.quotes import clean_chars

from .calendars import words
from .layout import dense, rebuild_blocks, split_unwrapped

__all__ = ["Paragraph", "clean_letter", "join_lines", "split_blocks", "strip_footnote_markers"]

# Words that keep their hyphen when a line ends after them: "anti-\ncorruptie" is "anti-corruptie".
HYPHEN_PREFIXES = words(
    "anti non ex oud pro co semi niet pre post extra quasi super vice mid multi pan inter intra sub"
)
# "asiel- en migratiebeleid": a hyphen before a conjunction stands for a left-out word part.
_CONJUNCTIONS = frozenset({"en", "of", "tot", "noch", "dan", "als"})
_VOWELS = set("aeiouy")
_FOOTNOTE_START = re.compile(r"^\s*(\d{1,3})\s+\S")
_URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S*\s*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:\d{1,3}|-\s*\d{1,3}\s*-|pagina \d+( van \d+)?)\s*$", re.I)
_RUNNING_HEAD = re.compile(r"^\s*Tweede Kamer, vergaderjaar \d{4}[–-]\d{4}, \d", re.I)
_NUMBERED = re.compile(r"^(?:(?P<roman>[IVX]{1,4})\.|(?P<num>\d{1,2})\.|(?P<letter>[a-z])\.)\s+\S")
_TERMINAL = tuple(".:;?!,")
_SIGNATURE = re.compile(r"^De (?:minister|staatssecretaris|minister-president) (?:van|voor) [^,]+,", re.I)
_ANNEX = re.compile(r"^(?:Verslag van de|Bijlage\b|Geannoteerde agenda\b)", re.I)
# Words a sentence continues after; a heading does not end on them.
_CONTINUING = words(
    "van de het een en in op met voor over tot aan te of die dat om bij door naar uit als is zijn wordt "
    "heeft hebben zal werd dan ook nog niet geen deze dit tussen onder tegen na zich er hun haar waarbij welke "
    "wat aankomende komende huidige nieuwe"
)
_PLACE_DATE = re.compile(r"^\s*Den Haag,\s+\d{1,2}\s+\w+\s+\d{4}\s*$")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of running text or one heading, with the section it belongs to.

    `section` is the heading path joined with " – " ("I. Binnenlandse Zaken – 4. Terugkeerverordening"),
    empty before the first heading.
    """

    text: str
    section: str
    heading: bool = False


def _blank(line: str) -> bool:
    return not line.strip()


def split_blocks(text: str) -> list[list[list[str]]]:
    """Split extracted text into pages of blocks of lines.

    Official PDF extractions mark a paragraph with a line holding only a space and leave empty lines
    inside paragraphs; a run of four or more blank lines, or a form feed, is a page break. Other text
    uses empty lines for paragraphs.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A soft hyphen at a line end split a word: join it before the invisible characters go.
    text = clean_chars(re.sub("\u00ad[ \t]*\n[ \t]*", "", text))
    lines = text.replace("\f", "\n\f\n").split("\n")
    if dense(lines):
        # No blank lines between paragraphs: rebuild them from the lines' shape, page by page.
        pages = [rebuild_blocks(page.split("\n")) for page in "\n".join(lines).split("\f")]
        return [page for page in pages if page]
    spaced = sum(1 for line in lines if line and not line.strip() and line != "\f") >= 3
    pages: list[list[list[str]]] = [[]]
    block: list[str] = []
    index = 0
    while index < len(lines):
        if not _blank(lines[index]) and lines[index] != "\f":
            block.append(lines[index].rstrip())
            index += 1
            continue
        end = index
        while end < len(lines) and (_blank(lines[end]) or lines[end] == "\f"):
            end += 1
        run = lines[index:end]
        page_break = "\f" in run or len(run) >= 4
        paragraph = page_break or not spaced or any(line for line in run)
        if paragraph and block:
            pages[-1].append(block)
            block = []
        if page_break and pages[-1]:
            pages.append([])
        index = end
    if block:
        pages[-1].append(block)
    return [[part for block in page for part in split_unwrapped(block)] for page in pages if page]


def _is_footnote_block(block: list[str]) -> bool:
    return bool(_FOOTNOTE_START.match(block[0])) or all(_URL_LINE.match(line) for line in block)


def _page_furniture(pages: list[list[list[str]]]) -> set[str]:
    """Lines that repeat at the top or bottom of several pages: running heads and footers."""
    counts: Counter[str] = Counter()
    for page in pages:
        edges = {page[0][0].strip(), page[-1][-1].strip()}
        counts.update(re.sub(r"\d+", "#", edge) for edge in edges if edge)
    return {edge for edge, n in counts.items() if n >= 3 and len(pages) >= 3}


def _drop_furniture(block: list[str], furniture: set[str]) -> list[str]:
    return [
        line
        for line in block
        if not _PAGE_NUMBER.match(line)
        and not _RUNNING_HEAD.match(line)
        and re.sub(r"\d+", "#", line.strip()) not in furniture
    ]


def _separate_footnotes(pages: list[list[list[str]]]) -> tuple[list[list[str]], dict[int, str]]:
    """Blocks of running text across pages, and footnote text by number.

    A footnote block is a trailing block of a page that starts with a number, or holds only links. A
    paragraph cut by a page break (no closing punctuation) is joined with the first block of the next
    page.
    """
    furniture = _page_furniture(pages)
    blocks: list[list[str]] = []
    notes: dict[int, str] = {}
    carry = False
    for page in pages:
        page = [b for b in (_drop_furniture(b, furniture) for b in page) if b]
        cut = len(page)
        while cut > 1 and _is_footnote_block(page[cut - 1]):
            cut -= 1
        for note_block in page[cut:]:
            number = None
            for line in note_block:
                start = _FOOTNOTE_START.match(line)
                if start and (number is None or int(start[1]) == number + 1):
                    number = int(start[1])
                    notes[number] = line.strip()[len(start[1]) :].strip()
                elif number is not None and not _URL_LINE.match(line):
                    notes[number] += " " + line.strip()
        body = _inline_footnotes(page[:cut], notes)
        if carry and body and blocks:
            blocks[-1] = blocks[-1] + body[0]
            body = body[1:]
        blocks.extend(body)
        last = blocks[-1] if blocks else None
        carry = bool(last) and len(" ".join(last)) > 80 and not last[-1].rstrip().endswith(_TERMINAL)
    return blocks, notes


def _inline_footnotes(body: list[list[str]], notes: dict[int, str]) -> list[list[str]]:
    """Take out a footnote printed inside a page, between the two halves of a cut paragraph.

    Some extractions put the footnote right after the line where the paragraph breaks off; the
    paragraph then goes on with a line that starts with a space and a lowercase letter.
    """
    out: list[list[str]] = []
    for block in body:
        start = _FOOTNOTE_START.match(block[0])
        cut_before = bool(out) and not out[-1][-1].rstrip().endswith(_TERMINAL)
        if start and cut_before and re.match(r"^\s*\d{1,3}\s+[A-Z]", block[0]):
            rest = next((i for i, line in enumerate(block) if re.match(r"^ [a-zà-ÿ]", line)), len(block))
            notes[int(start[1])] = " ".join(line.strip() for line in block[:rest])[len(start[1]) :].strip()
            if rest < len(block):
                out[-1] = out[-1] + block[rest:]
            continue
        out.append(block)
    return out


def _join_hyphen(left: str, right: str, vocabulary: set[str]) -> str:
    """Join `left` (ending in "-") and `right` as the letter was written.

    Keep the hyphen, without a space, for compounds: a capital or digit on either side ("Secretaris-
    Generaal", "JBZ-terrein"), a prefix such as "anti-", a right part that has a hyphen itself
    ("veilig-derde-land"), colliding vowels ("zee-egel"), or a hyphenated form used elsewhere in the
    letter. Keep a space before a conjunction ("asiel- en migratiebeleid"). Otherwise the hyphen only
    split a word, which is joined when the letter uses it whole or nothing argues for a compound.
    """
    head = re.match(r"([\w]+)", right)
    word_left = _last_word(left[:-1])
    word_right = head[1] if head else ""
    if word_right.lower() in _CONJUNCTIONS:
        return left + " " + right
    joined = (word_left + word_right).lower()
    compound = f"{word_left}-{word_right}".lower()
    if joined in vocabulary and compound not in vocabulary:
        return left[:-1] + right
    keep = (
        not word_left
        or not word_right
        or not word_left.islower()
        or not word_right[0].islower()
        or any(c.isdigit() for c in word_left + word_right)
        or word_left.lower() in HYPHEN_PREFIXES
        or right[len(word_right) : len(word_right) + 1] == "-"
        or (word_left[-1] in _VOWELS and word_right[0] in _VOWELS)
        or compound in vocabulary
    )
    return left + right if keep else left[:-1] + right


def _last_word(text: str) -> str:
    """The word characters at the end of `text`, found from the end.

    A search for a word before a final hyphen retries at every start position of a long word: quadratic.
    """
    start = len(text)
    while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return text[start:]


# A word with its hyphenated parts, and a hyphenated pair; `\b` keeps each search from restarting inside a
# long word (without it, a 100,000-letter word costs 100,000 scans to its end).
_WORD = re.compile(r"\w+(?:-\w+)*")
_PAIR = re.compile(r"\b\w+-\w+")


def _vocabulary(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} | {w.lower() for w in _PAIR.findall(text)}


def join_lines(lines: list[str], vocabulary: set[str] | None = None) -> str:
    """One paragraph from its lines: single spaces, and line-end hyphens repaired (see `_join_hyphen`)."""
    vocab = vocabulary if vocabulary is not None else _vocabulary("\n".join(lines))
    parts: list[str] = []  # the paragraph so far; only its last part is ever looked at, so the join is linear
    for raw in lines:
        line = re.sub(r"\s+", " ", raw.replace("\ufffd", "•")).strip()
        if not line:
            continue
        last = parts[-1] if parts else ""
        if not parts:
            parts.append(line)
        elif last.endswith("-") and not last.endswith(" -") and not last.endswith("--"):
            parts[-1] = _join_hyphen(last, line, vocab)
        else:
            parts.append(" " + line)
    return "".join(parts)


# A footnote marker glued to a word ("insolventierecht12"), or after punctuation that follows a word
# ("gedeeld.3", "(2021-2027)8"). After a digit only ";:)" and quotes count: "21,9" and "3.5" are numbers.
_GLUED_MARKER = re.compile(
    r"([a-zà-ÿ]{2}|[a-zà-ÿ][.,;:)”’'\"]|[0-9][;:)”’'\"])(\d{1,3})"
    r"(?=[\s.,;:)]|$)(?!\s*(?:miljoen|miljard|duizend|euro|procent|%|[.,]\d))"
)
# A marker printed with a space before it at the end of a paragraph: "momenten geïnformeerd 9." Only after a
# word of four or more letters that does not count or refer ("artikel 9.", "ruim 9." keep their number).
_SPACED_MARKER = re.compile(r"(?<=[a-zà-ÿ]{4}) (\d{1,3})(?=\.$)")
_REFERS = words(
    "artikel artikelen lid leden hoofdstuk paragraaf bijlage pagina punt punten fase niveau versie nummer "
    "week weken jaar jaren maand maanden dagen ruim circa ongeveer bijna maximaal minimaal totaal aantal "
    "groep categorie stap stappen ronde agendapunt"
)


def strip_footnote_markers(text: str, numbers: set[int]) -> str:
    """Remove footnote numbers glued to a word or after punctuation: "insolventierecht12 en" → "insolventierecht en".

    Only numbers that have a footnote are removed, and never a digit that belongs to a number: not after a
    capital ("C7"), after a digit ("2025"), after a decimal comma or point ("21,9"), or before an amount
    ("12 miljoen"). A marker with a space before it is removed only at the end of the paragraph.
    """
    if not numbers:
        return text

    def glued(m: re.Match[str]) -> str:
        return m[1] if int(m[2]) in numbers else m[0]

    def spaced(m: re.Match[str]) -> str:
        before = m.string[: m.start()].rsplit(" ", 1)[-1].lower()
        return "" if int(m[1]) in numbers and before not in _REFERS else m[0]

    return _SPACED_MARKER.sub(spaced, _GLUED_MARKER.sub(glued, text))


def _heading_level(text: str) -> int:
    m = _NUMBERED.match(text)
    if not m:
        return 0
    if m["roman"]:
        return 1
    return 2 if m["num"] else 3


def _looks_like_heading(block_text: str, n_lines: int) -> bool:
    return (
        0 < len(block_text) <= 160
        and n_lines <= 4
        and not block_text.endswith(_TERMINAL)
        and (block_text[0].isupper() or block_text[0].isdigit() or bool(_NUMBERED.match(block_text)))
        and not block_text.startswith("•")
    )


def _split_leading_headings(
    blocks: list[list[str]], texts: list[str], vocab: set[str], numbers: set[int]
) -> list[tuple[list[str], str]]:
    """Split a heading printed straight above its paragraph, with no blank line, off that paragraph.

    The heading is the first one or two lines when the line after them starts with a capital, the
    heading has no closing punctuation, and its last word is not one a sentence goes on after ("van").
    """
    out: list[tuple[list[str], str]] = []
    for block, body in zip(blocks, texts, strict=True):
        split = 0
        for size in (1, 2):
            if len(block) <= size:
                break
            head = join_lines(block[:size], vocab)
            last_word = head.rsplit(" ", 1)[-1].lower()
            nxt = block[size].strip()
            widest = max(len(line.strip()) for line in block)
            if (
                _looks_like_heading(head, size)
                and (nxt[:1].isupper() or nxt[:1] in "\ufffd•" or _NUMBERED.match(nxt))
                and "," not in head
                and len(block[size - 1].strip()) < 0.85 * widest
                and not last_word.endswith("-")
                and last_word not in _CONTINUING
                and (size == 1 or block[1].strip()[:1].islower() or _NUMBERED.match(head))
            ):
                split = size
                break
        if split:
            out.append((block[:split], strip_footnote_markers(join_lines(block[:split], vocab), numbers)))
            out.append((block[split:], strip_footnote_markers(join_lines(block[split:], vocab), numbers)))
        else:
            out.append((block, body))
    return out


def clean_letter(text: str) -> tuple[list[Paragraph], dict[int, str]]:
    """Paragraphs of a letter's running text with their sections, and its footnotes by number.

    `text` is the letter as extracted; headers, footers, footnotes and their markers are removed, and
    lines are joined with hyphenation repaired.
    """
    pages = split_blocks(text)
    blocks, notes = _separate_footnotes(pages)
    # The letterhead (document number, addressee) ends with the place and date line.
    for index, block in enumerate(blocks[:12]):
        at = next((i for i, line in enumerate(block) if _PLACE_DATE.match(line)), None)
        if at is not None:
            blocks = ([block[at + 1 :]] if at + 1 < len(block) else []) + blocks[index + 1 :]
            break
    vocab = _vocabulary("\n".join("\n".join(b) for b in blocks))
    numbers = set(range(1, max(notes) + 1)) if notes else set()
    texts = [strip_footnote_markers(join_lines(b, vocab), numbers) for b in blocks]
    # A heading cut over two blocks ("7. EU Drugs Strategie ... tegen" / "drugshandel") is one heading.
    merged: list[tuple[str, int]] = []
    for block, body in _split_leading_headings(blocks, texts, vocab, numbers):
        if (
            merged
            and body
            and body[0].islower()
            and not _NUMBERED.match(body)
            and len(body) <= 80
            and not body.endswith(_TERMINAL)
            and _looks_like_heading(merged[-1][0], merged[-1][1])
        ):
            merged[-1] = (join_lines([merged[-1][0], body], vocab), merged[-1][1] + len(block))
            continue
        merged.append((body, len(block)))
    out: list[Paragraph] = []
    stack: list[tuple[int, str]] = []
    for index, (body, n_lines) in enumerate(merged):
        if not body:
            continue
        following = merged[index + 1][0] if index + 1 < len(merged) else ""
        if _SIGNATURE.match(body) or _ANNEX.match(body):
            # A signature ends the letter; an annex ("Verslag van de bijeenkomst ...") starts afresh.
            stack = []
            out.append(Paragraph(body, "", heading=bool(_ANNEX.match(body))))
            continue
        if (
            _looks_like_heading(body, n_lines)
            and following
            and (not following[0].islower() or _NUMBERED.match(following))
        ):
            # Unnumbered headings sit under a part ("I. Justitie") when there is one, else on top.
            level = _heading_level(body) or (2 if stack and _heading_level(stack[0][1]) == 1 else 1)
            stack = [(lvl, h) for lvl, h in stack if lvl < level] + [(level, body)]
            out.append(Paragraph(body, " – ".join(h for _, h in stack), heading=True))
            continue
        out.append(Paragraph(body, " – ".join(h for _, h in stack)))
    return out, notes
