"""Writing files so that readers and crashes only ever see the old or the new content.

Every write goes to a dot-prefixed temporary file in the target's own folder, is fsynced, and is then
renamed over the target (or hard-linked into place for a new record, so an existing file is never
overwritten); the folder is fsynced afterwards. Writers to one record take a lock (filelock) on a
dot-prefixed lock file next to it, and remove that file while they still hold the lock, so no lock
file outlives a write. A writer that is killed leaves its lock and temp files behind; the next record write
sweeps them (`sweep_stale`) and `jbz check` names any that remain (`stale_leftovers`).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from jbz_cli.errors import WriteError

LOCK_TIMEOUT = 30.0  # seconds; a write takes milliseconds, so a longer wait means something is stuck
TMP_MARK = ".jbz-tmp"
LOCK_MARK = ".lock"
ADD_TARGET = "add"  # the records folder's own lock (`.add.lock`), held while `jbz add` picks a free id
# A temp file this old is stale even if a process with its writer's pid runs (pids are reused); any write takes
# milliseconds, and a writer waits at most LOCK_TIMEOUT for its lock.
STALE_AGE = 3600.0  # seconds


def _checkpoint(stage: str) -> None:
    """No-op; tests replace it in a child process to kill a writer at a precise moment."""


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}{LOCK_MARK}")


@contextlib.contextmanager
def record_lock(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock for one record file; the lock file is gone again when this returns.

    The lock file is unlinked while the lock is still held. A waiter that had opened the old inode
    finds it unlinked after locking and retries on a fresh file (filelock checks the link count), so
    removing it is safe and `git status` never sees it.
    """
    from filelock import FileLock, Timeout

    lpath = lock_path(path)
    try:  # a folder where no lock file can be made (read-only, /proc) is said at once, not after the whole wait
        os.close(os.open(lpath, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644))
    except OSError as exc:
        raise WriteError(f"cannot lock {path.name}: cannot create {lpath.name} there: {exc.strerror or exc}") from None
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


class Leftover(NamedTuple):
    """A lock or temporary file that a jbz write leaves next to its target while it runs.

    `kind` is "lock" or "temp"; `target` is the file the write was for (for `.add.lock`, the records
    folder's `add`); `pid` is the writer's process id written into a temp file's name (None for a lock).
    """

    path: Path
    kind: str
    target: Path
    pid: int | None = None


def leftovers(root: Path) -> list[Leftover]:
    """Every jbz lock and temp file below root (live or not), sorted by path; hidden folders are skipped.

    Locks are `.<name>.toml.lock` and the folder's `.add.lock`; temps are `.<name>.<pid>.<random>.jbz-tmp`.
    """
    found: list[Leftover] = []

    def walk(folder: str, depth: int = 0) -> None:
        if depth > 100:  # store.files.MAX_DEPTH: a deeper tree is refused by every read, so nothing of jbz is there
            return
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            return
        for entry in entries:
            name = entry.name  # names first: a folder of 10,000 records holds few hidden files
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if not name.startswith("."):
                if is_dir:
                    walk(entry.path, depth + 1)
                continue
            if is_dir or not name.endswith((TMP_MARK, LOCK_MARK)):
                continue
            item = _leftover(Path(entry.path), folder == str(root))
            if item is not None:
                found.append(item)

    walk(str(root))
    found.sort(key=lambda item: str(item.path))
    return found


def _leftover(path: Path, at_root: bool) -> Leftover | None:
    name = path.name
    if not name.startswith("."):
        return None
    if name.endswith(TMP_MARK):
        parts = name[1 : -len(TMP_MARK)].rsplit(".", 2)
        if len(parts) == 3 and parts[0]:
            pid = int(parts[1]) if parts[1].isascii() and parts[1].isdigit() else None
            return Leftover(path, "temp", path.with_name(parts[0]), pid)
        return None
    if name.endswith(LOCK_MARK):
        target = name[1 : -len(LOCK_MARK)]
        if target.endswith(".toml") or (at_root and target == ADD_TARGET):
            return Leftover(path, "lock", path.with_name(target))
    return None


