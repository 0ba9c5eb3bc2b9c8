"""The start-up bypass of typer's pydantic coercion: patched only when every private name it needs exists."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import typer

from jbz_cli.cli import typer_patch


def fake_typer(drop: str = "") -> tuple[Any, Any]:
    """Stand-ins for typer.core and typer._coercion with the hook of 0.26-0.29, minus the name `drop`."""

    class Parameter:
        _runtime_param: Any
        type_descriptor: Any

        def get_runtime_param(self) -> Any:
            return "typer's own"

    if drop in typer_patch.PARAMETER_ATTRS:
        del Parameter.__annotations__[drop]
    if drop == typer_patch.PARAMETER_HOOK:
        del Parameter.get_runtime_param

    @dataclass(frozen=True)
    class TypeDescriptor:
        annotation: Any
        parameter_info: Any

    if drop in typer_patch.DESCRIPTOR_FIELDS:
        del TypeDescriptor.__dataclass_fields__[drop]
    core = SimpleNamespace(_TyperParameter=Parameter)
    coercion = SimpleNamespace(TypeDescriptor=TypeDescriptor, build_runtime_param=lambda descriptor: "real")
    if drop == typer_patch.PARAMETER_CLASS:
        del core._TyperParameter
    if drop == typer_patch.DESCRIPTOR_CLASS:
        del coercion.TypeDescriptor
    if drop == typer_patch.BUILDER:
        del coercion.build_runtime_param
    return core, coercion


def test_a_complete_hook_is_patched() -> None:
    core, coercion = fake_typer()
    original = core._TyperParameter.get_runtime_param
    assert typer_patch.missing_names(core, coercion) == []
    assert typer_patch.patch(core, coercion) is True
    assert core._TyperParameter.get_runtime_param is not original


NAMES = [
    typer_patch.PARAMETER_CLASS,
    typer_patch.PARAMETER_HOOK,
    *typer_patch.PARAMETER_ATTRS,
    typer_patch.DESCRIPTOR_CLASS,
    *typer_patch.DESCRIPTOR_FIELDS,
    typer_patch.BUILDER,
]


@pytest.mark.parametrize("missing", NAMES)
def test_any_missing_private_name_means_no_patch_and_no_error(missing: str) -> None:
    core, coercion = fake_typer(drop=missing)
    before = vars(getattr(core, "_TyperParameter", object)).get("get_runtime_param")
    assert any(missing in name for name in typer_patch.missing_names(core, coercion))
    assert typer_patch.patch(core, coercion) is False
    assert vars(getattr(core, "_TyperParameter", object)).get("get_runtime_param") is before


def test_modules_without_any_of_the_names_are_left_alone() -> None:
    assert typer_patch.patch(SimpleNamespace(), SimpleNamespace()) is False


def test_plain_values_skip_typer_and_others_go_to_it() -> None:
    calls: list[Any] = []

    class Real:
        def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
            calls.append(value)
            return "typer's answer"

    info = SimpleNamespace(min=0, max=None, clamp=False)
    param = SimpleNamespace(
        type_descriptor=SimpleNamespace(annotation=int, parameter_info=info), multiple=False, nargs=1
    )
    plain = typer_patch.PlainValue(param, lambda descriptor: Real())
    assert plain.coerce("12", param, None) == 12
    assert plain.coerce(None, param, None) is None
    assert calls == []
    assert plain.coerce("012", param, None) == "typer's answer"  # leading zero: typer decides
    assert plain.coerce("-1", param, None) == "typer's answer"  # out of range: typer's error message
    assert calls == ["012", "-1"]


def test_the_installed_typer_is_patched_when_it_has_the_hook() -> None:
    from typer import core

    try:
        from typer import _coercion
    except ImportError:  # typer before 0.26 has no such module, and nothing to patch
        _coercion = None
    has_hook = not typer_patch.missing_names(core, _coercion)
    assert has_hook == (tuple(int(n) for n in typer.__version__.split(".")[:2]) >= (0, 26))


def test_jbz_list_does_not_import_pydantic(basic_dir: Path, tmp_path: Path) -> None:
    """Whole process, as the console script runs it: from the files, then from the index it built."""
    script = textwrap.dedent(
        """
        import sys
        from jbz_cli.entry import main
        sys.argv = ["jbz", *sys.argv[1:]]
        try:
            main()
        except SystemExit as exc:
            assert not exc.code, exc.code
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pydantic_core"))
        assert not loaded, loaded
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env.update(JBZ_CACHE_DIR=str(tmp_path / "cache"), JBZ_TODAY="2026-11-29")
    args = ["list", "--format", "ids", "--records", str(basic_dir), "--limit", "3", "--soon-days", "10"]
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert len(done.stdout.split()) == 3


