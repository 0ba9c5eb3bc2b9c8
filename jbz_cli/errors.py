"""One small exception family, mapped to exit statuses in one place (the CLI group)."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Stable exit codes that scripts and cron jobs can rely on."""

    OK = 0
    FINDINGS = 1  # --exit-code matched, invalid records were skipped, or check found errors
    USAGE = 2  # bad option value, unknown or ambiguous id, unusable records folder
    INTERRUPTED = 130

    @classmethod
    def of(cls, findings: object) -> ExitStatus:
        """FINDINGS when a command found something worth a script's attention (a record it could not read, a
        refused draft, an --exit-code match, a check error), else OK: the one rule every command returns by."""
        return cls.FINDINGS if findings else cls.OK


class JbzError(Exception):
    """Base of every error the CLI reports as one line on stderr instead of a traceback."""

    exit_status: ExitStatus = ExitStatus.USAGE


class UsageError(JbzError):
    """An option or argument that cannot be used as given."""


class NotFoundError(JbzError):
    """An id, topic or prefix that matches nothing."""


class AmbiguousError(JbzError):
    """An argument that matches more than one record."""


class RecordsDirError(JbzError):
    """The records folder is missing or unreadable."""


class WriteError(JbzError):
    """A write was refused or failed; the original file is untouched."""


class IndexDamaged(JbzError):
    """The index answered with a row it could not have written (edited by hand, or damaged inside a database that
    still opens); it has been removed, so the next run rebuilds it from the files."""

    exit_status = ExitStatus.FINDINGS


class RecordError(JbzError):
    """A record file that cannot be parsed or is invalid, with the position to fix."""

    exit_status = ExitStatus.FINDINGS

    def __init__(self, path: str, message: str, line: int = 1, col: int = 1) -> None:
        self.path = path
        self.line = line
        self.col = col
        self.message = message
        super().__init__(f"{path}:{line}:{col}: {message}")
