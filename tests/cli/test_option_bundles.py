"""Options that travel together are defined once, as a bundle, and every command that takes it offers all of them."""

from __future__ import annotations

import inspect
import re
from dataclasses import fields

import pytest

from jbz_cli.cli.commands.list import list_command
from jbz_cli.cli.options import FilterOptions, with_bundles
from jbz_cli.errors import ExitStatus

FILTER_FLAGS = [
    "--open",
    "--closed",
    "--status",
    "--kind",
    "--topic",
    "--actor",
    "--overdue",
    "--due-soon",
    "--awaiting",
    "--include-unknown-status",
    "--due-by",
    "--due-after",
    "--search",
]


def option_lines(help_text: str) -> dict[str, str]:
    """Each option's first line of help, by its long name (the column it starts in differs between commands)."""
    found = {}
    for line in help_text.splitlines():
        m = re.match(r"\s+(?:-\w, )?(--[a-z-]+)(?: [A-Z]+)?\s+(.*)", line)
        if m:
            found[m.group(1)] = m.group(2)
    return found


def test_list_and_export_offer_the_same_filter_options_in_the_same_words(jbz, tmp_path) -> None:
    wide = {"COLUMNS": "80"}
    listing = option_lines(jbz("list", "--help", cwd=tmp_path, env=wide).stdout.decode())
    export = option_lines(jbz("export", "ics", "--help", cwd=tmp_path, env=wide).stdout.decode())
    assert [f for f in listing if f in FILTER_FLAGS] == FILTER_FLAGS  # in the bundle's order
    assert [f for f in export if f in FILTER_FLAGS] == FILTER_FLAGS
    assert all(listing[f] == export[f] for f in FILTER_FLAGS)


def test_typer_sees_the_bundle_as_its_options_in_place() -> None:
    names = list(inspect.signature(with_bundles(list_command)).parameters)
    bundle = [f.name for f in fields(FilterOptions)]
    assert names[: len(bundle)] == bundle
    assert "filters" not in names and names[len(bundle)] == "sort"


def test_the_command_gets_the_dataclass(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []

    def command(filters: FilterOptions, limit: int = 0) -> ExitStatus:
        seen.append((filters, limit))
        return ExitStatus.OK

    wrapped = with_bundles(command)
    values = {f.name: f.default for f in fields(FilterOptions)} | {"overdue": True, "topic": ["asylum"]}
    assert wrapped(**values, limit=3) is ExitStatus.OK
    assert seen == [(FilterOptions(overdue=True, topic=["asylum"]), 3)]


def test_a_bundle_option_named_like_another_parameter_is_refused() -> None:
    def command(filters: FilterOptions, search: str | None = None) -> ExitStatus:
        return ExitStatus.OK

    with pytest.raises(TypeError, match="another parameter"):
        with_bundles(command)
