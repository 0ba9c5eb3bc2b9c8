"""One module per command: each parses its options, calls the core and a renderer, and returns an ExitStatus.

Commands never exit themselves; `jbz_cli.cli.app` registers them and maps what they return or raise to the
process exit status in one place. COMMANDS is the one list of them, read by the app and by the fast start
(cli/fast.py), which runs a reading command with the same function typer would.
"""

from __future__ import annotations

import importlib
from typing import Any

# Every command, in the order `jbz --help` lists them: (group or "", name, module in cli/commands, function, whether
# it takes option bundles). A command's module is imported only when a run needs it: `jbz list` builds a group with
# `list` alone (build(only=...)), anything else (help, completion, a sub-group, no command) builds the whole one.
COMMANDS = (
    ("", "list", "list", "list_command", True),
    ("", "show", "show", "show_command", False),
    ("", "summary", "summary", "summary_command", False),
    ("", "agenda", "agenda", "agenda_command", False),
    ("", "stats", "stats", "stats_command", False),
    ("export", "ics", "export_ics", "export_ics_command", True),
    ("import", "tk", "register", "import_tk_command", False),
    ("", "reconcile", "register", "reconcile_command", False),
    ("", "brief", "brief", "brief_command", False),
    ("", "add", "add", "add_command", False),
    ("", "followup", "followup", "followup_command", False),
    ("", "done", "followup", "done_command", False),
    ("", "edit", "edit", "edit_command", False),
    ("", "history", "history", "history_command", False),
    ("", "extract", "extract", "extract_command", False),
    ("", "check", "check", "check_command", False),
    ("", "diff", "diff", "diff_command", False),
    ("", "feed", "feed", "feed_command", False),
    ("", "report", "report", "report_command", False),
    ("", "councils", "councils", "councils_command", False),
    ("", "init", "init", "init_command", False),
    ("", "config", "config", "config_command", False),
    ("", "site", "site", "site_command", False),
    ("cache", "info", "cache", "cache_info_command", False),
    ("cache", "clear", "cache", "cache_clear_command", False),
)
GROUPS = {
    "export": "Write records in a format another program reads (a calendar).",
    "import": "Import items from an outside register into records.",
    "cache": "Show or clear the cache folder, where the indexes of records folders live.",
}


def command_function(group: str, name: str) -> Any:
    """The function that runs `jbz [group] name`, as registered: with option bundles spread into options
    (cli/options.with_bundles). Imports that command's module alone. KeyError for a command that does not exist."""
    for g, n, module, function, bundles in COMMANDS:
        if (g, n) == (group, name):
            command = getattr(importlib.import_module(f"jbz_cli.cli.commands.{module}"), function)
            if bundles:
                from jbz_cli.cli.options import with_bundles

                return with_bundles(command)
            return command  # type: ignore[no-any-return]
    raise KeyError(f"{group} {name}".strip())
