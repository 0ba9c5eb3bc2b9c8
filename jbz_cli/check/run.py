"""`jbz check`: decide which files belong to which records folder, and run the chosen rules on each.

Cross-file rules (ids, related, topics, quote) look at the whole records folder a file belongs to,
so checking one staged file in a pre-commit hook still finds a duplicate elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from jbz_cli.check.councils import check_councils, is_councils_file, is_top_file
from jbz_cli.check.diagnostics import ERROR, CheckResult, Diagnostic
from jbz_cli.check.files import Folder, RecordFile, iter_record_files, leftover_diagnostics
from jbz_cli.check.rules import DATA_RULES, RULES, rule_ids, rule_syntax
from jbz_cli.check.sources import SOURCES_FOLDER, VOCABULARY_FILE
from jbz_cli.check.split import checked_in_two
from jbz_cli.core.councils import COUNCILS_FILE
from jbz_cli.core.model import record_id_of
from jbz_cli.core.words import unknown_choice
from jbz_cli.errors import RecordError, UsageError
from jbz_cli.store.files import Unlisted, join_display, unlisted_problem
from jbz_cli.store.root import MARKER

__all__ = ["RULES", "Folder", "check_file", "check_paths", "check_request", "check_text", "select_rules"]


def select_rules(only: Sequence[str] = (), skip: Sequence[str] = ()) -> tuple[str, ...]:
    """The rules to run, in RULES order: --rule narrows to the named ones, --skip removes.

    Raises UsageError for a name outside RULES.
    """
    for name in (*only, *skip):
        if name not in RULES:
            raise UsageError(unknown_choice("rule", name, RULES))
    chosen = [r for r in RULES if not only or r in only]
    return tuple(r for r in chosen if r not in skip)


_RULE_ORDER = {name: n for n, name in enumerate(RULES)}


def check_file(
    path: Path | str, display: str, folder: Folder, rules: Sequence[str], text: str | None = None, absolute: str = ""
) -> list[Diagnostic]:
    """Every diagnostic of one file (or of `text` as if it were that file), ordered by line, column and rule.

    `absolute` is os.path.abspath(path) when the caller knows it. Reading problems never raise.
    """
    rf = RecordFile.named(path, display, absolute)
    out: list[Diagnostic] = []
    if "ids" in rules:
        out += rule_ids(rf, folder)
    try:
        rf.load(folder.inside, text, folder.links.get(rf.absolute))
    except RecordError as exc:
        if "syntax" in rules:
            out.append(rule_syntax(rf, exc))
        return out
    for name in rules:
        rule = DATA_RULES.get(name)
        if rule is not None:
            out += rule(rf, folder)
    if len(out) > 1:
        out.sort(key=lambda d: (d.line, d.col, _RULE_ORDER[d.rule]))
    return out


def check_text(
    path: Path, display: str, text: str, root: Path, root_display: str, today: date | None = None
) -> list[Diagnostic]:
    """Every rule on a write's candidate `text` for `path`, against the whole records folder `root`.

    The file need not exist yet (jbz add): its id joins the folder's ids, so a duplicate is still found.
    """
    folder = Folder.scan(root, root_display, today)
    me = os.path.abspath(path)
    users = folder.ids.setdefault(record_id_of(path.name), [])
    if all(p != me for p, _ in users):
        users.append((me, display))
    return check_file(path, display, folder, RULES, text)


def check_paths(
    files: Sequence[tuple[Path | str, str] | tuple[Path | str, str, str]], folder: Folder, rules: Sequence[str] = RULES
) -> CheckResult:
    """Check the given files (path, shown path, and optionally its absolute path) against one records folder.

    A path may be a plain string (the folder's own listing gives them): 10,000 Path objects cost a tenth of a check.
    """
    result = CheckResult()
    for path, display, *known in files:
        if os.path.basename(path) == MARKER and is_top_file(Path(path), folder):
            continue  # the settings file (jbz.toml) is read by the command line, not a record
        result.files += 1
        if is_councils_file(path, folder):
            result.diagnostics += check_councils(Path(path), display, folder, rules)
        else:
            result.diagnostics += check_file(path, display, folder, rules, absolute=known[0] if known else "")
    return result


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _folder_of(path: Path) -> Path:
    """The records folder of a file checked outside the configured one: the nearest ancestor with a
    topics.md or sources/ (below any git root), else the folder itself or the file's folder."""
    start = path if path.is_dir() else path.parent
    for candidate in (start, *start.parents):
        if (
            any((candidate / name).is_file() for name in (VOCABULARY_FILE, MARKER))
            or (candidate / SOURCES_FOLDER).is_dir()
        ):
            return candidate
        if (candidate / ".git").exists():
            break
    return start


def _shown(path: Path, cwd: Path) -> str:
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else ("." if rel == "." else rel)


def check_request(
    paths: Sequence[str],
    cwd: Path,
    records: tuple[Path, str] | None,
    rules: Sequence[str] = RULES,
    today: date | None = None,
    workers: int = 1,
) -> CheckResult:
    """Check PATHs (files or folders, as typed, relative to `cwd`), or the records folder when none are given.

    `records` is the configured records folder (path, shown path), or None when there is none. `workers` is how
    many CPUs the caller lets a long list use (check/split.py: at most two; the output is the same).
    Raises UsageError for a path that does not exist, or for no paths and no records folder.
    """
    folders: dict[str, Folder] = {}

    def folder_for(root: Path, display: str) -> Folder:
        key = os.path.abspath(root)
        if key not in folders:
            folders[key] = Folder.scan(root, display, today)
        return folders[key]

    groups: dict[str, list[tuple[Path | str, str, str]]] = {}
    seen: set[str] = set()
    swept: list[tuple[Path, str]] = []  # folders whose leftovers of killed writes are named
    unlisted_in: list[tuple[str, str]] = []  # folders that could not be listed, as (path shown, message)

    def add(root: Folder, file: Path, display: str, key: str = "") -> None:
        key = key or os.path.abspath(file)
        if key not in seen:
            seen.add(key)
            groups.setdefault(os.path.abspath(root.path), []).append((file, display, key))

    if not paths:
        if records is None:
            raise UsageError("no records folder: pass --records DIR, set JBZ_RECORDS, or give paths")
        root = folder_for(*records)
        swept.append(records)
        unlisted_in += [unlisted_problem(records[1], rel, why) for rel, why in sorted(root.unlisted)]
        group = groups.setdefault(os.path.abspath(root.path), [])
        for rel, file, absolute in root.files:  # the scan's own listing: the folder is walked once
            seen.add(absolute)
            group.append((file, join_display(records[1], rel), absolute))
        if (records[0] / COUNCILS_FILE).is_file():
            add(root, records[0] / COUNCILS_FILE, join_display(records[1], COUNCILS_FILE))
    records_abs = os.path.abspath(records[0]) if records else None
    for typed in paths:
        target = Path(typed) if Path(typed).is_absolute() else cwd / typed
        if not os.path.lexists(target):
            raise UsageError(f"no such file or folder: {typed}")
        target_abs = os.path.abspath(target)
        if records is not None and records_abs is not None and _inside(target_abs, records_abs):
            root = folder_for(*records)
        else:
            found = _folder_of(target)
            root = folder_for(found, _shown(found, cwd))
        if target.is_dir():
            swept.append((target, typed))
            unlisted: Unlisted = []
            for rel, file in iter_record_files(target, unlisted):
                add(root, file, join_display(typed, rel))
            unlisted_in += [unlisted_problem(typed, rel, why) for rel, why in sorted(unlisted)]
            if (target / COUNCILS_FILE).is_file():  # a meetings file only at the folder's top (is_councils_file)
                add(root, target / COUNCILS_FILE, join_display(typed, COUNCILS_FILE))
        else:
            add(root, target, typed)

    result = CheckResult()
    # A folder that cannot be listed: its records go unchecked, which must not pass for a clean folder.
    result.diagnostics += [Diagnostic(path, 1, 1, ERROR, message, "syntax") for path, message in unlisted_in]
    for key, files in groups.items():
        folder = folders[key]
        part = checked_in_two(files, lambda some, folder=folder: check_paths(some, folder, rules), workers)
        result.files += part.files
        result.diagnostics += part.diagnostics
    if "leftovers" in rules:
        for folder, display in swept:
            result.diagnostics += leftover_diagnostics(folder, display)
    return result
