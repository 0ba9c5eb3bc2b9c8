"""`jbz init [DIR] [--examples]`: start a records folder of your own, found from any folder inside it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from jbz_cli.cli.context import environment
from jbz_cli.cli.options import Argument, Option
from jbz_cli.cli.output import say
from jbz_cli.env import Environment
from jbz_cli.errors import ExitStatus

HOOK_FILE = ".pre-commit-config.yaml"


def init_command(
    folder: Annotated[
        str, Argument(metavar="[DIR]", help="The records folder to create (default: records).")
    ] = "records",
    examples: Annotated[
        bool, Option("--examples", help="Also copy the bundled example records, to keep tracking them.")
    ] = False,
) -> ExitStatus:
    """Create a records folder: jbz.toml, topics.md, councils.toml, sources/, a README and a pre-commit hook.

    The pre-commit entry goes next to DIR (in DIR itself for `jbz init .`), unless a .pre-commit-config.yaml is
    there already; then the entry to add is printed. Nothing is ever overwritten: if any file exists, nothing
    is written and jbz exits 2.
    """
    from jbz_cli.errors import WriteError
    from jbz_cli.store.root import MARKER, marked_root

    env = environment()
    root = Path(folder).expanduser()
    root = root if root.is_absolute() else env.cwd / root
    root = Path(os.path.normpath(root))
    try:
        outer = marked_root(root.parent)
        holds = (root / "records" / MARKER).is_file()
    except OSError as exc:
        raise WriteError(f"cannot create {folder!r}: {exc.strerror or exc}; nothing was written") from None
    if (outer is not None and outer != root) or holds:  # the same root again is refused below: nothing overwritten
        inside = outer if outer is not None else root / "records"
        raise WriteError(
            f"refusing to create a records folder inside the records folder {inside}: its commands would read the "
            "new folder's files as records; choose a folder outside it; nothing was written"
        )
    try:
        return _init(root, env, examples)
    except OSError as exc:  # a name too long, a folder that cannot be looked into
        raise WriteError(f"cannot create {folder!r}: {exc.strerror or exc}; nothing was written") from None


def _init(root: Path, env: Environment, examples: bool) -> ExitStatus:
    from jbz_cli.store.init import create, hook_entry, plan_init
    from jbz_cli.store.root import COUNCILS, MARKER, bundled_records

    top = root if root == env.cwd else root.parent
    hook_folder = "" if top == root else root.name
    hook: Path | None = top / HOOK_FILE
    if hook is not None and os.path.lexists(hook):
        hook = None
    plan = plan_init(root, bundled_records(), examples, hook, hook_folder)
    create(plan)
    shown = os.path.relpath(root, env.cwd) if root.is_relative_to(env.cwd) else str(root)
    letters = sum(1 for p, _ in plan.files if p.parent == root / "sources")
    parts = [
        MARKER,
        "README.md",
        "topics.md",
        COUNCILS,
        f"sources/ ({letters} letter text{'s' if letters != 1 else ''})",
    ]
    if examples:
        parts.append(f"{plan.examples} example records")
    say(f"jbz: created {shown}/ with {', '.join(parts)}")
    if hook is not None:
        say(f"jbz: wrote {os.path.relpath(hook, env.cwd)} with the jbz-check hook (pre-commit install enables it)")
    else:
        say(f"jbz: {os.path.relpath(top / HOOK_FILE, env.cwd)} exists; add this hook to it:")
        say(hook_entry(hook_folder).rstrip("\n"))
    say("jbz: jbz now finds these records from any folder inside them; `jbz config` shows the settings")
    return ExitStatus.OK
