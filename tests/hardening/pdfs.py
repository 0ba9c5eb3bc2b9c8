"""Small hostile PDFs written byte by byte, so the tests need no PDF writer and no network."""

from __future__ import annotations

import zlib


def pdf(content: bytes, filters: str = "", encrypt: str = "") -> bytes:
    """A one-page PDF whose content stream is `content` as stored, declared with `filters` (e.g. "/Bogus")."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d %s >>\nstream\n" % (len(content), (f"/Filter {filters}" if filters else "").encode())
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if encrypt:
        objects.append(encrypt.encode())
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"/Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypt:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), b"ab" * 16, b"ab" * 16)
    out += b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


TEXT = b"BT /F1 12 Tf 72 720 Td (Den Haag, 17 december 2025) Tj ET"


def plain() -> bytes:
    return pdf(TEXT)


def unknown_filter() -> bytes:
    return pdf(TEXT, "/Bogus")


def chained_filters(count: int = 20) -> bytes:
    data = TEXT
    for _ in range(count):
        data = zlib.compress(data)
    return pdf(data, "[" + " /FlateDecode" * count + " ]")


def aes256() -> bytes:
    """A PDF that declares AES-256 encryption (V 5, R 6); reading it needs a decryption library."""
    key = "<" + "00" * 48 + ">"
    short = "<" + "00" * 32 + ">"
    encrypt = (
        f"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 /O {key} /U {key} /OE {short} /UE {short}"
        f" /Perms <{'00' * 16}> /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >>"
        " /StmF /StdCF /StrF /StdCF >>"
    )
    return pdf(TEXT, encrypt=encrypt)
