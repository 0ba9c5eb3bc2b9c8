"""`jbz config`: the records folder in use and each setting's value, with where it came from."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

from jbz_cli.cli.context import environment, given
from jbz_cli.cli.formats import choose_format
from jbz_cli.cli.options import Option, RecordsOpt
from jbz_cli.errors import ExitStatus

CONFIG_FORMATS = ("text", "json")


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, tuple):
        return ", ".join(value) if value else "(none)"
    return str(value)


def config_command(
    records: RecordsOpt = None,
    fmt: Annotated[
        str, Option("--format", "-f", metavar="FORMAT", help="Output format: text, json (default: text).")
    ] = "text",
) -> ExitStatus:
    """Show the records folder in use and every setting, with its origin: option, env, jbz.toml or default.

    Options on a command win over environment variables (JBZ_SOON_DAYS, JBZ_STALE_DAYS, JBZ_FORMAT,
    JBZ_MINISTRIES, JBZ_FEED_URL, JBZ_FEED_TITLE), which win over jbz.toml at the records root.
    """
    from jbz_cli.cli.settings import records_and_settings

    chosen = choose_format(given("fmt", fmt), False, CONFIG_FORMATS, "text")
    rdir, values = records_and_settings(records, environment())
    if chosen == "json":
        plain = {
            "records": {"path": str(rdir.path), "origin": rdir.origin},
            "settings": {
                k: {"value": list(s.value) if isinstance(s.value, tuple) else s.value, "origin": s.origin}
                for k, s in values.items()
            },
        }
        sys.stdout.write(json.dumps(plain, indent=2, ensure_ascii=False) + "\n")
        return ExitStatus.OK
    rows = [("records", rdir.display, rdir.why)] + [(k, _shown(s.value), s.origin) for k, s in values.items()]
    key_width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    for key, value, origin in rows:
        sys.stdout.write(f"{key:<{key_width}}  {value:<{value_width}}  {origin}\n")
    return ExitStatus.OK
