"""Finding and reading record files; every problem becomes a RecordError with a file and line."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jbz_cli.core.build import FieldError, record_from_dict
from jbz_cli.core.model import Record, record_id_of
from jbz_cli.core.words import duplicate_id
from jbz_cli.errors import RecordError, RecordsDirError
from jbz_cli.store.root import ROOT_FILES, RecordsDir, bundled_records, resolve_records_dir  # noqa: F401 (re-exported)

MAX_DEPTH = 100  # folder levels below the records folder; Python's stack ends near 1,000, a real tree at 3
MAX_RECORD_BYTES = 1024 * 1024  # a record is a few hundred bytes; anything this big is a mistake


@dataclass
class LoadResult:
    """The records of a folder that could be read, and one RecordError per file that could not."""

    records: list[Record] = field(default_factory=list)
    problems: list[RecordError] = field(default_factory=list)


def iter_record_files(root: Path) -> list[tuple[str, Path]]:
    """Every *.toml below root as (relative path, path), sorted; hidden files and folders are skipped."""
    return [(rel, Path(path)) for rel, path, _ in scan_record_files(root, stat=False)]


def scan_record_files(
    root: Path, stat: bool = True, sign: Callable[[os.stat_result], Any] | None = None
) -> list[tuple[str, str, Any]]:
    """Like iter_record_files, with each file's stat (None when it fails) so the index can spot changes.

    `sign` turns each stat into something smaller to keep (the index's signature: 100,000 stat results take
    about 60 MiB); it is not called when the stat fails.
    """

    def info(entry: os.DirEntry[str]) -> Any:
        if not stat:
            return None
        try:
            found = entry.stat()
        except OSError:
            return None
        return sign(found) if sign is not None else found

    return scan_entries(root, info)


def scan_entries(root: Path, info: Callable[[os.DirEntry[str]], Any]) -> list[tuple[str, str, Any]]:
    """Every record file below root as (relative path, path, info(its directory entry)), sorted by relative path."""
    found = [(rel, entry.path, info(entry)) for _, files in walk_folders(root) for rel, entry in files]
    found.sort(key=lambda f: f[0])
    return found


def walk_folders(root: Path | str) -> Iterator[tuple[str, list[tuple[str, os.DirEntry[str]]]]]:
    """Each readable folder below root, as (its relative path with a trailing "/", "" for root, and its record
    files as (relative path, directory entry)), in no particular order; a folder that cannot be listed is skipped.

    The one rule for which files are records: hidden names are skipped, folders are not followed through
    symbolic links, ROOT_FILES at the top are not records; names that do not print are shown escaped (printable).
    RecordsDirError for folders nested more than MAX_DEPTH deep.
    """
    stack = [(os.fspath(root), "")]
    while stack:
        folder, rel = stack.pop()
        if rel.count("/") > MAX_DEPTH:
            shown = printable(rel if len(rel) <= 60 else rel[:60] + "...")
            raise RecordsDirError(f"{shown}: folders nested more than {MAX_DEPTH} deep below the records folder")
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue
        files = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if not name.isprintable():
                name = printable(name)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                stack.append((entry.path, f"{rel}{name}/"))
            elif name.endswith(".toml") and not (rel == "" and name in ROOT_FILES):  # meetings, settings
                files.append((f"{rel}{name}", entry))
        yield rel, files


def _is_link(entry: os.DirEntry[str]) -> bool:
    """Whether a directory entry is a symbolic link (from the listing itself on most systems: no stat)."""
    try:
        return entry.is_symlink()
    except OSError:
        return True  # cannot tell: resolve it in full


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def printable(name: str) -> str:
    """A file name that prints on one line without crashing output: undecodable bytes become U+FFFD,
    control characters such as a newline become escapes like \\n."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _CONTROL_RE.sub(lambda m: repr(m[0])[1:-1], name)


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
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("not a regular file (a FIFO, device or socket); a record is a plain text file")
        if info.st_size > limit:
            raise Unreadable(
                f"file is too large ({info.st_size / 1e6:.1f} MB); a record is at most {limit // 2**20} MB"
            )
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    raw = b"".join(chunks)
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
    if b"\x00" in raw:
        raise RecordError(display, "file is binary, not TOML text")
    try:
        return raw.decode("utf-8"), info
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RecordError(display, f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line, col) from None


