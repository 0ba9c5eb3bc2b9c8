"""Keep pydantic out of start-up: plain option values skip typer's pydantic-based coercion.

Typer 0.26 to 0.29 coerce every non-None option value through a pydantic TypeAdapter, and importing pydantic
costs more than a whole indexed `jbz list` (see docs/benchmarks.md). Defaults, strings, string lists and plain
decimal ints need no such machinery; every other value still goes to typer's own coercion, so its errors and
edge cases stay exactly typer's.

The hooks are private, so every patch here applies only to the typer versions it was tested on (TESTED_TYPER,
checked against the installed typer's version), and `patch` also checks every name it relies on first. Any other
typer, within the range pyproject.toml allows, runs plain and unpatched: only slower, and with typer's own help
layout. tests/cli/test_cli_typer_patch.py runs jbz both ways.
"""

from __future__ import annotations

import importlib
from typing import Any

# The typer versions these patches were tested on: from the first to the last minor release, both included.
TESTED_TYPER = ((0, 26), (0, 29))


def tested(version: str) -> bool:
    """Whether typer `version` ("0.29.2") is one TESTED_TYPER covers; False for anything unreadable."""
    try:
        minor = tuple(int(part) for part in version.split(".")[:2])
    except ValueError:
        return False
    return TESTED_TYPER[0] <= minor <= TESTED_TYPER[1]


def _installed_is_tested() -> bool:
    import typer

    return tested(getattr(typer, "__version__", ""))


# Names this module uses from typer's internals; all must be present before anything is patched.
PARAMETER_CLASS = "_TyperParameter"  # in typer.core
PARAMETER_HOOK = "get_runtime_param"  # its method that returns the coercer of one parameter
PARAMETER_ATTRS = ("_runtime_param", "type_descriptor")  # its instance attributes (declared on the class)
DESCRIPTOR_CLASS = "TypeDescriptor"  # in typer._coercion
DESCRIPTOR_FIELDS = ("annotation", "parameter_info")  # its dataclass fields
BUILDER = "build_runtime_param"  # in typer._coercion: descriptor -> typer's own coercer


class PlainValue:
    """The coercer of one parameter: plain values here, anything else through typer's own (built lazily)."""

    def __init__(self, param: Any, build: Any) -> None:
        self.build = build
        self.real: Any = None
        self.annotation = param.type_descriptor.annotation
        info = param.type_descriptor.parameter_info
        self.bounds = (getattr(info, "min", None), getattr(info, "max", None), getattr(info, "clamp", False))

    def plain(self, value: Any) -> tuple[bool, Any]:
        """(True, the value as typer would coerce it), or (False, None) when typer must decide."""
        ann = self.annotation
        if ann is str and type(value) is str:
            return True, value
        if ann == list[str] and isinstance(value, (list, tuple)) and all(type(v) is str for v in value):
            return True, list(value)
        if ann is int and not self.bounds[2]:
            if type(value) is str and value.isascii() and value.isdigit() and (value == "0" or value[0] != "0"):
                value = int(value)
            if type(value) is int:
                low, high = self.bounds[:2]
                if (low is None or value >= low) and (high is None or value <= high):
                    return True, value
        return False, None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        done, result = self.plain(value)
        if done:
            return result
        if self.real is None:
            self.real = self.build(param.type_descriptor)
        return self.real.coerce(value, param=param, ctx=ctx)


def missing_names(core: Any, coercion: Any) -> list[str]:
    """The private typer names `patch` needs that these modules lack; empty when patching is safe."""
    missing: list[str] = []
    parameter = getattr(core, PARAMETER_CLASS, None)
    if not isinstance(parameter, type):
        missing.append(f"typer.core.{PARAMETER_CLASS}")
    else:
        if not callable(getattr(parameter, PARAMETER_HOOK, None)):
            missing.append(f"{PARAMETER_CLASS}.{PARAMETER_HOOK}")
        declared = getattr(parameter, "__annotations__", {})
        missing += [f"{PARAMETER_CLASS}.{name}" for name in PARAMETER_ATTRS if name not in declared]
    descriptor = getattr(coercion, DESCRIPTOR_CLASS, None)
    fields = getattr(descriptor, "__dataclass_fields__", None) or {}
    missing += [f"{DESCRIPTOR_CLASS}.{name}" for name in DESCRIPTOR_FIELDS if name not in fields]
    if not callable(getattr(coercion, BUILDER, None)):
        missing.append(f"typer._coercion.{BUILDER}")
    return missing


