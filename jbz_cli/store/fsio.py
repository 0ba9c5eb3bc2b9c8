"""Writing files so that readers and crashes only ever see the old or the new content.

Every write goes to a dot-prefixed temporary file in the target's own folder, is fsynced, and is then
renamed over the target (or hard-linked into place for a new record, so an existing file is never
overwritten); the folder is fsynced afterwards. Writers to one record take a lock (filelock) on a
dot-prefixed lock file next to it, and remove that file while they still hold the lock, so no lock
file outlives a write.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from jbz_cli.errors import WriteError

LOCK_TIMEOUT = 30.0  # seconds; a write takes milliseconds, so a longer wait means something is stuck
TMP_MARK = ".jbz-tmp"


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


def sweep_stale_temps(path: Path) -> None:
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
