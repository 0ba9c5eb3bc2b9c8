"""TOML text: the one parser (tomli) with positions in its errors, and where a key sits.

Reading, writing and `jbz check` all parse with `parse_toml` and find a key's line with `locate`; the writer's
text surgery sees where each top-level key sits with store/toml_layout.py.
`loads` reads record files with toml-rs (about six times faster) wherever it gives exactly tomli's answer.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from typing import Any

try:  # tomli is tomllib's upstream, compiled: the same parser and messages, about three times faster
    import tomli as toml_parser
except ImportError:  # pragma: no cover - tomli is a dependency, but the stdlib parser is just as correct
    import tomllib as toml_parser

from jbz_cli.errors import RecordError


class _Pattern:
    """A regular expression compiled on its first use (re.compile's pattern methods): reading a record that
    parses needs none of these, and compiling them all took a third of this module's import."""

    __slots__ = ("_compiled", "_source")

    def __init__(self, source: str) -> None:
        self._source, self._compiled = source, None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return getattr(self._compiled, name)


# Every pattern here is anchored or starts with a literal, and none has two quantifiers that can match the same
# text next to each other, so each runs in time linear in its input (tests/store/test_regex_budget.py).
_TOML_POS_RE = _Pattern(r"\(at line ([0-9]+), column ([0-9]+)\)\s*$")
_TOML_EOF_RE = _Pattern(r"\(at end of document\)\s*$")
_HEADER_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.\"' -")
_KEY_RE = _Pattern(r"^(\s*)(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)\s*=")


# Texts that only one TOML version accepts: tomli 2.4 and later and toml-rs 0.4 read TOML 1.1; older tomli and the
# standard library's tomllib read 1.0. With parsers of different versions the fast path would change answers.
VERSION_PROBES = ('a = "\\e"', 'a = "\\x41"', "a = {b = 1,\n}", "a = 07:32", "a = 1979-05-27T07:32")


def same_grammar(fast: Any) -> bool:
    """Whether `fast` accepts and rejects the VERSION_PROBES exactly as the precise parser does."""
    for probe in VERSION_PROBES:
        try:
            precise = toml_parser.loads(probe)
        except toml_parser.TOMLDecodeError:
            precise = None
        try:
            quick = fast(probe)
        except Exception:
            quick = None
        if precise != quick:
            return False
    return True


_fast_loads: Any = ...  # toml-rs's loads once looked up (None: tomli alone), not before a file is parsed


def fast_parser() -> Callable[[str], dict[str, Any]] | None:
    """toml-rs's loads when it is installed and reads the same TOML version as tomli; None otherwise.

    Imported and probed on the first parse, so that commands the index answers without parsing (a warm `list`)
    do not pay for it.
    """
    global _fast_loads
    if _fast_loads is ...:
        try:
            from toml_rs import loads as fast
        except ImportError:  # toml-rs is a dependency, but tomli alone gives the same answers
            fast = None
        _fast_loads = fast if fast is not None and same_grammar(fast) else None
    return _fast_loads


# Text with a byte order mark goes straight to tomli: toml-rs skips one at the start, where tomli rejects it (each
# known difference is in tests/store/test_toml_parity.py). Lone surrogates make toml-rs raise, so tomli answers.
# So does text that may hold a decimal integer over Python's digit limit (sys.get_int_max_str_digits), which
# toml-rs reads and tomli refuses: only text longer than the limit, holding that many digits in a row. And so
# does text with more than MAX_FAST_OPENERS "[" and "{" (however they nest): toml-rs recurses on the machine's
# stack for nested arrays and inline tables and kills the process (SIGSEGV) some thousands deep, where tomli
# raises RecursionError, which parse_toml reports. A record has a few dozen; a count cannot under-state a depth.
MAX_FAST_OPENERS = 1000


@functools.lru_cache(maxsize=4)
def _digits_run(limit: int) -> re.Pattern[str]:
    return re.compile(f"[0-9_]{{{limit},}}")  # one character class: linear


def _past_digit_limit(text: str) -> re.Match[str] | None:
    """The first run of digits in `text` as long as Python's digit limit (sys.get_int_max_str_digits), or None;
    only text longer than the limit is searched."""
    limit = sys.get_int_max_str_digits()
    return _digits_run(limit).search(text) if 0 < limit < len(text) else None


def loads(text: str) -> dict[str, Any]:
    """What tomli returns for `text`, or tomli's TOMLDecodeError (RecursionError for very deep nesting).

    toml-rs answers first where it is known to agree; whenever it fails, for whatever reason,
    tomli parses the text again, so every message, line and column is tomli's.
    """
    fast = _fast_loads if _fast_loads is not ... else fast_parser()
    if (
        fast is not None
        and "\ufeff" not in text
        and text.count("[") + text.count("{") <= MAX_FAST_OPENERS
        and _past_digit_limit(text) is None
    ):
        try:
            return fast(text)
        except Exception:  # toml-rs's verdict is never shown: tomli decides, and words the error
            pass
    return toml_parser.loads(text)


