"""A record's timeline: where it came from, its follow-ups, and the git commits that touched its file."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jbz_cli.core.model import Record
from jbz_cli.core.words import change_marks

_ORDER = {"source": 0, "followup": 1, "commit": 2}
_SEP = "\x1f"


@dataclass(frozen=True)
class Event:
    date: date
    type: str  # source | followup | commit
    text: str
    status: str | None = None
    due: str | None = None
    previous_due: str | None = None
    evidence: str | None = None
    commit: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Timeline:
    record: Record
    events: tuple[Event, ...]
    git: str  # "yes", or why commits are missing: "not a git repository", "git not found", ...


def git_commits(path: Path) -> tuple[list[Event], str]:
    """Commits that touched the file, following renames; an empty list when git cannot tell."""
    git = shutil.which("git")
    if git is None:
        return [], "git not found"
    folder = path.parent
    try:
        inside = subprocess.run(
            [git, "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
            capture_output=True,
            text=True,
            timeout=20,
        )
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return [], "not a git repository"
        log = subprocess.run(
            [
                git,
                "-C",
                str(folder),
                "log",
                "--follow",
                "--date=short",
                f"--format=%h{_SEP}%ad{_SEP}%an{_SEP}%s",
                "--",
                path.name,
            ],
            capture_output=True,
            text=True,
            timeout=20,
        )
    except (OSError, subprocess.SubprocessError):
        return [], "git failed"
    if log.returncode != 0:
        return [], "git log failed"
    events = []
    for line in log.stdout.splitlines():
        parts = line.split(_SEP)
        if len(parts) != 4:
            continue
        sha, day, author, subject = parts
        try:
            when = date.fromisoformat(day)
        except ValueError:
            continue
        events.append(Event(when, "commit", subject, commit=sha, author=author))
    return events, "yes"


def timeline(record: Record, path: Path, with_git: bool = True) -> Timeline:
    """Source, follow-ups and commits, oldest first; on one day the source comes first, then follow-ups."""
    events: list[Event] = []
    if record.source and record.source.date:
        doc = record.source.document or "the source document"
        events.append(Event(record.source.date, "source", f"recorded from {doc}"))
    for f in record.followups:
        events.append(
            Event(
                f.date, "followup", f.note, status=f.status, due=f.due, previous_due=f.previous_due, evidence=f.evidence
            )
        )
    git_state = "not asked"
    if with_git:
        commits, git_state = git_commits(path)
        events.extend(reversed(commits))  # git log lists newest first; same-day commits must read oldest first
    indexed = sorted(enumerate(events), key=lambda pair: (pair[1].date, _ORDER[pair[1].type], pair[0]))
    return Timeline(record, tuple(e for _i, e in indexed), git_state)


def timeline_text(tl: Timeline) -> str:
    """The timeline as plain lines: date, what happened, and what changed."""
    r = tl.record
    due = r.due.text if r.due else "-"
    lines = [f"{r.id}: {r.title}", f"  now: status {r.status}, due {due}", ""]
    if not tl.events:
        lines.append("  no dated events")
    for e in tl.events:
        if e.type == "commit":
            lines.append(f"  {e.date.isoformat()}  commit {e.commit}  {e.text} ({e.author})")
            continue
        marks = change_marks(e.status, e.due, e.previous_due, e.evidence)
        label = "source" if e.type == "source" else "follow-up"
        text = f"  {e.date.isoformat()}  {label:<9} {e.text}".rstrip()
        lines.append(text + (f"  [{'; '.join(marks)}]" if marks else ""))
    if tl.git != "yes":
        lines += ["", f"  (no commits shown: {tl.git})"]
    return "\n".join(lines)