def patch(core: Any, coercion: Any) -> bool:
    """Route `core._TyperParameter`'s coercion through PlainValue; False (and no change) if a name is missing.

    `core` and `coercion` are the `typer.core` and `typer._coercion` modules, or stand-ins in tests.
    """
    if missing_names(core, coercion):
        return False
    build = getattr(coercion, BUILDER)

    def get_runtime_param(self: Any) -> Any:
        if getattr(self, "_runtime_param", None) is None:
            self._runtime_param = PlainValue(self, build)
        return self._runtime_param

    setattr(getattr(core, PARAMETER_CLASS), PARAMETER_HOOK, get_runtime_param)
    return True


def install() -> bool:
    """Patch the installed typer if it is a tested one and has the hook; True when patched."""
    if not _installed_is_tested():
        return False
    try:
        from typer import _coercion, core
    except ImportError:  # a typer without the private coercion module has nothing to patch
        return False
    return patch(core, _coercion)


ARGUMENT_CLASS = "TyperArgument"  # in typer.core
ARGUMENT_HOOK = "display_type_rich"  # its method whose result follows the argument's name in --help


def hide_argument_types(core: Any) -> bool:
    """Arguments with a metavar show just it in --help, not a Python type such as `<list[str]>` after it.

    Typer prints an argument's annotation next to its metavar, which reads as Python, not as a command line.
    Arguments without a metavar keep typer's wording. False (and no change) when the hook is missing.
    """
    argument = getattr(core, ARGUMENT_CLASS, None)
    original = getattr(argument, ARGUMENT_HOOK, None) if isinstance(argument, type) else None
    if not callable(original):
        return False

    def display_type_rich(self: Any, ctx: Any) -> Any:
        return None if getattr(self, "metavar", None) is not None else original(self, ctx)

    setattr(argument, ARGUMENT_HOOK, display_type_rich)
    return True


def install_help() -> bool:
    """Apply `hide_argument_types` to the installed typer if it is a tested one; True when patched."""
    if not _installed_is_tested():
        return False
    try:
        from typer import core
    except ImportError:  # pragma: no cover - typer is a dependency
        return False
    return hide_argument_types(core)


HELP_MIN_WIDTH = 30  # below this, option names and their text no longer share a line usefully


def fit_help_to_terminal() -> bool:
    """Lay `--help` out for the terminal's own width, down to HELP_MIN_WIDTH columns.

    click never lays help out narrower than 50 columns, so on a 40-column terminal every help line was wrapped
    again by the terminal, mid-word. Above 80 columns click's own cap stays. Typer 0.26 and later carry their own
    click (`typer._click`), which draws the help; an untested typer keeps click's layout. True when patched.
    """
    if not _installed_is_tested():
        return False
    try:
        from typer import _click
    except ImportError:  # pragma: no cover - typer 0.26 and later have it
        return False
    _fit(_click)
    return True


def _fit(click: Any) -> None:
    class FittedHelp(click.HelpFormatter):  # type: ignore[name-defined,misc]
        def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None):
            if width is None:
                import shutil

                columns = shutil.get_terminal_size().columns
                width = max(min(columns, max_width or 80) - 2, HELP_MIN_WIDTH)
            super().__init__(indent_increment, width, max_width)

        def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
            # Narrow: a third of the width for option names, so the help beside them keeps room for whole words
            # ("(repeatable)."); a longer name puts its help on the next line, as click does above col_max.
            if self.width < 60:
                col_max = min(col_max, max(self.width // 3, 10))
            super().write_dl(rows, col_max, col_spacing)

    click.Context.formatter_class = FittedHelp
    textwrap = importlib.import_module(f"{click.__name__}._textwrap")

    class WholeWords(textwrap.TextWrapper):  # type: ignore[name-defined,misc]
        """Wrap help at spaces only: `--soon-days` or `as-of` cut at its hyphen cannot be copied back whole."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("break_on_hyphens", False)
            kwargs.setdefault("break_long_words", False)
            super().__init__(*args, **kwargs)

    textwrap.TextWrapper = WholeWords  # click's wrap_text imports it at each call
