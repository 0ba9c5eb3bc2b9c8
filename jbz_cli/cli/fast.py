"""The fast start: run a reading command without importing typer, from a description of typer's own parser.

Importing typer and building a click command is about a sixth of a short command's run. The options stay defined
once, as typer options (cli/options.py `Option`/`Argument`, which become typer objects when the app is built), and
every command module imports without typer. The first run of a command goes through typer, which builds the click
command as always; `store_spec` then keeps a plain description of that command's parameters (names, option
strings, flag or value, repeatable, integer bounds) in the cache folder, named by store/code_key.keyed_name with
every source file of jbz and typer's own files in its key, and a copy beside this module (its `__pycache__`, where
Python keeps its bytecode) when that folder can be written: the description is made from the installed code alone,
so a cache clear, a new clone or another records folder does not lose it, and an upgrade replaces it as it does the
bytecode. Later runs parse the command line from that
description and call the same registered function (cli/commands COMMANDS, with its bundles) through the same
guard (cli/guard.py), with what the user gave in a cli/context.Invocation instead of click's context.

The fast parser takes only what it knows to be plain: long and short options given whole (`--limit 5`,
`--limit=5`, `-n 5`), flags, repeated options, positional arguments. Anything else (an unknown or clustered
option, `--`, a value that starts with a dash, a number out of bounds, `--help`, shell completion) returns None
and typer parses the line, so every message stays typer's. tests/cli/test_fast_start.py proves, option by option,
that the fast parser and typer hand the command the same values. No module but this one and cli/app.py (which
stores the description after a typer run) knows about it.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jbz_cli.store.code_key import keyed_name, source_key
from jbz_cli.store.hashes import blake2b
from jbz_cli.store.replace import read_cached

# The reading commands whose modules import without typer; any other command always starts through typer.
FAST_COMMANDS = ("list", "show", "summary", "agenda", "stats", "councils")
FORMAT = 2  # the layout of a stored description; part of its key
MAX_SPEC = 1 << 16  # bytes; a description is about 3 KB, so anything larger was not written by jbz


def _key() -> str:
    """The key of a description: every source file (store/code_key.source_key) and the description's layout."""
    return source_key(f"argv|{FORMAT}")


def _spec_path(cache_dir: str, command: str, key: str) -> str:
    return os.path.join(cache_dir, keyed_name(f"argv-{command}", key, "json"))


# Beside the code the description is made from, as Python keeps bytecode: read after the cache folder's copy.
BESIDE_CODE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__")


def _file_mark(path: str) -> list[Any]:
    st = os.stat(path)
    return [path, st.st_size, st.st_mtime_ns]


# -- describing a click command (run on the typer path) ----------------------------------------------------------


def describe(command: Any, typer_files: Sequence[str]) -> dict[str, Any] | None:
    """A JSON-able description of a click command's parameters as typer 0.26+ declares them, or None when it has
    one the fast parser cannot take exactly (a callback, an environment variable, a prompt, a count, a type other
    than str, int, bool and list[str], or another layout of typer's parameters).

    `typer_files` are files whose change must invalidate the description (typer's own modules).
    """
    params: list[dict[str, Any]] = []
    for p in command.params:
        descriptor = getattr(p, "type_descriptor", None)
        if descriptor is None or getattr(descriptor, "file_annotation", None) is not None:
            return None
        if p.callback is not None or p.envvar or getattr(p, "prompt", None) or getattr(p, "is_eager", False):
            return None
        if getattr(p, "count", False) or getattr(getattr(descriptor, "parameter_info", None), "clamp", False):
            return None
        ann = descriptor.annotation
        if p.param_type_name == "argument":
            shape = (ann, p.nargs)
            if shape not in ((str, 1), (list[str], -1)) or p.default is not None:
                return None
            params.append({"name": p.name, "arg": True, "nargs": p.nargs, "required": p.required})
            continue
        if p.nargs != 1 or p.required:
            return None
        entry: dict[str, Any] = {"name": p.name, "opts": list(p.opts), "multiple": p.multiple, "default": p.default}
        text = (ann is str and not p.multiple and (p.default is None or type(p.default) is str)) or (
            ann == list[str] and p.multiple and p.default is None
        )
        if ann is bool and p.is_flag and not p.multiple and isinstance(p.default, bool):
            entry.update(type="flag", off=list(p.secondary_opts))
        elif text:
            entry.update(type="str")
        elif ann is int and not p.multiple and (p.default is None or type(p.default) is int):
            entry.update(type="int", min=getattr(p, "min", None), max=getattr(p, "max", None))
        else:
            return None
        params.append(entry)
    return {"params": params, "typer": [_file_mark(f) for f in typer_files]}


