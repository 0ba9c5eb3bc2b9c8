"""Records written as TOML text, the way a user writes them, for the replay tests."""

from __future__ import annotations

import tomllib

from jbz_cli.core.build import record_from_dict
from jbz_cli.core.model import Record


def record(text: str, record_id: str = "item") -> Record:
    return record_from_dict(tomllib.loads(text), record_id, f"records/{record_id}.toml")
