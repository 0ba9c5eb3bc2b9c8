"""The stable import point for the CLI's renderers; the code lives in terminal, lines, shapes and views/.

Only re-exports, so `from jbz_cli.present.render import write_items` keeps working while modules move.
"""

from __future__ import annotations

from jbz_cli.present.lines import FORMATS, ROW_FORMATS, write_rows
from jbz_cli.present.terminal import Style
from jbz_cli.present.views.agenda import write_agenda
from jbz_cli.present.views.list import ListResult, write_items
from jbz_cli.present.views.show import ShowResult, write_show_many
from jbz_cli.present.views.stats import write_stats
from jbz_cli.present.views.summary import write_summary

__all__ = [
    "FORMATS",
    "ROW_FORMATS",
    "ListResult",
    "ShowResult",
    "Style",
    "write_agenda",
    "write_items",
    "write_rows",
    "write_show_many",
    "write_stats",
    "write_summary",
]
