"""A record's id is its file name: the one rule, kept apart from the model so that listing a folder needs nothing
else (store/walk_ahead.py lists a folder before the model is imported)."""

from __future__ import annotations


def record_id_of(path: str) -> str:
    """The id of a record file: its name without ".toml", in whatever folder (a path relative to the records
    folder or a bare name). Ids are file names so that a folder listing is the list of ids."""
    name = path.rsplit("/", 1)[-1]
    return name[: -len(".toml")] if name.endswith(".toml") else name
