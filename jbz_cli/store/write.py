"""Changing records on disk without ever losing data.

Every write goes to a dot-prefixed temporary file in the record's own folder, is fsynced, and is then
renamed over the target (or hard-linked into place for a new record, so an existing file is never
overwritten); the folder is fsynced afterwards. A crash at any moment therefore leaves the old file or
the new file, never a mix. Writers to one record take a lock (filelock) on a dot-prefixed lock file
next to it, and remove that file while they still hold the lock, so no lock file outlives a write.
Follow-ups are appended as text, so comments, key order and formatting of hand-edited files survive;
the whole result is parsed and validated before it replaces the original.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import tempfile
import tomllib
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jbz_cli.core.dates import parse_day, parse_due
from jbz_cli.core.model import EVIDENCE_STATUSES, ID_RE, KINDS, STATUSES, FieldError, Record, record_from_dict
from jbz_cli.errors import AmbiguousError, NotFoundError, RecordError, UsageError, WriteError
from jbz_cli.store.files import RecordsDir, iter_record_files, locate, parse_toml, read_text

MAX_ID_LENGTH = 80
SLUG_LENGTH = 60
LOCK_TIMEOUT = 30.0  # seconds; a write takes milliseconds, so a longer wait means something is stuck
TMP_MARK = ".jbz-tmp"

_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_HEADER_LINE_RE = re.compile(r"^\s*\[")
_TOP_KEY_RE = re.compile(r"^(?P<indent>\s*)(?P<key>[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?P<eq>\s*=\s*)(?P<rest>.*)$")


@dataclass(frozen=True)
class WriteResult:
    """What a write did (or, with dry_run, would do); the CLI renders it."""

    id: str
    path: Path
    text: str  # the full text written (or that would be written)
    before: str | None = None  # the previous text; None for a new record
    dry_run: bool = False
    changes: tuple[str, ...] = ()  # short human descriptions, e.g. "status open -> done"

    def diff(self, label: str) -> str:
        """A unified diff from the old to the new text, for --dry-run and for review."""
        lines = difflib.unified_diff(
            (self.before or "").splitlines(keepends=True),
            self.text.splitlines(keepends=True),
            fromfile=f"a/{label}",
            tofile=f"b/{label}",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@dataclass(frozen=True)
class NewRecord:
    """The fields `jbz add` takes; everything but kind and title is optional."""

    kind: str
    title: str
    status: str | None = None
    due: str | None = None
    topics: Sequence[str] = ()
    actor: str | None = None
    promised_to: str | None = None
    summary: str | None = None
    related: Sequence[str] = ()
    next_check: str | None = None
    document: str | None = None
    source_date: str | None = None
    section: str | None = None
    quote: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class FollowupRequest:
    """One follow-up to append; `due` moves the deadline and keeps the old one in the log."""

    date: date
    note: str = ""
    status: str | None = None
    evidence: str | None = None
    due: str | None = None

    def validate(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise UsageError(f"unknown status {self.status!r}: expected one of {', '.join(STATUSES)}")
        if self.status in EVIDENCE_STATUSES and not (self.evidence and self.evidence.strip()):
            raise UsageError(
                f"status {self.status!r} needs --evidence (a document reference or URL) so it can be checked"
            )
        if self.due is not None:
            try:
                parse_due(self.due)
            except ValueError as exc:
                raise UsageError(f"--due: {exc}") from None
        for name, value in (("--note", self.note), ("--evidence", self.evidence or "")):
            if "\x00" in value:
                raise UsageError(f"{name} contains a NUL character")
        if not (self.note.strip() or self.status or self.evidence or self.due):
            raise UsageError("a follow-up needs --note, --status, --evidence or --due")


# --- ids, slugs and paths ---------------------------------------------------------------------------


def check_id(value: str) -> str:
    """Refuse anything that is not a plain record id, before it can become part of a path."""
    if not value:
        raise WriteError("empty id")
    if _CONTROL_RE.search(value):
        raise WriteError(f"refused id {value!r}: it contains control characters")
    if "/" in value or "\\" in value or os.sep in value or (os.altsep and os.altsep in value):
        raise WriteError(f"refused id {value!r}: an id is a file name, not a path (no slashes)")
    if value.startswith("."):
        raise WriteError(f"refused id {value!r}: names starting with a dot are hidden and never records")
    if value.endswith(".toml"):
        raise WriteError(f"refused id {value!r}: give the id without '.toml'")
    if len(value) > MAX_ID_LENGTH:
        raise WriteError(f"refused id {value[:20]!r}...: ids are at most {MAX_ID_LENGTH} characters")
    if not ID_RE.match(value):
        raise WriteError(
            f"refused id {value!r}: use lowercase letters, digits and hyphens, starting with a letter or digit"
        )
    return value


def slugify(title: str, max_length: int = SLUG_LENGTH) -> str:
    """A readable id from a title: accents folded, lowercase, hyphens, cut at a word boundary."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_length // 2 :] else cut
        slug = slug.strip("-")
    return slug or "record"