def store_spec(cache_dir: str, name: str, group: Any) -> None:
    """Keep the description of `jbz name` from `group` (the typer app about to run it), unless one is kept
    already; never fails a run."""
    if name not in FAST_COMMANDS:
        return
    try:
        key = _key()
        paths = [p for p in (_spec_path(f, name, key) for f in (cache_dir, BESIDE_CODE)) if not os.path.exists(p)]
        if not paths:
            return
        import typer
        from typer.main import get_command

        from jbz_cli.store.replace import replace_file

        files = [typer.__file__ or "", os.path.join(os.path.dirname(typer.__file__ or ""), "main.py")]
        spec = describe(get_command(group).commands[name], files)  # type: ignore[attr-defined]
        if spec is None:
            return
        function = _function(name)
        if {p["name"]: p.get("default") for p in spec["params"]} != _defaults(function):
            return  # typer would hand the command other defaults than its signature's: leave it to typer
        text = json.dumps({"spec": spec, "seal": _seal(spec, key)})
    except (OSError, ValueError, TypeError, AttributeError):
        return  # a cache that cannot be written is not an error
    for path in paths:
        try:
            folder = os.path.dirname(path)  # the cache folder is the user's alone; __pycache__ as Python makes it
            os.makedirs(folder, mode=0o700 if folder == cache_dir else 0o777, exist_ok=True)
            replace_file(path, text)
        except OSError:
            continue  # a read-only installation keeps it in the cache folder only
        if folder == BESIDE_CODE:
            _drop_older(folder, name, os.path.basename(path))


def _drop_older(folder: str, name: str, kept: str) -> None:
    """Remove the descriptions of `jbz name` that earlier code left beside this module: an upgrade that keeps the
    folder (an editable install, a reinstall over it) would otherwise leave one behind per version."""
    stale = re.compile(re.escape(f"argv-{name}-") + "[0-9a-f]{24}" + re.escape(".json"))
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for other in names:
        if other != kept and stale.fullmatch(other):
            with contextlib.suppress(OSError):
                os.remove(os.path.join(folder, other))


def _seal(spec: dict[str, Any], key: str | None = None) -> str:
    """A hash of the description and the source key, so a damaged or edited file is not used."""
    text = json.dumps(spec, sort_keys=True) + (key or _key())
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@functools.cache  # load_spec and run both need it: the bundles are spread (get_type_hints) once per run
def _function(name: str) -> Any:
    """The function typer runs for `jbz name`, as cli/app.build registers it (bundles spread into options)."""
    from jbz_cli.cli.commands import command_function

    return command_function("", name)


def _defaults(function: Any) -> dict[str, Any]:
    """Each parameter of the command function with its default (None for one without), as typer reads the
    signature (inspect honours the `__signature__` of a function with bundles)."""
    import inspect

    return {
        p.name: (None if p.default is inspect.Parameter.empty else p.default)
        for p in inspect.signature(function).parameters.values()
    }


def _well_formed(spec: Any, function: Any) -> bool:
    """The description names exactly the function's parameters, each in a shape the parser takes."""
    params = spec["params"]
    if not isinstance(params, list) or {p["name"] for p in params} != set(_defaults(function)):
        return False
    for p in params:
        if p.get("arg"):
            if p["nargs"] not in (1, -1) or not isinstance(p["required"], bool):
                return False
        elif not (
            p["type"] in ("flag", "str", "int")
            and isinstance(p["multiple"], bool)
            and all(isinstance(o, str) and o.startswith("-") for o in (*p["opts"], *p.get("off", ())))
            and (p["type"] != "int" or all(p[k] is None or type(p[k]) is int for k in ("min", "max")))
            and (p["type"] != "flag" or not p["multiple"])
        ):
            return False
    return True


def load_spec(cache_dir: str, name: str) -> dict[str, Any] | None:
    """The stored description for `jbz name`, with the command function's own defaults, or None when there is
    none for this exact jbz and typer, or it is damaged: the cache folder's copy, else the one beside the code."""
    try:
        key = _key()  # one walk of the source files per run
    except (OSError, ValueError):
        return None
    for folder in (cache_dir, BESIDE_CODE):
        spec = _loaded(_spec_path(folder, name, key), name, key)
        if spec is not None:
            return spec
    return None


def _loaded(path: str, name: str, key: str) -> dict[str, Any] | None:
    """The description kept at `path`, checked (load_spec), or None."""
    try:
        text = read_cached(path, MAX_SPEC)
        if text is None:
            return None
        stored = json.loads(text)
        spec = stored["spec"]
        if stored["seal"] != _seal(spec, key):
            return None
        for mark in spec["typer"]:
            if _file_mark(mark[0]) != mark:
                return None
        function = _function(name)
        if not _well_formed(spec, function):
            return None
        defaults = _defaults(function)
        for p in spec["params"]:
            p["default"] = defaults[p["name"]]
        return spec  # type: ignore[no-any-return]
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


# -- parsing ---------------------------------------------------------------------------------------------------------