def load_file(path: Path, record_id: str, display: str, root: Path | Inside | None = None) -> Record:
    """One record; RecordError (with line and col) for anything wrong. `root`: refuse symlinks out of it."""
    return load_file_data(path, record_id, display, root)[0]


def load_file_data(path: Path, record_id: str, display: str, root: Path | Inside | None = None) -> tuple[Record, dict]:
    """As load_file, with the parsed table too (for keys the Record does not keep, such as [register])."""
    text = read_text(path, display, root)
    return record_of_text(text, record_id, display)


def record_of_text(text: str, record_id: str, display: str) -> tuple[Record, dict]:
    """A record file's text as a Record and its parsed table; RecordError with line and col for anything wrong."""
    from jbz_cli.store.toml_text import locate, parse_toml  # not loaded by runs that parse nothing (a warm index)

    data = parse_toml(text, display)
    try:
        return record_from_dict(data, record_id, display), data
    except FieldError as exc:
        line, col = locate(text, exc.where)
        raise RecordError(display, str(exc), line, col) from None


def join_display(folder: str, rel: str) -> str:
    """A path as shown in messages: `rel` under the shown folder, or `rel` alone when that is "." or ""."""
    return rel if folder in ("", ".") else f"{folder.rstrip('/')}/{rel}"


def display_path(rdir: RecordsDir, rel: str) -> str:
    """A file of this records folder as messages show it (join_display with the folder as the user gave it)."""
    return join_display(rdir.display, rel)


def signature(st: os.stat_result) -> str:
    """Size, mtime, ctime, inode and device: an edit in the same second still changes ctime or size, or it is racy
    (the index's rule for a file that may have changed)."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


# What one pass over the files kept per file, for an index built from it: relative path -> (the stat signature the
# file was read under, index_keys.signature, and the record as written or the problem it gave).
Kept = dict[str, tuple[str, "Record | RecordError"]]


def load_records(rdir: RecordsDir, kept: Kept | None = None) -> LoadResult:
    """Load every record; bad files become problems so the rest still list. `kept`: see load_records_data."""
    loaded, problems = load_records_data(rdir, kept)
    return LoadResult([record for record, _data in loaded], problems)


def load_records_data(
    rdir: RecordsDir, kept: Kept | None = None
) -> tuple[list[tuple[Record, dict]], list[RecordError]]:
    """Every record with its parsed table, and one RecordError per unreadable, invalid or duplicate file.

    One listing and one open, stat and read per file: the listing says which entries are links, so the symlink
    guard costs no `lstat`. With `kept`, each file read is added to it with the stat of the open file (Kept).
    """
    loaded: list[tuple[Record, dict]] = []
    problems: list[RecordError] = []
    seen: dict[str, str] = {}
    inside = Inside(rdir.path)
    for rel, path, is_link in scan_entries(rdir.path, _is_link):
        display = display_path(rdir, rel)
        record_id = record_id_of(rel)
        if record_id in seen:
            problems.append(RecordError(display, duplicate_id(record_id, [seen[record_id]])))
            continue
        try:
            text, info = read_text_stat(path, display, inside, is_link)
        except RecordError as exc:
            problems.append(exc)
            continue
        try:
            loaded.append(record_of_text(text, record_id, display))
        except RecordError as exc:
            problems.append(exc)
            if kept is not None:
                kept[rel] = (signature(info), exc)
            continue
        if kept is not None:
            kept[rel] = (signature(info), loaded[-1][0])
        seen[record_id] = display
    return loaded, problems