def unique_id(base: str, taken: set[str]) -> str:
    """base, or base-2, base-3, ... : the first that no record uses yet."""
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: MAX_ID_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1


def writable_root(rdir: RecordsDir) -> Path:
    """The records folder, if jbz may write there; the bundled records are read-only examples."""
    if rdir.origin == "bundled":
        raise WriteError(
            "refusing to write into the bundled records; pass --records DIR, set JBZ_RECORDS, or create ./records"
        )
    root = rdir.path.resolve()
    if not os.access(root, os.W_OK | os.X_OK):
        raise WriteError(f"records folder {rdir.display!r} is not writable")
    return root


def check_inside(root: Path, path: Path) -> Path:
    """Refuse a target that is a symlink or that resolves outside the records folder."""
    if path.is_symlink():
        raise WriteError(f"refused {path.name!r}: it is a symbolic link; edit the file it points to directly")
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise WriteError(f"refused {path.name!r}: it resolves outside the records folder")
    return resolved


def check_folder(root: Path, folder: str | None) -> Path:
    """A subfolder for a new record: relative, inside the records folder, no hidden or odd parts."""
    if not folder:
        return root
    if _CONTROL_RE.search(folder):
        raise WriteError(f"refused folder {folder!r}: it contains control characters")
    candidate = Path(folder)
    if candidate.is_absolute() or folder.startswith(("/", "\\")):
        raise WriteError(f"refused folder {folder!r}: give a folder relative to the records folder")
    for part in candidate.parts:
        if part in ("..", ".") or part.startswith("."):
            raise WriteError(f"refused folder {folder!r}: no '..' or hidden parts")
    target = root / candidate
    for parent in (target, *target.parents):
        if parent == root:
            break
        if parent.is_symlink():
            raise WriteError(f"refused folder {folder!r}: {parent.name!r} is a symbolic link")
    if not target.resolve().is_relative_to(root):
        raise WriteError(f"refused folder {folder!r}: it resolves outside the records folder")
    if target.exists() and not target.is_dir():
        raise WriteError(f"refused folder {folder!r}: it is not a folder")
    return target


