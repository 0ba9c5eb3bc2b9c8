"""The `jbz` entry point: `--version` and `--help` answer without importing typer; every command goes to cli.main.

The help text is rendered by typer once and kept in the cache folder (from `jbz_cli.env`), keyed by the version,
every source file of the package and the terminal width; any change renders it again (docs/benchmarks.md, "The
fast start: removed, measured").
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing on the fast paths
if TYPE_CHECKING:  # imported only on the --help path: --version must not pay for it
    from pathlib import Path

    from jbz_cli.env import Environment

HELP_ARGS = (["--help"], ["-h"])


def _help_name(width: int) -> str:
    """The help text's file name in the cache folder, keyed by what it depends on: the version, the width click
    wraps at, and every .py file (store/code_key names it, so store/cache knows it as jbz's)."""
    from jbz_cli import __version__
    from jbz_cli.store.code_key import keyed_name, source_key

    return keyed_name("help", source_key(f"help|{__version__}|{width}"), "txt")


def render_help() -> str:
    """What `jbz --help` prints, rendered by typer."""
    from typer.main import get_command

    from jbz_cli.cli.app import app

    command = get_command(app)
    ctx = command.make_context("jbz", [], resilient_parsing=True)
    return ctx.get_help() + "\n"


MAX_HELP = 256 * 1024  # bytes; the help text is about 3 KB


def _usable(text: str) -> bool:
    """A help text jbz wrote: it starts with the usage line and holds no control characters (an edited or damaged
    cache file is rendered again, never printed as it is)."""
    return text.startswith("Usage:") and all(ch.isprintable() or ch == "\n" for ch in text)


def cached_help(env: Environment) -> str:
    """The help text from the cache folder, rendered and stored first when missing; an unusable cache is skipped."""
    from jbz_cli.store.replace import read_cached

    path: Path | None = None
    try:
        path = env.cache_dir / _help_name(env.width)
        text = read_cached(path, MAX_HELP)
        if text is not None and _usable(text):
            return text
    except (OSError, ValueError):
        pass
    text = render_help()
    if path is not None:
        try:
            from jbz_cli.store.replace import replace_file

            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            replace_file(path, text)
        except OSError:
            pass  # a cache that cannot be written is not an error
    return text


def records_line(env: Environment) -> str:
    """The help's last line: the records folder this run would read, and why (store/root.py finds it)."""
    from jbz_cli.errors import JbzError
    from jbz_cli.store.root import resolve_records_dir

    try:
        rdir = resolve_records_dir(None, dict(env.vars), env.cwd)
    except JbzError as exc:
        return f"Records: none usable ({exc})\n"
    line = f"Records: {rdir.display} ({rdir.why})"
    if len(line) < env.width:
        return line + "\n"
    import textwrap  # folded at spaces, as the help above it is; a path is never broken

    text = textwrap.fill(line, env.width - 1, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)
    return text + "\n"


def main(ahead: bool = False) -> None:
    """Run `jbz` with sys.argv; `ahead`: this process is jbz's own, so a reading command may fork a walk of the
    records folder while it imports (cli/fast.run)."""
    import contextlib  # here, not above: Ctrl-C during an import at the top escapes run()'s handler

    # A stream the caller closed (`2>&-`, `>&-`) is None here: give it the null device, so that what jbz writes there
    # goes nowhere and the exit status still says how the command went, not that Python could not flush.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdin is None:  # `<&-`: reading `-` then finds nothing, as from an empty pipe
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):  # UTF-8 whatever the locale says (docs/output.md, "Encoding")
        with contextlib.suppress(AttributeError, OSError, ValueError):
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
    from jbz_cli.cli.pipe import QuietPipe

    # Nobody reading the messages changes no outcome: a usage error still exits 2 and a write still exits 0.
    sys.stderr = QuietPipe(sys.stderr)  # type: ignore[assignment]
    args = sys.argv[1:]
    if args == ["--version"]:
        from jbz_cli import __version__

        _answer(f"jbz {__version__}\n")
        return
    if args in HELP_ARGS:
        from jbz_cli.env import Environment

        env = Environment.from_process()
        _answer(cached_help(env) + records_line(env))
        return
    from jbz_cli.cli.fast import run

    status = run(args, dict(os.environ), ahead)  # a reading command typer parsed before: without importing typer
    if status is not None:
        sys.stdout.flush()
        sys.exit(status)
    from jbz_cli.cli.app import main as cli_main

    cli_main()


def _answer(text: str) -> None:
    """`text` on stdout as every command writes (cli/guard.py): a reader that went away (`| true`) costs nothing,
    and output lost to a full disk is one line and exit status 2, never a traceback."""
    from jbz_cli.cli.pipe import QuietPipe

    out = QuietPipe(sys.stdout)
    out.write(text)
    out.flush()
    if out.lost is not None:
        from jbz_cli.errors import WriteError

        sys.stderr.write(f"jbz: error: could not write to standard output ({out.lost})\n")
        sys.exit(int(WriteError.exit_status))


def run() -> None:
    """The `jbz` command: `main`, then out without tearing the interpreter down when nothing waits for the exit.

    Freeing a large run's objects one by one (10,000 records) is work nobody waits for, and once a detached index
    build has been forked (cli/afterwards.py), every page the teardown frees is first copied for the build's
    sake: about 60 ms at 10,000 records. So once both streams are flushed, with no exit handler registered and no
    other thread running, the process leaves with `os._exit` and `main`'s status; otherwise it exits as usual.
    """
    try:
        main(ahead=True)
        code: object = 0
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code
    except KeyboardInterrupt:  # Ctrl-C before a command's own guard (cli/guard.py) was in place: as after it
        code = 130  # errors.ExitStatus.INTERRUPTED, without importing it at this point
    if type(code) is int and _nothing_waits():
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:  # the usual exit flushes again and reports it
            pass
        else:
            os._exit(code)
    sys.exit(code)


def _nothing_waits() -> bool:
    """No exit handler registered (atexit, CPython) and no thread but this one: what os._exit would skip."""
    import atexit

    count = getattr(atexit, "_ncallbacks", None)
    if count is None or count() != 0:
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1
