"""The last step of every write: the candidate text must pass `jbz check` against the whole records folder.

The store may not import check (see docs/architecture.md), so the CLI builds this callable and passes it down;
the store calls it with the text it is about to rename into place.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from jbz_cli.errors import WriteError

if TYPE_CHECKING:  # the store and check load only when a write runs, keeping start-up quick
    from jbz_cli.store.edits import Vet
    from jbz_cli.store.files import RecordsDir


def check_vet(rdir: RecordsDir) -> Vet:
    """A Vet that refuses a write whose text has a `jbz check` error the old text did not have, and says each
    new warning on stderr (`due '2106' is after 2100`), so a write never hides what `jbz check` would say.

    Errors already in the file (fixed with `jbz edit`, not by a follow-up) do not block; warnings never do,
    as in `jbz check` without --strict. Raises WriteError (exit 2) naming the first new error.
    """

    def vet(path: Path, text: str, before: str | None) -> None:
        from jbz_cli.check.diagnostics import ERROR
        from jbz_cli.check.run import check_text
        from jbz_cli.cli.context import environment, resolve_as_of
        from jbz_cli.cli.output import rel_display, say

        root = rdir.path.resolve()
        display = rel_display(rdir, path)
        today = resolve_as_of(None, environment())
        everything = check_text(path, display, text, root, rdir.display, today)
        if not everything:
            return
        old: Counter[tuple[str, str]] = Counter()
        if before is not None:
            old.update((d.rule, d.message) for d in check_text(path, display, before, root, rdir.display, today))
        new = []
        for d in everything:
            if old[(d.rule, d.message)] > 0:
                old[(d.rule, d.message)] -= 1
            else:
                new.append(d)
        warnings = [d for d in new if d.severity != ERROR]
        new = [d for d in new if d.severity == ERROR]
        if not new:
            for d in warnings:
                say(f"jbz: {d.headline()}")
            return
        more = f" (and {len(new) - 1} more)" if len(new) > 1 else ""
        raise WriteError(f"refused: jbz check would reject the result: {new[0].headline()}{more}; nothing was written")

    return vet
