"""Draft records: the TOML a reviewer accepts or fixes after `jbz extract --into`.

A draft is a valid record plus `draft = true`, which `jbz check` reports as a warning until the reviewer
accepts it. Building the text is pure; the command writes it (through `fsio.atomic_write`).
"""

from __future__ import annotations

import re
from typing import Any

from jbz_cli.store.add import NewRecord, new_record_data, record_text
from jbz_cli.store.ids import slugify

__all__ = ["DRAFT_LINE", "DRAFT_TITLE_NOTE", "draft_data", "draft_id_base", "draft_text", "undraft"]

DRAFT_LINE = "draft = true\n"
# The title is built from the actor, the kind and the section heading with a small glossary (letters/titles.py):
# a comment on its line says so in the draft, and accepting the draft removes it.
DRAFT_TITLE_NOTE = "  # draft title: check it against the quote"


def draft_id_base(actor: str | None, title: str) -> str:
    """A slug for the draft's id: the actor and the first words of the title (at most 48 characters)."""
    return slugify(f"{actor or ''} {title}", 48)


def draft_data(req: NewRecord, due_phrase: str | None = None, vague: bool = False) -> dict[str, Any]:
    """The record table of a new record with `draft = true` first and `due_phrase` right after `due`.

    A vague deadline (a phrase without a window) becomes a summary line, so the reviewer sees it.
    Raises UsageError for a kind, due or date that `jbz add` would refuse too.
    """
    data = new_record_data(req)
    out: dict[str, Any] = {"draft": True}
    for key, value in data.items():
        out[key] = value
        if key == "due" and due_phrase:
            out["due_phrase"] = due_phrase
    if "due" not in data and due_phrase and vague:
        out["summary"] = f"Vague deadline in the letter: {due_phrase!r}."
    return out


def draft_text(req: NewRecord, due_phrase: str | None = None, vague: bool = False) -> str:
    """The draft as TOML text, `draft = true` first so a reader sees it at once, and the title marked as a draft."""
    text = record_text(draft_data(req, due_phrase, vague))
    return re.sub(r"(?m)^(title = .*)$", lambda m: m[1] + DRAFT_TITLE_NOTE, text, count=1)


def undraft(text: str) -> str:
    """The accepted record: the draft's text without its `draft = true` line and the draft-title comment."""
    text = re.sub(r"(?m)^draft\s*=\s*true\s*\n", "", text, count=1)
    return re.sub(rf"(?m)^(title\s*=.*?){re.escape(DRAFT_TITLE_NOTE)}$", r"\1", text, count=1)
