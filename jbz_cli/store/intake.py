"""The one bounded reader for bytes that enter jbz from outside the records: letters, register files, stdin, HTTP.

Every source has a cap (`CAPS`, documented in docs/output.md under "Input limits"); the read stops one byte past
it and raises `TooLarge`, so `/dev/zero`, an endless pipe or a decompression bomb costs at most the cap in
memory. Record files have their own, smaller cap in `files.MAX_RECORD_BYTES`. HTTP bodies are decompressed here
too (`Inflater`), layer by layer with a bounded output per step, so a `Content-Encoding: gzip, gzip` body of a
few KB can never inflate to gigabytes before the cap is seen.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from jbz_cli.errors import UsageError

MiB = 1024 * 1024
CAPS = {
    "letter": 1 * MiB,  # a real letter is under 200 KB (PDF included); 1 MB of letter text takes seconds
    "register file": 64 * MiB,  # a saved register page is about 250 KB; all 6,500 commitments are about 30 MB
    "ids": 16 * MiB,  # ids on stdin: 200,000 ids of 80 characters
    "page": 64 * MiB,  # one HTTP page of the register, after decompression (register/fetch.MAX_BYTES)
}
NAMES = {"letter": "a letter", "register file": "a register file", "ids": "ids on stdin", "page": "a register page"}
# Entries kept from one `import tk` run (files and fetched pages together): the register holds about 6,500
# commitments, so 200,000 only stops a server that keeps sending fresh pages; each entry is about 1 KB in memory.
MAX_ENTRIES = 200_000
CHUNK = MiB


class TooLarge(UsageError):
    """More bytes than the cap for this kind of input; the message names the input and the cap."""


def too_large(name: str, kind: str, limit: int) -> TooLarge:
    return TooLarge(f"{name}: more than {limit / MiB:g} MB; jbz reads at most that much for {NAMES.get(kind, kind)}")


def read_stream(stream: BinaryIO, name: str, kind: str, limit: int | None = None) -> bytes:
    """All bytes of an open binary stream (stdin, a FIFO, a file), or TooLarge once they pass the cap."""
    limit = CAPS[kind] if limit is None else limit
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise too_large(name, kind, limit)


def stdin_lines(stdin: TextIO) -> list[str]:
    """The lines of a text stream (the ids piped to `-`), read under the "ids" cap: `< /dev/zero` is refused."""
    buffer = getattr(stdin, "buffer", None)
    if buffer is not None:
        return read_stream(buffer, "<stdin>", "ids").decode("utf-8", "replace").splitlines()
    text = stdin.read(CAPS["ids"] + 1)
    if len(text) > CAPS["ids"]:
        raise too_large("<stdin>", "ids", CAPS["ids"])
    return text.splitlines()


def read_path(path: Path | str, name: str, kind: str, limit: int | None = None) -> bytes:
    """The bytes of a file, FIFO or device by name, bounded like read_stream; OSError when it cannot be opened."""
    limit = CAPS[kind] if limit is None else limit
    with open(os.fspath(path), "rb", buffering=0) as stream:
        return read_stream(stream, name, kind, limit)


class Inflater:
    """Undo an HTTP Content-Encoding chain (gzip, deflate, identity) in steps, never more than `limit` bytes out.

    `encodings` are in the order the server applied them (the header's order); they are undone last first. Each
    layer's output is bounded per call with zlib's `max_length`, so a bomb is stopped after `limit` + 1 bytes of
    any layer. Raises ValueError for an unknown encoding or corrupt data and OverflowError past the cap; the caller
    words both with its URL.
    """

    def __init__(self, encodings: Sequence[str], limit: int) -> None:
        self.limit = limit
        self.layers: list[Any] = []  # zlib decompress objects
        for name in reversed([e.strip().lower() for e in encodings if e.strip()]):
            if name in ("identity",):
                continue
            if name in ("gzip", "x-gzip"):
                self.layers.append(zlib.decompressobj(16 + zlib.MAX_WBITS))
            elif name == "deflate":
                self.layers.append(zlib.decompressobj(32 + zlib.MAX_WBITS))  # zlib or gzip header, detected
            else:
                raise ValueError(f"the server sent Content-Encoding {name!r}, which jbz does not decode")
        self.sizes = [0] * len(self.layers)
        self.total = 0

    def feed(self, data: bytes) -> bytes:
        """The decoded bytes for one raw chunk; OverflowError once any layer passes the limit."""
        for index, layer in enumerate(self.layers):
            data = self._inflate(index, layer, data)
        self.total += len(data)
        if self.total > self.limit:
            raise OverflowError(self.limit)
        return data

    def _inflate(self, index: int, layer: Any, data: bytes) -> bytes:
        out: list[bytes] = []
        pending = data
        while pending:
            room = self.limit + 1 - self.sizes[index]
            try:
                piece = layer.decompress(pending, room)
            except zlib.error:
                raise ValueError("the response could not be decoded (DecodingError)") from None
            self.sizes[index] += len(piece)
            if self.sizes[index] > self.limit:
                raise OverflowError(self.limit)
            out.append(piece)
            pending = layer.unconsumed_tail
            if not piece and pending:
                break  # cannot make progress: corrupt input, reported by the caller's parse
        return b"".join(out)
