"""`jbz extract`: read a new JBZ letter (its text, or the bytes of an HTML or PDF file) and propose its records.

It turns a letter into clean paragraphs, metadata and candidates (decisions, commitments, deadlines with their
due windows, fulfilments) and imports only `jbz_cli.core` and `jbz_cli.errors`, plus selectolax, pypdf and
rapidfuzz: never `store`, `env`, `check`, `present` or `cli`, nor typer or rich. The command reads the file and
writes the drafts; the letter's date is a parameter (or read from the letter), so the same letter always gives
the same candidates. Its only data are the sourced calendars in `data/*.toml`, read as package data.

phrases (Dutch deadline phrases to due windows), calendars (+ data: recesses, presidencies), text (clean
text and footnotes), segment (sentences), markers, candidates, metadata, match (existing records), readers
(bytes to text), pipeline (`extract_letter`).
"""

from __future__ import annotations

from .pipeline import Extraction, extract_letter

__all__ = ["Extraction", "extract_letter"]
