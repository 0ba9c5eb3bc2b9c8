"""The settings file `jbz.toml` at a records root: what a team sets once, read and checked here, never applied.

Options and environment variables win over the file; the command line (cli/settings.py) decides that, so this
module only reads the file. Keys are flat names with a dot for a table (`feed.title` is `title` under `[feed]`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jbz_cli.errors import RecordError
from jbz_cli.store.files import read_text
from jbz_cli.store.root import MARKER

MAX_DAYS = 36500  # as the --soon-days and --stale-days options allow (a century)

# Each key, what its value must be, and the default when nothing sets it.
# Every output format some command writes (tests/cli/test_settings_format.py holds it to the commands' own lists):
# a team's `format` outside them is a typo, refused, while one a command does not offer is left to the others.
FORMAT_NAMES = ("table", "text", "tsv", "csv", "json", "jsonl", "ids", "md", "html", "toml", "ics", "atom")
KEYS: dict[str, tuple[str, Any]] = {
    "soon_days": ("days", 30),
    "stale_days": ("days", 90),
    "format": ("format", None),
    "register.ministries": ("texts", ()),
    "feed.self_url": ("text", None),
    "feed.title": ("text", None),
}


@dataclass(frozen=True)
class SettingsFile:
    """The known keys a jbz.toml sets (flat names), the unknown ones (ignored), and how messages name the file."""

    display: str
    values: dict[str, Any] = field(default_factory=dict)
    unknown: tuple[str, ...] = ()


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def check_value(key: str, value: Any) -> Any:
    """The value if it has the key's type (days: a whole number 0..36500; text; texts: a list of text, or one
    text), else ValueError with what was expected. Shared with the environment variables' checks."""
    kind = KEYS[key][0]
    if kind == "days":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS:
            raise ValueError(f"{key} must be a whole number of days from 0 to {MAX_DAYS}, not {value!r}")
        return value
    if kind == "texts":
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ValueError(f"{key} must be a list of names, not {value!r}")
        return tuple(v.strip() for v in value)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key} must be a non-empty text, not {value!r}")
    if kind == "format" and value.strip() not in FORMAT_NAMES:
        raise ValueError(f"{key} must be one of {', '.join(FORMAT_NAMES)}, not {value!r}")
    return value.strip()


def read_settings(root: Path, display: str) -> SettingsFile:
    """The settings in root/jbz.toml (none when it is missing). `display` names the file in messages.

    Raises RecordError at the file's line and column for a TOML syntax error or a value of the wrong type.
    """
    path = root / MARKER
    if not path.is_file():
        return SettingsFile(display)
    from jbz_cli.store.toml_text import locate, parse_toml  # the parsers load only for a folder that has settings

    text = read_text(path, display)
    data = parse_toml(text, display)
    values: dict[str, Any] = {}
    unknown: list[str] = []
    for key, value in _flatten(data).items():
        if key not in KEYS:
            unknown.append(key)
            continue
        try:
            values[key] = check_value(key, value)
        except ValueError as exc:
            line, col = locate(text, tuple(key.split(".")))
            raise RecordError(display, str(exc), line, col) from None
    return SettingsFile(display, values, tuple(unknown))