@pytest.mark.parametrize(
    ("version", "patched"),
    [
        ("0.16.0", False),  # the lowest typer pyproject.toml allows: plain typer
        ("0.25.9", False),
        ("0.26.0", True),  # the tested range, both ends
        ("0.29.2", True),
        ("0.30.0", False),  # past the tested range (and past the allowed one): plain typer
        ("1.0.0", False),
        ("dev", False),
    ],
)
def test_patches_apply_only_to_the_tested_typer_versions(version: str, patched: bool) -> None:
    assert typer_patch.tested(version) is patched


FALLBACK = textwrap.dedent(
    """
    import sys
    import typer
    typer.__version__ = sys.argv[1]  # as an untested typer would report itself
    from jbz_cli.cli import typer_patch
    assert typer_patch.install() is False and typer_patch.install_help() is False
    assert typer_patch.fit_help_to_terminal() is False
    from jbz_cli.entry import main
    sys.argv = ["jbz", *sys.argv[2:]]
    main()
    """
)


@pytest.mark.parametrize("version", ["0.16.0", "0.30.0"])
def test_an_untested_typer_runs_jbz_plain_with_the_same_answers(basic_dir: Path, tmp_path: Path, version: str) -> None:
    """Both ends of the allowed range: the patches stay off, and options still parse and check as typer does."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env.update(JBZ_CACHE_DIR=str(tmp_path / "cache"), JBZ_TODAY="2026-11-29")
    args = ["list", "--format", "ids", "--records", str(basic_dir), "--limit", "3", "--soon-days", "10"]

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *command], env=env, capture_output=True, text=True)

    plain = run("-c", FALLBACK, version, *args)
    patched = run("-m", "jbz_cli", *args)
    assert plain.returncode == 0, plain.stderr
    assert len(plain.stdout.split()) == 3
    assert plain.stdout == patched.stdout
    bad = run("-c", FALLBACK, version, "list", "--records", str(basic_dir), "--limit", "many")
    assert bad.returncode == 2
    assert bad.stderr.startswith("jbz: error: ") and "--limit" in bad.stderr


RUN: dict[str, Any] = {"capture_output": True, "text": True, "timeout": 60}


@pytest.mark.parametrize("columns", [30, 40, 50])
@pytest.mark.parametrize("command", ["list", "agenda", "add", "extract"])
def test_narrow_help_fits_the_terminal_without_splitting_words(tmp_path: Path, columns: int, command: str) -> None:
    """On a 40-column terminal every help line fits, and no word is cut in two to make it fit."""
    from installed import installed_jbz

    env = {**os.environ, "COLUMNS": str(columns), "JBZ_CACHE_DIR": str(tmp_path / "c")}
    wide = subprocess.run([installed_jbz(), command, "--help"], env={**env, "COLUMNS": "200"}, **RUN)
    narrow = subprocess.run([installed_jbz(), command, "--help"], env=env, **RUN)
    assert narrow.returncode == 0 and narrow.stdout.startswith("Usage: jbz")
    assert max(len(line) for line in narrow.stdout.splitlines()) <= columns
    assert narrow.stdout.split() == wide.stdout.split()  # the same words: none split, none lost
