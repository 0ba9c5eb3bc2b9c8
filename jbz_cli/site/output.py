"""Put a rendered site on disk, touching only the files whose bytes changed, and index it for search.

The folder gets a manifest, `.jbz-site`, listing every file the site holds. A later build removes only files that
manifest lists and the new site no longer has; a non-empty folder without the manifest is refused, so a typo in
`-o` never deletes anybody's files. Each file is written to a temporary name beside it and renamed into place.

The manifest is a plain file anybody can edit, so it is never trusted: a removal only ever unlinks a regular file
strictly inside the folder, reached through real folders (each step checked with lstat, no link followed). Entries
that are absolute, hold `..` or NUL, or lead through a link are ignored and reported in `Written.ignored`.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jbz_cli.errors import UsageError, WriteError

MANIFEST = ".jbz-site"
HEADER = "# Files of a site built by jbz site; a rebuild removes those it no longer has.\n"
SEARCH_DIR = "pagefind"
SEARCH_LANGUAGE = "nl"  # the quotes are the text people search, and they are Dutch (pagefind --force-language)
SEARCH_TIMEOUT = 600  # seconds; 10,000 record pages index in well under a minute


@dataclass
class Written:
    """What a build did to the folder: paths relative to it, sorted."""

    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # manifest entries that point outside the folder or through a link


def _plain(rel: str) -> bool:
    """Whether a manifest entry is a relative path with no `..`, `.`, empty or NUL part (so it stays inside)."""
    parts = rel.split("/")
    return (
        not rel.startswith("/") and "\0" not in rel and "\\" not in rel and all(p not in ("", ".", "..") for p in parts)
    )


def _read_manifest(folder: Path) -> set[str] | None:
    """The manifest's entries, or None without one. UsageError for one that is not UTF-8 text."""
    try:
        text = (folder / MANIFEST).read_bytes().decode("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except UnicodeDecodeError:
        raise UsageError(f"{folder / MANIFEST} is not UTF-8 text; remove it or the folder and build again") from None
    except OSError as exc:
        raise UsageError(f"cannot read {folder / MANIFEST}: {exc.strerror or exc}") from None
    return {line for line in text.splitlines() if line and not line.startswith("#")}


def _regular_inside(folder: Path, rel: str) -> Path | None:
    """`folder/rel` when it is a regular file reached through real folders only (lstat at each step), else None."""
    if not _plain(rel):
        return None
    here = folder
    parts = rel.split("/")
    try:
        for i, part in enumerate(parts):
            here = here / part
            mode = os.lstat(here).st_mode
            if not (stat.S_ISREG(mode) if i == len(parts) - 1 else stat.S_ISDIR(mode)):
                return None
    except (OSError, ValueError):
        return None
    return here


def check_folder(folder: Path) -> None:
    """UsageError unless `folder` is missing, empty, or a site jbz built (it holds the manifest)."""
    if folder.is_symlink() and not folder.exists():
        raise UsageError(f"{folder} is a link to something that does not exist (a dangling link); give a folder")
    for parent in folder.absolute().parents:
        if parent.exists() and not parent.is_dir():
            raise UsageError(f"{parent} is a file, so {folder} cannot be a folder")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST).is_file():
        raise UsageError(f"{folder} holds files that jbz did not write; give an empty or new folder for the site")


def _write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.read_bytes() == data:
            return False
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


def write_site(
    folder: Path, files: Iterable[tuple[str, bytes]], index: Callable[[Path], Iterable[tuple[str, bytes]]] | None = None
) -> Written:
    """Write `files` (relative path, bytes) into `folder` as they come; then, with `index`, the search bundle it makes
    from the pages in the folder; then remove what the last build wrote and this one did not."""
    check_folder(folder)
    before = _read_manifest(folder) or set()
    done = Written()
    kept: set[str] = set()

    def put(batch: Iterable[tuple[str, bytes]]) -> None:
        for rel, data in batch:
            kept.add(rel)
            if _write_if_changed(folder / rel, data):
                done.changed.append(rel)
            else:
                done.unchanged += 1

    def remove(stale: Iterable[str]) -> None:
        for rel in sorted(stale):
            target = _regular_inside(folder, rel)
            if target is not None:
                target.unlink()
                done.removed.append(rel)
            elif os.path.lexists(folder / rel) if _plain(rel) else True:
                done.ignored.append(rel)

    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / MANIFEST).is_file():  # claimed first, so a build cut short can be run again over it
            _write_if_changed(folder / MANIFEST, HEADER.encode())
        put(files)
        remove(rel for rel in before - kept if not rel.startswith(f"{SEARCH_DIR}/"))  # pages gone: not indexed
        if index is not None:
            put(index(folder))
        remove(before - kept)
        _write_if_changed(folder / MANIFEST, (HEADER + "".join(f"{rel}\n" for rel in sorted(kept))).encode())
    except OSError as exc:
        raise WriteError(f"cannot write the site into {folder}: {exc.strerror or exc}") from None
    done.changed.sort()
    _prune_empty(folder)
    return done


def _prune_empty(folder: Path) -> None:
    """Remove empty real folders under `folder`, deepest first; links (even to folders) are never entered."""
    for root, dirs, _ in os.walk(folder, topdown=False, followlinks=False):
        for name in dirs:
            sub = Path(root) / name
            try:
                if stat.S_ISDIR(os.lstat(sub).st_mode) and not any(sub.iterdir()):
                    sub.rmdir()
            except OSError:
                pass


def pagefind_executable() -> str | None:
    """The pagefind binary that the `pagefind[bin]` package ships, else one on PATH; None when there is none."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-not-found]

        return str(get_executable())
    except (ImportError, FileNotFoundError):
        return shutil.which("pagefind")


def search_index(site: Path, executable: str) -> list[tuple[str, bytes]]:
    """Run pagefind over the pages written into `site`, into a temporary folder; its files as (`pagefind/...`, bytes).

    Raises WriteError with pagefind's last line of output when it fails.
    """
    with tempfile.TemporaryDirectory(prefix="jbz-search-") as temp:
        bundle = Path(temp) / SEARCH_DIR
        # pagefind runs inside the site as `--site=.`: a folder named `-x` is never read as an option, and one whose
        # name is not UTF-8 (which pagefind's argument parser refuses) never reaches it
        command = [executable, "--site=.", f"--output-path={bundle.absolute()}"]
        command += ["--force-language", SEARCH_LANGUAGE, "--quiet"]
        try:
            done = subprocess.run(
                command, cwd=site, capture_output=True, text=True, timeout=SEARCH_TIMEOUT, check=False
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise WriteError(f"pagefind could not run: {exc}") from None
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines()
            raise WriteError(f"pagefind failed: {lines[-1] if lines else f'exit {done.returncode}'}")
        return [
            (f"{SEARCH_DIR}/{p.relative_to(bundle).as_posix()}", p.read_bytes())
            for p in sorted(bundle.rglob("*"))
            if p.is_file()
        ]
