"""`jbz init`: lay out a new records folder a team can commit, never replacing a file that is already there.

The folder gets `jbz.toml` (the marker that store/root.py finds, with every setting commented out), the bundled
`topics.md`, `councils.toml` with the known Council meetings and the source texts their quotes come from, an empty
`sources/` otherwise, a short README, and a pre-commit hook entry. With `examples`, the bundled records too.
Everything is planned first and refused as a whole when any target exists; files are created exclusively, and a
failure part-way removes what this run created, so nothing is left half-made.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from jbz_cli.errors import WriteError
from jbz_cli.store.files import iter_record_files
from jbz_cli.store.root import COUNCILS, MARKER

SETTINGS_TEMPLATE = """\
# jbz settings for the records in this folder. jbz finds this folder from here and from any folder below it,
# as git finds a repository. Options on the command line win over environment variables, which win over this
# file; `jbz config` shows each value in use and where it came from. Uncomment a line to set it.

# soon_days = 30            # days ahead that count as due soon                 (JBZ_SOON_DAYS, --soon-days)
# stale_days = 90           # days without news before an item awaits follow-up (JBZ_STALE_DAYS, --stale-days)
# format = "tsv"            # output format where a command offers it; unset: a table on a terminal, tsv
#                           # in a pipe or file                                 (JBZ_FORMAT, --format)

# [register]
# ministries = ["Justitie en Veiligheid", "Asiel en Migratie"]   # default --ministerie of `jbz import tk`

# [feed]
# self_url = "https://intranet.example/jbz/feed.xml"   # default --self-url of `jbz feed`
# title = "JBZ commitments"                            # default --title of `jbz feed`
"""

README_TEMPLATE = """\
# Records

The decisions, commitments and deadlines we track with [jbz](https://pypi.org/project/jbz/): one TOML file
per item, a folder per source letter. `sources/` holds the text of each letter, so that `jbz check` can verify
every quote; `topics.md` is the topic vocabulary; `councils.toml` lists the JBZ Council meetings, each with the
letter that gives its date; `jbz.toml` holds our settings (`jbz config` shows them).

    jbz add commitment --title "..." --due 2026-Q2 --topic ... --document "Kamerstuk 32 317, nr. ..."
    jbz followup ID --note "..."
    jbz check          # before every commit; the pre-commit hook runs it too
"""


def hook_entry(folder: str) -> str:
    """A `.pre-commit-config.yaml` that runs `jbz check` on the record files under `folder` (a path from the
    repository's top), with the jbz on PATH; settings and meetings files are left to the command line."""
    prefix = "" if folder in ("", ".") else folder.rstrip("/") + "/"
    escaped = prefix.replace(".", "\\.")
    pattern = f"^{escaped}.*\\.toml$"
    return (
        "repos:\n"
        "  - repo: local\n"
        "    hooks:\n"
        "      - id: jbz-check\n"
        "        name: jbz check\n"
        "        entry: jbz check\n"
        "        language: system\n"
        f"        files: {pattern}\n"
    )


@dataclass(frozen=True)
class InitPlan:
    """What `jbz init` will create: each file's path and bytes, and the folders (sources/ even when empty)."""

    root: Path
    files: tuple[tuple[Path, bytes], ...]
    folders: tuple[Path, ...]
    examples: int  # record files copied from the bundled records


def plan_init(root: Path, bundled: Path, examples: bool, hook: Path | None, hook_folder: str) -> InitPlan:
    """The files for a new records folder at `root`, taken from the `bundled` records where they are copies.

    `hook` is where the pre-commit config goes (None: leave it out, e.g. because one exists). Raises WriteError
    when any target already exists: init never replaces a file.
    """
    if root.is_file():
        raise WriteError(f"refusing to create a records folder at {root}: it is a file")
    files: list[tuple[Path, bytes]] = [
        (root / MARKER, SETTINGS_TEMPLATE.encode()),
        (root / "README.md", README_TEMPLATE.encode()),
    ]
    for name in ("topics.md", COUNCILS):
        if (bundled / name).is_file():
            files.append((root / name, (bundled / name).read_bytes()))
    sources = bundled / "sources"
    if sources.is_dir():  # the letters the meetings' quotes come from (and the examples'), so check passes
        files += [(root / "sources" / p.name, p.read_bytes()) for p in sorted(sources.iterdir()) if p.is_file()]
    copied = 0
    if examples:
        for rel, path in iter_record_files(bundled):
            files.append((root / rel, path.read_bytes()))
            copied += 1
    if hook is not None:
        files.append((hook, hook_entry(hook_folder).encode()))
    taken = [p for p, _ in files if os.path.lexists(p)]
    if taken:
        more = f" (and {len(taken) - 1} more)" if len(taken) > 1 else ""
        raise WriteError(f"refusing to overwrite {taken[0]}{more}; nothing was written")
    return InitPlan(root, tuple(files), (root / "sources",), copied)


def create(plan: InitPlan) -> list[Path]:
    """Write the plan: folders first, then each file created exclusively (`x` mode, so a file that appeared since
    the plan is refused rather than replaced). On any failure, what this run created is removed again."""
    made_dirs: list[Path] = []
    made_files: list[Path] = []

    def mkdirs(folder: Path) -> None:
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        for p in reversed(missing):
            p.mkdir()
            made_dirs.append(p)

    try:
        for folder in plan.folders:
            mkdirs(folder)
        for path, data in plan.files:
            mkdirs(path.parent)
            with open(path, "xb") as out:
                made_files.append(path)
                out.write(data)
    except OSError as exc:
        for path in reversed(made_files):
            with contextlib.suppress(OSError):
                path.unlink()
        for folder in reversed(made_dirs):
            with contextlib.suppress(OSError):
                folder.rmdir()
        what = "it already exists" if isinstance(exc, FileExistsError) else (exc.strerror or str(exc))
        raise WriteError(f"cannot create {exc.filename}: {what}; nothing was written") from None
    return made_files
