"""A --topic that no record carries is named on stderr with the nearest topic, in every command that filters."""

from __future__ import annotations

import pytest

HINT = "jbz: no record has topic 'ebps'; did you mean 'ebsp'?\n"
COMMANDS = [
    ["list"],
    ["list", "--no-cache"],
    ["diff", "2025", "2026-10"],
    ["feed"],
    ["export", "ics"],
    ["brief"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_an_unknown_topic_gets_one_did_you_mean_line(invoke, args: list[str]) -> None:
    result = invoke(*args, "--topic", "ebps", "--as-of", "2026-11-29")
    assert result.exit_code == 0  # an empty answer, as for any filter that matches nothing
    assert result.stderr == HINT


def test_list_stdout_stays_empty_and_a_known_topic_says_nothing(invoke) -> None:
    unknown = invoke("list", "--topic", "ebps", "--topic", "nothing-like-it", "--as-of", "2026-11-29")
    assert unknown.stdout == ""
    assert unknown.stderr == HINT + "jbz: no record has topic 'nothing-like-it'\n"
    known = invoke("list", "--topic", "EBSP", "--as-of", "2026-11-29")
    assert known.stderr == "" and known.stdout