def parse_toml(text: str, display: str) -> dict[str, Any]:
    """Parse TOML, turning the parser's message into path:line:col form."""
    try:
        return loads(text)
    except RecursionError:
        # tomllib parses nested arrays recursively; a few thousand "[" exhaust the stack.
        raise RecordError(display, "TOML syntax: arrays or inline tables nested too deeply") from None
    except toml_parser.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POS_RE.search(message)
        if match:
            line, col = int(match[1]), int(match[2])
            message = message[: match.start()].rstrip()
        else:
            line, col = text.count("\n") + 1, 1
            message = _TOML_EOF_RE.sub("", message).rstrip()
        raise RecordError(display, f"TOML syntax: {message}", line, col) from None
    except ValueError as exc:
        # tomli calls int() on the digits, so Python's digit limit (4,300) escapes as a plain ValueError, without
        # a position: the first run of that many digits is where it is.
        found = _past_digit_limit(text)
        line, col = (1, 1) if found is None else _line_col(text, found.start())
        raise RecordError(display, f"TOML syntax: {too_many_digits(exc)}", line, col) from None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def too_many_digits(exc: ValueError) -> str:
    """Python's message for an integer over its digit limit in a user's words; other messages pass as they are."""
    text = str(exc)
    if "integer string conversion" in text:
        return f"an integer with more than {sys.get_int_max_str_digits():,} digits is not supported"
    return text


def header(line: str) -> tuple[str, str] | None:
    """("[" or "[[", name) when `line` is a table header such as `[[followup]]  # note`; None otherwise.

    Written without a regular expression: a pattern for this backtracks quadratically on a `[` followed by
    thousands of spaces (which a multi-line string may hold), and this scan is linear.
    """
    rest = line.lstrip()
    if not rest.startswith("["):
        return None
    brackets = "[[" if rest.startswith("[[") else "["
    body = rest[len(brackets) :]
    end = body.find("]")
    if end < 0:
        return None
    name = body[:end].strip()
    after = body[end + 1 :]
    if after.startswith("]"):
        after = after[1:]
    after = after.strip()
    if not name or (after and not after.startswith("#")) or not _HEADER_CHARS.issuperset(name):
        return None
    return brackets, name


class Locations:
    """Where every table header and key of a TOML text sits, found in one pass so that looking up many key paths
    (one per diagnostic, thousands for a long follow-up list) costs linear time in all, not a rescan each."""

    __slots__ = ("first_header", "keys", "last_header")

    def __init__(self) -> None:
        self.first_header: dict[tuple[str | int, ...], tuple[int, int]] = {}
        self.last_header: dict[tuple[str | int, ...], tuple[int, int]] = {}
        self.keys: dict[tuple[tuple[str | int, ...], str], tuple[int, int]] = {}

    @classmethod
    def of(cls, text: str) -> Locations:
        found = cls()
        table: tuple[str | int, ...] = ()
        counts: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), 1):
            head = header(line)
            if head:
                name = head[1].strip("\"'")
                if head[0] == "[[":
                    index = counts.get(name, -1) + 1
                    counts[name] = index
                    table = (name, index)
                else:
                    table = (name,)
                at = (number, len(line) - len(line.lstrip()) + 1)
                found.first_header.setdefault(table, at)
                found.last_header[table] = at
                continue
            keymatch = _KEY_RE.match(line)
            if keymatch:
                found.keys.setdefault((table, keymatch[2].strip("\"'")), (number, len(keymatch[1]) + 1))
        return found

    def find(self, where: tuple[str | int, ...]) -> tuple[int, int]:
        """The line and column of a key path such as ("followup", 1, "date"); (1, 1) when it is not there."""
        target_table = tuple(where[:-1]) if where and isinstance(where[-1], str) else tuple(where)
        key = where[-1] if where and isinstance(where[-1], str) else None
        if key is None:
            return self.first_header.get(target_table, (1, 1))
        return self.keys.get((target_table, key)) or self.last_header.get(target_table, (1, 1))


def locate(text: str, where: tuple[str | int, ...]) -> tuple[int, int]:
    """Find the line and column of a key path such as ("followup", 1, "date") in TOML text.

    One lookup; for many lookups in the same text build `Locations.of(text)` once.
    """
    return Locations.of(text).find(where)


def parses(value_text: str) -> bool:
    """Whether `x = value_text` is complete TOML: the end of a multi-line value has been reached."""
    try:
        loads("x = " + value_text)
    except toml_parser.TOMLDecodeError:
        return False
    return True


def dumps(data: dict[str, Any]) -> str:
    """tomli-w, imported on first write so that read-only commands never pay for it."""
    import tomli_w

    return tomli_w.dumps(data)


def toml_value(value: Any) -> str:
    """One value as tomli-w writes it on the right of `key = `."""
    return dumps({"v": value}).split("=", 1)[1].strip()