def _value(entry: dict[str, Any], text: str) -> Any:
    """The value typer would hand the command for `text`, or raise ValueError to let typer say what is wrong."""
    if entry["type"] == "str":
        return text
    if not text.isascii() or not text.isdigit() or (text[0] == "0" and text != "0"):
        raise ValueError(text)  # typer decides what a signed, padded or non-ASCII number means
    number = int(text)
    if (entry["min"] is not None and number < entry["min"]) or (entry["max"] is not None and number > entry["max"]):
        raise ValueError(text)
    return number


def parse(spec: dict[str, Any], args: Sequence[str]) -> tuple[dict[str, Any], frozenset[str]] | None:
    """The command's keyword arguments and the names of the options given, or None to let typer parse `args`."""
    by_opt: dict[str, tuple[dict[str, Any], Any]] = {}
    arguments = []
    for entry in spec["params"]:
        if entry.get("arg"):
            arguments.append(entry)
            continue
        for opt in entry["opts"]:
            by_opt[opt] = (entry, True)
        for opt in entry.get("off", ()):
            by_opt[opt] = (entry, False)
    values: dict[str, Any] = {}
    positional: list[str] = []
    i = 0
    try:
        while i < len(args):
            token = args[i]
            i += 1
            if token == "-" or not token.startswith("-"):
                positional.append(token)
                continue
            name, eq, text = token.partition("=") if token.startswith("--") else (token, "", "")
            entry, on = by_opt[name]  # KeyError: --help, --, a cluster, anything unknown
            if entry["type"] == "flag":
                if eq:
                    return None
                values[entry["name"]] = on
                continue
            if not eq:
                text = args[i]  # IndexError: the value is missing
                i += 1
                if text.startswith("-") and text != "-":
                    return None  # click would take it as the value; a slip for a missing value is likelier
            value = _value(entry, text)
            if entry["multiple"]:
                values.setdefault(entry["name"], []).append(value)
            else:
                values[entry["name"]] = value
    except (KeyError, IndexError, ValueError):
        return None
    given = frozenset(values)
    for entry in arguments:
        if entry["nargs"] == -1:
            taken, positional = positional, []
            if taken:
                values[entry["name"]] = taken
                given |= {entry["name"]}
            elif entry["required"]:
                return None
        elif positional:
            values[entry["name"]] = positional.pop(0)
            given |= {entry["name"]}
        elif entry["required"]:
            return None
    if positional:
        return None
    kwargs = {e["name"]: values.get(e["name"], e.get("default")) for e in spec["params"]}
    return kwargs, given


# -- running ---------------------------------------------------------------------------------------------------------

WALKS_AHEAD = ("list", "show", "summary", "agenda", "stats")  # the commands that refresh the index first


def _walk_ahead(args: Sequence[str], environ: dict[str, str], cache: Path) -> None:
    """Start the index's freshness walk of the records folder these arguments name (store/walk_ahead.py), by the
    rule the command applies (store/root.resolve_records_dir), before the arguments are parsed: `--records` is
    taken from where it would be if they parse. A wrong guess costs only the second process's work, as the
    index and the files pass use a walk of exactly the folder they read; nothing starts for an unusable folder."""
    option = None
    for i, arg in enumerate(args):
        if arg == "--records" and i + 1 < len(args):
            option = args[i + 1]
        elif arg.startswith("--records="):
            option = arg.partition("=")[2]
    try:
        from jbz_cli.store import walk_ahead
        from jbz_cli.store.root import resolve_records_dir

        rdir = resolve_records_dir(option, environ, Path.cwd())
        walk_ahead.start(rdir.path, rdir.display, cache, listing="--no-cache" in args)
    except Exception:
        return


def run(args: Sequence[str], environ: dict[str, str], ahead: bool = False) -> int | None:
    """The exit status of `jbz args` run without typer, or None when typer must run it (nothing has happened but,
    with `ahead`, maybe a walk of the records folder in a second process, which nothing waits for).

    `ahead` (the `jbz` command, which owns its process): a command that refreshes the index starts its freshness
    walk (store/walk_ahead.py) as soon as the arguments name the records folder, before importing the command.
    """
    if not args or args[0] not in FAST_COMMANDS or environ.get("_JBZ_COMPLETE") or environ.get("JBZ_FAST_START") == "0":
        return None
    from jbz_cli.env import cache_dir

    try:
        folder = cache_dir(environ)
    except (OSError, RuntimeError, KeyError):
        return None
    if ahead and args[0] in WALKS_AHEAD:
        _walk_ahead(args[1:], environ, folder)
    spec = load_spec(str(folder), args[0])
    try:
        parsed = spec and parse(spec, args[1:])
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        parsed = None
    if not parsed:
        return None
    kwargs, given = parsed
    from jbz_cli.cli.context import Invocation, invoked
    from jbz_cli.cli.guard import run_guarded
    from jbz_cli.env import Environment

    command = _function(args[0])
    with invoked(Invocation(Environment.from_process(), given)):
        return run_guarded(lambda: command(**kwargs))