def lock_held(lock_file: Path) -> bool:
    """Whether a live process holds the lock on this lock file now; probed without creating or removing it.

    Uses flock, as filelock does on POSIX. Where flock is missing (Windows) a lock cannot be probed without
    taking it, so every existing lock file counts as held.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return os.path.lexists(lock_file)
    try:
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(lock_file, flags)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot tell: treat it as live
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def _temp_orphaned(item: Leftover, now: float) -> bool:
    """A temp whose writing process is gone, or that is older than any write can take (pids get reused)."""
    if item.pid is None or not _alive(item.pid):
        return True
    try:
        return now - item.path.lstat().st_mtime > STALE_AGE
    except OSError:
        return False


def stale_leftovers(root: Path, now: float | None = None) -> list[Leftover]:
    """The leftovers below root whose writer is gone; reading only, nothing is locked or removed.

    A lock file is stale when no process holds its lock. A temp file is stale when no process holds its
    target's lock and its writer's process is gone or it is older than STALE_AGE seconds (`now`, a Unix time,
    defaults to the clock: file ages, like the index's racy check, are measured against it). A live write's
    files are never reported, except in a race with a write that starts meanwhile.
    """
    now = time.time() if now is None else now
    return [
        item
        for item in leftovers(root)
        if not lock_held(item.path if item.kind == "lock" else lock_path(item.target))
        and (item.kind == "lock" or _temp_orphaned(item, now))
    ]


def sweep_stale(root: Path, held: Path | None = None, now: float | None = None) -> int:
    """Remove the leftovers of killed writers below root; returns how many files were removed.

    `held` is the record whose lock the caller holds (its temps are judged by their writer's process alone).
    Every other target's lock is taken without waiting, exactly as a writer takes it, and its stale temps and
    its lock file are removed while it is held; a target another process is writing is left alone. Never
    raises: a sweep that fails leaves files for the next write or for `jbz check` to name.
    """
    from filelock import FileLock, Timeout

    now = time.time() if now is None else now
    by_target: dict[Path, list[Leftover]] = {}
    try:
        for item in leftovers(root):
            by_target.setdefault(item.target, []).append(item)
    except OSError:
        return 0
    removed = 0
    for target, items in by_target.items():
        temps = [item for item in items if item.kind == "temp"]
        if held is not None and target == held:
            removed += _remove(item.path for item in temps if _temp_orphaned(item, now))
            continue
        lpath = lock_path(target)
        if lock_held(lpath):
            continue  # a live writer: cheaper to skip than to try the lock
        lock = FileLock(str(lpath), timeout=0)
        try:
            lock.acquire()
        except (Timeout, OSError, RuntimeError):
            continue
        try:
            removed += _remove(item.path for item in temps if _temp_orphaned(item, now))
            # Removed while held, as record_lock does; when there was none, it is the one this sweep created.
            if _remove([lpath]) and any(item.kind == "lock" for item in items):
                removed += 1
        finally:
            lock.release()
    return removed


def _remove(paths: Iterable[Path]) -> int:
    count = 0
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            continue
        count += 1
    return count


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
    import tempfile  # only writers pay for it (it loads random and shutil)

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
                raise WriteError(f"{path.name} already exists; a new record never overwrites a file") from None
            except OSError:
                # Filesystems without hard links: claim the name exclusively, then replace the placeholder.
                try:
                    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
                except FileExistsError:
                    raise WriteError(f"{path.name} already exists; a new record never overwrites a file") from None
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


def write_error(exc: OSError, path: Path) -> WriteError:
    """An OSError during a record write, in words that say the original survived."""
    return WriteError(f"cannot write {path.name}: {exc.strerror or exc}; the original is untouched")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace path in one step, with the same temp-file, fsync and rename as record writes."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise WriteError(f"cannot write {str(path)!r}: folder {str(folder)!r} does not exist")
    if path.is_dir():
        raise WriteError(f"cannot write {str(path)!r}: it is a folder")
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise WriteError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
