"""Team settings in use, and where each came from: an option, then an environment variable, then jbz.toml, then
jbz's default (as `git config --show-origin` shows it). The core never reads these: commands pass plain values.

`records_and_settings(option, env)` is the one entry for "which records folder, with which settings"; commands
ask `setting(...)` for one value with their option applied.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from jbz_cli.env import Environment
from jbz_cli.errors import JbzError, UsageError
from jbz_cli.store.root import MARKER, RecordsDir, resolve_records_dir
from jbz_cli.store.settings_file import FORMAT_NAMES, KEYS, MAX_DAYS, SettingsFile, check_value, read_settings

# The environment variable and the option of each key (the option is the command's own, where it has one).
SOURCES: dict[str, tuple[str, str]] = {
    "soon_days": ("JBZ_SOON_DAYS", "--soon-days"),
    "stale_days": ("JBZ_STALE_DAYS", "--stale-days"),
    "format": ("JBZ_FORMAT", "--format"),
    "register.ministries": ("JBZ_MINISTRIES", "--ministerie"),
    "feed.self_url": ("JBZ_FEED_URL", "--self-url"),
    "feed.title": ("JBZ_FEED_TITLE", "--title"),
}


class Setting(NamedTuple):
    """One value in use, and its origin: `default`, `env JBZ_…`, `file records/jbz.toml` or `option --…`."""

    value: Any
    origin: str


def say(message: str) -> None:
    """One line on stderr (as cli/output.say, which imports this module)."""
    import sys

    sys.stderr.write(message + "\n")  # not typer.echo: a run the fast start began has not imported typer


def records_dir(option: str | None, env: Environment, note: bool = True) -> RecordsDir:
    """The --records folder, else $JBZ_RECORDS, the nearest records root upward, the bundled records (store/root).

    With `note`, falling back to the bundled examples says so in one stderr line when stderr is a terminal (a
    script's stderr stays quiet). RecordsDirError when a given folder is unusable.
    """
    rdir = resolve_records_dir(option, dict(env.vars), env.cwd)
    if note and rdir.origin == "bundled" and env.stderr_tty:
        import textwrap  # folded at words, as the terminal would fold it mid-word

        note_text = (
            "jbz: no records folder here or above; showing the bundled examples (run `jbz init` to start your own)"
        )
        say(textwrap.fill(note_text, max(20, env.width - 1), break_long_words=False, break_on_hyphens=False))
    return rdir


_read: dict[str, SettingsFile] = {}  # one read of jbz.toml per folder per process


def settings_file(rdir: RecordsDir, warn: bool = True) -> SettingsFile:
    """The folder's jbz.toml, read once per process; unknown keys give one warning line on stderr.

    A file that cannot be read or holds a wrong value is a UsageError naming its line: settings decide what
    every command shows, so jbz stops rather than guess.
    """
    key = str(rdir.path)
    if key not in _read:
        shown = MARKER if rdir.display in (".", "") else f"{rdir.display.rstrip('/')}/{MARKER}"
        try:
            _read[key] = read_settings(rdir.path, shown)
        except JbzError as exc:
            raise UsageError(str(exc)) from None
        if warn and _read[key].unknown:
            names = ", ".join(_read[key].unknown)
            say(f"jbz: {shown}: unknown setting {names} ignored (known: {', '.join(KEYS)})")
    return _read[key]


def _from_env(key: str, env: Environment) -> Setting | None:
    name = SOURCES[key][0]
    raw = env.vars.get(name)
    if not raw:
        return None
    kind = KEYS[key][0]
    try:
        value: Any = int(raw) if kind == "days" else raw.split(",") if kind == "texts" else raw
        return Setting(check_value(key, value), f"env {name}")
    except ValueError:
        raise UsageError(f"${name} is {raw!r}: {check_hint(key)}") from None


def check_hint(key: str) -> str:
    kind = KEYS[key][0]
    return {
        "days": f"a whole number of days from 0 to {MAX_DAYS}",
        "texts": "names separated by commas",
        "format": f"one of {', '.join(FORMAT_NAMES)}",
    }.get(kind, "a text")


def resolve(key: str, rdir: RecordsDir, env: Environment, option: Any = None) -> Setting:
    """The value of `key` in use: `option` (None when not given), then its variable, then jbz.toml, then default."""
    if option is not None:
        return Setting(option, f"option {SOURCES[key][1]}")
    from_env = _from_env(key, env)
    if from_env is not None:
        return from_env
    found = settings_file(rdir)
    if key in found.values:
        return Setting(found.values[key], f"file {found.display}")
    return Setting(KEYS[key][1], "default")


def all_settings(rdir: RecordsDir, env: Environment) -> dict[str, Setting]:
    """Every key's value and origin for this folder, options aside (what `jbz config` prints)."""
    return {key: resolve(key, rdir, env) for key in KEYS}


def records_and_settings(option: str | None, env: Environment) -> tuple[RecordsDir, dict[str, Setting]]:
    """The records root in use (--records, $JBZ_RECORDS, found upward, bundled) and its settings with origins."""
    rdir = records_dir(option, env)
    return rdir, all_settings(rdir, env)
