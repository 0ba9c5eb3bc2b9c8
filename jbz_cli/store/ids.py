"""Record ids and the paths they name: checked before any of them becomes part of a path."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from jbz_cli.core.model import ID_RE, record_id_of
from jbz_cli.errors import AmbiguousError, NotFoundError, UsageError, WriteError
from jbz_cli.store.files import RecordsDir, iter_record_files

MAX_ID_LENGTH = 80
# A folder name longer than this is a mistake, and file systems refuse names over 255 bytes with an OSError.
MAX_FOLDER_PART = 100
MAX_FOLDER_LENGTH = 200
SLUG_LENGTH = 60

_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


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
            "refusing to write into the bundled example records; run `jbz init` (or `jbz init --examples` to keep "
            "tracking them) to create your own records folder, or pass --records DIR"
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
    longest = max((len(part) for part in candidate.parts), default=0)
    if longest > MAX_FOLDER_PART or len(folder) > MAX_FOLDER_LENGTH:
        shown = folder if len(folder) <= 40 else folder[:40] + "…"
        raise WriteError(
            f"refused folder {shown!r}: folder names are at most {MAX_FOLDER_PART} characters"
            f" ({MAX_FOLDER_LENGTH} for the whole path)"
        )
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
    """Every record id below root with the files that use it (more than one is a duplicate)."""
    found: dict[str, list[Path]] = {}
    for _rel, path in iter_record_files(root):
        found.setdefault(record_id_of(path.name), []).append(path)
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