def existing_ids(root: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for _rel, path in iter_record_files(root):
        found.setdefault(path.name[: -len(".toml")], []).append(path)
    return found


def find_record(root: Path, record_id: str, ids: dict[str, list[Path]] | None = None) -> Path:
    """The file of an exact id; writes never guess from a prefix."""
    check_id(record_id)
    ids = existing_ids(root) if ids is None else ids
    paths = ids.get(record_id)
    if not paths:
        near = sorted(i for i in ids if i.startswith(record_id) or record_id in i)[:10]
        hint = f"; did you mean: {', '.join(near)}" if near else ""
        raise NotFoundError(f"no record with id {record_id!r}{hint}")
    if len(paths) > 1:
        where = ", ".join(str(p.relative_to(root)) for p in paths)
        raise AmbiguousError(f"id {record_id!r} is used by more than one file: {where}")
    return check_inside(root, paths[0])


# --- locking and atomic replacement -----------------------------------------------------------------


def _checkpoint(stage: str) -> None:
    """No-op; tests replace it in a child process to kill a writer at a precise moment."""


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def record_lock(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock for one record file; the lock file is gone again when this returns.

    The lock file is unlinked while the lock is still held. A waiter that had opened the old inode
    finds it unlinked after locking and retries on a fresh file (filelock checks the link count), so
    removing it is safe and `git status` never sees it.
    """
    from filelock import FileLock, Timeout

    lpath = lock_path(path)
    lock = FileLock(str(lpath), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise WriteError(f"{path.name}: another jbz is still writing it (lock {lpath.name}); try again") from None
    except OSError as exc:
        raise WriteError(f"cannot lock {path.name}: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lpath)
        lock.release()


def _fsync_dir(folder: Path) -> None:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return  # Windows cannot open folders; its rename is already durable enough
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _sweep_stale_temps(path: Path) -> None:
    """Remove temporary files left by a killed writer of this record (their process is gone)."""
    prefix = f".{path.name}."
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(TMP_MARK)):
            continue
        pid_text = name[len(prefix) :].split(".", 1)[0]
        if pid_text.isdigit() and _alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


def _alive(pid: int) -> bool:
    """Whether a process exists; on Windows os.kill would end it, so assume it does."""
    if pid == os.getpid() or os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def atomic_write(path: Path, text: str | bytes, *, create: bool = False) -> None:
    """Write text to path so that readers and crashes only ever see the old or the new file.

    With create=True the file must not exist yet: the finished temp file is hard-linked into place,
    which fails instead of overwriting.
    """
    folder = path.parent
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TMP_MARK, dir=folder)
    try:
        _checkpoint("temp-created")
        try:
            mode = path.stat().st_mode & 0o7777 if not create else None
        except FileNotFoundError:
            mode = None
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        view = memoryview(data)
        half = len(view) // 2
        os.write(fd, view[:half])
        _checkpoint("temp-half-written")
        while half < len(view):
            half += os.write(fd, view[half:])
        os.fsync(fd)
        os.close(fd)
        fd = -1
        _checkpoint("temp-synced")
        if create:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise WriteError(f"{path.name} already exists; jbz add never overwrites a record") from None
            except OSError:
                # Filesystems without hard links: claim the name exclusively, then replace the placeholder.
                try:
                    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
                except FileExistsError:
                    raise WriteError(f"{path.name} already exists; jbz add never overwrites a record") from None
                os.replace(tmp, path)
            else:
                os.unlink(tmp)
        else:
            os.replace(tmp, path)
        _checkpoint("renamed")
        _fsync_dir(folder)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_error(exc: OSError, path: Path) -> WriteError:
    return WriteError(f"cannot write {path.name}: {exc.strerror or exc}; the original is untouched")


# --- validation -------------------------------------------------------------------------------------


def validate_text(text: str, record_id: str, display: str) -> Record:
    """Parse and validate a record's full text; errors carry the line to fix."""
    data = parse_toml(text, display)
    try:
        return record_from_dict(data, record_id, display)
    except FieldError as exc:
        line, col = locate(text, exc.where)
        raise RecordError(display, str(exc), line, col) from None


def _must_validate(text: str, record_id: str, display: str, what: str) -> Record:
    try:
        return validate_text(text, record_id, display)
    except RecordError as exc:
        raise WriteError(f"{what} would not be a valid record ({exc}); nothing was written") from None


# --- add --------------------------------------------------------------------------------------------


def _opt_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return parse_day(value, "date")
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def new_record_data(req: NewRecord) -> dict[str, Any]:
    """The TOML table of a new record, keys in the documented order; raises UsageError on bad input."""
    if req.kind not in KINDS:
        raise UsageError(f"unknown kind {req.kind!r}: expected one of {', '.join(KINDS)}")
    if not req.title.strip():
        raise UsageError("--title must not be empty")
    if req.status is not None and req.status not in STATUSES:
        raise UsageError(f"unknown status {req.status!r}: expected one of {', '.join(STATUSES)}")
    if req.due is not None:
        try:
            parse_due(req.due)
        except ValueError as exc:
            raise UsageError(f"--due: {exc}") from None
    for value in req.related:
        try:
            check_id(value)
        except WriteError as exc:
            raise UsageError(f"--related: {exc}") from None
    data: dict[str, Any] = {"kind": req.kind, "title": req.title.strip()}
    if req.status:
        data["status"] = req.status
    if req.due:
        data["due"] = parse_due(req.due).text
    if req.topics:
        data["topics"] = [t.strip() for t in req.topics if t.strip()]
    for key, value in (("actor", req.actor), ("promised_to", req.promised_to), ("summary", req.summary)):
        if value:
            data[key] = value
    if req.related:
        data["related"] = list(req.related)
    next_check = _opt_day(req.next_check, "--next-check")
    if next_check:
        data["next_check"] = next_check
    source: dict[str, Any] = {}
    for key, value in (("document", req.document), ("section", req.section), ("quote", req.quote)):
        if value:
            source[key] = value
    source_date = _opt_day(req.source_date, "--source-date")
    if source_date:
        source["date"] = source_date
    if req.url:
        source["url"] = req.url
    if source:
        data["source"] = {k: source[k] for k in ("document", "date", "section", "quote", "url") if k in source}
    for value in data.values():
        if isinstance(value, str) and "\x00" in value:
            raise UsageError("values must not contain NUL characters")
    return data


def record_text(data: dict[str, Any]) -> str:
    """A new record as people write them: scalars and one-line lists first, then [source].

    Values are serialised by tomli-w; only lists of strings are joined on one line, as in the docs.
    """
    lines = []
    for key, value in data.items():
        if key == "source":
            continue
        if isinstance(value, list):
            rendered = "[" + ", ".join(_toml_value(v) for v in value) + "]"
        else:
            rendered = _toml_value(value)
        lines.append(f"{key} = {rendered}\n")
    text = "".join(lines)
    if "source" in data:
        text += "\n[source]\n" + _dumps(data["source"])
    return text


def add_record(
    rdir: RecordsDir,
    req: NewRecord,
    *,
    record_id: str | None = None,
    folder: str | None = None,
    dry_run: bool = False,
) -> WriteResult:
    """Create a new record file; never overwrites, and validates everything before the file exists."""
    root = writable_root(rdir)
    data = new_record_data(req)
    target_dir = check_folder(root, folder)
    taken = existing_ids(root)
    if record_id is not None:
        check_id(record_id)
        if record_id in taken:
            where = taken[record_id][0].relative_to(root)
            raise WriteError(f"id {record_id!r} is already used by {where}; jbz add never overwrites a record")
        new_id = record_id
    else:
        new_id = unique_id(slugify(req.title), set(taken))
    text = record_text(data)
    path = target_dir / f"{new_id}.toml"
    display = str(path.relative_to(root))
    _must_validate(text, new_id, display, "the new record")
    if tomllib.loads(text) != data:  # tomli-w and tomllib must agree, or the file would lie
        raise WriteError("internal error: the new record does not read back as written; nothing was written")
    if dry_run:
        return WriteResult(new_id, path, text, None, True, (f"create {display}",))
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        check_inside(root, path)
        with record_lock(path):
            if os.path.lexists(path):
                raise WriteError(f"{display} already exists; jbz add never overwrites a record")
            _sweep_stale_temps(path)
            atomic_write(path, text, create=True)
    except OSError as exc:
        raise _write_error(exc, path) from None
    return WriteResult(new_id, path, text, None, False, (f"create {display}",))


# --- text surgery on hand-edited files --------------------------------------------------------------


@dataclass
class _TopKey:
    key: str
    start: int  # first line index
    end: int  # last line index (multi-line values span lines)
    simple: bool  # value fits on one line and can be replaced in place


@dataclass
class _Layout:
    keys: dict[str, _TopKey] = field(default_factory=dict)
    first_header: int | None = None  # index of the first [table] line


def _scan_value(rest: str) -> tuple[str | None, str]:
    """Split a one-line value from what follows it; (None, '') when the value opens a multi-line construct."""
    rest_stripped = rest.lstrip()
    if rest_stripped.startswith(('"""', "'''")):
        return None, ""
    if rest_stripped.startswith("["):
        depth, i, quote = 0, 0, ""
        while i < len(rest_stripped):
            c = rest_stripped[i]
            if quote:
                if c == "\\" and quote == '"':
                    i += 1
                elif c == quote:
                    quote = ""
            elif c in "\"'":
                quote = c
            elif c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    return rest_stripped[: i + 1], rest_stripped[i + 1 :]
            elif c == "#":
                return None, ""
            i += 1
        return None, ""
    if rest_stripped.startswith('"'):
        i = 1
        while i < len(rest_stripped):
            if rest_stripped[i] == "\\":
                i += 2
                continue
            if rest_stripped[i] == '"':
                return rest_stripped[: i + 1], rest_stripped[i + 1 :]
            i += 1
        return None, ""
    if rest_stripped.startswith("'"):
        end = rest_stripped.find("'", 1)
        return (rest_stripped[: end + 1], rest_stripped[end + 1 :]) if end > 0 else (None, "")
    if rest_stripped.startswith("{"):
        return None, ""
    match = re.match(r"[^\s#]+", rest_stripped)
    if not match:
        return None, ""
    return match[0], rest_stripped[match.end() :]


def _layout(lines: list[str]) -> _Layout:
    """Where each top-level key sits, up to the first table header; multi-line values are skipped over."""
    layout = _Layout()
    index = 0
    while index < len(lines):
        line = lines[index]
        if _HEADER_LINE_RE.match(line):
            layout.first_header = index
            break
        match = _TOP_KEY_RE.match(line)
        if not match:
            index += 1
            continue
        key = match["key"].strip("\"'")
        value, _after = _scan_value(match["rest"])
        end = index
        if value is None:
            # A multi-line string or array: find its end so a line inside it is never taken for a key.
            rest = match["rest"].lstrip()
            for delim in ('"""', "'''"):
                if rest.startswith(delim):
                    if rest.count(delim) < 2:
                        end = index + 1
                        while end < len(lines) and delim not in lines[end]:
                            end += 1
                    break
            else:
                if rest.startswith(("[", "{")):
                    while end < len(lines) - 1 and not _parses("\n".join([rest, *lines[index + 1 : end + 1]])):
                        end += 1
        layout.keys[key] = _TopKey(key, index, end, value is not None)
        index = end + 1
    return layout


def _parses(value_text: str) -> bool:
    try:
        tomllib.loads("x = " + value_text)
    except tomllib.TOMLDecodeError:
        return False
    return True


def _dumps(data: dict[str, Any]) -> str:
    """tomli-w, imported on first write so that read-only commands never pay for it."""
    import tomli_w

    return tomli_w.dumps(data)


def _toml_value(value: Any) -> str:
    return _dumps({"v": value}).split("=", 1)[1].strip()


def set_top_level(text: str, key: str, value: Any, after: Sequence[str] = ()) -> str:
    """Change one top-level key in place, keeping every other byte; insert it when absent.

    A new key goes right after the first of `after` that exists (to keep the documented order),
    else after the last top-level key.
    """
    lines = text.splitlines(keepends=True)
    bare = [line.rstrip("\r\n") for line in lines]
    layout = _layout(bare)
    rendered = _toml_value(value)
    found = layout.keys.get(key)
    if found is not None:
        if not found.simple:
            raise WriteError(f"cannot change {key!r} automatically: its value spans lines; use jbz edit")
        match = _TOP_KEY_RE.match(bare[found.start])
        assert match is not None
        _old, after_value = _scan_value(match["rest"])
        newline = lines[found.start][len(bare[found.start]) :]
        lines[found.start] = f"{match['indent']}{match['key']}{match['eq']}{rendered}{after_value}{newline}"
        return "".join(lines)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    new_line = f"{key} = {rendered}{newline}"
    anchor = next((layout.keys[k] for k in after if k in layout.keys), None)
    if anchor is None and layout.keys:
        anchor = max(layout.keys.values(), key=lambda k: k.end)
    if anchor is None:
        position = 0
    else:
        position = anchor.end + 1
        if position > 0 and not lines[position - 1].endswith(("\n", "\r")):
            lines[position - 1] += newline
    lines.insert(position, new_line)
    return "".join(lines)


def followup_fragment(entry: dict[str, Any]) -> str:
    """One [[followup]] table serialised by tomli-w (forced to table form, never an inline array)."""
    return "[[followup]]\n" + _dumps(entry)


def append_text(original: str, fragment: str) -> str:
    """The original text, untouched, then a blank line and the fragment."""
    if not original:
        return fragment
    newline = "\r\n" if "\r\n" in original else "\n"
    base = original if original.endswith(("\n", "\r")) else original + newline
    body = fragment.replace("\n", newline) if newline != "\n" else fragment
    separator = "" if base.endswith(newline * 2) else newline
    return base + separator + body


# --- follow-ups -------------------------------------------------------------------------------------


def plan_followup(text: str, record: Record, req: FollowupRequest, display: str) -> tuple[str, tuple[str, ...]]:
    """The new full text for one follow-up, validated; pure so dry runs and tests share it."""
    req.validate()
    entry: dict[str, Any] = {"date": req.date}
    if req.note:
        entry["note"] = req.note
    if req.status:
        entry["status"] = req.status
    if req.evidence:
        entry["evidence"] = req.evidence
    changes: list[str] = [f"follow-up {req.date.isoformat()}"]
    new_text = text
    if req.due is not None:
        new_due = parse_due(req.due).text
        old_due = record.due.text if record.due else None
        if old_due == new_due:
            raise UsageError(f"--due: {record.id} is already due {new_due}")
        entry["due"] = new_due
        if old_due is not None:
            entry["previous_due"] = old_due
        new_text = set_top_level(new_text, "due", new_due, after=("status", "title", "kind"))
        changes.append(f"due {old_due or '-'} -> {new_due}")
    if req.status is not None and req.status != record.status:
        new_text = set_top_level(new_text, "status", req.status, after=("title", "kind"))
        changes.append(f"status {record.status} -> {req.status}")
    new_text = append_text(new_text, followup_fragment(entry))
    updated = _must_validate(new_text, record.id, display, "the updated file")
    if (
        len(updated.followups) != len(record.followups) + 1
        or (req.status is not None and updated.status != req.status)
        or (req.due is not None and (updated.due is None or updated.due.text != entry["due"]))
    ):
        raise WriteError(f"{display}: the follow-up could not be added cleanly; use jbz edit; nothing was written")
    return new_text, tuple(changes)


def add_followup(rdir: RecordsDir, record_id: str, req: FollowupRequest, *, dry_run: bool = False) -> WriteResult:
    """Append a follow-up (and any status or due change) to one record, under its lock."""
    root = writable_root(rdir)
    req.validate()
    path = find_record(root, record_id)
    display = str(path.relative_to(root))
    try:
        with record_lock(path) if not dry_run else contextlib.nullcontext():
            # Read under the lock, so a concurrent writer's follow-up is part of what we extend.
            text = read_text(path, display)
            try:
                record = validate_text(text, record_id, display)
            except RecordError as exc:
                raise WriteError(f"{exc}; fix the file first (jbz edit {record_id}); nothing was written") from None
            new_text, changes = plan_followup(text, record, req, display)
            if not dry_run:
                _sweep_stale_temps(path)
                atomic_write(path, new_text)
    except OSError as exc:
        raise _write_error(exc, path) from None
    return WriteResult(record_id, path, new_text, text, dry_run, changes)


def check_ids(root: Path, record_ids: Sequence[str]) -> list[Path]:
    """Validate every id of a batch before anything is written, so a typo writes nothing."""
    if not record_ids:
        raise UsageError("no ids given")
    ids = existing_ids(root)
    seen: set[str] = set()
    paths = []
    for rid in record_ids:
        if rid in seen:
            raise UsageError(f"id {rid!r} is given twice")
        seen.add(rid)
        paths.append(find_record(root, rid, ids))
    return paths


def add_followups(
    rdir: RecordsDir, record_ids: Sequence[str], req: FollowupRequest, *, dry_run: bool = False
) -> list[WriteResult]:
    """The same follow-up on several records: all ids and every planned text are checked first."""
    root = writable_root(rdir)
    req.validate()
    check_ids(root, record_ids)
    for rid in record_ids:  # plan all first: one invalid record writes nothing at all
        add_followup(rdir, rid, req, dry_run=True)
    return [add_followup(rdir, rid, req, dry_run=dry_run) for rid in record_ids]


# --- edit -------------------------------------------------------------------------------------------


def edit_copy(path: Path) -> Path:
    """A private copy to edit outside the records folder, so nothing half-edited is ever visible there."""
    fd, tmp = tempfile.mkstemp(prefix=f"jbz-edit-{path.stem}-", suffix=".toml")
    with os.fdopen(fd, "wb") as fh:
        fh.write(path.read_bytes())
    return Path(tmp)


def replace_checked(
    rdir: RecordsDir, record_id: str, expected: str, new_text: str, *, dry_run: bool = False
) -> WriteResult:
    """Put an edited text in place, unless the file changed since the edit began."""
    root = writable_root(rdir)
    path = find_record(root, record_id)
    display = str(path.relative_to(root))
    if dry_run:
        return WriteResult(record_id, path, new_text, expected, True, ("edit",))
    try:
        with record_lock(path):
            current = read_text(path, display)
            if current != expected:
                raise WriteError(f"{display} changed while you were editing it; your version was not written")
            _sweep_stale_temps(path)
            atomic_write(path, new_text)
    except OSError as exc:
        raise _write_error(exc, path) from None
    return WriteResult(record_id, path, new_text, expected, False, ("edit",))
