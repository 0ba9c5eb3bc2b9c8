"""Turn the bytes of a letter (plain text, a saved HTML page, or a PDF) into text with its layout.

The text keeps what `text.clean_letter` needs: one line per printed line or HTML block, an empty line
between HTML blocks, and a form feed between PDF pages. HTML is parsed with selectolax, PDF with pypdf.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import warnings
from collections.abc import Iterator

from .layout import dense

__all__ = ["FORMATS", "ReadError", "html_to_text", "letter_text", "pdf_to_text", "sniff"]

FORMATS = ("txt", "html", "pdf")
# The letter body on zoek.officielebekendmakingen.nl and similar pages; the first that exists wins.
_BODY_SELECTORS = ("#broodtekst", "div.stuk", "main", "article", "#content", "body")
_DROP = (
    "script, style, nav, header, footer, form, button, noscript, svg, sup, "
    ".noot, .nootnum, .voetnoot, .voetnoten, .footnote, .footnotes"
)
_BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, td, pre"
# Bounds checked before the HTML parser runs: lexbor takes quadratic time in nesting depth and in the attributes of
# one tag (100,000 nested <div> took 14 s). A real letter page nests about 20 deep with a handful of attributes.
MAX_DEPTH = 512
MAX_ATTRIBUTES = 256
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*+)([^<>]*)>")
# Elements that never hold content, or whose end tag may be left out, so an unclosed one does not nest.
_FLAT = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "rt",
        "rp",
        "optgroup",
    ]
)


class ReadError(ValueError):
    """The bytes are not a letter jbz can read; the message is one line for the user."""


def sniff(data: bytes, name: str = "") -> str:
    """ "pdf", "html" or "txt", from the file name's suffix and else from the first bytes."""
    lower = name.lower()
    if lower.endswith(".pdf") or data.startswith(b"%PDF-"):
        return "pdf"
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    return "txt"


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReadError(
            f"line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the letter as UTF-8"
        ) from None


# A word break (<wbr>) and a soft hyphen before a line break are places a word may wrap, not spaces:
# "opspo<wbr>ringsdiensten" is one word, and quotes must be verbatim.
_JOIN_BREAKS = re.compile(r"<wbr\s*/?>|(?:\xad|&shy;|&#173;|&#x[aA][dD];)\s*<br\s*/?>\s*", re.IGNORECASE)


def html_to_text(html: str) -> str:
    """The letter body of an HTML page: one block per line, blocks separated by an empty line.

    Navigation, scripts, footnote markers (<sup>) and footnote lists are dropped.
    """
    from selectolax.lexbor import LexborHTMLParser

    _check_shape(html)
    tree = LexborHTMLParser(_JOIN_BREAKS.sub("", html))
    root = next(
        (node for sel in _BODY_SELECTORS if (node := tree.css_first(sel)) is not None and node.text(deep=True).strip()),
        None,
    )  # the first container with text: an empty #broodtekst must not hide the body
    if root is None:
        return ""
    for node in root.css(_DROP):
        node.decompose()
    blocks = []
    for node in root.css(_BLOCKS):
        if node.css_first(_BLOCKS.replace(", pre", "")) is not None and node.tag in ("li", "td", "dd"):
            continue  # the nested paragraphs are taken on their own
        text = re.sub(r"\s+", " ", node.text(deep=True, separator=" ")).strip()
        text = re.sub(r" ([,.;:)])", r"\1", text)
        if text:
            blocks.append(text)
    if not blocks:
        blocks = [line.strip() for line in root.text(separator="\n").splitlines() if line.strip()]
    return "\n\n".join(blocks) + "\n"


def _layout_text(page: object) -> str:
    """One page's lines in pypdf's layout mode, with an empty line where the page leaves vertical space."""
    text = page.extract_text(extraction_mode="layout", layout_mode_space_vertically=True)  # type: ignore[attr-defined]
    return "\n".join(re.sub(r"(?<=\S) {2,}(?=\S)", " ", line).strip() for line in (text or "").splitlines())


