"""Where each top-level key of a record's text sits, for the writer's text surgery (store/edits.py): a value is
replaced in place without disturbing the comments and formatting around it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from jbz_cli.store.toml_text import parses

# Both anchored, with no two adjacent quantifiers over the same characters: linear (tests/store/test_regex_budget.py).
HEADER_LINE_RE = re.compile(r"^\s*\[")
TOP_KEY_RE = re.compile(r"^(?P<indent>\s*)(?P<key>[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?P<eq>\s*=\s*)(?P<rest>.*)$")


class TopKey(NamedTuple):
    """Where one top-level key sits: lines start..end, and whether its value can be replaced in place."""

    key: str
    start: int  # first line index
    end: int  # last line index (multi-line values span lines)
    simple: bool  # value fits on one line and can be replaced in place


@dataclass
class Layout:
    """The top-level keys of a record text, up to its first table header."""

    keys: dict[str, TopKey] = field(default_factory=dict)
    first_header: int | None = None  # index of the first [table] line


def scan_value(rest: str) -> tuple[str | None, str]:
    """Split a one-line value from what follows it; (None, '') when the value opens a multi-line construct."""
    rest_stripped = rest.lstrip()
    if rest_stripped.startswith(('"""', "'''")):
        return None, ""
    if rest_stripped.startswith("["):
        depth, i, quote = 0, 0, ""
        while i < len(rest_stripped):
            c = rest_stripped[i]
            if quote:
                if c == "\\" and quote == '"':
                    i += 1
                elif c == quote:
                    quote = ""
            elif c in "\"'":
                quote = c
            elif c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    return rest_stripped[: i + 1], rest_stripped[i + 1 :]
            elif c == "#":
                return None, ""
            i += 1
        return None, ""
    if rest_stripped.startswith('"'):
        i = 1
        while i < len(rest_stripped):
            if rest_stripped[i] == "\\":
                i += 2
                continue
            if rest_stripped[i] == '"':
                return rest_stripped[: i + 1], rest_stripped[i + 1 :]
            i += 1
        return None, ""
    if rest_stripped.startswith("'"):
        end = rest_stripped.find("'", 1)
        return (rest_stripped[: end + 1], rest_stripped[end + 1 :]) if end > 0 else (None, "")
    if rest_stripped.startswith("{"):
        return None, ""
    match = re.match(r"[^\s#]+", rest_stripped)
    if not match:
        return None, ""
    return match[0], rest_stripped[match.end() :]


def _closing_line(rest: str, lines: list[str], index: int) -> int:
    """The index of the line where the array or inline table opened by `rest` (on line `index`) closes, found in
    one pass over the characters (strings and comments skipped), instead of re-parsing a growing text per line."""
    depth, quote = 0, ""
    for number in range(index, len(lines)):
        text = rest if number == index else lines[number]
        i = 0
        while i < len(text):
            if quote:
                if len(quote) == 1 and quote == '"' and text[i] == "\\":
                    i += 2
                    continue
                if len(quote) == 3 and quote == '"""' and text[i] == "\\":
                    i += 2
                    continue
                if text.startswith(quote, i):
                    i += len(quote)
                    quote = ""
                    continue
                i += 1
                continue
            c = text[i]
            if text.startswith(('"""', "'''"), i):
                quote = text[i : i + 3]
                i += 3
                continue
            if c in "\"'":
                quote = c
            elif c in "[{":
                depth += 1
            elif c in "]}":
                depth -= 1
                if depth == 0:
                    return number
            elif c == "#":
                break
            i += 1
        if len(quote) == 1:
            quote = ""  # a one-line string cannot continue on the next line
    return len(lines) - 1


def layout(lines: list[str]) -> Layout:
    """Where each top-level key sits, up to the first table header; multi-line values are skipped over."""
    layout = Layout()
    index = 0
    while index < len(lines):
        line = lines[index]
        if HEADER_LINE_RE.match(line):
            layout.first_header = index
            break
        match = TOP_KEY_RE.match(line)
        if not match:
            index += 1
            continue
        key = match["key"].strip("\"'")
        value, _after = scan_value(match["rest"])
        end = index
        if value is None:
            # A multi-line string or array: find its end so a line inside it is never taken for a key.
            rest = match["rest"].lstrip()
            for delim in ('"""', "'''"):
                if rest.startswith(delim):
                    if rest.count(delim) < 2:
                        end = index + 1
                        while end < len(lines) and delim not in lines[end]:
                            end += 1
                    break
            else:
                if rest.startswith(("[", "{")):
                    end = _closing_line(rest, lines, index)
                    if not parses("\n".join([rest, *lines[index + 1 : end + 1]])):
                        end = index  # not a value the scanner understands: fall back to growing it line by line
                        while end < len(lines) - 1 and not parses("\n".join([rest, *lines[index + 1 : end + 1]])):
                            end += 1
        layout.keys[key] = TopKey(key, index, end, value is not None)
        index = end + 1
    return layout
