"""What `jbz check` found, and how it is written: text for people and editors, json/jsonl for tools.

`Diagnostic.to_dict` is the one definition of the JSON object per problem; docs/schema/check.schema.json
describes it for tools.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, TextIO

ERROR = "error"
WARNING = "warning"
CHECK_FORMATS = ("text", "json", "jsonl")


@dataclass(frozen=True)
class Diagnostic:
    """One problem at one place, in the `path:line:col: severity: message [rule]` shape editors parse.

    `line` and `col` count from 1; `severity` is "error" or "warning"; `rule` is one of `rules.RULES`.
    """

    path: str
    line: int
    col: int
    severity: str  # error | warning
    message: str
    rule: str
    source_line: str | None = None  # the offending line, shown under the message when it helps

    def headline(self) -> str:
        """The editor-parsable line, without the source line under it."""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.rule}]"

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of `--format json/jsonl`: path, line, col, severity, message, rule, source_line."""
        return asdict(self)


@dataclass
class CheckResult:
    """Every diagnostic of one run, in output order, and how many files were read."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> int:
        return sum(d.severity == ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == WARNING for d in self.diagnostics)

    def failed(self, strict: bool = False) -> bool:
        """Errors fail; warnings fail only under --strict, so advice never blocks a commit by default."""
        return self.errors > 0 or (strict and self.warnings > 0)


def write_diagnostics(result: CheckResult, fmt: str, out: TextIO) -> None:
    """Text for people and editors (path:line:col), json/jsonl for tools; nothing at all when clean.

    Raises ValueError for a format outside CHECK_FORMATS.
    """
    if fmt == "json":
        json.dump([d.to_dict() for d in result.diagnostics], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for d in result.diagnostics:
            out.write(json.dumps(d.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "text":
        for d in result.diagnostics:
            out.write(d.headline() + "\n")
            if d.source_line is not None:
                out.write("    " + d.source_line + "\n")
    else:  # the CLI validates formats; this guards library callers
        raise ValueError(f"unknown format {fmt!r}")


def summary(result: CheckResult) -> str:
    """The one-line count for stderr: "1 error and 0 warnings in 92 files"."""

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"{plural(result.errors, 'error')} and {plural(result.warnings, 'warning')} in {plural(result.files, 'file')}"
    )