def _check_shape(html: str) -> None:
    """ReadError when tags nest deeper than MAX_DEPTH or one tag has more than MAX_ATTRIBUTES; one linear scan."""
    depth = 0
    for m in _TAG.finditer(html):
        closing, name, rest = m.group(1), m.group(2).lower(), m.group(3)
        if rest.count("=") > MAX_ATTRIBUTES:
            raise ReadError(f"an HTML tag <{name[:20]}> has more than {MAX_ATTRIBUTES} attributes; not a letter page")
        if closing:
            depth = max(depth - 1, 0)
        elif name not in _FLAT and not rest.rstrip().endswith("/"):
            depth += 1
            if depth > MAX_DEPTH:
                raise ReadError(f"HTML elements nested more than {MAX_DEPTH} deep; not a letter page")


def pdf_to_text(data: bytes) -> str:
    """The text of every page of a PDF, pages separated by a form feed; raises ReadError if unreadable.

    Most letters set paragraphs apart by vertical space only, with no empty line in pypdf's plain
    text. For such a PDF pypdf's layout mode turns the space into empty lines (measured on the bundled
    letter set that way: the same candidates as its text form, where rebuilding the plain text from
    line lengths cut two sentences). Its column padding is dropped. A PDF whose plain text already
    has empty lines stays plain, and so does one that layout mode cannot read.

    Every failure pypdf can raise (its own error family, a missing optional dependency such as the one AES-256
    needs, an unsupported filter, a limit it enforces against bombs, a tree too deep) becomes one ReadError that
    says what is unsupported.
    """
    with _quiet_pypdf():
        return _pdf_pages(data)


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs and warns ("invalid pdf header", "EOF marker not found") on stderr; jbz says one line instead."""
    log = logging.getLogger("pypdf")
    level, log.level = log.level, logging.CRITICAL + 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        log.setLevel(level)


def _pdf_pages(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (FileNotDecryptedError, DependencyError) as exc:
        if encryption(exc):
            raise ReadError(f"the PDF is encrypted; save an unencrypted copy first ({exc})") from None
        raise ReadError(f"the PDF needs a decoder jbz does not have ({exc})") from None
    except LimitReachedError as exc:
        raise ReadError(f"the PDF goes past a safety limit of the PDF reader ({exc})") from None
    except NotImplementedError as exc:
        raise ReadError(f"the PDF uses something unsupported ({exc})") from None
    except RecursionError:
        raise ReadError("the PDF's objects are nested too deeply") from None
    except (PyPdfError, Exception) as exc:  # pypdf also raises DeprecationError, AssertionError and plain bugs
        raise ReadError(f"not a readable PDF ({type(exc).__name__}: {exc})"[:300]) from None
    if dense("\n".join(pages).split("\n")):
        # Layout mode is a refinement: when it fails on a page, the plain text is still a reading.
        with contextlib.suppress(Exception):
            pages = [_layout_text(page) for page in reader.pages]
    return "\n\f\n".join(pages)


def encryption(exc: Exception) -> bool:
    """Whether a decoding failure is about encryption (pypdf says so in its message) rather than an image codec."""
    text = str(exc).lower()
    return "decrypt" in text or "cryptograph" in text or "aes" in text or "password" in text


def letter_text(data: bytes, name: str = "") -> str:
    """The text of a letter from its bytes; `name` (a file name) helps to tell the format.

    Raises ReadError for an empty file, text that is not UTF-8, or a PDF without text.
    """
    if not data.strip():
        raise ReadError("the file is empty")
    fmt = sniff(data, name)
    if fmt == "pdf":
        text = pdf_to_text(data)
        if not text.strip():
            raise ReadError("the PDF has no text layer (a scan?); run OCR first")
        return text
    decoded = _decode(data)
    if "\x00" in decoded:
        raise ReadError("binary data, not a letter")
    if fmt != "html":
        return decoded
    text = html_to_text(decoded)
    if not text.strip():
        raise ReadError("the HTML page holds no text (no body, or only scripts and navigation)")
    return text
