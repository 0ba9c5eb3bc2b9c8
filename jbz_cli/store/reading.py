"""Reading one record file safely: a regular file of bounded size, inside the records folder, UTF-8 text, then a
Record with the line and column of whatever is wrong (RecordError).

Every reader of a record file comes through here: the files pass (store/files.py), the index build, edits and
`jbz check`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jbz_cli.core.build import FieldError, record_from_dict
from jbz_cli.core.model import Record
from jbz_cli.errors import RecordError

MAX_RECORD_BYTES = 1024 * 1024  # a record is a few hundred bytes; anything this big is a mistake


class Inside:
    """A records folder that reads must not leave through a symbolic link, resolved once for a whole pass.

    Each folder's real path is remembered, so reading 10,000 files costs one `lstat` each instead of two
    `realpath` calls (one `lstat` per path component). A file that is a link is resolved in full every time.
    """

    def __init__(self, root: Path | str) -> None:
        self.base = os.path.realpath(root)
        self._folders: dict[str, str] = {}
        self._held: dict[str, bool] = {}

    def holds(self, path: Path | str, is_link: bool | None = None) -> bool:
        """Whether `path`, with every link followed, is the folder or below it.

        `is_link` is what a directory listing already said about the file (DirEntry.is_symlink), which saves
        the `lstat`; None asks the system.
        """
        path = os.fspath(path)
        if is_link is False:  # a plain file is inside exactly when its folder's real path is
            parent = os.path.dirname(path)
            inside = self._held.get(parent)
            if inside is None:
                inside = self._held[parent] = self._within(self._resolve(parent))
            return inside
        return self._within(self._resolve(path, is_link))

    def _within(self, resolved: str) -> bool:
        return resolved == self.base or resolved.startswith(self.base.rstrip(os.sep) + os.sep)

    def _resolve(self, path: str, is_link: bool | None = None) -> str:
        """os.path.realpath(path): the real path of its folder, joined to its name when that is not a link."""
        parent, name = os.path.split(path)
        try:
            if name in ("", ".", "..") or is_link or (is_link is None and stat.S_ISLNK(os.lstat(path).st_mode)):
                return os.path.realpath(path)
        except OSError:
            return os.path.realpath(path)
        real = self._folders.get(parent)
        if real is None:
            real = self._folders[parent] = os.path.realpath(parent)
        return os.path.join(real, name)


# Opened without blocking (a FIFO named x.toml would otherwise wait for a writer forever), not inherited by
# children, and never made the controlling terminal.
_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_CHUNK = 1 << 16  # bytes a read asks for past what stat said: below malloc's threshold for a fresh mapping


class Unreadable(ValueError):
    """A file that is there but must not be read as a record: not a regular file, too large, or outside."""


def read_bounded(path: Path | str, limit: int, root: Path | Inside | None = None) -> bytes:
    """At most `limit` bytes of a regular file; Unreadable for anything else, OSError when it cannot be opened.

    The file is opened without blocking (a FIFO named x.toml would otherwise wait for a writer forever), and
    checked on the open descriptor, so a swap between check and read cannot slip a FIFO or a device in. The read
    stops after `limit` + 1 bytes whatever `stat` said: /proc files and some devices report a size of 0. With
    `root`, a file (reached through a symlink) that resolves outside that folder is refused, as writes refuse it;
    pass one `Inside(root)` for many files of a pass.
    """
    return read_bounded_stat(path, limit, root)[0]


def read_bounded_stat(
    path: Path | str, limit: int, root: Path | Inside | None = None, is_link: bool | None = None
) -> tuple[bytes, os.stat_result]:
    """read_bounded, with the stat of the open file taken before its bytes were read (so a signature made from it
    is never newer than the content). `is_link`: see Inside.holds."""
    if root is not None and not (root if isinstance(root, Inside) else Inside(root)).holds(path, is_link):
        raise Unreadable("refused: a symbolic link to a file outside the records folder")
    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("not a regular file (a FIFO, device or socket); a record is a plain text file")
        if info.st_size > limit:
            raise Unreadable(
                f"file is too large ({info.st_size / 1e6:.1f} MB); a record is at most {limit // 2**20} MB"
            )
        # What stat says is there and a byte more, then on to the end: a buffer of the file's size, as a
        # megabyte-sized one costs more than the read (tenths of a second over 10,000 files).
        raw = os.read(fd, info.st_size + 1)
        # Exactly the size stat gave, one byte short of what was asked: the file's end (a read of a regular file
        # stops short only there), so a second read would return nothing. Any other length reads on to the end:
        # a file reported as empty (/proc), grown since the stat, or cut short.
        if raw and len(raw) != info.st_size:
            chunks = [raw]
            left = limit + 1 - len(raw)
            while left > 0:
                chunk = os.read(fd, min(left, _CHUNK))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
            if len(chunks) > 1:
                raw = b"".join(chunks)
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise Unreadable(f"file is too large (over {limit // 2**20} MB); a record is at most {limit // 2**20} MB")
    return raw, info


def read_text(path: Path, display: str, root: Path | Inside | None = None) -> str:
    """Read a record file as UTF-8 text, refusing what cannot be a record (see read_bounded; `root` likewise)."""
    return read_text_stat(path, display, root)[0]


def read_text_stat(
    path: Path | str, display: str, root: Path | Inside | None = None, is_link: bool | None = None
) -> tuple[str, os.stat_result]:
    """read_text, with the stat of the open file (read_bounded_stat)."""
    try:
        raw, info = read_bounded_stat(path, MAX_RECORD_BYTES, root, is_link)
    except Unreadable as exc:
        raise RecordError(display, str(exc)) from None
    except OSError as exc:
        raise RecordError(display, f"cannot read file: {exc.strerror or exc}") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM is harmless here; editors on Windows add it
    nul = raw.find(b"\x00")
    if nul >= 0:  # where the first NUL byte is: line, and byte column as for undecodable bytes below
        line = raw[:nul].count(b"\n") + 1
        raise RecordError(display, "file is binary, not TOML text", line, nul - raw.rfind(b"\n", 0, nul))
    try:
        return raw.decode("utf-8"), info
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RecordError(display, f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line, col) from None


def read_texts(
    files: Sequence[tuple[str, bool | None, str]], inside: Inside
) -> list[tuple[str, os.stat_result] | RecordError]:
    """read_text_stat for each (path, is_link, display) of a pass, in order: the text and stat, or the RecordError.

    A plain regular file of UTF-8 text (nearly every record file) is read in one open, fstat, read and close, with
    no call per step; anything else (a link, an error, a short read, a BOM, a NUL, bytes that do not decode) is
    read again by read_text_stat, which decides and words every problem. Same answers, a fifth less time.
    """
    out: list[tuple[str, os.stat_result] | RecordError] = []
    is_reg, limit = stat.S_ISREG, MAX_RECORD_BYTES
    held: dict[str, bool] = {}  # folder -> inside.holds of a plain file there (the same for every one)
    for path, is_link, display in files:
        plain = is_link is False
        if plain:
            folder = path.rpartition(os.sep)[0]
            plain = held.get(folder)  # type: ignore[assignment]
            if plain is None:
                plain = held[folder] = inside.holds(path, False)
        if plain:
            raw, size = b"", -1
            try:
                fd = os.open(path, _READ_FLAGS)
            except OSError:
                fd = -1
            if fd >= 0:
                try:
                    info = os.fstat(fd)
                    size = info.st_size
                    if is_reg(info.st_mode) and 0 < size <= limit:
                        raw = os.read(fd, size + 1)
                except OSError:
                    raw = b""
                finally:
                    os.close(fd)
                if raw and len(raw) == size and b"\x00" not in raw and not raw.startswith(b"\xef\xbb\xbf"):
                    try:
                        out.append((raw.decode("utf-8"), info))
                        continue
                    except UnicodeDecodeError:
                        pass
        try:
            out.append(read_text_stat(path, display, inside, is_link))
        except RecordError as exc:
            out.append(exc)
    return out


def load_file(path: Path, record_id: str, display: str, root: Path | Inside | None = None) -> Record:
    """One record; RecordError (with line and col) for anything wrong. `root`: refuse symlinks out of it."""
    return load_file_data(path, record_id, display, root)[0]


def load_file_data(path: Path, record_id: str, display: str, root: Path | Inside | None = None) -> tuple[Record, dict]:
    """As load_file, with the parsed table too (for keys the Record does not keep, such as [register])."""
    text = read_text(path, display, root)
    return record_of_text(text, record_id, display)


_toml_text: Any = None  # store/toml_text once imported: not by runs that parse nothing (a warm index)


def _toml() -> Any:
    global _toml_text
    from jbz_cli.store import toml_text

    _toml_text = toml_text
    return toml_text


def record_of_text(text: str, record_id: str, display: str) -> tuple[Record, dict]:
    """A record file's text as a Record and its parsed table; RecordError with line and col for anything wrong."""
    toml = _toml_text or _toml()  # an import statement here cost a twentieth of a cold run's pass
    data = toml.parse_toml(text, display)
    try:
        return record_from_dict(data, record_id, display), data
    except FieldError as exc:
        line, col = toml.locate(text, exc.where)
        raise RecordError(display, str(exc), line, col) from None
